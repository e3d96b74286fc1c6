/* SPDX-License-Identifier: MIT */
/* Unit test: libsharedbuf.so exports its API (linked against the shared
 * library, not the static core: a build that hides every symbol fails to
 * link or to load here). */
#include <stdio.h>
#include <string.h>

#include "piglit.h"
#include "sharedbuf/alloc.h"
#include "sharedbuf/cpu.h"
#include "sharedbuf/fence.h"
#include "sharedbuf/sharedbuf.h"

int main(void)
{
	struct sharedbuf_buffer b = {.fd = -1};

	if (strcmp(sharedbuf_result_str(SHAREDBUF_OK), "ok"))
		piglit_fail("sharedbuf_result_str");
	if (sharedbuf_buffer_alloc(SHAREDBUF_EXPORTER_COUNT, 1, 1, 0, &b) ==
	    SHAREDBUF_OK)
		piglit_fail("sharedbuf_buffer_alloc accepted nonsense");
	if (sharedbuf_fence_wait(-1, 0) == SHAREDBUF_OK)
		piglit_fail("sharedbuf_fence_wait(-1) succeeded");
	if (sharedbuf_cpu_image_create(NULL, NULL) == SHAREDBUF_OK)
		piglit_fail("sharedbuf_cpu_image_create(NULL) succeeded");
	if (sharedbuf_alloc_create(0, 0, NULL, 0) != NULL)
		piglit_fail("sharedbuf_alloc_create accepted nonsense");
	if (sharedbuf_constraints_deserialise("", 0, NULL) == SHAREDBUF_OK)
		piglit_fail(
			"sharedbuf_constraints_deserialise accepted nothing");
	piglit_report_result(PIGLIT_PASS);
}
