/* SPDX-License-Identifier: MIT */
/*
 * image-cpu-threads: two threads, each with its own GLES 2 context on one
 * display, lock, write, sample and render the same two dma-buf images at
 * once, and make and destroy image syncs meanwhile.
 *
 * specs/EGL_SHAREDBUF_image_cpu_access.txt:
 *   "If the plane is already locked, EGL_FALSE is returned and
 *    EGL_BAD_ACCESS is generated."
 *   "[...] within the process a plane cannot be locked twice at once"
 *
 * Each round both threads start together (a barrier) and both write-lock
 * the same image: one holds it and yields, so the other's attempt meets
 * the held plane and must fail with EGL_BAD_ACCESS and retry, never
 * crash, hang or get in. The CPU writes only the image's lower half
 * (memory rows H/2..H-1); GL renders only into its upper half, so the
 * holder can check that its half holds only its own writes. Meanwhile
 * both make, wait on and destroy image syncs: their own, one both wait on
 * at once, and ones handed from one thread to the other. Built with
 * -Db_sanitize=thread (make check's build-tsan), ThreadSanitizer checks
 * the layer's own code on these paths.
 *
 * meson runs it with SHAREDBUF_DRIVER_FENCES=0 (tests/piglit/meson.build):
 * Mesa 25.0.7's llvmpipe crashes making a native fence in one context
 * while another draws, which the layer's barrier would otherwise do here.
 *
 * usage: image-cpu-threads udmabuf|heap|vgem
 */
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <drm_fourcc.h>

#include "egl_env.h" /* epoxy first: it replaces EGL/egl.h */
#include "EGL/eglext_sharedbuf.h"
#include "check.h"
#include "piglit.h"
#include "sharedbuf/sharedbuf.h"

#define W	64
#define H	64
#define THREADS 2
#define ROUNDS	200
#define NS	1000000000ll
/* Generous: TSan and qemu's TCG each slow the guest down several times. */
#define LOCK_TIMEOUT_NS (5 * NS)
#define RETRY_NS	(60 * NS)

/* The red channel of each CPU writer's pixels: who wrote them. */
#define TAG_MAIN 0x40
#define TAG(id)	 (0x80 + 0x40 * (id))

static struct {
	struct sb_test_egl egl;
	struct sharedbuf_buffer buf[2];
	EGLImage image[2];
	PFNEGLLOCKIMAGESHAREDBUFPROC lock;
	PFNEGLUNLOCKIMAGESHAREDBUFPROC unlock;
	PFNEGLCREATEIMAGESYNCSHAREDBUFPROC create_sync;
	PFNEGLIMAGEATTACHSYNCSHAREDBUFPROC attach_sync;
	pthread_barrier_t phase; /* the workers and main, between phases */
	pthread_barrier_t round; /* the workers, at each round's start */
	atomic_bool stop;	 /* a worker failed: the others idle on */
	atomic_int holders[2];	 /* threads inside each image's CPU lock */
	/* A layer sync one thread made, for the other to wait on and
	 * destroy: layer syncs cross threads as applications pass them. */
	_Atomic(EGLSync) mailbox;
	/* The sync both workers wait on in round i is shared[i % 2] (see
	 * round_of()); the barriers order its creation, the waits and its
	 * destruction. */
	EGLSync shared[2];
} s;

struct worker {
	int id;
	pthread_t thread;
	EGLContext ctx;
	GLuint prog;
	GLuint tex[2];	/* the images, in this context */
	GLuint into[2]; /* FBOs rendering into the images */
	struct sb_test_target target;
	bool failed;
	char why[256];
	int locks, refused, renders, syncs, passed;
};

/* Records @w's first failure and stops every worker's work; false. */
__attribute__((format(printf, 2, 3))) static bool wfail(struct worker *w,
							const char *fmt, ...)
{
	va_list ap;

	if (!w->failed) {
		va_start(ap, fmt);
		vsnprintf(w->why, sizeof(w->why), fmt, ap);
		va_end(ap);
		w->failed = true;
	}
	atomic_store(&s.stop, true);
	return false;
}

static uint32_t pixel(uint32_t tag, int round)
{
	return 0xff000000u | tag << 16 | ((uint32_t)round & 0xffff);
}

static bool known_tag(uint8_t tag)
{
	return tag == TAG_MAIN || tag == TAG(0) || tag == TAG(1);
}

/* sb_test_draw() builds one program per process for one context; each
 * worker here has its own context, so its own program. */
static GLuint compile(GLenum type, const char *src)
{
	GLuint sh = glCreateShader(type);
	GLint ok = 0;

	glShaderSource(sh, 1, &src, NULL);
	glCompileShader(sh);
	glGetShaderiv(sh, GL_COMPILE_STATUS, &ok);
	if (!ok) {
		glDeleteShader(sh);
		return 0;
	}
	return sh;
}

static GLuint program(void)
{
	static const char vs[] =
		"attribute vec2 pos;\n"
		"varying vec2 uv;\n"
		"void main() {\n"
		"	uv = pos;\n"
		"	gl_Position = vec4(pos * 2.0 - 1.0, 0.0, 1.0);\n"
		"}\n";
	static const char fs[] = "precision mediump float;\n"
				 "uniform sampler2D tex;\n"
				 "varying vec2 uv;\n"
				 "void main() {\n"
				 "	gl_FragColor = texture2D(tex, uv);\n"
				 "}\n";
	GLuint v = compile(GL_VERTEX_SHADER, vs);
	GLuint f = compile(GL_FRAGMENT_SHADER, fs);
	GLuint p = 0;
	GLint ok = 0;

	if (v && f) {
		p = glCreateProgram();
		glAttachShader(p, v);
		glAttachShader(p, f);
		glBindAttribLocation(p, 0, "pos");
		glLinkProgram(p);
		glGetProgramiv(p, GL_LINK_STATUS, &ok);
		if (!ok) {
			glDeleteProgram(p);
			p = 0;
		}
	}
	glDeleteShader(v);
	glDeleteShader(f);
	return p;
}

/* Draws @tex over rows @y0..@y0+@h-1 of @fbo (memory order, as in
 * sb_test_draw()). The scissor keeps every pixel inside those rows. */
static bool draw(const struct worker *w, GLuint tex, GLuint fbo, int y0, int h)
{
	static const GLfloat quad[] = {0, 0, 1, 0, 0, 1, 1, 1};

	while (glGetError() != GL_NO_ERROR)
		; /* stale errors are not this call's */
	glBindFramebuffer(GL_FRAMEBUFFER, fbo);
	glViewport(0, y0, W, h);
	glScissor(0, y0, W, h);
	glEnable(GL_SCISSOR_TEST);
	glUseProgram(w->prog);
	glActiveTexture(GL_TEXTURE0);
	glBindTexture(GL_TEXTURE_2D, tex);
	glBindBuffer(GL_ARRAY_BUFFER, 0);
	glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 0, quad);
	glEnableVertexAttribArray(0);
	glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
	glDisableVertexAttribArray(0);
	glDisable(GL_SCISSOR_TEST);
	return glGetError() == GL_NO_ERROR;
}

/* Write-locks image @j, retrying while the other thread holds it. */
static bool lock_write(struct worker *w, int j, uint32_t **data, EGLint *stride)
{
	const EGLAttrib attribs[] = {
		EGL_LOCK_USAGE_SHAREDBUF,
		EGL_WRITE_BIT_SHAREDBUF,
		EGL_LOCK_TIMEOUT_NS_SHAREDBUF,
		LOCK_TIMEOUT_NS,
		EGL_NONE,
	};
	int64_t give_up = sb_test_now_ns() + RETRY_NS;

	for (;;) {
		if (s.lock(s.egl.dpy, s.image[j], attribs, (void **)data,
			   stride))
			return true;
		EGLint err = eglGetError();

		if (err != EGL_BAD_ACCESS)
			return wfail(w, "lock image %d: error 0x%x", j, err);
		w->refused++;
		if (sb_test_now_ns() > give_up)
			return wfail(w,
				     "image %d still locked after %lld s: "
				     "a lock was never released",
				     j, RETRY_NS / NS);
		sched_yield(); /* the holder's turn */
	}
}

static bool unlock(struct worker *w, int j)
{
	EGLint release = -2;

	if (!s.unlock(s.egl.dpy, s.image[j], 0, &release))
		return wfail(w, "unlock image %d: error 0x%x", j,
			     eglGetError());
	if (release >= 0)
		close(release);
	if (release != -1) /* CPU writes are visible at once */
		return wfail(w, "unlock image %d: release fence %d", j,
			     release);
	return true;
}

/* Locks image @j, fills its lower half, lets the other thread try the
 * lock, and checks that no one else wrote there meanwhile. */
static bool cpu_write(struct worker *w, int j, int round)
{
	const uint32_t v = pixel(TAG(w->id), round);
	uint32_t *data;
	EGLint stride;
	int bad = 0;

	if (!lock_write(w, j, &data, &stride))
		return false;
	if (stride != (EGLint)s.buf[j].pitch)
		return wfail(w, "stride %d, pitch %u", stride, s.buf[j].pitch);
	int inside = atomic_fetch_add(&s.holders[j], 1);

	for (int y = H / 2; y < H; y++) {
		uint32_t *row = (uint32_t *)((uint8_t *)data + y * stride);

		for (int x = 0; x < W; x++)
			row[x] = v;
	}
	sched_yield(); /* the other thread tries the held plane now */
	for (int y = H / 2; y < H; y++) {
		const uint32_t *row =
			(const uint32_t *)((uint8_t *)data + y * stride);

		for (int x = 0; x < W; x++)
			bad += row[x] != v;
	}
	atomic_fetch_sub(&s.holders[j], 1); /* before the unlock */
	if (inside)
		return wfail(w, "image %d locked by two threads at once", j);
	if (bad)
		return wfail(w, "image %d: %d pixels changed under the lock", j,
			     bad);
	w->locks++;
	return unlock(w, j);
}

/* Samples image @j into the worker's own target: its lower half holds
 * pixels some CPU writer wrote, whole or torn, never anything else. */
static bool sample(struct worker *w, int j)
{
	uint8_t *px;
	int bad = 0;

	if (!draw(w, w->tex[j], w->target.fbo, 0, H))
		return wfail(w, "sample image %d: GL error", j);
	px = sb_test_target_read(&w->target);
	if (!px)
		return wfail(w, "read back: GL error");
	for (int i = W * H / 2; i < W * H; i++)
		bad += !known_tag(px[4 * i]) || px[4 * i + 3] != 0xff;
	free(px);
	if (bad)
		return wfail(w, "image %d: %d sampled pixels no writer wrote",
			     j, bad);
	return true;
}

/* GL renders into image @j's upper half; its work becomes a write fence
 * on the image's dma-buf. */
static bool render_into(struct worker *w, int j)
{
	if (!draw(w, w->tex[!j], w->into[j], 0, H / 2))
		return wfail(w, "render into image %d: GL error", j);
	if (!s.attach_sync(s.egl.dpy, s.image[j], EGL_NO_SYNC,
			   EGL_WRITE_BIT_SHAREDBUF))
		return wfail(w, "attach to image %d: error 0x%x", j,
			     eglGetError());
	w->renders++;
	return true;
}

/* An image sync: made, waited for (the work before it is done or
 * fenced, so it signals), destroyed. */
static bool image_sync(struct worker *w, int j, EGLint access)
{
	EGLSync sync = s.create_sync(s.egl.dpy, s.image[j], access, NULL);
	EGLint r;

	if (sync == EGL_NO_SYNC)
		return wfail(w, "image sync on image %d: error 0x%x", j,
			     eglGetError());
	r = eglClientWaitSync(s.egl.dpy, sync, EGL_SYNC_FLUSH_COMMANDS_BIT,
			      LOCK_TIMEOUT_NS);
	if (!eglDestroySync(s.egl.dpy, sync))
		return wfail(w, "destroy image sync: error 0x%x",
			     eglGetError());
	if (r != EGL_CONDITION_SATISFIED)
		return wfail(w, "wait on image sync: 0x%x, error 0x%x", r,
			     eglGetError());
	w->syncs++;
	return true;
}

/* Waits on and destroys a sync another thread made. */
static bool finish_passed(struct worker *w, EGLSync sync)
{
	EGLint r;

	if (sync == EGL_NO_SYNC)
		return true;
	r = eglClientWaitSync(s.egl.dpy, sync, 0, LOCK_TIMEOUT_NS);
	if (!eglDestroySync(s.egl.dpy, sync))
		return wfail(w, "destroy a passed sync: error 0x%x",
			     eglGetError());
	if (r != EGL_CONDITION_SATISFIED)
		return wfail(w, "wait on a passed sync: 0x%x", r);
	w->passed++;
	return true;
}

/* With no context current the image sync is the layer's own: one goes
 * into the mailbox, the one found there is finished by this thread. */
static bool pass_layer_sync(struct worker *w, int j)
{
	EGLSync sync;

	if (!eglMakeCurrent(s.egl.dpy, EGL_NO_SURFACE, EGL_NO_SURFACE,
			    EGL_NO_CONTEXT))
		return wfail(w, "release the context: 0x%x", eglGetError());
	sync = s.create_sync(s.egl.dpy, s.image[j], EGL_READ_BIT_SHAREDBUF,
			     NULL);
	if (sync == EGL_NO_SYNC)
		return wfail(w, "layer sync on image %d: error 0x%x", j,
			     eglGetError());
	if (!finish_passed(w, atomic_exchange(&s.mailbox, sync)))
		return false;
	if (!eglMakeCurrent(s.egl.dpy, EGL_NO_SURFACE, EGL_NO_SURFACE, w->ctx))
		return wfail(w, "make the context current again: 0x%x",
			     eglGetError());
	return true;
}

/* The shared sync of slot @k: made by this worker, for a later round. */
static bool make_shared(struct worker *w, int k)
{
	s.shared[k] = s.create_sync(s.egl.dpy, s.image[k],
				    EGL_READ_BIT_SHAREDBUF, NULL);
	if (s.shared[k] == EGL_NO_SYNC)
		return wfail(w, "shared sync: error 0x%x", eglGetError());
	return true;
}

static bool drop_shared(struct worker *w, int k)
{
	EGLSync sync = s.shared[k];

	s.shared[k] = EGL_NO_SYNC;
	if (sync != EGL_NO_SYNC && !eglDestroySync(s.egl.dpy, sync))
		return wfail(w, "destroy shared sync: error 0x%x",
			     eglGetError());
	return true;
}

/* Both workers wait on one sync at once, first thing in the round: the
 * layer's references to it are taken and dropped by two threads. */
static bool wait_shared(struct worker *w, int k)
{
	EGLint r =
		eglClientWaitSync(s.egl.dpy, s.shared[k], 0, LOCK_TIMEOUT_NS);

	/* The other worker's wait now, before this one makes another EGL
	 * call: every call takes locks of glvnd's and Mesa's, which would
	 * order the two waits for ThreadSanitizer even if the layer did
	 * not. */
	sched_yield();
	if (r != EGL_CONDITION_SATISFIED)
		return wfail(w, "wait on the shared sync: 0x%x, error 0x%x", r,
			     eglGetError());
	return true;
}

/* Round @i. Its keeper (worker i % 2) destroys the shared sync of round
 * i - 1, which both waited on before this round's barrier, and makes the
 * one of round i + 1, which both wait on after the next barrier. */
static bool round_of(struct worker *w, int i)
{
	const int j = i % 2; /* both threads lock the same image */
	const bool keeper = w->id == j;

	return (!keeper || drop_shared(w, !j)) && wait_shared(w, j) &&
	       cpu_write(w, j, i) && sample(w, !j) &&
	       ((i + w->id) % 3 || render_into(w, !j)) &&
	       image_sync(w, j,
			  i % 2 ? EGL_READ_BIT_SHAREDBUF
				: EGL_WRITE_BIT_SHAREDBUF) &&
	       ((i + w->id) % 4 || pass_layer_sync(w, i / 4 % 2)) &&
	       (!keeper || make_shared(w, !j));
}

/* The worker's context and GL objects, and a first use of each kind of
 * call: the driver opens what it keeps (llvmpipe's JIT memory, its fence
 * state) at the first one, and the fd count must not count those. */
static bool setup(struct worker *w)
{
	static const EGLint attribs[] = {EGL_CONTEXT_CLIENT_VERSION, 2,
					 EGL_NONE};
	static const float clear[4] = {0, 0, 0, 0};

	/* The bound API is per thread. */
	if (!eglBindAPI(EGL_OPENGL_ES_API))
		return wfail(w, "eglBindAPI: 0x%x", eglGetError());
	w->ctx = eglCreateContext(s.egl.dpy, EGL_NO_CONFIG_KHR, EGL_NO_CONTEXT,
				  attribs);
	if (w->ctx == EGL_NO_CONTEXT)
		return wfail(w, "eglCreateContext: 0x%x", eglGetError());
	if (!eglMakeCurrent(s.egl.dpy, EGL_NO_SURFACE, EGL_NO_SURFACE, w->ctx))
		return wfail(w, "eglMakeCurrent: 0x%x", eglGetError());
	w->prog = program();
	if (!w->prog)
		return wfail(w, "shader program");
	if (!sb_test_target_init(&w->target, W, H, clear))
		return wfail(w, "target FBO");
	for (int j = 0; j < 2; j++) {
		w->tex[j] = sb_test_texture_from_image(s.image[j]);
		if (!w->tex[j])
			return wfail(w, "texture from image %d", j);
		glGenFramebuffers(1, &w->into[j]);
		glBindFramebuffer(GL_FRAMEBUFFER, w->into[j]);
		glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0,
				       GL_TEXTURE_2D, w->tex[j], 0);
		if (glCheckFramebufferStatus(GL_FRAMEBUFFER) !=
		    GL_FRAMEBUFFER_COMPLETE)
			return wfail(w, "image %d is no render target", j);
	}
	for (int j = 0; j < 2; j++) {
		if (!sample(w, j) || !render_into(w, j) ||
		    !image_sync(w, j, EGL_WRITE_BIT_SHAREDBUF))
			return false;
	}
	glFinish();
	w->renders = w->syncs = 0;
	return true;
}

static void teardown(struct worker *w)
{
	if (w->ctx == EGL_NO_CONTEXT)
		return;
	if (eglMakeCurrent(s.egl.dpy, EGL_NO_SURFACE, EGL_NO_SURFACE, w->ctx)) {
		sb_test_target_finish(&w->target);
		glDeleteFramebuffers(2, w->into);
		glDeleteTextures(2, w->tex);
		glDeleteProgram(w->prog);
		glFinish();
	}
	eglMakeCurrent(s.egl.dpy, EGL_NO_SURFACE, EGL_NO_SURFACE,
		       EGL_NO_CONTEXT);
	eglDestroyContext(s.egl.dpy, w->ctx);
	eglReleaseThread();
}

static void *work(void *arg)
{
	struct worker *w = arg;

	setup(w);
	pthread_barrier_wait(&s.phase); /* set up: main counts fds */
	pthread_barrier_wait(&s.phase); /* go */
	for (int i = 0; i < ROUNDS; i++) {
		/* Every round, even after a failure: the other worker
		 * waits here too. */
		pthread_barrier_wait(&s.round);
		if (!atomic_load(&s.stop))
			round_of(w, i);
	}
	/* This thread's last sync may be in the mailbox: the other worker
	 * may have finished before it went in. */
	if (!w->failed)
		finish_passed(w, atomic_exchange(&s.mailbox, EGL_NO_SYNC));
	pthread_barrier_wait(&s.phase); /* done: main counts fds */
	pthread_barrier_wait(&s.phase); /* tear down */
	teardown(w);
	return NULL;
}

/* Main, before the workers: fills image @j with TAG_MAIN pixels. The
 * first lock also makes the image's CPU state (its dup, its mapping),
 * which lives as long as the image. */
static void fill_main(int j)
{
	const EGLAttrib attribs[] = {EGL_LOCK_USAGE_SHAREDBUF,
				     EGL_WRITE_BIT_SHAREDBUF, EGL_NONE};
	uint32_t *data;
	EGLint stride;

	if (!s.lock(s.egl.dpy, s.image[j], attribs, (void **)&data, &stride))
		piglit_fail("lock image %d: 0x%x", j, eglGetError());
	for (int y = 0; y < H; y++) {
		uint32_t *row = (uint32_t *)((uint8_t *)data + y * stride);

		for (int x = 0; x < W; x++)
			row[x] = pixel(TAG_MAIN, 0);
	}
	if (!s.unlock(s.egl.dpy, s.image[j], 0, NULL))
		piglit_fail("unlock image %d: 0x%x", j, eglGetError());
}

/* Main, after the workers: image @j's lower half is one whole frame of
 * the last worker that held it (torn frames mean two writers at once). */
static bool check_last_frame(int j)
{
	const EGLAttrib attribs[] = {EGL_LOCK_USAGE_SHAREDBUF,
				     EGL_READ_BIT_SHAREDBUF, EGL_NONE};
	uint32_t *data, first;
	EGLint stride;
	int bad = 0;

	if (!s.lock(s.egl.dpy, s.image[j], attribs, (void **)&data, &stride)) {
		printf("read-lock image %d: 0x%x\n", j, eglGetError());
		return false;
	}
	first = *(uint32_t *)((uint8_t *)data + H / 2 * stride);
	for (int y = H / 2; y < H; y++) {
		const uint32_t *row =
			(const uint32_t *)((uint8_t *)data + y * stride);

		for (int x = 0; x < W; x++)
			bad += row[x] != first;
	}
	s.unlock(s.egl.dpy, s.image[j], 0, NULL);
	if (bad || (first >> 16 & 0xff) == TAG_MAIN ||
	    !known_tag(first >> 16 & 0xff)) {
		printf("image %d: last frame 0x%08x, %d pixels differ\n", j,
		       first, bad);
		return false;
	}
	return true;
}

static void get_procs(void)
{
	if (!epoxy_has_egl_extension(s.egl.dpy,
				     "EGL_SHAREDBUF_image_cpu_access") ||
	    !epoxy_has_egl_extension(s.egl.dpy, "EGL_SHAREDBUF_image_fence"))
		piglit_fail("EGL_SHAREDBUF_image_cpu_access or _image_fence "
			    "not advertised");
	s.lock = (PFNEGLLOCKIMAGESHAREDBUFPROC)eglGetProcAddress(
		"eglLockImageSHAREDBUF");
	s.unlock = (PFNEGLUNLOCKIMAGESHAREDBUFPROC)eglGetProcAddress(
		"eglUnlockImageSHAREDBUF");
	s.create_sync = (PFNEGLCREATEIMAGESYNCSHAREDBUFPROC)eglGetProcAddress(
		"eglCreateImageSyncSHAREDBUF");
	s.attach_sync = (PFNEGLIMAGEATTACHSYNCSHAREDBUFPROC)eglGetProcAddress(
		"eglImageAttachSyncSHAREDBUF");
	if (!s.lock || !s.unlock || !s.create_sync || !s.attach_sync)
		piglit_fail("eglGetProcAddress gave no entry point");
}

int main(int argc, char **argv)
{
	struct sharedbuf_layer_stats before, after;
	struct worker w[THREADS];
	int exp = sb_test_exporter_arg(argc > 1 ? argv[1] : NULL);
	int fds, fds_set_up, failed = 0, refused = 0;
	char why[256];

	if (exp < 0) {
		fprintf(stderr, "usage: %s udmabuf|heap|vgem\n", argv[0]);
		return 2;
	}
	if (!sb_test_exporter_present(exp, why, sizeof(why)))
		piglit_skip("%s", why);
	if (!sb_test_egl_init(&s.egl, why, sizeof(why)))
		piglit_fail("EGL: %s", why);
	get_procs();
	if (!sb_test_warm_up())
		piglit_fail("warm-up draw failed");
	if (!sb_test_layer_stats(&before))
		piglit_fail("the layer is not in the EGL call path");
	fds = piglit_count_fds();

	for (int j = 0; j < 2; j++) {
		if (sharedbuf_buffer_alloc((enum sharedbuf_exporter)exp, W, H,
					   DRM_FORMAT_XRGB8888,
					   &s.buf[j]) != SHAREDBUF_OK)
			piglit_fail("allocate buffer %d", j);
		s.image[j] = sb_test_import(s.egl.dpy, s.buf[j].fd,
					    DRM_FORMAT_XRGB8888, W, H, 0,
					    s.buf[j].pitch);
		if (s.image[j] == EGL_NO_IMAGE)
			piglit_fail("import buffer %d: 0x%x", j, eglGetError());
		fill_main(j);
	}
	pthread_barrier_init(&s.phase, NULL, THREADS + 1);
	pthread_barrier_init(&s.round, NULL, THREADS);
	for (int i = 0; i < THREADS; i++) {
		w[i] = (struct worker){.id = i, .ctx = EGL_NO_CONTEXT};
		if (pthread_create(&w[i].thread, NULL, work, &w[i]))
			piglit_fail("pthread_create");
	}
	int64_t t0 = sb_test_now_ns();

	pthread_barrier_wait(&s.phase); /* set up */
	fds_set_up = piglit_count_fds();
	s.shared[0] = s.create_sync(s.egl.dpy, s.image[0],
				    EGL_READ_BIT_SHAREDBUF, NULL);
	if (s.shared[0] == EGL_NO_SYNC)
		piglit_fail("shared sync: 0x%x", eglGetError());
	pthread_barrier_wait(&s.phase); /* go */
	pthread_barrier_wait(&s.phase); /* done */
	for (int k = 0; k < 2; k++) {
		if (s.shared[k] != EGL_NO_SYNC)
			eglDestroySync(s.egl.dpy, s.shared[k]);
	}
	int fds_done = piglit_count_fds();
	int64_t ms = (sb_test_now_ns() - t0) / 1000000;

	pthread_barrier_wait(&s.phase); /* tear down */
	for (int i = 0; i < THREADS; i++) {
		pthread_join(w[i].thread, NULL);
		printf("thread %d: %d locks, %d refused with EGL_BAD_ACCESS, "
		       "%d renders into images, %d image syncs, "
		       "%d layer syncs from the other thread%s%s\n",
		       i, w[i].locks, w[i].refused, w[i].renders, w[i].syncs,
		       w[i].passed, w[i].failed ? ": FAILED: " : "", w[i].why);
		failed += w[i].failed;
		refused += w[i].refused;
	}
	printf("%d rounds in %lld ms\n", ROUNDS, (long long)ms);
	if (failed)
		piglit_fail("%d of %d threads failed", failed, THREADS);
	/* Without contention the test would prove nothing about it. */
	if (!refused)
		piglit_fail("no lock ever met a held plane");
	if (fds_done != fds_set_up)
		piglit_fail("the rounds leaked fds: %d -> %d", fds_set_up,
			    fds_done);
	for (int j = 0; j < 2; j++) {
		if (!check_last_frame(j))
			piglit_fail("image %d: torn or missing CPU frame", j);
	}
	for (int j = 0; j < 2; j++) {
		eglDestroyImageKHR(s.egl.dpy, s.image[j]);
		sharedbuf_buffer_finish(&s.buf[j]);
	}
	sb_test_warm_up(); /* Mesa lets go of used images lazily */
	sb_test_layer_stats(&after);
	if (after.layer_syncs != 0)
		piglit_fail("%llu layer syncs still alive",
			    (unsigned long long)after.layer_syncs);
	if (after.images_recorded != before.images_recorded ||
	    after.fds_held != before.fds_held)
		piglit_fail("the layer holds %llu images, %llu fds (was %llu, "
			    "%llu)",
			    (unsigned long long)after.images_recorded,
			    (unsigned long long)after.fds_held,
			    (unsigned long long)before.images_recorded,
			    (unsigned long long)before.fds_held);
	if (piglit_count_fds() != fds)
		piglit_fail("fds: %d before, %d after", fds,
			    piglit_count_fds());
	sb_test_egl_finish(&s.egl);
	pthread_barrier_destroy(&s.round);
	pthread_barrier_destroy(&s.phase);
	piglit_report_result(PIGLIT_PASS);
}
