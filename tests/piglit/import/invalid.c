/* SPDX-License-Identifier: MIT */
/*
 * import-invalid: malformed EGL_LINUX_DMA_BUF_EXT imports give the EGL
 * error the spec names, never an image, never a crash, never a leaked fd.
 *
 * EGL_EXT_image_dma_buf_import, errors of eglCreateImageKHR:
 *   "* If <target> is EGL_LINUX_DMA_BUF_EXT, and the list of attributes is
 *      incomplete, EGL_BAD_PARAMETER is generated.
 *    [...]
 *    * If <target> is EGL_LINUX_DMA_BUF_EXT and one or more of the values
 *      specified for a plane's pitch or offset isn't supported by EGL,
 *      EGL_BAD_ACCESS is generated."
 * and sharedbuf's own checks (specs/SHAREDBUF_strict_dma_buf_import.txt): the
 * fd is an open dma-buf, every plane fits inside it, nothing overflows.
 *
 * usage: import-invalid test|report EXPORTER [CASE]
 *   test    through the layer: every case must raise its error (piglit)
 *   report  on any vendor (bare Mesa): a table of what each case does,
 *           drawing what is accepted; never fails
 * Each case runs in a child forked after EGL set-up, so a crash is a
 * verdict, not the end of the run (LP_NUM_THREADS=0 makes llvmpipe
 * fork-safe).
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include <drm_fourcc.h>

#include "attr_list.h"
#include "egl_env.h"
#include "check.h"
#include "piglit.h"
#include "sharedbuf/sharedbuf.h"

#define W 64
#define H 64

/* What a case gets to build its list from. */
struct env {
	struct sharedbuf_buffer buf; /* W x H XRGB8888, pitch P, size S */
	int closed_fd, pipe_fd, memfd, file_fd, null_fd, path_fd;
};

struct bad_case {
	const char *name;
	EGLint want;
	void (*edit)(struct attr_list *a, const struct env *e);
	uint32_t needs_format; /* skipped unless the driver lists it */
	unsigned flags;
};

#define WIDE	   (1u << 0) /* eglCreateImage with EGLAttrib */
#define BUFFER	   (1u << 1) /* pass a non-NULL EGLClientBuffer */
#define NEEDS_MODS (1u << 2) /* needs ..._import_modifiers */

#define P(e) ((EGLAttrib)(e)->buf.pitch)
#define S(e) ((EGLAttrib)(e)->buf.size)

/* Each edit turns the valid XRGB8888 list into one malformed list. */
#define EDIT(fn, body)                                           \
	static void fn(struct attr_list *a, const struct env *e) \
	{                                                        \
		(void)e;                                         \
		body;                                            \
	}

EDIT(fd_closed, attr_set(a, EGL_DMA_BUF_PLANE0_FD_EXT, e->closed_fd))
EDIT(fd_minus_one, attr_set(a, EGL_DMA_BUF_PLANE0_FD_EXT, -1))
EDIT(fd_pipe, attr_set(a, EGL_DMA_BUF_PLANE0_FD_EXT, e->pipe_fd))
EDIT(fd_memfd, attr_set(a, EGL_DMA_BUF_PLANE0_FD_EXT, e->memfd))
EDIT(fd_file, attr_set(a, EGL_DMA_BUF_PLANE0_FD_EXT, e->file_fd))
EDIT(fd_dev_null, attr_set(a, EGL_DMA_BUF_PLANE0_FD_EXT, e->null_fd))
/* the dma-buf itself, opened O_PATH: fstat() and fstatfs() work on it
 * (the dma-buf's device, size and magic), nothing else does */
EDIT(fd_o_path, attr_set(a, EGL_DMA_BUF_PLANE0_FD_EXT, e->path_fd))
EDIT(fd_int_max, attr_set(a, EGL_DMA_BUF_PLANE0_FD_EXT, 0x7fffffff))
EDIT(offset_at_end, attr_set(a, EGL_DMA_BUF_PLANE0_OFFSET_EXT, S(e)))
EDIT(offset_one_row,
     attr_set(a, EGL_DMA_BUF_PLANE0_OFFSET_EXT, S(e) - P(e) * (H - 1)))
EDIT(offset_one_byte_far, attr_set(a, EGL_DMA_BUF_PLANE0_OFFSET_EXT,
				   S(e) - P(e) * (H - 1) - W * 4 + 1))
EDIT(offset_negative, attr_set(a, EGL_DMA_BUF_PLANE0_OFFSET_EXT, -4096))
EDIT(offset_int_max, attr_set(a, EGL_DMA_BUF_PLANE0_OFFSET_EXT, 0x7fffffff))
EDIT(offset_wide_2_32,
     attr_set(a, EGL_DMA_BUF_PLANE0_OFFSET_EXT, (EGLAttrib)1 << 32))
EDIT(height_one_row_too_many, attr_set(a, EGL_HEIGHT, S(e) / P(e) + 1))
EDIT(pitch_double, attr_set(a, EGL_DMA_BUF_PLANE0_PITCH_EXT, P(e) * 2))
EDIT(pitch_below_width, attr_set(a, EGL_DMA_BUF_PLANE0_PITCH_EXT, W * 4 - 4))
EDIT(width_past_pitch, attr_set(a, EGL_WIDTH, P(e) / 4 + 1))
EDIT(pitch_zero, attr_set(a, EGL_DMA_BUF_PLANE0_PITCH_EXT, 0))
EDIT(pitch_negative, attr_set(a, EGL_DMA_BUF_PLANE0_PITCH_EXT, -P(e)))
EDIT(pitch_int_max, attr_set(a, EGL_DMA_BUF_PLANE0_PITCH_EXT, 0x7fffffff))
EDIT(pitch_times_height_2_32, {
	attr_set(a, EGL_DMA_BUF_PLANE0_PITCH_EXT, 0x40000000);
	attr_set(a, EGL_HEIGHT, 5);
})
EDIT(height_int_max, attr_set(a, EGL_HEIGHT, 0x7fffffff))
EDIT(width_int_max, attr_set(a, EGL_WIDTH, 0x7fffffff))
EDIT(width_zero, attr_set(a, EGL_WIDTH, 0))
EDIT(height_zero, attr_set(a, EGL_HEIGHT, 0))
EDIT(width_negative, attr_set(a, EGL_WIDTH, -W))
EDIT(height_negative, attr_set(a, EGL_HEIGHT, -H))
EDIT(missing_width, attr_del(a, EGL_WIDTH))
EDIT(missing_height, attr_del(a, EGL_HEIGHT))
EDIT(missing_fourcc, attr_del(a, EGL_LINUX_DRM_FOURCC_EXT))
EDIT(missing_fd, attr_del(a, EGL_DMA_BUF_PLANE0_FD_EXT))
EDIT(missing_offset, attr_del(a, EGL_DMA_BUF_PLANE0_OFFSET_EXT))
EDIT(missing_pitch, attr_del(a, EGL_DMA_BUF_PLANE0_PITCH_EXT))
EDIT(duplicate_width, attr_add(a, EGL_WIDTH, W))
EDIT(duplicate_fd, attr_add(a, EGL_DMA_BUF_PLANE0_FD_EXT, e->buf.fd))
EDIT(unknown_attribute, attr_add(a, EGL_TEXTURE_FORMAT, EGL_TEXTURE_RGBA))
EDIT(fourcc_unknown,
     attr_set(a, EGL_LINUX_DRM_FOURCC_EXT, fourcc_code('N', 'O', 'P', 'E')))
EDIT(fourcc_zero, attr_set(a, EGL_LINUX_DRM_FOURCC_EXT, 0))
EDIT(plane1_on_single_plane, {
	attr_add(a, EGL_DMA_BUF_PLANE1_FD_EXT, e->buf.fd);
	attr_add(a, EGL_DMA_BUF_PLANE1_OFFSET_EXT, 0);
	attr_add(a, EGL_DMA_BUF_PLANE1_PITCH_EXT, P(e));
})
EDIT(plane2_offset_only, attr_add(a, EGL_DMA_BUF_PLANE2_OFFSET_EXT, 0))
EDIT(bad_color_space_hint, attr_add(a, EGL_YUV_COLOR_SPACE_HINT_EXT, 1234))
EDIT(bad_range_hint, attr_add(a, EGL_SAMPLE_RANGE_HINT_EXT, 1234))
EDIT(bad_siting_hint,
     attr_add(a, EGL_YUV_CHROMA_VERTICAL_SITING_HINT_EXT, 1234))
EDIT(modifier_lo_only, attr_add(a, EGL_DMA_BUF_PLANE0_MODIFIER_LO_EXT, 0))
EDIT(modifier_hi_only, attr_add(a, EGL_DMA_BUF_PLANE0_MODIFIER_HI_EXT, 0))
EDIT(modifier_unlisted, {
	attr_add(a, EGL_DMA_BUF_PLANE0_MODIFIER_LO_EXT,
		 (EGLint)(I915_FORMAT_MOD_Y_TILED & 0xffffffff));
	attr_add(a, EGL_DMA_BUF_PLANE0_MODIFIER_HI_EXT,
		 (EGLint)(I915_FORMAT_MOD_Y_TILED >> 32));
})
EDIT(buffer_not_null, (void)a)

/* NV12 in the same buffer: Y at 0 (pitch W), CbCr at W * H. */
static void nv12(struct attr_list *a, const struct env *e)
{
	attr_set(a, EGL_LINUX_DRM_FOURCC_EXT, DRM_FORMAT_NV12);
	attr_set(a, EGL_DMA_BUF_PLANE0_PITCH_EXT, W);
	attr_add(a, EGL_DMA_BUF_PLANE1_FD_EXT, e->buf.fd);
	attr_add(a, EGL_DMA_BUF_PLANE1_OFFSET_EXT, W * H);
	attr_add(a, EGL_DMA_BUF_PLANE1_PITCH_EXT, W);
}

EDIT(nv12_missing_plane1, {
	nv12(a, e);
	attr_del(a, EGL_DMA_BUF_PLANE1_FD_EXT);
	attr_del(a, EGL_DMA_BUF_PLANE1_OFFSET_EXT);
	attr_del(a, EGL_DMA_BUF_PLANE1_PITCH_EXT);
})
EDIT(nv12_plane1_past_end, {
	nv12(a, e);
	attr_set(a, EGL_DMA_BUF_PLANE1_OFFSET_EXT, S(e) - W * (H / 2 - 1));
})
EDIT(nv12_plane1_pitch_short, {
	nv12(a, e);
	attr_set(a, EGL_DMA_BUF_PLANE1_PITCH_EXT, W - 2);
})
EDIT(nv12_plane1_not_dmabuf, {
	nv12(a, e);
	attr_set(a, EGL_DMA_BUF_PLANE1_FD_EXT, e->memfd);
})
EDIT(nv12_plane3_given, {
	nv12(a, e);
	attr_add(a, EGL_DMA_BUF_PLANE3_FD_EXT, e->buf.fd);
})

#define BAD(fn, err)                     \
	{                                \
#fn, EGL_##err, fn, 0, 0 \
	}
#define BAD_F(fn, err, flags)                \
	{                                    \
#fn, EGL_##err, fn, 0, flags \
	}
#define BAD_NV12(fn, err, flags)                           \
	{                                                  \
#fn, EGL_##err, fn, DRM_FORMAT_NV12, flags \
	}

static const struct bad_case cases[] = {
	BAD(fd_closed, BAD_PARAMETER),
	BAD(fd_minus_one, BAD_PARAMETER),
	BAD(fd_pipe, BAD_PARAMETER),
	BAD(fd_memfd, BAD_PARAMETER),
	BAD(fd_file, BAD_PARAMETER),
	BAD(fd_dev_null, BAD_PARAMETER),
	BAD(fd_o_path, BAD_PARAMETER),
	BAD(fd_int_max, BAD_PARAMETER),
	BAD(offset_at_end, BAD_ACCESS),
	BAD(offset_one_row, BAD_ACCESS),
	BAD(offset_one_byte_far, BAD_ACCESS),
	BAD(offset_negative, BAD_ACCESS),
	BAD(offset_int_max, BAD_ACCESS),
	BAD_F(offset_wide_2_32, BAD_ACCESS, WIDE),
	BAD(height_one_row_too_many, BAD_ACCESS),
	BAD(pitch_double, BAD_ACCESS),
	BAD(pitch_below_width, BAD_ACCESS),
	BAD(width_past_pitch, BAD_ACCESS),
	BAD(pitch_zero, BAD_ACCESS),
	BAD(pitch_negative, BAD_ACCESS),
	BAD(pitch_int_max, BAD_ACCESS),
	BAD(pitch_times_height_2_32, BAD_ACCESS),
	BAD(height_int_max, BAD_ACCESS),
	BAD(width_int_max, BAD_ACCESS),
	BAD(width_zero, BAD_PARAMETER),
	BAD(height_zero, BAD_PARAMETER),
	BAD(width_negative, BAD_PARAMETER),
	BAD(height_negative, BAD_PARAMETER),
	BAD(missing_width, BAD_PARAMETER),
	BAD(missing_height, BAD_PARAMETER),
	BAD(missing_fourcc, BAD_PARAMETER),
	BAD(missing_fd, BAD_PARAMETER),
	BAD(missing_offset, BAD_PARAMETER),
	BAD(missing_pitch, BAD_PARAMETER),
	BAD(duplicate_width, BAD_PARAMETER),
	BAD_F(duplicate_fd, BAD_PARAMETER, WIDE),
	BAD(unknown_attribute, BAD_PARAMETER),
	BAD(fourcc_unknown, BAD_MATCH),
	BAD(fourcc_zero, BAD_MATCH),
	BAD(plane1_on_single_plane, BAD_ATTRIBUTE),
	BAD(plane2_offset_only, BAD_ATTRIBUTE),
	BAD(bad_color_space_hint, BAD_ATTRIBUTE),
	BAD(bad_range_hint, BAD_ATTRIBUTE),
	BAD(bad_siting_hint, BAD_ATTRIBUTE),
	BAD_F(modifier_lo_only, BAD_PARAMETER, NEEDS_MODS),
	BAD_F(modifier_hi_only, BAD_PARAMETER, NEEDS_MODS),
	BAD_F(modifier_unlisted, BAD_MATCH, NEEDS_MODS),
	BAD_F(buffer_not_null, BAD_PARAMETER, BUFFER),
	BAD(nv12_missing_plane1, BAD_PARAMETER),
	BAD_NV12(nv12_plane1_past_end, BAD_ACCESS, 0),
	BAD_NV12(nv12_plane1_pitch_short, BAD_ACCESS, 0),
	BAD_NV12(nv12_plane1_not_dmabuf, BAD_PARAMETER, 0),
	BAD_NV12(nv12_plane3_given, BAD_ATTRIBUTE, NEEDS_MODS),
};

#define NUM_CASES (int)(sizeof(cases) / sizeof(cases[0]))

/* What a child saw, sent to the parent through a pipe. */
struct outcome {
	bool created;
	bool sampled; /* report mode: an accepted image was drawn */
	EGLint error;
	int fds_before, fds_after;
};

static void base_list(struct attr_list *a, const struct env *e)
{
	attr_init(a);
	attr_add(a, EGL_WIDTH, W);
	attr_add(a, EGL_HEIGHT, H);
	attr_add(a, EGL_LINUX_DRM_FOURCC_EXT, DRM_FORMAT_XRGB8888);
	attr_add(a, EGL_DMA_BUF_PLANE0_FD_EXT, e->buf.fd);
	attr_add(a, EGL_DMA_BUF_PLANE0_OFFSET_EXT, 0);
	attr_add(a, EGL_DMA_BUF_PLANE0_PITCH_EXT, e->buf.pitch);
}

static EGLImage create(EGLDisplay dpy, const struct bad_case *c,
		       const struct attr_list *a)
{
	EGLClientBuffer buffer = c->flags & BUFFER ? (EGLClientBuffer)a : NULL;
	EGLint narrow[ATTR_LIST_MAX];

	if (c->flags & WIDE)
		return eglCreateImage(dpy, EGL_NO_CONTEXT,
				      EGL_LINUX_DMA_BUF_EXT, buffer, a->v);
	attr_narrow(a, narrow);
	return eglCreateImageKHR(dpy, EGL_NO_CONTEXT, EGL_LINUX_DMA_BUF_EXT,
				 buffer, narrow);
}

/* Draws an accepted image: where a driver trusted a bad layout, this is
 * where it reads out of bounds. */
static bool sample(EGLImage img)
{
	static const float clear[4] = {0, 0, 0, 1};
	struct sb_test_target t;
	GLuint tex = sb_test_texture_from_image(img);
	uint8_t *px;

	if (!tex || !sb_test_target_init(&t, W, H, clear))
		return false;
	sb_test_draw(tex, 0, 0, W, H, 1.0f, false, &t);
	px = sb_test_target_read(&t);
	free(px);
	return px != NULL;
}

static void run_child(const struct sb_test_egl *egl, const struct bad_case *c,
		      const struct env *e, bool report, int out)
{
	EGLDisplay dpy = egl->dpy;
	struct outcome o = {0};
	struct attr_list a;
	EGLImage img;

	/* libglvnd drops the current context in a forked child. */
	if (!eglMakeCurrent(dpy, EGL_NO_SURFACE, EGL_NO_SURFACE, egl->ctx))
		_exit(4);
	base_list(&a, e);
	c->edit(&a, e);
	o.fds_before = piglit_count_fds();
	img = create(dpy, c, &a);
	o.error = eglGetError();
	o.created = img != EGL_NO_IMAGE;
	if (o.created) {
		if (report)
			o.sampled = sample(img);
		eglDestroyImage(dpy, img);
	}
	o.fds_after = piglit_count_fds();
	if (write(out, &o, sizeof(o)) != (ssize_t)sizeof(o))
		_exit(3);
	_exit(0);
}

/* Runs case @c in a child; false if it crashed (*@sig = the signal). */
static bool run_case(const struct sb_test_egl *egl, const struct bad_case *c,
		     const struct env *e, bool report, struct outcome *o,
		     int *sig)
{
	int p[2], status;
	pid_t pid;

	if (pipe2(p, O_CLOEXEC) != 0)
		piglit_fail("pipe");
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		close(p[0]);
		run_child(egl, c, e, report, p[1]);
	}
	close(p[1]);
	bool got = read(p[0], o, sizeof(*o)) == (ssize_t)sizeof(*o);
	close(p[0]);
	waitpid(pid, &status, 0);
	*sig = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
	return got && !*sig;
}

static void make_env(struct env *e, enum sharedbuf_exporter exp)
{
	int p[2];
	char path[] = "/tmp/sharedbuf-import-XXXXXX";
	enum sharedbuf_result r =
		sharedbuf_buffer_alloc(exp, W, H, DRM_FORMAT_XRGB8888, &e->buf);

	if (r != SHAREDBUF_OK)
		piglit_fail("allocate from %s: %s",
			    sharedbuf_exporter_name(exp),
			    sharedbuf_result_str(r));
	e->closed_fd = dup(e->buf.fd);
	close(e->closed_fd);
	if (pipe2(p, O_CLOEXEC) != 0)
		piglit_fail("pipe");
	close(p[1]);
	e->pipe_fd = p[0];
	e->memfd = memfd_create("not-a-dmabuf", MFD_CLOEXEC);
	if (e->memfd < 0 || ftruncate(e->memfd, (off_t)e->buf.size) != 0)
		piglit_fail("memfd");
	e->file_fd = mkstemp(path);
	if (e->file_fd < 0 || ftruncate(e->file_fd, (off_t)e->buf.size) != 0)
		piglit_fail("temporary file");
	unlink(path);
	e->null_fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", e->buf.fd);
	e->path_fd = open(path, O_PATH | O_CLOEXEC);
	if (e->path_fd < 0)
		piglit_fail("O_PATH open of the dma-buf");
}

static const char *error_name(EGLint e)
{
	switch (e) {
	case EGL_SUCCESS:
		return "EGL_SUCCESS";
	case EGL_BAD_PARAMETER:
		return "EGL_BAD_PARAMETER";
	case EGL_BAD_ACCESS:
		return "EGL_BAD_ACCESS";
	case EGL_BAD_MATCH:
		return "EGL_BAD_MATCH";
	case EGL_BAD_ATTRIBUTE:
		return "EGL_BAD_ATTRIBUTE";
	case EGL_BAD_ALLOC:
		return "EGL_BAD_ALLOC";
	}
	return "other";
}

/* Why case @c cannot run on this display, or NULL. */
static const char *unsupported(EGLDisplay dpy, const struct bad_case *c)
{
	if ((c->flags & NEEDS_MODS) &&
	    !epoxy_has_egl_extension(dpy,
				     "EGL_EXT_image_dma_buf_import_modifiers"))
		return "no EGL_EXT_image_dma_buf_import_modifiers";
	if (c->needs_format && !sb_test_driver_has_format(dpy, c->needs_format))
		return "the driver lists no NV12";
	return NULL;
}

static const char *verdict(const struct bad_case *c, const struct outcome *o,
			   bool ran, int sig, char *buf, size_t n)
{
	if (!ran)
		snprintf(buf, n, "crashed (signal %d)", sig);
	else if (o->created)
		snprintf(buf, n, "accepted (%s)",
			 o->sampled ? "sampled" : "not sampled");
	else if (o->error != c->want)
		snprintf(buf, n, "%s, want %s", error_name(o->error),
			 error_name(c->want));
	else if (o->fds_after != o->fds_before)
		snprintf(buf, n, "%d fds leaked", o->fds_after - o->fds_before);
	else
		return NULL;
	return buf;
}

int main(int argc, char **argv)
{
	bool report = argc > 1 && strcmp(argv[1], "report") == 0;
	struct sb_test_egl egl;
	struct env e;
	char why[256];
	int failed = 0, ran_cases = 0, exp = -1;

	exp = sb_test_exporter_arg(argc > 2 ? argv[2] : NULL);
	if (argc < 3 || exp < 0 || (!report && strcmp(argv[1], "test"))) {
		fprintf(stderr,
			"usage: %s test|report udmabuf|heap|vgem [CASE]\n",
			argv[0]);
		return 2;
	}
	if (!sb_test_exporter_present(exp, why, sizeof(why)))
		piglit_skip("%s", why);
	make_env(&e, (enum sharedbuf_exporter)exp);
	if (!sb_test_egl_init(&egl, why, sizeof(why)))
		piglit_fail("EGL: %s", why);
	if (!report && !sb_test_layer_stats(&(struct sharedbuf_layer_stats){0}))
		piglit_fail("the layer is not in the EGL call path");
	if (report)
		sample(EGL_NO_IMAGE); /* compile shaders once, before fork */

	for (int i = 0; i < NUM_CASES; i++) {
		const struct bad_case *c = &cases[i];
		const char *skip = unsupported(egl.dpy, c), *bad;
		struct outcome o;
		char buf[128];
		int sig;

		if (argc > 3 && strcmp(argv[3], c->name))
			continue;
		if (skip) {
			printf("%-26s skipped: %s\n", c->name, skip);
			continue;
		}
		bool ran = run_case(&egl, c, &e, report, &o, &sig);
		ran_cases++;
		if (report) {
			printf("| %s | %s | %s |\n", c->name,
			       error_name(c->want),
			       !ran	   ? "**crash**"
			       : o.created ? "**accepted**"
					   : error_name(o.error));
			continue;
		}
		bad = verdict(c, &o, ran, sig, buf, sizeof(buf));
		printf("%-26s %s\n", c->name, bad ? bad : "ok");
		failed += bad != NULL;
	}
	sb_test_egl_finish(&egl);
	if (report)
		piglit_report_result(PIGLIT_PASS);
	if (failed)
		piglit_fail("%d of %d malformed imports misbehaved on %s",
			    failed, ran_cases, argv[2]);
	printf("%d malformed imports refused on %s\n", ran_cases, argv[2]);
	piglit_report_result(ran_cases ? PIGLIT_PASS : PIGLIT_FAIL);
}
