/* SPDX-License-Identifier: MIT */
/*
 * sharedbuf-info --alloc: which layout and exporter sharedbuf chooses for
 * a given set of importers on this machine, and why; or which importers
 * conflict. Allocates the buffer for real (then frees it).
 */
#include "alloc_report.h"

#include <fcntl.h>
#include <gbm.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <drm_fourcc.h>
#include <linux/videodev2.h>

#include "egl_env.h"
#include "gbm_node.h"
#include "sharedbuf/alloc.h"

#define MAX_IMPORTERS 8

static struct sharedbuf_constraints set[MAX_IMPORTERS];

static unsigned query_formats(void *dpy, int max, int *formats, int *num)
{
	return eglQueryDmaBufFormatsEXT(dpy, max, formats, num);
}

static unsigned query_modifiers(void *dpy, int format, int max, uint64_t *mods,
				unsigned *ext, int *num)
{
	return eglQueryDmaBufModifiersEXT(dpy, format, max, mods, ext, num);
}

/* "320x180:XR24,YUYV" */
static bool parse_buffer(const char *s, uint32_t *w, uint32_t *h,
			 uint32_t *fourccs, unsigned *n)
{
	const char *p = strchr(s, ':');

	if (!p || sscanf(s, "%ux%u", w, h) != 2 || !*w || !*h)
		return false;
	for (p++, *n = 0; *p && *n < 16; (*n)++) {
		if (strlen(p) < 4 || (p[4] && p[4] != ','))
			return false;
		fourccs[*n] = fourcc_code(p[0], p[1], p[2], p[3]);
		p += p[4] ? 5 : 4;
	}
	return *n > 0;
}

/* The first node GBM takes whose device gives constraints. */
static bool from_gbm(struct sharedbuf_constraints *c)
{
	struct gbm_device *dev;
	int i = 0, fd;

	while ((fd = sb_test_gbm_next(&i, &dev, NULL, 0)) >= 0) {
		bool ok = sharedbuf_constraints_from_gbm(dev, GBM_BO_USE_LINEAR,
							 c) == SHAREDBUF_OK;

		sb_test_gbm_close(dev, fd);
		if (ok)
			return true;
	}
	return false;
}

/* Reads serialised constraints from @path (another process's). */
static bool from_file(const char *path, struct sharedbuf_constraints *c)
{
	static uint8_t buf[1 << 20];
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		return false;
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	return sharedbuf_constraints_deserialise(buf, n, c) == SHAREDBUF_OK;
}

struct importer {
	const char *spec;
	int v4l2_fd;
};

/* One importer spec into @c; false with a message. */
static bool describe(struct importer *imp, uint32_t w, uint32_t h,
		     struct sb_test_egl *egl, struct sharedbuf_constraints *c)
{
	static const struct sharedbuf_egl_queries q = {query_formats,
						       query_modifiers};
	const char *s = imp->spec;
	char why[256];

	imp->v4l2_fd = -1;
	if (!strcmp(s, "egl-sample") || !strcmp(s, "egl-render")) {
		if (!egl->dpy && !sb_test_egl_init(egl, why, sizeof(why))) {
			fprintf(stderr, "sharedbuf-info: EGL: %s\n", why);
			return false;
		}
		return sharedbuf_constraints_from_egl(
			       &q, egl->dpy,
			       s[4] == 's' ? SHAREDBUF_EGL_SAMPLE
					   : SHAREDBUF_EGL_RENDER,
			       c) == SHAREDBUF_OK;
	}
	if (!strcmp(s, "cpu-read") || !strcmp(s, "cpu-write")) {
		sharedbuf_constraints_cpu(
			c, s[4] == 'r' ? SHAREDBUF_NEEDS_CPU_READ
				       : SHAREDBUF_NEEDS_CPU_WRITE);
		return true;
	}
	if (!strcmp(s, "gbm"))
		return from_gbm(c);
	if (!strncmp(s, "file=", 5))
		return from_file(s + 5, c);
	if (!strncmp(s, "v4l2=", 5)) {
		imp->v4l2_fd = open(s + 5, O_RDWR | O_CLOEXEC);
		return imp->v4l2_fd >= 0 &&
		       sharedbuf_constraints_from_v4l2(
			       imp->v4l2_fd, V4L2_BUF_TYPE_VIDEO_CAPTURE, w, h,
			       c) == SHAREDBUF_OK;
	}
	fprintf(stderr, "sharedbuf-info: unknown importer '%s'\n", s);
	return false;
}

static void summary(const char *spec, const struct sharedbuf_constraints *c)
{
	printf("  %-20s %u formats%s%s%s\n", spec, c->num_formats,
	       c->flags & SHAREDBUF_NEEDS_CONTIGUOUS ? ", contiguous" : "",
	       c->flags & SHAREDBUF_NEEDS_OWN_MEMORY ? ", own memory" : "",
	       c->flags & (SHAREDBUF_NEEDS_CPU_READ | SHAREDBUF_NEEDS_CPU_WRITE)
		       ? ", CPU access"
		       : "");
}

int info_alloc(int argc, char **argv)
{
	struct importer imps[MAX_IMPORTERS];
	struct sb_test_egl egl = {0};
	struct sharedbuf_alloc *a = NULL;
	struct sharedbuf_layout l;
	uint32_t w, h, fourccs[16];
	unsigned n = 0;
	char why[2048];
	enum sharedbuf_result r;
	int status = INFO_ALLOC_USAGE, fd = -1, k;

	if (argc < 2 || argc - 1 > MAX_IMPORTERS ||
	    !parse_buffer(argv[0], &w, &h, fourccs, &n)) {
		fputs("usage: sharedbuf-info --alloc WxH:FMT[,FMT...] "
		      "IMPORTER...\n"
		      "  FMT: a DRM fourcc (XR24, AR24, YUYV, NV12, ...)\n"
		      "  IMPORTER: egl-sample, egl-render, cpu-read, "
		      "cpu-write, gbm,\n"
		      "            v4l2=/dev/videoN (capture), file=PATH "
		      "(serialised constraints)\n",
		      stderr);
		return INFO_ALLOC_USAGE;
	}
	a = sharedbuf_alloc_create(w, h, fourccs, n);
	printf("importers of a %ux%u buffer:\n", w, h);
	for (k = 0; k < argc - 1; k++) {
		imps[k].spec = argv[k + 1];
		if (!describe(&imps[k], w, h, &egl, &set[k])) {
			fprintf(stderr,
				"sharedbuf-info: importer '%s' not "
				"found\n",
				imps[k].spec);
			k++; /* close its fd too */
			goto out;
		}
		summary(imps[k].spec, &set[k]);
		if (imps[k].v4l2_fd >= 0)
			sharedbuf_alloc_attach_v4l2(a, &set[k], imps[k].v4l2_fd,
						    V4L2_BUF_TYPE_VIDEO_CAPTURE,
						    NULL, 0);
		else
			sharedbuf_alloc_attach(a, &set[k], NULL, 0);
	}
	r = sharedbuf_alloc_export(a, &l, &fd, why, sizeof(why));
	if (r == SHAREDBUF_OK) {
		printf("chosen: %s\n", sharedbuf_alloc_explain(a));
		status = INFO_ALLOC_OK;
		close(fd);
	} else {
		printf("%s: %s\n",
		       r == SHAREDBUF_ERR_CONFLICT ? "conflict"
						   : sharedbuf_result_str(r),
		       why);
		status = INFO_ALLOC_FAILED;
	}
out:
	sharedbuf_alloc_destroy(a);
	while (k-- > 0) {
		if (imps[k].v4l2_fd >= 0)
			close(imps[k].v4l2_fd);
	}
	if (egl.dpy)
		sb_test_egl_finish(&egl);
	return status;
}
