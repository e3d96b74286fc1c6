/* SPDX-License-Identifier: MIT */
/*
 * import-registry: the layer records every dma-buf image it let through,
 * with its own dup of each plane fd, and forgets it on destroy and on
 * eglTerminate.
 *
 * EGL_EXT_image_dma_buf_import, issue 3:
 *   "EGL does not take ownership of the file descriptors. It is the
 *    responsibility of the application to close the file descriptors on
 *    success and failure."
 * specs/SHAREDBUF_strict_dma_buf_import.txt:
 *   "If eglCreateImage succeeds, sharedbuf keeps its own duplicate of each
 *    plane's fd [...]. The duplicates are closed when the image is
 *    destroyed, when its display is terminated [...]"
 *
 * The layer's dup also answers eglExportDMABUFImageMESA for the image
 * after the application closed its fd: the same dma-buf (its inode),
 * where Mesa 25's llvmpipe alone answers EGL_TRUE with fd -1.
 *
 * usage: import-registry udmabuf|heap|vgem
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <drm_fourcc.h>

#include "egl_env.h"
#include "check.h"
#include "piglit.h"
#include "sharedbuf/sharedbuf.h"

#define W      32
#define H      16
#define CYCLES 500

static struct sb_test_egl egl;
static enum sharedbuf_exporter exporter;

static struct sharedbuf_layer_stats stats(void)
{
	struct sharedbuf_layer_stats s;

	if (!sb_test_layer_stats(&s))
		piglit_fail("the layer is not in the EGL call path");
	return s;
}

static uint64_t recorded(void)
{
	return stats().images_recorded;
}

static void must(bool ok, const char *what)
{
	if (!ok)
		piglit_fail("%s", what);
}

static EGLImage import(int fd, uint32_t pitch)
{
	EGLImage img = sb_test_import(egl.dpy, fd, DRM_FORMAT_XRGB8888, W, H, 0,
				      pitch);

	if (img == EGL_NO_IMAGE)
		piglit_fail("import: EGL error 0x%x", eglGetError());
	return img;
}

static struct sharedbuf_buffer alloc(void)
{
	struct sharedbuf_buffer b;
	enum sharedbuf_result r =
		sharedbuf_buffer_alloc(exporter, W, H, DRM_FORMAT_XRGB8888, &b);

	if (r != SHAREDBUF_OK)
		piglit_fail("allocate: %s", sharedbuf_result_str(r));
	return b;
}

static void warm_up(void)
{
	must(sb_test_warm_up(), "warm-up draw failed");
}

/* eglExportDMABUFImageMESA of @img gives the dma-buf of inode @want, with
 * the pitch it was imported with. */
static void exports_same(EGLImage img, const struct stat *want, uint32_t pitch)
{
	int fd = -1;
	EGLint stride = 0, offset = -1;
	struct stat got;

	must(eglExportDMABUFImageMESA(egl.dpy, img, &fd, &stride, &offset),
	     "eglExportDMABUFImageMESA failed");
	must(fd >= 0, "eglExportDMABUFImageMESA gave no fd");
	must(fstat(fd, &got) == 0 && got.st_dev == want->st_dev &&
		     got.st_ino == want->st_ino,
	     "eglExportDMABUFImageMESA gave another file than the dma-buf");
	must(stride == (EGLint)pitch && offset == 0,
	     "eglExportDMABUFImageMESA: wrong stride or offset");
	close(fd);
}

/* The application closes its fd right after import: the image still
 * samples and exports, the layer still holds one fd, destroy closes it. */
static void close_after_import(void)
{
	static const float clear[4] = {0, 0, 0, 0};
	int base;
	struct sharedbuf_buffer b;
	uint64_t before, held;
	struct stat dmabuf;

	warm_up();
	base = piglit_count_fds();
	b = alloc();
	must(fstat(b.fd, &dmabuf) == 0, "fstat of the dma-buf");
	before = recorded();
	held = stats().fds_held;
	EGLImage img = import(b.fd, b.pitch);
	struct sb_test_target t;

	sharedbuf_buffer_finish(&b);
	must(recorded() == before + 1, "import not recorded");
	/* The driver may keep fds of its own; the layer holds one. */
	must(stats().fds_held == held + 1,
	     "the layer should hold exactly one fd for a 1-plane image");
	must(piglit_count_fds() > base, "nobody holds the dma-buf");
	GLuint tex = sb_test_texture_from_image(img);
	must(tex && sb_test_target_init(&t, W, H, clear) &&
		     sb_test_draw(tex, 0, 0, W, H, 1, false, &t),
	     "sampling after the app closed its fd failed");
	sb_test_target_finish(&t);
	glDeleteTextures(1, &tex);
	exports_same(img, &dmabuf, b.pitch);
	must(eglDestroyImageKHR(egl.dpy, img), "eglDestroyImageKHR");
	/* Mesa drops its last reference to the image's memory lazily, when
	 * another texture takes the sampler's place. */
	warm_up();
	must(recorded() == before, "destroy did not forget the image");
	must(stats().fds_held == held, "destroy left the layer's fd open");
	must(piglit_count_fds() == base, "destroy left an fd open");
	printf("close-after-import: ok\n");
}

/* Import/destroy cycles keep the fd count and the registry flat. */
static void cycles(void)
{
	struct sharedbuf_buffer b = alloc();
	int base = piglit_count_fds();
	uint64_t before = recorded();

	for (int i = 0; i < CYCLES; i++) {
		EGLImage img = import(b.fd, b.pitch);

		must(eglDestroyImageKHR(egl.dpy, img), "eglDestroyImageKHR");
	}
	must(recorded() == before, "cycles left records behind");
	must(piglit_count_fds() == base, "cycles leaked fds");
	sharedbuf_buffer_finish(&b);
	printf("%d import/destroy cycles: ok\n", CYCLES);
}

/* eglTerminate destroys the display's images: the layer forgets them. */
static void terminate(void)
{
	struct sharedbuf_buffer b = alloc();
	int base = piglit_count_fds();
	uint64_t before = recorded(), held = stats().fds_held;
	char why[256];

	for (int i = 0; i < 3; i++)
		import(b.fd, b.pitch);
	must(recorded() == before + 3, "three imports not recorded");
	sb_test_egl_finish(&egl);
	must(recorded() == before, "eglTerminate did not forget images");
	must(stats().fds_held == held, "eglTerminate left the layer's fds");
	/* Terminating also closes what the driver opened for the display. */
	must(piglit_count_fds() <= base, "eglTerminate left fds open");
	sharedbuf_buffer_finish(&b);
	must(sb_test_egl_init(&egl, why, sizeof(why)), why);
	printf("terminate: ok\n");
}

int main(int argc, char **argv)
{
	char why[256];
	int exp = -1;

	exp = sb_test_exporter_arg(argc > 1 ? argv[1] : NULL);
	if (exp < 0) {
		fprintf(stderr, "usage: %s udmabuf|heap|vgem\n", argv[0]);
		return 2;
	}
	exporter = (enum sharedbuf_exporter)exp;
	if (!sb_test_exporter_present(exp, why, sizeof(why)))
		piglit_skip("%s", why);
	if (!sb_test_egl_init(&egl, why, sizeof(why)))
		piglit_fail("EGL: %s", why);
	close_after_import();
	cycles();
	terminate();
	sb_test_egl_finish(&egl);
	piglit_report_result(PIGLIT_PASS);
}
