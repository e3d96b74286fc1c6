/* SPDX-License-Identifier: MIT */
/*
 * The camera scene (OUT-camera.png): vivid, the kernel's virtual camera,
 * loaded twice (allocators=0,1: vmalloc buffers, and dma-contig, a
 * contiguous-only importer). For each: the naive choice, a udmabuf queued
 * with V4L2_MEMORY_DMABUF; then sharedbuf's choice for {vivid capture, the
 * EGL display, CPU read} in XRGB8888 and in YUYV. Every frame captured is
 * drawn by GL straight from the dma-buf vivid wrote (no copy), labelled
 * with the exporter chosen and why; a refused buffer is a red panel saying
 * what the kernel answered.
 *
 * Each panel opens vivid afresh and closes it after: closing releases the
 * queue's buffers even while GL still holds one, so the next panel can
 * set another format.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <drm_fourcc.h>

#include "demo.h" /* epoxy first: it replaces EGL/egl.h */
#include "font.h"
#include "gl_external.h"
#include "sharedbuf/alloc.h"
#include "v4l2_util.h"

#define PW     320
#define PH     180
#define COLS   3
#define NBUF   3
#define MARGIN 32
#define GAP    24
#define TOP    64 /* title */
#define LABEL  48 /* three lines of text under a panel */
#define ROW_H  (PH + LABEL + 20)
#define OUT_W  (2 * MARGIN + COLS * PW + (COLS - 1) * GAP)
#define OUT_H  (TOP + 2 * ROW_H + 24)

struct panel {
	bool ok;
	char line[3][160];
};

struct scene {
	EGLDisplay dpy;
	struct sb_test_target target;
	struct sharedbuf_constraints cam, gl, cpu;
	struct panel panels[2][COLS];
	bool have_vivid[2];
};

static int panel_x(int col)
{
	return MARGIN + col * (PW + GAP);
}

static int panel_y(int row)
{
	return TOP + row * ROW_H;
}

static unsigned query_formats(void *dpy, int max, int *formats, int *num)
{
	return eglQueryDmaBufFormatsEXT(dpy, max, formats, num);
}

static unsigned query_modifiers(void *dpy, int format, int max, uint64_t *mods,
				unsigned *ext, int *num)
{
	return eglQueryDmaBufModifiersEXT(dpy, format, max, mods, ext, num);
}

static bool reqbufs(int vfd, uint32_t memory, uint32_t count)
{
	struct v4l2_requestbuffers rb = {.count = count,
					 .type = V4L2_BUF_TYPE_VIDEO_CAPTURE,
					 .memory = memory};

	return ioctl(vfd, VIDIOC_REQBUFS, &rb) == 0 && rb.count >= count;
}

/* Draws the dma-buf @fd (layout @l) into panel (@row, @col). */
static bool draw_frame(struct scene *s, int row, int col, int fd,
		       uint32_t fourcc, uint32_t pitch)
{
	EGLImageKHR img = sb_test_import(s->dpy, fd, fourcc, PW, PH, 0, pitch);
	bool ok = img != EGL_NO_IMAGE_KHR &&
		  sb_test_draw_external(img, panel_x(col), panel_y(row), PW, PH,
					&s->target);

	glFinish(); /* GL has read it before vivid's queue goes */
	if (img != EGL_NO_IMAGE_KHR)
		eglDestroyImageKHR(s->dpy, img);
	return ok;
}

/* The naive choice: three udmabufs queued with V4L2_MEMORY_DMABUF. */
static void naive(struct scene *s, int row, int inst)
{
	struct panel *p = &s->panels[row][0];
	struct sharedbuf_buffer ub[NBUF] = {{.fd = -1}, {.fd = -1}, {.fd = -1}};
	int vfd = sb_test_vivid_open(inst), k = -1, err = 0;
	uint32_t i;

	snprintf(p->line[0], sizeof(p->line[0]), "naive: udmabuf XR24");
	for (i = 0; i < NBUF; i++)
		sb_test_naive_udmabuf(PW, PH, 4, &ub[i]);
	if (vfd < 0 || ub[0].fd < 0 ||
	    !sb_test_v4l2_set_format(vfd, V4L2_PIX_FMT_XBGR32, PW, PH,
				     ub[0].pitch, NULL) ||
	    !reqbufs(vfd, V4L2_MEMORY_DMABUF, NBUF)) {
		snprintf(p->line[1], sizeof(p->line[1]), "set-up failed");
		goto out;
	}
	for (i = 0; i < NBUF && !err; i++) {
		struct v4l2_buffer b = {.type = V4L2_BUF_TYPE_VIDEO_CAPTURE,
					.memory = V4L2_MEMORY_DMABUF,
					.index = i};

		b.m.fd = ub[i].fd;
		if (ioctl(vfd, VIDIOC_QBUF, &b) != 0)
			err = errno;
	}
	if (err) {
		snprintf(p->line[1], sizeof(p->line[1]),
			 "vivid refused it: QBUF %s",
			 err == EFAULT ? "EFAULT" : strerror(err));
		snprintf(p->line[2], sizeof(p->line[2]),
			 "scattered pages, contiguous-only device");
		goto out;
	}
	k = sb_test_v4l2_capture(vfd, V4L2_MEMORY_DMABUF, 1);
	p->ok = k >= 0 && draw_frame(s, row, 0, ub[k].fd, DRM_FORMAT_XRGB8888,
				     ub[k].pitch);
	snprintf(p->line[1], sizeof(p->line[1]), "vivid took it");
out:
	if (vfd >= 0)
		close(vfd);
	for (i = 0; i < NBUF; i++)
		sharedbuf_buffer_finish(&ub[i]);
}

/* The reason in @explain, after "from EXPORTER: ", without quotes. */
static void reason(const char *explain, char *out, size_t n)
{
	const char *r = strstr(explain, ": ");
	size_t j = 0;

	for (r = r ? r + 2 : explain; *r && j + 1 < n; r++) {
		if (*r != '\'')
			out[j++] = *r;
	}
	out[j] = '\0';
}

/* Moves what does not fit a panel's width from @line to @next, at a
 * space. */
static void wrap(char *line, char *next, size_t n)
{
	const size_t max = PW / SB_FONT_ADVANCE;
	size_t cut = max, len;
	const char *rest;

	if (strlen(line) <= max)
		return;
	while (cut > 0 && line[cut] != ' ')
		cut--;
	if (cut == 0)
		cut = max;
	rest = line + cut + (line[cut] == ' ');
	len = strnlen(rest, n - 1);
	memmove(next, rest, len); /* memmove: -O3 fears an overlap */
	next[len] = '\0';
	line[cut] = '\0';
	if (strlen(next) > max)
		next[max] = '\0';
}

/* sharedbuf's choice for {vivid, GL, CPU}: capture, then draw. */
static void chosen(struct scene *s, int row, int col, int inst, uint32_t drm,
		   uint32_t v4l2)
{
	struct panel *p = &s->panels[row][col];
	struct sharedbuf_alloc *a[NBUF] = {0};
	struct sharedbuf_layout l[NBUF];
	int fds[NBUF] = {-1, -1, -1}, vfd = sb_test_vivid_open(inst), k = -1;
	uint32_t memory = V4L2_MEMORY_DMABUF;
	char why[1024], fcc[5] = {0};
	bool ok = vfd >= 0;

	memcpy(fcc, &drm, 4);
	for (int i = 0; ok && i < NBUF; i++) {
		a[i] = sharedbuf_alloc_create(PW, PH, &drm, 1);
		sharedbuf_alloc_attach_v4l2(a[i], &s->cam, vfd,
					    V4L2_BUF_TYPE_VIDEO_CAPTURE, NULL,
					    0);
		sharedbuf_alloc_attach(a[i], &s->gl, NULL, 0);
		sharedbuf_alloc_attach(a[i], &s->cpu, NULL, 0);
		ok = sharedbuf_alloc_export(a[i], &l[i], &fds[i], why,
					    sizeof(why)) == SHAREDBUF_OK;
	}
	if (!ok) {
		snprintf(p->line[0], sizeof(p->line[0]), "sharedbuf %s: none",
			 fcc);
		reason(why, p->line[1], sizeof(p->line[1]));
		wrap(p->line[1], p->line[2], sizeof(p->line[2]));
		goto out;
	}
	snprintf(p->line[0], sizeof(p->line[0]), "sharedbuf %s: %s%s, pitch %u",
		 fcc,
		 sharedbuf_alloc_exporter_name(sharedbuf_alloc_exporter(a[0])),
		 sharedbuf_alloc_v4l2_index(a[0]) >= 0 ? " (EXPBUF)" : "",
		 l[0].pitches[0]);
	reason(sharedbuf_alloc_explain(a[0]), p->line[1], sizeof(p->line[1]));
	wrap(p->line[1], p->line[2], sizeof(p->line[2]));
	if (sharedbuf_alloc_v4l2_index(a[0]) >= 0)
		memory = V4L2_MEMORY_MMAP;
	else
		ok = sb_test_v4l2_set_format(vfd, v4l2, PW, PH, l[0].pitches[0],
					     NULL) &&
		     reqbufs(vfd, V4L2_MEMORY_DMABUF, NBUF);
	for (int i = 0; ok && i < NBUF; i++) {
		struct v4l2_buffer b = {.type = V4L2_BUF_TYPE_VIDEO_CAPTURE,
					.memory = memory,
					.index = (uint32_t)i};

		if (memory == V4L2_MEMORY_MMAP)
			b.index = (uint32_t)sharedbuf_alloc_v4l2_index(a[i]);
		else
			b.m.fd = fds[i];
		ok = ioctl(vfd, VIDIOC_QBUF, &b) == 0;
	}
	k = ok ? sb_test_v4l2_capture(vfd, memory, 1) : -1;
	for (int i = 0; k >= 0 && i < NBUF; i++) {
		if ((memory == V4L2_MEMORY_MMAP
			     ? sharedbuf_alloc_v4l2_index(a[i])
			     : i) == k) {
			p->ok = draw_frame(s, row, col, fds[i], drm,
					   l[i].pitches[0]);
		}
	}
out:
	for (int i = 0; i < NBUF; i++) {
		if (fds[i] >= 0)
			close(fds[i]);
		sharedbuf_alloc_destroy(a[i]);
	}
	if (vfd >= 0)
		close(vfd);
}

static void paint_labels(const struct sb_canvas *c, const void *data)
{
	const struct scene *s = data;
	static const char *const rows[2] = {
		"vivid allocators=0 (vmalloc)",
		"vivid allocators=1 (dma-contig, contiguous only)"};

	sb_canvas_rect(c, 0, 0, c->width, c->height, 0);
	sb_canvas_label(c, OUT_W / 2, 14, 2, 0xffffffff,
			"sharedbuf: vivid -> dma-buf -> GL, no copy");
	for (int r = 0; r < 2; r++) {
		sb_canvas_text(c, MARGIN, panel_y(r) - 14, 1,
			       sb_argb(255, 200, 205, 220), rows[r]);
		for (int col = 0; col < COLS; col++) {
			const struct panel *p = &s->panels[r][col];
			int x = panel_x(col), y = panel_y(r);

			if (!p->ok) {
				sb_canvas_rect(c, x, y, PW, PH,
					       sb_argb(255, 110, 24, 28));
				sb_canvas_label(c, x + PW / 2, y + PH / 2 - 9,
						2, 0xffffffff,
						"no frame: refused");
			}
			if (!s->have_vivid[r])
				sb_canvas_text(c, x + 8, y + 8, 1, 0xffffffff,
					       "no such vivid instance");
			for (int i = 0; i < 3; i++)
				sb_canvas_text(c, x, y + PH + 6 + i * 14, 1,
					       i ? sb_argb(255, 190, 195, 210)
						 : 0xffffffff,
					       p->line[i]);
		}
	}
}

static void paint_background(const struct sb_canvas *c, const void *data)
{
	sb_canvas_rect(c, 0, 0, c->width, c->height, sb_argb(255, 22, 24, 34));
}

static bool composite_labels(struct scene *s)
{
	GLuint tex = demo_painted_texture(OUT_W, OUT_H, paint_labels, s);
	bool ok;

	/* blending writes the FBO's alpha too: keep it, the picture is
	 * opaque */
	glColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_FALSE);
	ok = tex &&
	     sb_test_draw(tex, 0, 0, OUT_W, OUT_H, 1.0f, true, &s->target);
	glColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
	glDeleteTextures(1, &tex);
	return ok;
}

/* OUT.png -> OUT-camera.png */
static void camera_path(const char *out_png, char *path, size_t n)
{
	size_t len = strlen(out_png);

	if (len > 4 && strcmp(out_png + len - 4, ".png") == 0)
		len -= 4;
	snprintf(path, n, "%.*s-camera.png", (int)len, out_png);
}

bool demo_camera_picture(EGLDisplay dpy, const char *out_png)
{
	static struct scene s;
	static const float clear[4] = {0, 0, 0, 1};
	struct sharedbuf_egl_queries q = {query_formats, query_modifiers};
	char path[512];
	GLuint bg;
	bool ok;
	int inst[2] = {-1, -1};

	memset(&s, 0, sizeof(s));
	s.dpy = dpy;
	for (int i = 0; i < 4; i++) {
		int a = sb_test_vivid_allocator(i);

		if ((a == 0 || a == 1) && inst[a] < 0)
			inst[a] = i;
	}
	if (inst[0] < 0 && inst[1] < 0) {
		printf("camera scene skipped: vivid is not loaded "
		       "(n_devs=2 allocators=0,1)\n");
		return true;
	}
	camera_path(out_png, path, sizeof(path));
	sharedbuf_constraints_from_egl(&q, dpy, SHAREDBUF_EGL_SAMPLE, &s.gl);
	sharedbuf_constraints_cpu(&s.cpu, SHAREDBUF_NEEDS_CPU_READ);
	ok = sb_test_target_init(&s.target, OUT_W, OUT_H, clear);
	bg = ok ? demo_painted_texture(OUT_W, OUT_H, paint_background, &s) : 0;
	ok = ok && bg &&
	     sb_test_draw(bg, 0, 0, OUT_W, OUT_H, 1.0f, false, &s.target);
	glDeleteTextures(1, &bg);
	for (int r = 0; ok && r < 2; r++) {
		int vfd = inst[r] >= 0 ? sb_test_vivid_open(inst[r]) : -1;

		s.have_vivid[r] = vfd >= 0;
		if (vfd < 0)
			continue;
		sharedbuf_constraints_from_v4l2(
			vfd, V4L2_BUF_TYPE_VIDEO_CAPTURE, PW, PH, &s.cam);
		close(vfd);
		naive(&s, r, inst[r]);
		chosen(&s, r, 1, inst[r], DRM_FORMAT_XRGB8888,
		       V4L2_PIX_FMT_XBGR32);
		chosen(&s, r, 2, inst[r], DRM_FORMAT_YUYV, V4L2_PIX_FMT_YUYV);
		for (int c = 0; c < COLS; c++)
			printf("camera %s, panel %d: %s; %s; %s\n",
			       r ? "dma-contig" : "vmalloc", c,
			       s.panels[r][c].line[0], s.panels[r][c].line[1],
			       s.panels[r][c].line[2]);
	}
	ok = ok && composite_labels(&s) && demo_write_png(&s.target, path);
	sb_test_target_finish(&s.target);
	if (ok)
		printf("wrote %s (%dx%d)\n", path, OUT_W, OUT_H);
	return ok;
}
