/* SPDX-License-Identifier: MIT */
/*
 * image-fence: EGL_SHAREDBUF_image_fence, on real dma-bufs, with vgem
 * fences standing in for a busy GPU.
 *
 * specs/EGL_SHAREDBUF_image_fence.txt:
 *   "eglCreateImageSyncSHAREDBUF creates a sync object that is signaled
 *    when every fence that an access of kind <access> to any plane of
 *    <image> must wait for, among those pending when the call is made, has
 *    signaled."
 *   "eglImageAttachSyncSHAREDBUF adds the work of <sync> to the implicit
 *    fences of every plane's dma-buf of <image> [...] Later users of the
 *    buffers, in this process or another [...] wait for it"
 *
 * usage: image-fence all|EXPORTER [CASE]
 * all: udmabuf, heap and vgem in turn in one process, each a Piglit
 * subtest (a failed one named on its FAIL line); meson runs that.
 * The mode comes from the environment, as a user would set it:
 *   (default)                   the layer's syncs, sync_file-backed;
 *                               eglWaitSync waits on the server through
 *                               the driver's native fence syncs
 *   SHAREDBUF_DRIVER_FENCES=0   the same, eglWaitSync waiting on the CPU
 *   SHAREDBUF_FENCE_PATH=poll   the layer's own syncs, poll-backed, and
 *                               attach waiting on the CPU
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
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

#define W  32
#define H  32
#define MS 1000000ll

enum mode { NATIVE, LAYER, POLL };

static struct {
	struct sb_test_egl egl;
	enum sharedbuf_exporter exp;
	enum mode mode;
	int vgem;
	PFNEGLCREATEIMAGESYNCSHAREDBUFPROC create_sync;
	PFNEGLIMAGEATTACHSYNCSHAREDBUFPROC attach_sync;
	int failed;
} t;

/* One imported buffer. */
struct img {
	struct sharedbuf_buffer buf;
	EGLImage image;
};

static bool img_init(struct img *m, uint32_t seed)
{
	void *p;

	if (sharedbuf_buffer_alloc(t.exp, W, H, DRM_FORMAT_XRGB8888, &m->buf) !=
	    SHAREDBUF_OK)
		return false;
	p = sb_test_map_begin(m->buf.fd, m->buf.size, DMA_BUF_SYNC_WRITE);
	if (!p)
		return false;
	sb_test_fill(p, DRM_FORMAT_XRGB8888, W, H, m->buf.pitch, seed);
	sb_test_map_end(m->buf.fd, p, m->buf.size, DMA_BUF_SYNC_WRITE);
	m->image = sb_test_import(t.egl.dpy, m->buf.fd, DRM_FORMAT_XRGB8888, W,
				  H, 0, m->buf.pitch);
	return m->image != EGL_NO_IMAGE;
}

static void img_finish(struct img *m)
{
	if (m->image != EGL_NO_IMAGE)
		eglDestroyImageKHR(t.egl.dpy, m->image);
	sharedbuf_buffer_finish(&m->buf);
}

static EGLint wait_ms(EGLSync s, int64_t ms)
{
	return eglClientWaitSync(t.egl.dpy, s, 0, (EGLTime)(ms * MS));
}

static EGLAttrib sync_attrib(EGLSync s, EGLint name)
{
	EGLAttrib v = -1;

	eglGetSyncAttrib(t.egl.dpy, s, name, &v);
	return v;
}

static uint64_t layer_syncs(void)
{
	struct sharedbuf_layer_stats st = {0};

	sb_test_layer_stats(&st);
	return st.layer_syncs;
}

/* eglWaitSync calls on layer syncs that the driver waited on. */
static uint64_t server_waits(void)
{
	struct sharedbuf_layer_stats st = {0};

	sb_test_layer_stats(&st);
	return st.sync_server_waits;
}

/* A pending write makes an image sync for READ unsignalled until it
 * signals; the sync is the layer's in every mode (with a context current
 * too), its type tells what backs it. */
static bool pending_write(void)
{
	struct img m = {0};
	uint32_t fence;
	uint64_t before = layer_syncs();
	EGLAttrib want_type = t.mode == POLL ? EGL_SYNC_IMAGE_SHAREDBUF
					     : EGL_SYNC_NATIVE_FENCE_ANDROID;

	if (!expect(img_init(&m, 1), "import"))
		return false;
	if (!expect(sb_test_vgem_fence_attach(t.vgem, m.buf.fd, true, &fence),
		    "vgem fence"))
		return false;
	EGLSync s =
		t.create_sync(t.egl.dpy, m.image, EGL_READ_BIT_SHAREDBUF, NULL);
	if (!expect(s != EGL_NO_SYNC, "create: 0x%x", eglGetError()))
		return false;
	if (!expect(layer_syncs() == before + 1, "mode %d: not a layer sync",
		    t.mode))
		return false;
	if (!expect(sync_attrib(s, EGL_SYNC_TYPE) == want_type, "type 0x%lx",
		    (long)sync_attrib(s, EGL_SYNC_TYPE)))
		return false;
	if (!expect(wait_ms(s, 0) == EGL_TIMEOUT_EXPIRED,
		    "pending sync signalled"))
		return false;
	if (!expect(sync_attrib(s, EGL_SYNC_STATUS) == EGL_UNSIGNALED,
		    "status"))
		return false;
	if (!expect(sb_test_vgem_fence_signal(t.vgem, fence), "signal"))
		return false;
	if (!expect(wait_ms(s, 2000) == EGL_CONDITION_SATISFIED,
		    "not signalled"))
		return false;
	if (!expect(sync_attrib(s, EGL_SYNC_STATUS) == EGL_SIGNALED, "status"))
		return false;
	if (!expect(eglDestroySync(t.egl.dpy, s), "destroy"))
		return false;
	if (!expect(layer_syncs() == before, "layer sync not freed"))
		return false;
	img_finish(&m);
	return true;
}

/* Readers wait for writers only: a pending read fence holds back a sync
 * for WRITE access but not one for READ. */
static bool pending_read(void)
{
	struct img m = {0};
	uint32_t fence;

	if (!expect(img_init(&m, 1), "import"))
		return false;
	if (!expect(sb_test_vgem_fence_attach(t.vgem, m.buf.fd, false, &fence),
		    "vgem fence"))
		return false;
	EGLSync r =
		t.create_sync(t.egl.dpy, m.image, EGL_READ_BIT_SHAREDBUF, NULL);
	EGLSync w = t.create_sync(t.egl.dpy, m.image, EGL_WRITE_BIT_SHAREDBUF,
				  NULL);
	if (!expect(r != EGL_NO_SYNC && w != EGL_NO_SYNC, "create"))
		return false;
	if (!expect(wait_ms(r, 0) == EGL_CONDITION_SATISFIED, "READ waited"))
		return false;
	if (!expect(wait_ms(w, 0) == EGL_TIMEOUT_EXPIRED, "WRITE did not wait"))
		return false;
	if (!expect(sb_test_vgem_fence_signal(t.vgem, fence), "signal"))
		return false;
	if (!expect(wait_ms(w, 2000) == EGL_CONDITION_SATISFIED,
		    "WRITE pending"))
		return false;
	eglDestroySync(t.egl.dpy, r);
	eglDestroySync(t.egl.dpy, w);
	img_finish(&m);
	return true;
}

/* A fence that never signals gives EGL_TIMEOUT_EXPIRED within the
 * timeout, not a hang. */
static bool times_out(void)
{
	struct img m = {0};
	uint32_t fence;

	if (!expect(img_init(&m, 1), "import"))
		return false;
	if (!expect(sb_test_vgem_fence_attach(t.vgem, m.buf.fd, true, &fence),
		    "vgem fence"))
		return false;
	EGLSync s =
		t.create_sync(t.egl.dpy, m.image, EGL_READ_BIT_SHAREDBUF, NULL);
	int64_t t0 = sb_test_now_ns();
	EGLint r = wait_ms(s, 100);
	int64_t dt = sb_test_now_ns() - t0;

	sb_test_vgem_fence_signal(t.vgem, fence);
	if (!expect(r == EGL_TIMEOUT_EXPIRED, "got 0x%x", r))
		return false;
	if (!expect(dt >= 100 * MS && dt < 3000 * MS, "waited %lld ms",
		    (long long)(dt / MS)))
		return false;
	eglDestroySync(t.egl.dpy, s);
	img_finish(&m);
	return true;
}

struct producer {
	struct img *m;
	uint32_t fence;
};

/* The "decoder": writes the next frame, then signals its fence. It writes
 * through a plain mapping: DMA_BUF_IOCTL_SYNC(START) would wait for the
 * producer's own fence. These exporters are cache-coherent on x86. */
static void *produce(void *arg)
{
	struct producer *p = arg;
	void *map = mmap(NULL, p->m->buf.size, PROT_WRITE, MAP_SHARED,
			 p->m->buf.fd, 0);

	usleep(150 * 1000);
	if (map != MAP_FAILED) {
		sb_test_fill(map, DRM_FORMAT_XRGB8888, W, H, p->m->buf.pitch,
			     2);
		munmap(map, p->m->buf.size);
	}
	sb_test_vgem_fence_signal(t.vgem, p->fence);
	return NULL;
}

static bool matches(const uint8_t *px, uint32_t seed)
{
	for (uint32_t y = 0; y < H; y++) {
		for (uint32_t x = 0; x < W; x++) {
			uint8_t want[4];

			sb_test_expected_rgba(
				DRM_FORMAT_XRGB8888,
				sb_test_pattern(DRM_FORMAT_XRGB8888, x, y,
						seed),
				want);
			if (memcmp(px + (y * W + x) * 4, want, 4))
				return false;
		}
	}
	return true;
}

/* eglWaitSync on an image sync, then a draw: the draw sees the frame the
 * producer finished writing, not the one before. Where the driver has
 * native fences (the default mode), the driver waited (on the server),
 * not the layer on the CPU. */
static bool wait_then_draw(void)
{
	static const float clear[4] = {0, 0, 0, 0};
	struct img m = {0};
	struct producer p = {&m, 0};
	struct sb_test_target tg;
	pthread_t thread;
	uint8_t *px;

	if (!expect(img_init(&m, 1), "import"))
		return false;
	if (!expect(sb_test_vgem_fence_attach(t.vgem, m.buf.fd, true, &p.fence),
		    "vgem fence"))
		return false;
	EGLSync s =
		t.create_sync(t.egl.dpy, m.image, EGL_READ_BIT_SHAREDBUF, NULL);
	if (!expect(s != EGL_NO_SYNC, "create"))
		return false;
	if (!expect(pthread_create(&thread, NULL, produce, &p) == 0, "thread"))
		return false;
	uint64_t waits = server_waits();
	if (!expect(eglWaitSync(t.egl.dpy, s, 0), "eglWaitSync: 0x%x",
		    eglGetError()))
		return false;
	if (!expect(server_waits() == waits + (t.mode == NATIVE),
		    "mode %d: %llu server waits by the driver, want %d", t.mode,
		    (unsigned long long)(server_waits() - waits),
		    t.mode == NATIVE))
		return false;
	GLuint tex = sb_test_texture_from_image(m.image);
	bool drew = tex && sb_test_target_init(&tg, W, H, clear) &&
		    sb_test_draw(tex, 0, 0, W, H, 1, false, &tg);
	px = drew ? sb_test_target_read(&tg) : NULL;
	pthread_join(thread, NULL);
	if (!expect(px, "draw failed"))
		return false;
	bool ok = matches(px, 2);
	free(px);
	sb_test_target_finish(&tg);
	glDeleteTextures(1, &tex);
	eglDestroySync(t.egl.dpy, s);
	img_finish(&m);
	if (!expect(ok, "the draw did not see the producer's frame"))
		return false;
	return true;
}

/* Checks, in a child that holds only the dma-buf fd, what another process
 * sees: @pending_first: still pending now; then done within 3 s after the
 * parent writes to @go; then the pixels are @rgba. */
static pid_t watcher(int fd, bool pending_first, const uint8_t rgba[4],
		     int ready[2], int go[2])
{
	pid_t pid = fork();
	char c;

	if (pid != 0)
		return pid;
	int code = 0;

	if (pending_first && sharedbuf_dmabuf_wait(fd, SHAREDBUF_ACCESS_READ,
						   0) != SHAREDBUF_ERR_TIMEOUT)
		code = 1;
	if (write(ready[1], "r", 1) != 1 || read(go[0], &c, 1) != 1)
		_exit(2);
	if (sharedbuf_dmabuf_wait(fd, SHAREDBUF_ACCESS_READ, 3000 * MS) !=
	    SHAREDBUF_OK)
		_exit(3);
	uint8_t *p = sb_test_map_begin(fd, 4096, DMA_BUF_SYNC_READ);
	if (!p)
		_exit(4);
	/* XRGB8888 in memory: B, G, R, X */
	if (rgba && (p[0] != rgba[2] || p[1] != rgba[1] || p[2] != rgba[0]))
		code = 5;
	sb_test_map_end(fd, p, 4096, DMA_BUF_SYNC_READ);
	_exit(code);
}

static int reap(pid_t pid)
{
	int status;

	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 100;
}

/* GL renders into the imported image; attaching the context's work makes
 * it the buffer's: another process waits for it, then reads the pixels.
 * No glFinish anywhere. */
static bool attach_rendering(void)
{
	static const uint8_t rgba[4] = {0x20, 0x80, 0xe0, 0xff};
	int ready[2], go[2];
	struct img m = {0};
	GLuint fbo, tex;
	char c;

	if (!expect(img_init(&m, 1), "import"))
		return false;
	tex = sb_test_texture_from_image(m.image);
	glGenFramebuffers(1, &fbo);
	glBindFramebuffer(GL_FRAMEBUFFER, fbo);
	glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0,
			       GL_TEXTURE_2D, tex, 0);
	if (!expect(glCheckFramebufferStatus(GL_FRAMEBUFFER) ==
			    GL_FRAMEBUFFER_COMPLETE,
		    "imported image not renderable"))
		return false;
	glViewport(0, 0, W, H);
	glClearColor(rgba[0] / 255.0f, rgba[1] / 255.0f, rgba[2] / 255.0f, 1);
	glClear(GL_COLOR_BUFFER_BIT);
	if (!expect(t.attach_sync(t.egl.dpy, m.image, EGL_NO_SYNC,
				  EGL_WRITE_BIT_SHAREDBUF),
		    "attach: 0x%x", eglGetError()))
		return false;
	if (!expect(pipe(ready) == 0 && pipe(go) == 0, "pipe"))
		return false;
	pid_t pid = watcher(m.buf.fd, false, rgba, ready, go);
	if (!expect(read(ready[0], &c, 1) == 1 && write(go[1], "g", 1) == 1,
		    "sync"))
		return false;
	int code = reap(pid);
	close(ready[0]), close(ready[1]), close(go[0]), close(go[1]);
	glBindFramebuffer(GL_FRAMEBUFFER, 0);
	glDeleteFramebuffers(1, &fbo);
	glDeleteTextures(1, &tex);
	img_finish(&m);
	if (!expect(code == 0, "the other process saw code %d", code))
		return false;
	return true;
}

/* A pending fence (vgem's, on a scratch buffer) attached to an image
 * through a sync: another process sees the image pending until the fence
 * signals. On kernels without IMPORT_SYNC_FILE the attach waits instead. */
static bool attach_pending(void)
{
	struct img m = {0}, scratch = {0};
	int ready[2], go[2];
	uint32_t fence;
	char c;

	if (!expect(img_init(&m, 1) && img_init(&scratch, 3), "import"))
		return false;
	if (!expect(sb_test_vgem_fence_attach(t.vgem, scratch.buf.fd, true,
					      &fence),
		    "vgem fence"))
		return false;
	EGLSync s = t.create_sync(t.egl.dpy, scratch.image,
				  EGL_READ_BIT_SHAREDBUF, NULL);
	if (!expect(s != EGL_NO_SYNC, "create"))
		return false;
	if (t.mode == POLL) {
		struct producer p = {&scratch, fence};
		pthread_t thread;
		int64_t t0 = sb_test_now_ns();

		/* produce() also rewrites scratch: harmless here */
		pthread_create(&thread, NULL, produce, &p);
		if (!expect(t.attach_sync(t.egl.dpy, m.image, s,
					  EGL_WRITE_BIT_SHAREDBUF),
			    "attach: 0x%x", eglGetError()))
			return false;
		pthread_join(thread, NULL);
		if (!expect(sb_test_now_ns() - t0 >= 100 * MS,
			    "attach on the poll path returned before the "
			    "fence"))
			return false;
	} else {
		if (!expect(t.attach_sync(t.egl.dpy, m.image, s,
					  EGL_WRITE_BIT_SHAREDBUF),
			    "attach: 0x%x", eglGetError()))
			return false;
		if (!expect(pipe(ready) == 0 && pipe(go) == 0, "pipe"))
			return false;
		pid_t pid = watcher(m.buf.fd, true, NULL, ready, go);
		if (!expect(read(ready[0], &c, 1) == 1, "sync"))
			return false;
		sb_test_vgem_fence_signal(t.vgem, fence);
		if (!expect(write(go[1], "g", 1) == 1, "sync"))
			return false;
		int code = reap(pid);
		close(ready[0]), close(ready[1]), close(go[0]), close(go[1]);
		if (!expect(code == 0,
			    "the other process saw code %d (1: not "
			    "pending before the signal)",
			    code))
			return false;
	}
	eglDestroySync(t.egl.dpy, s);
	img_finish(&scratch);
	img_finish(&m);
	return true;
}

static bool error_is(EGLint want, const char *what)
{
	EGLint got = eglGetError();

	if (got != want)
		printf("  %s: error 0x%x, want 0x%x\n", what, got, want);
	return got == want;
}

/* Every error of the spec, and no fd left behind by any of them. */
static bool errors(void)
{
	static const EGLAttrib attribs[] = {EGL_SYNC_STATUS, 0, EGL_NONE};
	EGLDisplay dpy = t.egl.dpy;
	struct img m = {0};
	bool ok = true;

	if (!expect(img_init(&m, 1), "import"))
		return false;
	int fds = piglit_count_fds();

	ok &= !t.create_sync(dpy, m.image, 0, NULL) &&
	      error_is(EGL_BAD_PARAMETER, "create, access 0");
	ok &= !t.create_sync(dpy, m.image, 4, NULL) &&
	      error_is(EGL_BAD_PARAMETER, "create, access 4");
	ok &= !t.create_sync(dpy, (EGLImage)0x1234, 1, NULL) &&
	      error_is(EGL_BAD_PARAMETER, "create, unknown image");
	ok &= !t.create_sync(dpy, m.image, 1, attribs) &&
	      error_is(EGL_BAD_ATTRIBUTE, "create, attributes");
	ok &= !t.create_sync((EGLDisplay)0x4321, m.image, 1, NULL) &&
	      error_is(EGL_BAD_DISPLAY, "create, bad display");
	ok &= !t.attach_sync(dpy, m.image, EGL_NO_SYNC, 0) &&
	      error_is(EGL_BAD_PARAMETER, "attach, access 0");
	ok &= !t.attach_sync(dpy, (EGLImage)0x1234, EGL_NO_SYNC, 1) &&
	      error_is(EGL_BAD_PARAMETER, "attach, unknown image");
	ok &= !t.attach_sync((EGLDisplay)0x4321, m.image, EGL_NO_SYNC, 1) &&
	      error_is(EGL_BAD_DISPLAY, "attach, bad display");

	EGLSync fence = eglCreateSync(dpy, EGL_SYNC_FENCE, NULL);
	ok &= !t.attach_sync(dpy, m.image, fence, 1) &&
	      error_is(EGL_BAD_MATCH, "attach, fence sync without fd");
	eglDestroySync(dpy, fence);

	eglMakeCurrent(dpy, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
	ok &= !t.attach_sync(dpy, m.image, EGL_NO_SYNC, 1) &&
	      error_is(EGL_BAD_MATCH, "attach EGL_NO_SYNC, no context");
	/* With no context the layer makes its own sync, in every mode. */
	EGLSync s = t.create_sync(dpy, m.image, 1, NULL);
	ok &= s != EGL_NO_SYNC && layer_syncs() == 1;
	/* Through eglGetProcAddress: epoxy resolves by the current display,
	 * and none is current here. */
	PFNEGLSIGNALSYNCKHRPROC signal =
		(PFNEGLSIGNALSYNCKHRPROC)eglGetProcAddress("eglSignalSyncKHR");
	if (signal && epoxy_has_egl_extension(dpy, "EGL_KHR_reusable_sync"))
		ok &= !signal(dpy, s, EGL_SIGNALED) &&
		      error_is(EGL_BAD_MATCH, "eglSignalSyncKHR on a layer "
					      "sync");
	eglDestroySync(dpy, s);
	eglMakeCurrent(dpy, EGL_NO_SURFACE, EGL_NO_SURFACE, t.egl.ctx);

	if (!expect(piglit_count_fds() == fds, "errors leaked %d fds",
		    piglit_count_fds() - fds))
		return false;
	img_finish(&m);
	return ok;
}

static const struct sb_test_case cases[] = {
	{"pending-write", pending_write},
	{"pending-read", pending_read},
	{"times-out", times_out},
	{"wait-then-draw", wait_then_draw},
	{"attach-rendering", attach_rendering},
	{"attach-pending", attach_pending},
	{"errors", errors},
};

static enum mode mode_from_env(void)
{
	const char *path = getenv("SHAREDBUF_FENCE_PATH");
	const char *drv = getenv("SHAREDBUF_DRIVER_FENCES");

	if (path && strcmp(path, "poll") == 0)
		return POLL;
	return drv && strcmp(drv, "0") == 0 ? LAYER : NATIVE;
}

/* The cases on one exporter (@only: the one named CASE, or NULL); true
 * if each passed. */
static bool run_exporter(int exp, void *only)
{
	int failed, ran = 0;

	t.exp = (enum sharedbuf_exporter)exp;
	failed = sb_test_run_cases(cases, sizeof(cases) / sizeof(cases[0]),
				   only, &ran);
	printf("%s: %d of %d cases failed\n", sb_test_exporter_name(exp),
	       failed, ran);
	return !failed && ran;
}

/* image-fence all|EXPORTER [CASE] (sb_test_exporters_arg) */
int main(int argc, char **argv)
{
	const char *failed;
	int first, last, r;
	char why[256];

	sb_test_exporters_main(argc, argv, "[CASE]", &first, &last);
	t.mode = mode_from_env();
	t.vgem = sb_test_vgem_open();
	if (t.vgem < 0)
		piglit_skip("no vgem: its fences stand in for a busy GPU");
	if (!sb_test_egl_init(&t.egl, why, sizeof(why)))
		piglit_fail("EGL: %s", why);
	if (!epoxy_has_egl_extension(t.egl.dpy, "EGL_SHAREDBUF_image_fence"))
		piglit_fail("EGL_SHAREDBUF_image_fence not advertised");
	t.create_sync = (PFNEGLCREATEIMAGESYNCSHAREDBUFPROC)eglGetProcAddress(
		"eglCreateImageSyncSHAREDBUF");
	t.attach_sync = (PFNEGLIMAGEATTACHSYNCSHAREDBUFPROC)eglGetProcAddress(
		"eglImageAttachSyncSHAREDBUF");
	if (!t.create_sync || !t.attach_sync)
		piglit_fail("eglGetProcAddress gave no entry point");
	r = sb_test_each_exporter(first, last, run_exporter,
				  argc > 2 ? argv[2] : NULL, &failed);
	sb_test_egl_finish(&t.egl);
	sb_test_vgem_close(t.vgem);
	if (r == PIGLIT_FAIL)
		piglit_fail("%s failed (and any other FAIL above)", failed);
	if (r == PIGLIT_SKIP)
		piglit_skip("none of the exporters is here: the guest has them "
			    "(make check)");
	piglit_report_result(PIGLIT_PASS);
}
