/* SPDX-License-Identifier: MIT */
/*
 * image-cpu: EGL_SHAREDBUF_image_cpu_access on real dma-bufs.
 *
 * specs/EGL_SHAREDBUF_image_cpu_access.txt:
 *   "eglLockImageSHAREDBUF [...] waits for the work the access must wait
 *    for [...] and returns in <data> the address of the plane's first byte
 *    [...] GL work the calling thread's current context submitted before
 *    the call is included, without glFinish."
 *
 * usage: image-cpu EXPORTER|all [CASE] the cases below (all: each exporter
 *                                      in turn, a Piglit subtest each)
 *        image-cpu EXPORTER cycles N    N import/lock/unlock/destroy cycles
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <drm_fourcc.h>
#include <linux/dma-buf.h>

#include "egl_env.h" /* epoxy first: it replaces EGL/egl.h */
#include "EGL/eglext_sharedbuf.h"
#include "check.h"
#include "piglit.h"
#include "sharedbuf/fence.h"
#include "sharedbuf/sharedbuf.h"
#include "vgem.h"

#define W  48
#define H  24
#define MS 1000000ll

static struct {
	struct sb_test_egl egl;
	enum sharedbuf_exporter exp;
	int vgem;
	PFNEGLLOCKIMAGESHAREDBUFPROC lock;
	PFNEGLUNLOCKIMAGESHAREDBUFPROC unlock;
} t;

struct img {
	struct sharedbuf_buffer buf;
	EGLImage image;
};

/* Imports @fd (borrowed) as the image of @m. */
static bool img_import(struct img *m, int fd)
{
	m->image = sb_test_import(t.egl.dpy, fd, DRM_FORMAT_XRGB8888, W, H, 0,
				  m->buf.pitch);
	return m->image != EGL_NO_IMAGE;
}

static bool img_init(struct img *m)
{
	return sharedbuf_buffer_alloc(t.exp, W, H, DRM_FORMAT_XRGB8888,
				      &m->buf) == SHAREDBUF_OK &&
	       img_import(m, m->buf.fd);
}

static void img_finish(struct img *m)
{
	if (m->image != EGL_NO_IMAGE)
		eglDestroyImageKHR(t.egl.dpy, m->image);
	sharedbuf_buffer_finish(&m->buf);
}

static EGLBoolean lock(struct img *m, EGLAttrib usage, EGLAttrib acquire,
		       EGLAttrib timeout_ns, void **data, EGLint *stride)
{
	const EGLAttrib attribs[] = {
		EGL_LOCK_USAGE_SHAREDBUF,
		usage,
		EGL_LOCK_ACQUIRE_FENCE_FD_SHAREDBUF,
		acquire,
		EGL_LOCK_TIMEOUT_NS_SHAREDBUF,
		timeout_ns,
		EGL_NONE,
	};

	return t.lock(t.egl.dpy, m->image, attribs, data, stride);
}

static bool unlock(struct img *m)
{
	EGLint release = -2;

	if (!t.unlock(t.egl.dpy, m->image, 0, &release))
		return false;
	if (release >= 0)
		close(release);
	return release == -1; /* CPU writes are visible at once */
}

/* The CPU writes a frame through a lock; GL samples exactly it. */
static bool cpu_write_gl_sample(void)
{
	static const float clear[4] = {0, 0, 0, 0};
	struct sb_test_target tg;
	struct img m = {0};
	EGLint stride;
	void *data;
	bool same = true;

	if (!expect(img_init(&m), "import"))
		return false;
	if (!expect(lock(&m, EGL_WRITE_BIT_SHAREDBUF, -1, -1, &data, &stride),
		    "lock: 0x%x", eglGetError()))
		return false;
	if (!expect(stride == (EGLint)m.buf.pitch, "stride %d", stride))
		return false;
	sb_test_fill(data, DRM_FORMAT_XRGB8888, W, H, (uint32_t)stride, 5);
	if (!expect(unlock(&m), "unlock"))
		return false;
	GLuint tex = sb_test_texture_from_image(m.image);
	if (!expect(tex && sb_test_target_init(&tg, W, H, clear) &&
			    sb_test_draw(tex, 0, 0, W, H, 1, false, &tg),
		    "draw"))
		return false;
	uint8_t *px = sb_test_target_read(&tg);
	if (!expect(px, "read"))
		return false;
	for (uint32_t i = 0; i < W * H && same; i++) {
		uint8_t want[4];

		sb_test_expected_rgba(
			DRM_FORMAT_XRGB8888,
			sb_test_pattern(DRM_FORMAT_XRGB8888, i % W, i / W, 5),
			want);
		same = memcmp(px + 4 * i, want, 4) == 0;
	}
	free(px);
	sb_test_target_finish(&tg);
	glDeleteTextures(1, &tex);
	img_finish(&m);
	if (!expect(same, "GL did not sample what the CPU wrote"))
		return false;
	return true;
}

/* GL renders into the image; a read lock, with no glFinish anywhere,
 * sees the rendered pixels. */
static bool gl_render_cpu_read(void)
{
	static const uint8_t rgba[4] = {0x40, 0xa0, 0x10, 0xff};
	struct img m = {0};
	EGLint stride;
	GLuint fbo, tex;
	void *data;
	bool same = true;

	if (!expect(img_init(&m), "import"))
		return false;
	tex = sb_test_texture_from_image(m.image);
	glGenFramebuffers(1, &fbo);
	glBindFramebuffer(GL_FRAMEBUFFER, fbo);
	glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0,
			       GL_TEXTURE_2D, tex, 0);
	glViewport(0, 0, W, H);
	glClearColor(rgba[0] / 255.0f, rgba[1] / 255.0f, rgba[2] / 255.0f, 1);
	glClear(GL_COLOR_BUFFER_BIT);
	if (!expect(lock(&m, EGL_READ_BIT_SHAREDBUF, -1, 2000 * MS, &data,
			 &stride),
		    "lock: 0x%x", eglGetError()))
		return false;
	for (int y = 0; y < H && same; y++) {
		const uint8_t *row = (const uint8_t *)data + y * stride;

		for (int x = 0; x < W && same; x++)
			same = row[4 * x] == rgba[2] &&
			       row[4 * x + 1] == rgba[1] &&
			       row[4 * x + 2] == rgba[0];
	}
	if (!expect(unlock(&m), "unlock"))
		return false;
	glBindFramebuffer(GL_FRAMEBUFFER, 0);
	glDeleteFramebuffers(1, &fbo);
	glDeleteTextures(1, &tex);
	img_finish(&m);
	if (!expect(same, "the CPU did not see what GL rendered"))
		return false;
	return true;
}

/* A pending write: a read lock with a timeout fails with the timeout
 * error in about that time, locks nothing; after the signal it locks. */
static bool pending_timeout(void)
{
	struct img m = {0};
	uint32_t fence;
	EGLint stride;
	void *data;

	if (!expect(img_init(&m), "import"))
		return false;
	if (!expect(sb_test_vgem_fence_attach(t.vgem, m.buf.fd, true, &fence),
		    "vgem fence"))
		return false;
	int64_t t0 = sb_test_now_ns();
	EGLBoolean ok =
		lock(&m, EGL_READ_BIT_SHAREDBUF, -1, 50 * MS, &data, &stride);
	EGLint err = eglGetError();
	int64_t dt = sb_test_now_ns() - t0;

	if (!expect(!ok && err == EGL_LOCK_TIMEOUT_EXPIRED_SHAREDBUF,
		    "lock over a pending write: ok %d error 0x%x", ok, err))
		return false;
	if (!expect(dt >= 50 * MS && dt < 3000 * MS, "waited %lld ms",
		    (long long)(dt / MS)))
		return false;
	if (!expect(!t.unlock(t.egl.dpy, m.image, 0, NULL) &&
			    eglGetError() == EGL_BAD_ACCESS,
		    "a timed-out lock left the plane locked"))
		return false;
	if (!expect(sb_test_vgem_fence_signal(t.vgem, fence), "signal"))
		return false;
	if (!expect(lock(&m, EGL_READ_BIT_SHAREDBUF, -1, 2000 * MS, &data,
			 &stride),
		    "lock after signal: 0x%x", eglGetError()))
		return false;
	if (!expect(unlock(&m), "unlock"))
		return false;
	img_finish(&m);
	return true;
}

/* An acquire fence: waited for, owned by the layer only once the lock
 * succeeds; the release fence feeds the next lock's acquire. */
static bool acquire_release(void)
{
	struct img m = {0}, scratch = {0};
	uint32_t fence;
	EGLint stride, release = -2;
	void *data;
	int acquire;

	if (!expect(img_init(&m) && img_init(&scratch), "import"))
		return false;
	if (!expect(sb_test_vgem_fence_attach(t.vgem, scratch.buf.fd, true,
					      &fence),
		    "vgem fence"))
		return false;
	if (!expect(sharedbuf_fence_export(scratch.buf.fd,
					   SHAREDBUF_ACCESS_READ,
					   &acquire) == SHAREDBUF_OK,
		    "export"))
		return false;
	if (!expect(!lock(&m, EGL_WRITE_BIT_SHAREDBUF, acquire, 30 * MS, &data,
			  &stride) &&
			    eglGetError() == EGL_LOCK_TIMEOUT_EXPIRED_SHAREDBUF,
		    "a pending acquire fence did not hold the lock back"))
		return false;
	if (!expect(fcntl(acquire, F_GETFD) != -1,
		    "a failed lock closed the caller's acquire fence"))
		return false;
	if (!expect(sb_test_vgem_fence_signal(t.vgem, fence), "signal"))
		return false;
	if (!expect(lock(&m, EGL_WRITE_BIT_SHAREDBUF, acquire, 2000 * MS, &data,
			 &stride),
		    "lock: 0x%x", eglGetError()))
		return false;
	if (!expect(fcntl(acquire, F_GETFD) == -1,
		    "a successful lock left the acquire fence open"))
		return false;
	if (!expect(t.unlock(t.egl.dpy, m.image, 0, &release), "unlock"))
		return false;
	if (!expect(lock(&m, EGL_READ_BIT_SHAREDBUF, release, 0, &data,
			 &stride),
		    "the release fence (%d) is no acquire fence: 0x%x", release,
		    eglGetError()))
		return false;
	if (!expect(unlock(&m), "unlock"))
		return false;
	img_finish(&scratch);
	img_finish(&m);
	return true;
}

static bool error_is(EGLBoolean ok, EGLint want, const char *what)
{
	EGLint got = eglGetError();

	if (ok || got != want)
		printf("  %s: %s, error 0x%x, want 0x%x\n", what,
		       ok ? "succeeded" : "failed", got, want);
	return !ok && got == want;
}

/* Every error of the spec; no fd left behind by any of them. */
static bool errors(void)
{
	const EGLAttrib plane1[] = {EGL_LOCK_PLANE_SHAREDBUF, 1,
				    EGL_LOCK_USAGE_SHAREDBUF, 1, EGL_NONE};
	const EGLAttrib plane7[] = {EGL_LOCK_PLANE_SHAREDBUF, 7,
				    EGL_LOCK_USAGE_SHAREDBUF, 1, EGL_NONE};
	const EGLAttrib no_usage[] = {EGL_LOCK_PLANE_SHAREDBUF, 0, EGL_NONE};
	const EGLAttrib usage4[] = {EGL_LOCK_USAGE_SHAREDBUF, 4, EGL_NONE};
	const EGLAttrib unknown[] = {EGL_LOCK_USAGE_SHAREDBUF, 1, EGL_WIDTH, 1,
				     EGL_NONE};
	const EGLAttrib twice[] = {EGL_LOCK_USAGE_SHAREDBUF, 1,
				   EGL_LOCK_USAGE_SHAREDBUF, 1, EGL_NONE};
	EGLDisplay dpy = t.egl.dpy;
	struct img m = {0};
	EGLint stride;
	void *data;
	int p[2];
	bool ok = true;

	const EGLAttrib *read = plane1 + 2; /* usage READ only */

	if (!expect(img_init(&m), "import"))
		return false;
	if (!expect(pipe(p) == 0, "pipe"))
		return false;
	/* The image's CPU state (its dup, its mapping) is made at the first
	 * lock and lives as long as the image: make it before counting. */
	if (!expect(lock(&m, 1, -1, -1, &data, &stride) && unlock(&m), "lock"))
		return false;
	int fds = piglit_count_fds();

	ok &= error_is(t.lock(dpy, m.image, plane1, &data, &stride),
		       EGL_BAD_PARAMETER, "plane 1 of a 1-plane image");
	ok &= error_is(t.lock(dpy, m.image, plane7, &data, &stride),
		       EGL_BAD_PARAMETER, "plane 7");
	ok &= error_is(t.lock(dpy, m.image, no_usage, &data, &stride),
		       EGL_BAD_PARAMETER, "no usage");
	ok &= error_is(t.lock(dpy, m.image, usage4, &data, &stride),
		       EGL_BAD_PARAMETER, "usage 4");
	ok &= error_is(t.lock(dpy, m.image, unknown, &data, &stride),
		       EGL_BAD_ATTRIBUTE, "unknown attribute");
	ok &= error_is(t.lock(dpy, m.image, twice, &data, &stride),
		       EGL_BAD_ATTRIBUTE, "attribute twice");
	ok &= error_is(t.lock(dpy, m.image, read, NULL, &stride),
		       EGL_BAD_PARAMETER, "data NULL");
	ok &= error_is(lock(&m, 1, p[0], -1, &data, &stride), EGL_BAD_PARAMETER,
		       "a pipe as acquire fence");
	ok &= error_is(t.lock(dpy, (EGLImage)0x1234, read, &data, &stride),
		       EGL_BAD_PARAMETER, "unknown image");
	ok &= error_is(
		t.lock((EGLDisplay)0x4321, m.image, read, &data, &stride),
		EGL_BAD_DISPLAY, "bad display");
	ok &= error_is(t.unlock(dpy, m.image, 0, NULL), EGL_BAD_ACCESS,
		       "unlock of an unlocked plane");
	ok &= error_is(t.unlock(dpy, m.image, 9, NULL), EGL_BAD_PARAMETER,
		       "unlock plane 9");
	if (!expect(lock(&m, 1, -1, -1, &data, &stride), "lock"))
		return false;
	ok &= error_is(lock(&m, 1, -1, -1, &data, &stride), EGL_BAD_ACCESS,
		       "lock twice");
	if (!expect(unlock(&m), "unlock"))
		return false;

	/* Write locks on read-only dma-bufs (EGL_BAD_ACCESS through the
	 * same core call) are tested by cpu-capi@*: an exporter hands out a
	 * dma-buf's open mode once, and reopening through /proc fails
	 * (ENXIO), so no read-only twin of this buffer can be made here. */

	if (!expect(piglit_count_fds() == fds, "errors leaked %d fds",
		    piglit_count_fds() - fds))
		return false;
	close(p[0]);
	close(p[1]);
	img_finish(&m);
	return ok;
}

/* Resident memory in KiB (/proc/self/statm), or -1. */
static long rss_kib(void)
{
	long size, pages = -1;
	FILE *f = fopen("/proc/self/statm", "re");

	if (f && fscanf(f, "%ld %ld", &size, &pages) != 2)
		pages = -1;
	if (f)
		fclose(f);
	return pages < 0 ? -1 : pages * (sysconf(_SC_PAGESIZE) / 1024);
}

/* import/lock/unlock/destroy, @n times: the fd count stays flat and the
 * resident memory bounded. Measured on Mesa 25 llvmpipe: 2-16 MiB of
 * growth over 90,000 cycles (allocator and driver caches; LeakSanitizer
 * finds no leak); the bound, 32 MiB, trips on a leak of ~370 bytes a
 * cycle. */
static bool cycles(long n)
{
	struct sharedbuf_layer_stats before, after;
	struct img m = {0};
	EGLint stride;
	void *data;

	if (!expect(sharedbuf_buffer_alloc(t.exp, W, H, DRM_FORMAT_XRGB8888,
					   &m.buf) == SHAREDBUF_OK,
		    "alloc"))
		return false;
	int fds = piglit_count_fds();
	int64_t t0 = sb_test_now_ns();
	long rss0 = 0;

	sb_test_layer_stats(&before);
	for (long i = 0; i < n; i++) {
		if (!expect(img_import(&m, m.buf.fd), "import %ld", i))
			return false;
		if (!expect(lock(&m, (i & 1) + 1, -1, -1, &data, &stride),
			    "lock %ld", i))
			return false;
		((volatile uint8_t *)data)[i % (W * 4)] ^= 1;
		if (!expect(unlock(&m), "unlock %ld", i))
			return false;
		if (!expect(eglDestroyImageKHR(t.egl.dpy, m.image), "destroy"))
			return false;
		if (i == n / 10) /* after the driver's caches have filled */
			rss0 = rss_kib();
	}
	long grown = rss_kib() - rss0;
	sb_test_layer_stats(&after);
	printf("%ld cycles in %lld ms, resident memory grew %ld KiB over the "
	       "last 90%%\n",
	       n, (long long)((sb_test_now_ns() - t0) / MS), grown);
#ifndef __SANITIZE_ADDRESS__ /* ASan's quarantine holds freed memory; \
				LeakSanitizer checks leaks at exit there */
	if (!expect(grown < 32 * 1024, "resident memory grew %ld KiB", grown))
		return false;
#endif
	if (!expect(piglit_count_fds() == fds, "fds %d -> %d", fds,
		    piglit_count_fds()))
		return false;
	if (!expect(after.fds_held == before.fds_held,
		    "the layer holds more fds"))
		return false;
	sharedbuf_buffer_finish(&m.buf);
	return true;
}

static const struct sb_test_case cases[] = {
	{"cpu-write-gl-sample", cpu_write_gl_sample},
	{"gl-render-cpu-read", gl_render_cpu_read},
	{"pending-timeout", pending_timeout},
	{"acquire-release", acquire_release},
	{"errors", errors},
};

/* The cases on one exporter, or its cycles (@argv: main's); true if each
 * passed. */
static bool run_exporter(int exp, void *argv_)
{
	char **argv = argv_;
	int failed, ran = 0;

	t.exp = (enum sharedbuf_exporter)exp;
	if (argv[1] && argv[2] && argv[3] && strcmp(argv[2], "cycles") == 0) {
		/* cycles() checks the fd count itself, after the driver's
		 * first-draw fds are open */
		failed = !sb_test_warm_up() || !cycles(atol(argv[3]));
		ran = 1;
	} else {
		failed = sb_test_run_cases(cases,
					   sizeof(cases) / sizeof(cases[0]),
					   argv[1] ? argv[2] : NULL, &ran);
	}
	printf("%s: %d of %d cases failed\n", sb_test_exporter_name(exp),
	       failed, ran);
	return !failed && ran;
}

/* image-cpu all|EXPORTER [CASE | cycles N] (sb_test_exporters_arg) */
int main(int argc, char **argv)
{
	const char *failed;
	int first, last, r;
	char why[256];

	sb_test_exporters_main(argc, argv, "[CASE | cycles N]", &first, &last);
	t.vgem = sb_test_vgem_open();
	if (t.vgem < 0)
		piglit_skip("no vgem: its fences stand in for a busy GPU");
	if (!sb_test_egl_init(&t.egl, why, sizeof(why)))
		piglit_fail("EGL: %s", why);
	if (!epoxy_has_egl_extension(t.egl.dpy,
				     "EGL_SHAREDBUF_image_cpu_access"))
		piglit_fail("EGL_SHAREDBUF_image_cpu_access not advertised");
	t.lock = (PFNEGLLOCKIMAGESHAREDBUFPROC)eglGetProcAddress(
		"eglLockImageSHAREDBUF");
	t.unlock = (PFNEGLUNLOCKIMAGESHAREDBUFPROC)eglGetProcAddress(
		"eglUnlockImageSHAREDBUF");
	if (!t.lock || !t.unlock)
		piglit_fail("eglGetProcAddress gave no entry point");
	r = sb_test_each_exporter(first, last, run_exporter, argv, &failed);
	sb_test_egl_finish(&t.egl);
	sb_test_vgem_close(t.vgem);
	if (r == PIGLIT_FAIL)
		piglit_fail("%s failed (and any other FAIL above)", failed);
	if (r == PIGLIT_SKIP)
		piglit_skip("none of the exporters is here: the guest has them "
			    "(make check)");
	piglit_report_result(PIGLIT_PASS);
}
