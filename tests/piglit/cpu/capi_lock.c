/* SPDX-License-Identifier: MIT */
/* cpu-capi: lock and unlock, their results and pointers. Nothing pending. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <drm_fourcc.h>
#include <sys/ioctl.h>
#include <xf86drm.h>
#include <linux/dma-buf.h>
#include <linux/dma-heap.h>

#include "capi.h"
#include "egl_env.h"

#define RD   SHAREDBUF_ACCESS_READ
#define WR   SHAREDBUF_ACCESS_WRITE
#define EVER SHAREDBUF_FOREVER
#define SEED 7

/* "... returns its first byte in *data and its pitch in *stride. The
 * pointer is valid until the unlock." */
enum piglit_result case_write_read(struct capi *t)
{
	struct sharedbuf_image_layout l;
	struct sharedbuf_cpu_image *img;
	struct sharedbuf_buffer buf;
	struct sharedbuf_lock lock = {
		.access = WR, .acquire_fd = -1, .timeout_ns = EVER};
	uint32_t stride = 0;
	int release = 123;
	void *p = NULL;

	capi_alloc(t, CAPI_W, CAPI_H, DRM_FORMAT_XRGB8888, &buf);
	capi_layout(&buf, &l);
	img = capi_create(&l);
	expect_result(sharedbuf_cpu_lock(img, &lock, &p, &stride), SHAREDBUF_OK,
		      "lock WRITE");
	expect(stride == buf.pitch, "stride %u, pitch %u", stride, buf.pitch);
	if (p)
		sb_test_fill(p, DRM_FORMAT_XRGB8888, CAPI_W, CAPI_H, buf.pitch,
			     SEED);
	expect_result(sharedbuf_cpu_unlock(img, 0, &release), SHAREDBUF_OK,
		      "unlock");
	expect(release == -1, "release fd %d, want -1", release);
	p = NULL;
	expect_result(capi_lock(img, 0, RD, -1, EVER, &p), SHAREDBUF_OK,
		      "lock READ");
	expect(p && capi_count_bad(p, buf.pitch, SEED) == 0,
	       "the pattern does not read back through a READ lock");
	expect_result(sharedbuf_cpu_unlock(img, 0, NULL), SHAREDBUF_OK,
		      "unlock");
	sharedbuf_cpu_image_destroy(img);

	/* Someone else's mapping of the same dma-buf sees the writes. */
	p = sb_test_map_begin(buf.fd, buf.size, DMA_BUF_SYNC_READ);
	expect(p && capi_count_bad(p, buf.pitch, SEED) == 0,
	       "an independent mmap does not see the pattern");
	if (p)
		sb_test_map_end(buf.fd, p, buf.size, DMA_BUF_SYNC_READ);
	sharedbuf_buffer_finish(&buf);
	return PIGLIT_PASS;
}

static uint8_t byte_at(uint32_t x, uint32_t y, uint32_t seed)
{
	return (uint8_t)sb_test_pattern(DRM_FORMAT_XRGB8888, x, y, seed);
}

/* Writes (@fill) or counts mismatches of a @w x @h byte plane. */
static int bytes(uint8_t *p, uint32_t w, uint32_t h, uint32_t pitch,
		 uint32_t seed, bool fill)
{
	int bad = 0;

	for (uint32_t y = 0; y < h; y++) {
		for (uint32_t x = 0; x < w; x++) {
			if (fill)
				p[y * pitch + x] = byte_at(x, y, seed);
			else
				bad += p[y * pitch + x] != byte_at(x, y, seed);
		}
	}
	return bad;
}

/* NV12 with both planes in one dma-buf, named by two different fds: one
 * dup'ed fd and one mapping; plane 1 is that mapping + its offset. */
enum piglit_result case_nv12_one_buffer(struct capi *t)
{
	struct sharedbuf_buffer buf;
	struct sharedbuf_image_layout l;
	struct sharedbuf_cpu_image *img;
	uint8_t *y = NULL, *uv = NULL, *raw;
	uint32_t off;
	int fd2, fds;

	capi_alloc(t, CAPI_W, CAPI_H * 3 / 2, DRM_FORMAT_R8, &buf);
	off = buf.pitch * CAPI_H;
	fd2 = fcntl(buf.fd, F_DUPFD_CLOEXEC, 0);
	l = (struct sharedbuf_image_layout){
		.width = CAPI_W,
		.height = CAPI_H,
		.fourcc = DRM_FORMAT_NV12,
		.modifier = DRM_FORMAT_MOD_LINEAR,
		.num_planes = 2,
		.planes = {{buf.fd, 0, buf.pitch}, {fd2, off, buf.pitch}}};
	fds = piglit_count_fds();
	img = capi_create(&l);
	expect(piglit_count_fds() == fds + 1, "%d fds for one dma-buf, want 1",
	       piglit_count_fds() - fds);
	expect_result(capi_lock(img, 1, WR, -1, EVER, (void **)&uv),
		      SHAREDBUF_OK, "lock plane 1");
	expect_result(capi_lock(img, 0, WR, -1, EVER, (void **)&y),
		      SHAREDBUF_OK, "lock plane 0 while 1 is locked");
	if (!y || !uv)
		goto out;
	expect(uv == y + off, "plane 1 at %p, want base %p + %u", (void *)uv,
	       (void *)y, off);
	bytes(y, CAPI_W, CAPI_H, buf.pitch, SEED, true);
	bytes(uv, CAPI_W, CAPI_H / 2, buf.pitch, SEED + 1, true);
	expect_result(sharedbuf_cpu_unlock(img, 1, NULL), SHAREDBUF_OK,
		      "unlock plane 1");
	expect_result(sharedbuf_cpu_unlock(img, 0, NULL), SHAREDBUF_OK,
		      "unlock plane 0");
	raw = sb_test_map_begin(buf.fd, buf.size, DMA_BUF_SYNC_READ);
	expect(raw && !bytes(raw, CAPI_W, CAPI_H, buf.pitch, SEED, false),
	       "plane 0 writes are not at offset 0");
	expect(raw && !bytes(raw + off, CAPI_W, CAPI_H / 2, buf.pitch, SEED + 1,
			     false),
	       "plane 1 writes are not at offset %u", off);
	if (raw)
		sb_test_map_end(buf.fd, raw, buf.size, DMA_BUF_SYNC_READ);
out:
	sharedbuf_cpu_image_destroy(img);
	close(fd2);
	sharedbuf_buffer_finish(&buf);
	return PIGLIT_PASS;
}

/* One image on a fresh buffer, for the error cases. */
static struct sharedbuf_cpu_image *simple(struct capi *t,
					  struct sharedbuf_buffer *buf)
{
	struct sharedbuf_image_layout l;

	capi_alloc(t, CAPI_W, CAPI_H, DRM_FORMAT_XRGB8888, buf);
	capi_layout(buf, &l);
	return capi_create(&l);
}

static void simple_finish(struct sharedbuf_cpu_image *img,
			  struct sharedbuf_buffer *buf)
{
	sharedbuf_cpu_image_destroy(img);
	sharedbuf_buffer_finish(buf);
}

/* "SHAREDBUF_ERR_LOCKED (the plane is locked)" */
enum piglit_result case_double_lock(struct capi *t)
{
	struct sharedbuf_buffer buf;
	struct sharedbuf_cpu_image *img = simple(t, &buf);
	void *p = NULL, *q = NULL;

	expect_result(capi_lock(img, 0, RD, -1, EVER, &p), SHAREDBUF_OK,
		      "first lock");
	expect_result(capi_lock(img, 0, RD, -1, EVER, &q), SHAREDBUF_ERR_LOCKED,
		      "second READ lock");
	expect_result(capi_lock(img, 0, WR, -1, 0, &q), SHAREDBUF_ERR_LOCKED,
		      "second WRITE lock");
	expect(q == NULL, "a refused lock wrote *data");
	expect_result(sharedbuf_cpu_unlock(img, 0, NULL), SHAREDBUF_OK,
		      "unlock");
	expect_result(capi_lock(img, 0, WR, -1, EVER, &q), SHAREDBUF_OK,
		      "lock after unlock");
	expect(p && q == p, "the mapping moved: %p then %p", p, q);
	simple_finish(img, &buf); /* destroy unlocks */
	return PIGLIT_PASS;
}

/* "SHAREDBUF_ERR_NOT_LOCKED if plane is not locked." */
enum piglit_result case_unlock_unlocked(struct capi *t)
{
	struct sharedbuf_buffer buf;
	struct sharedbuf_cpu_image *img = simple(t, &buf);
	int release = 123;
	void *p;

	expect_result(sharedbuf_cpu_unlock(img, 0, &release),
		      SHAREDBUF_ERR_NOT_LOCKED, "unlock, never locked");
	expect(release == -1, "release fd %d after a failure", release);
	expect_result(capi_lock(img, 0, WR, -1, EVER, &p), SHAREDBUF_OK,
		      "lock");
	expect_result(sharedbuf_cpu_unlock(img, 0, NULL), SHAREDBUF_OK,
		      "unlock");
	expect_result(sharedbuf_cpu_unlock(img, 0, NULL),
		      SHAREDBUF_ERR_NOT_LOCKED, "second unlock");
	simple_finish(img, &buf);
	return PIGLIT_PASS;
}

/* "SHAREDBUF_ERR_INVALID (plane out of range, ...)" */
enum piglit_result case_plane_range(struct capi *t)
{
	struct sharedbuf_buffer buf;
	struct sharedbuf_cpu_image *img = simple(t, &buf);
	void *p;

	expect_result(capi_lock(img, 1, RD, -1, EVER, &p),
		      SHAREDBUF_ERR_INVALID, "lock plane 1 of 1");
	expect_result(capi_lock(img, SHAREDBUF_MAX_PLANES, RD, -1, EVER, &p),
		      SHAREDBUF_ERR_INVALID, "lock plane 4");
	expect_result(capi_lock(img, ~0u, RD, -1, EVER, &p),
		      SHAREDBUF_ERR_INVALID, "lock plane UINT_MAX");
	expect_result(sharedbuf_cpu_unlock(img, 1, NULL), SHAREDBUF_ERR_INVALID,
		      "unlock plane 1 of 1");
	expect_result(capi_lock(img, 0, RD, -1, EVER, &p), SHAREDBUF_OK,
		      "lock plane 0 after the refusals");
	simple_finish(img, &buf);
	return PIGLIT_PASS;
}

/* "SHAREDBUF_ERR_INVALID (... access 0 or unknown bits)" */
enum piglit_result case_access_bits(struct capi *t)
{
	struct sharedbuf_buffer buf;
	struct sharedbuf_cpu_image *img = simple(t, &buf);
	struct sharedbuf_lock lock = {.access = RD, .acquire_fd = -1};
	void *p;

	expect_result(capi_lock(img, 0, 0, -1, EVER, &p), SHAREDBUF_ERR_INVALID,
		      "access 0");
	expect_result(capi_lock(img, 0, 4, -1, EVER, &p), SHAREDBUF_ERR_INVALID,
		      "access 4");
	expect_result(capi_lock(img, 0, RD | WR | 4, -1, EVER, &p),
		      SHAREDBUF_ERR_INVALID, "access READ|WRITE|4");
	expect_result(capi_lock(img, 0, RD, -2, EVER, &p),
		      SHAREDBUF_ERR_INVALID, "acquire fd -2");
	expect_result(capi_lock(img, 0, RD, -1, -1, &p), SHAREDBUF_ERR_INVALID,
		      "timeout -1");
	expect_result(sharedbuf_cpu_lock(img, &lock, NULL, NULL),
		      SHAREDBUF_ERR_INVALID, "data NULL");
	expect_result(sharedbuf_cpu_lock(NULL, &lock, &p, NULL),
		      SHAREDBUF_ERR_INVALID, "image NULL");
	expect_result(sharedbuf_cpu_lock(img, &lock, &p, NULL), SHAREDBUF_OK,
		      "READ, stride NULL, after the refusals");
	simple_finish(img, &buf);
	return PIGLIT_PASS;
}

/* A dma-buf opened with @mode, or -1 with the reason in @why. An open
 * mode belongs to the dma-buf's one file, set by its exporter: dma-heap
 * takes it from the caller, vgem exports read-only without DRM_RDWR,
 * udmabuf is always O_RDWR, and /proc/self/fd/N cannot reopen a dma-buf
 * (ENXIO). */
static int open_mode_buffer(const struct capi *t, int mode, const char **why)
{
	struct dma_heap_allocation_data heap = {.len = CAPI_H * CAPI_W * 4,
						.fd_flags = mode | O_CLOEXEC};
	struct drm_mode_create_dumb dumb = {
		.width = CAPI_W, .height = CAPI_H, .bpp = 32};
	int fd = -1, dev;

	switch (t->exporter) {
	case SHAREDBUF_EXPORTER_DMA_HEAP:
		dev = open("/dev/dma_heap/system", O_RDONLY | O_CLOEXEC);
		if (dev >= 0 && ioctl(dev, DMA_HEAP_IOCTL_ALLOC, &heap) == 0)
			fd = (int)heap.fd;
		close(dev);
		break;
	case SHAREDBUF_EXPORTER_DUMB:
		if (mode != O_RDONLY || t->vgem < 0 ||
		    drmIoctl(t->vgem, DRM_IOCTL_MODE_CREATE_DUMB, &dumb) != 0)
			break;
		if (drmPrimeHandleToFD(t->vgem, dumb.handle, DRM_CLOEXEC, &fd))
			fd = -1;
		drmCloseBufferHandle(t->vgem, dumb.handle);
		break;
	default:
		*why = "udmabuf exports only O_RDWR dma-bufs";
		return -1;
	}
	if (fd >= 0 && (fcntl(fd, F_GETFL) & O_ACCMODE) != mode)
		piglit_fail("an exporter ignored the open mode asked for");
	*why = "the exporter refused the open mode";
	return fd;
}

/* A linear XRGB8888 image of the CAPI_W x CAPI_H buffer @fd. */
static struct sharedbuf_cpu_image *image_of(int fd)
{
	struct sharedbuf_image_layout l = {.width = CAPI_W,
					   .height = CAPI_H,
					   .fourcc = DRM_FORMAT_XRGB8888,
					   .modifier = DRM_FORMAT_MOD_LINEAR,
					   .num_planes = 1,
					   .planes[0] = {fd, 0, CAPI_W * 4}};

	return capi_create(&l);
}

/* "SHAREDBUF_ERR_ACCESS (WRITE on a dma-buf opened read-only)" */
enum piglit_result case_write_readonly(struct capi *t)
{
	struct sharedbuf_cpu_image *img;
	const char *why;
	void *p = NULL;
	int ro = open_mode_buffer(t, O_RDONLY, &why), wo;

	if (ro < 0)
		return capi_skip("no O_RDONLY dma-buf: %s", why);
	img = image_of(ro);
	expect_result(capi_lock(img, 0, WR, -1, EVER, &p), SHAREDBUF_ERR_ACCESS,
		      "WRITE, O_RDONLY dma-buf");
	expect_result(capi_lock(img, 0, RD | WR, -1, EVER, &p),
		      SHAREDBUF_ERR_ACCESS, "READ|WRITE, O_RDONLY dma-buf");
	expect(p == NULL, "a refused lock wrote *data");
	expect_result(capi_lock(img, 0, RD, -1, EVER, &p), SHAREDBUF_OK,
		      "READ, O_RDONLY dma-buf");
	expect(p && ((volatile uint8_t *)p)[0] == 0, "fresh buffer not 0");
	sharedbuf_cpu_image_destroy(img);
	close(ro);

	wo = open_mode_buffer(t, O_WRONLY, &why); /* dma-heap only */
	if (wo < 0)
		return PIGLIT_PASS;
	img = image_of(wo); /* a shared mapping needs read access */
	expect_result(capi_lock(img, 0, WR, -1, EVER, &p), SHAREDBUF_ERR_ACCESS,
		      "WRITE, O_WRONLY dma-buf");
	sharedbuf_cpu_image_destroy(img);
	close(wo);
	return PIGLIT_PASS;
}
