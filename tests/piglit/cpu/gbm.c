/* SPDX-License-Identifier: MIT */
/*
 * cpu-gbm: CPU access through the driver (GBM) for layouts a raw mapping
 * cannot serve.
 *
 * include/sharedbuf/cpu.h / specs/EGL_SHAREDBUF_image_cpu_access.txt:
 *   "the bytes of a tiled or compressed layout are never handed out as if
 *    they were linear" -- they are mapped through the driver where it can,
 *   else refused.
 *
 * Nothing in the guest exports a tiled layout, so the GBM path is forced
 * for a linear buffer (SHAREDBUF_CPU_PATH=gbm): where a driver maps it,
 * what the CPU writes through gbm_bo_map() must land in the dma-buf and
 * read back through it; where none does (Mesa 25's kms_swrast on vgem
 * cannot map imported buffers), create must refuse with UNSUPPORTED, as
 * it must for a tiled modifier no driver here takes.
 *
 * usage: cpu-gbm udmabuf|heap|vgem
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <drm_fourcc.h>
#include <linux/dma-buf.h>

#include "check.h"
#include "egl_env.h"
#include "piglit.h"
#include "sharedbuf/cpu.h"

#define W 64
#define H 32

static struct sharedbuf_image_layout layout_of(const struct sharedbuf_buffer *b,
					       uint64_t modifier)
{
	struct sharedbuf_image_layout l = {
		.width = W,
		.height = H,
		.fourcc = DRM_FORMAT_XRGB8888,
		.modifier = modifier,
		.num_planes = 1,
	};

	l.planes[0].fd = b->fd;
	l.planes[0].pitch = b->pitch;
	return l;
}

static bool lock(struct sharedbuf_cpu_image *img, uint32_t access,
		 uint8_t **data, uint32_t *stride)
{
	struct sharedbuf_lock k = {.access = access,
				   .acquire_fd = -1,
				   .timeout_ns = SHAREDBUF_FOREVER};

	return expect_result(sharedbuf_cpu_lock(img, &k, (void **)data, stride),
			     SHAREDBUF_OK, "lock through GBM");
}

/* Writes seed 7 through GBM; checks it in the dma-buf and back. */
static bool through_gbm(const struct sharedbuf_buffer *b)
{
	struct sharedbuf_image_layout l = layout_of(b, DRM_FORMAT_MOD_LINEAR);
	struct sharedbuf_cpu_image *img;
	uint32_t stride;
	uint8_t *data;
	bool same = true;

	setenv("SHAREDBUF_CPU_PATH", "gbm", 1);
	enum sharedbuf_result r = sharedbuf_cpu_image_create(&l, &img);
	unsetenv("SHAREDBUF_CPU_PATH");
	if (r == SHAREDBUF_ERR_UNSUPPORTED) {
		printf("  no GBM driver here maps an imported buffer: refused "
		       "at create, as it must be\n");
		return expect(img == NULL, "an image despite the refusal");
	}
	if (!expect_result(r, SHAREDBUF_OK, "create on the GBM path"))
		return false;
	/* the driver's copies are out of the guard's reach: refused */
	struct sharedbuf_lock g = {.access = SHAREDBUF_ACCESS_READ,
				   .acquire_fd = -1,
				   .timeout_ns = SHAREDBUF_FOREVER,
				   .flags = SHAREDBUF_LOCK_GUARDED};
	if (!expect_result(sharedbuf_cpu_lock(img, &g, (void **)&data, &stride),
			   SHAREDBUF_ERR_UNSUPPORTED,
			   "guarded lock through GBM")) {
		sharedbuf_cpu_image_destroy(img);
		return false;
	}
	if (!lock(img, SHAREDBUF_ACCESS_WRITE, &data, &stride)) {
		sharedbuf_cpu_image_destroy(img);
		return false;
	}
	sb_test_fill(data, DRM_FORMAT_XRGB8888, W, H, stride, 7);
	if (!expect_result(sharedbuf_cpu_unlock(img, 0, NULL), SHAREDBUF_OK,
			   "unlock"))
		return false;

	uint8_t *raw = sb_test_map_begin(b->fd, b->size, DMA_BUF_SYNC_READ);
	if (!expect(raw != NULL, "map the dma-buf"))
		return false;
	for (uint32_t y = 0; y < H && same; y++)
		for (uint32_t x = 0; x < W && same; x++) {
			uint32_t v;

			memcpy(&v, raw + y * b->pitch + 4 * x, 4);
			same = v ==
			       sb_test_pattern(DRM_FORMAT_XRGB8888, x, y, 7);
		}
	sb_test_map_end(b->fd, raw, b->size, DMA_BUF_SYNC_READ);
	if (!expect(same, "what the CPU wrote through GBM is not in the "
			  "dma-buf"))
		return false;

	if (!lock(img, SHAREDBUF_ACCESS_READ, &data, &stride))
		return false;
	uint32_t v;
	memcpy(&v, data + (H - 1) * stride + 4 * (W - 1), 4);
	same = v == sb_test_pattern(DRM_FORMAT_XRGB8888, W - 1, H - 1, 7);
	sharedbuf_cpu_unlock(img, 0, NULL);
	sharedbuf_cpu_image_destroy(img);
	return expect(same, "GBM read back another last pixel");
}

/* A tiled layout no driver here maps is refused, not handed out. */
static bool tiled_refused(const struct sharedbuf_buffer *b)
{
	struct sharedbuf_image_layout l = layout_of(b, I915_FORMAT_MOD_Y_TILED);
	struct sharedbuf_cpu_image *img = NULL;

	return expect_result(sharedbuf_cpu_image_create(&l, &img),
			     SHAREDBUF_ERR_UNSUPPORTED,
			     "create with I915_FORMAT_MOD_Y_TILED") &&
	       expect(img == NULL, "an image despite the refusal");
}

int main(int argc, char **argv)
{
	int exp = sb_test_exporter_arg(argc > 1 ? argv[1] : NULL);
	struct sharedbuf_buffer b;
	char why[256];

	if (exp < 0) {
		fprintf(stderr, "usage: %s udmabuf|heap|vgem\n", argv[0]);
		return 2;
	}
	if (!sb_test_exporter_present(exp, why, sizeof(why)))
		piglit_skip("%s", why);
	if (sharedbuf_buffer_alloc((enum sharedbuf_exporter)exp, W, H,
				   DRM_FORMAT_XRGB8888, &b) != SHAREDBUF_OK)
		piglit_fail("allocate");
	/* The first GBM use opens the process's device and driver, kept for
	 * the process (gbm_map.c): not the image's to count. */
	bool refused = tiled_refused(&b);
	int fds = piglit_count_fds();
	bool ok = through_gbm(&b);

	printf("through-gbm: %s\n", ok ? "ok" : "FAILED");
	refused = tiled_refused(&b) && refused;
	printf("tiled-refused: %s\n", refused ? "ok" : "FAILED");
	if (piglit_count_fds() != fds)
		piglit_fail("fds: %d before, %d after", fds,
			    piglit_count_fds());
	sharedbuf_buffer_finish(&b);
	if (!ok || !refused)
		piglit_fail("%d checks failed", sb_check_failures());
	piglit_report_result(PIGLIT_PASS);
}
