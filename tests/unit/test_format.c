/* SPDX-License-Identifier: MIT */
/* Unit test: the fourcc table and linear allocation layout arguments. */
#include <stdio.h>
#include <drm_fourcc.h>

#include "format.h"
#include "piglit.h"
#include "sharedbuf/sharedbuf.h"

struct cpp_case {
	uint32_t fourcc;
	uint32_t cpp; /* 0: not a single-plane format sharedbuf knows */
};

static const struct cpp_case cpp_cases[] = {
	{DRM_FORMAT_XRGB8888, 4},
	{DRM_FORMAT_ARGB8888, 4},
	{DRM_FORMAT_XBGR8888, 4},
	{DRM_FORMAT_ABGR8888, 4},
	{DRM_FORMAT_RGB565, 2},
	{0, 0},
	{fourcc_code('N', 'O', 'P', 'E'), 0},
};

int main(void)
{
	struct sharedbuf_buffer buf = {.fd = 123};
	int failed = 0;

	for (size_t i = 0; i < sizeof(cpp_cases) / sizeof(cpp_cases[0]); i++) {
		uint32_t got = sharedbuf_format_cpp(cpp_cases[i].fourcc);

		if (got != cpp_cases[i].cpp) {
			printf("cpp of 0x%08x: got %u want %u\n",
			       cpp_cases[i].fourcc, got, cpp_cases[i].cpp);
			failed++;
		}
	}
	/* Arguments are checked before any device is opened. */
	if (sharedbuf_buffer_alloc(SHAREDBUF_EXPORTER_UDMABUF, 0, 4,
				   DRM_FORMAT_XRGB8888,
				   &buf) != SHAREDBUF_ERR_INVALID ||
	    buf.fd != -1) {
		printf("zero width not rejected, or fd not reset\n");
		failed++;
	}
	if (sharedbuf_buffer_alloc(SHAREDBUF_EXPORTER_UDMABUF, 4, 4, 0, &buf) !=
	    SHAREDBUF_ERR_FORMAT) {
		printf("unknown format not rejected\n");
		failed++;
	}
	if (sharedbuf_buffer_alloc(SHAREDBUF_EXPORTER_UDMABUF, UINT32_MAX,
				   UINT32_MAX, DRM_FORMAT_XRGB8888,
				   &buf) != SHAREDBUF_ERR_OVERFLOW) {
		printf("overflowing size not rejected\n");
		failed++;
	}
	if (sharedbuf_buffer_alloc(SHAREDBUF_EXPORTER_COUNT, 4, 4,
				   DRM_FORMAT_XRGB8888,
				   &buf) != SHAREDBUF_ERR_INVALID) {
		printf("unknown exporter not rejected\n");
		failed++;
	}
	if (sharedbuf_fd_is_dmabuf(0) || sharedbuf_fd_is_dmabuf(-1)) {
		printf("stdin or -1 taken for a dma-buf\n");
		failed++;
	}
	if (failed)
		piglit_fail("%d format cases failed", failed);
	piglit_report_result(PIGLIT_PASS);
}
