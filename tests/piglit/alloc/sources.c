/* SPDX-License-Identifier: MIT */
/*
 * Guest test: constraints from real importers. Usage: alloc-sources CASE
 *   egl-sample, egl-render  the EGL display (through the layer)
 *   gbm                     the first card node's GBM device
 *   kms                     every KMS plane of every card (vgem has none:
 *                           skip, saying so)
 *   v4l2                    each vivid instance's capture and output
 *                           queues (skip without vivid)
 *   wire                    EGL's constraints across a pipe to a child
 * Each prints what it learnt and checks what is known about this machine.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <drm_fourcc.h>
#include <gbm.h>
#include <xf86drm.h>
#include <xf86drmMode.h>

#include "check.h"
#include "egl_env.h"
#include "gbm_node.h"
#include "piglit.h"
#include "sharedbuf/alloc.h"
#include "v4l2_util.h"

static struct sharedbuf_constraints c, d;

static unsigned query_formats(void *dpy, int max, int *formats, int *num)
{
	return eglQueryDmaBufFormatsEXT(dpy, max, formats, num);
}

static unsigned query_modifiers(void *dpy, int format, int max, uint64_t *mods,
				unsigned *ext, int *num)
{
	return eglQueryDmaBufModifiersEXT(dpy, format, max, mods, ext, num);
}

static const struct sharedbuf_egl_queries queries = {query_formats,
						     query_modifiers};

static bool from_egl(enum sharedbuf_egl_usage usage)
{
	struct sb_test_egl egl = {0};
	char why[256];
	const struct sharedbuf_format_rule *r;
	bool ok;

	if (!sb_test_egl_init(&egl, why, sizeof(why))) {
		sb_test_egl_finish(&egl);
		piglit_fail("EGL: %s", why);
	}
	ok = expect_result(
		sharedbuf_constraints_from_egl(&queries, egl.dpy, usage, &c),
		SHAREDBUF_OK, "from_egl");
	sharedbuf_constraints_print(&c, stdout);
	r = sharedbuf_constraints_find(&c, DRM_FORMAT_XRGB8888);
	ok = ok && expect(c.num_formats > 10, "%u formats", c.num_formats) &&
	     expect(r && r->modifiers[0] == DRM_FORMAT_MOD_LINEAR,
		    "XR24 linear (llvmpipe)");
	/* llvmpipe samples YUYV only as an external texture */
	r = sharedbuf_constraints_find(&c, DRM_FORMAT_YUYV);
	if (usage == SHAREDBUF_EGL_RENDER)
		ok = ok && expect(!r, "YUYV is no render target");
	else
		ok = ok &&
		     expect(r && (r->flags & SHAREDBUF_FORMAT_EXTERNAL_ONLY),
			    "YUYV external-only");
	sb_test_egl_finish(&egl);
	return ok;
}

static bool egl_sample(void)
{
	return from_egl(SHAREDBUF_EGL_SAMPLE);
}

static bool egl_render(void)
{
	return from_egl(SHAREDBUF_EGL_RENDER);
}

static bool gbm(void)
{
	struct gbm_device *dev;
	char path[64];
	int i = 0, fd = sb_test_gbm_next(&i, &dev, path, sizeof(path));
	bool ok;

	if (fd < 0)
		piglit_skip("no card node with a GBM driver");
	ok = expect_result(
		     sharedbuf_constraints_from_gbm(dev, GBM_BO_USE_LINEAR, &c),
		     SHAREDBUF_OK, "from_gbm") &&
	     expect(sharedbuf_constraints_find(&c, DRM_FORMAT_XRGB8888) != NULL,
		    "XR24 on %s", path);
	sharedbuf_constraints_print(&c, stdout);
	sb_test_gbm_close(dev, fd);
	return ok;
}

static bool kms(void)
{
	char path[64];
	int planes = 0;
	bool ok = true;

	for (int i = 0; i < 16; i++) {
		int fd;
		drmModePlaneRes *res;

		snprintf(path, sizeof(path), DRM_DEV_NAME, DRM_DIR_NAME, i);
		fd = open(path, O_RDWR | O_CLOEXEC);
		if (fd < 0)
			continue;
		drmSetClientCap(fd, DRM_CLIENT_CAP_UNIVERSAL_PLANES, 1);
		res = drmModeGetPlaneResources(fd);
		for (uint32_t p = 0; res && p < res->count_planes;
		     p++, planes++) {
			ok = ok &&
			     expect_result(sharedbuf_constraints_from_kms(
						   fd, res->planes[p], &c),
					   SHAREDBUF_OK, "from_kms");
			sharedbuf_constraints_print(&c, stdout);
		}
		ok = ok && expect_result(sharedbuf_constraints_from_kms(
						 fd, 0xdead, &c),
					 SHAREDBUF_ERR_NO_DEVICE, "no plane");
		drmModeFreePlaneResources(res);
		close(fd);
	}
	if (planes == 0)
		piglit_skip("no KMS plane here (vgem has none)");
	return ok;
}

/* Every vivid instance: its formats and pitch rule, and the contiguity
 * probe must match the allocator it was loaded with (vivid.allocators:
 * 0 vmalloc, 1 dma-contig). */
static bool v4l2(void)
{
	int seen = 0;
	bool ok = true;

	for (int inst = 0; inst < 4; inst++) {
		int fd = sb_test_vivid_open(inst);
		int allocator = sb_test_vivid_allocator(inst);
		const struct sharedbuf_format_rule *r;

		if (fd < 0)
			continue;
		seen++;
		ok = ok &&
		     expect_result(sharedbuf_constraints_from_v4l2(
					   fd, V4L2_BUF_TYPE_VIDEO_CAPTURE, 320,
					   180, &c),
				   SHAREDBUF_OK, "from_v4l2");
		printf("vivid instance %d, allocator %d:\n", inst, allocator);
		sharedbuf_constraints_print(&c, stdout);
		r = sharedbuf_constraints_find(&c, DRM_FORMAT_XRGB8888);
		ok = ok &&
		     expect(r && sharedbuf_constraints_find(&c,
							    DRM_FORMAT_YUYV),
			    "vivid lists XR24 and YUYV") &&
		     expect(r->pitch_min == 320 * 4 && r->pitch_max == 0,
			    "bytesperline %u..%u", r->pitch_min,
			    r->pitch_max) &&
		     expect(!(c.flags & SHAREDBUF_NEEDS_OWN_MEMORY),
			    "vivid imports dma-bufs") &&
		     expect(!!(c.flags & SHAREDBUF_NEEDS_CONTIGUOUS) ==
				    (allocator == 1),
			    "contiguous probe says %d, allocator is %d",
			    !!(c.flags & SHAREDBUF_NEEDS_CONTIGUOUS),
			    allocator);
		close(fd);
		/* the output queue: same allocator, same probe */
		fd = sb_test_vivid_open_output(inst);
		if (fd < 0)
			continue;
		ok = ok && expect_result(sharedbuf_constraints_from_v4l2(
						 fd, V4L2_BUF_TYPE_VIDEO_OUTPUT,
						 320, 180, &c),
					 SHAREDBUF_OK, "from_v4l2 output");
		printf("vivid instance %d output: %s, %u formats%s\n", inst,
		       c.name, c.num_formats,
		       c.flags & SHAREDBUF_NEEDS_CONTIGUOUS ? ", contiguous"
							    : "");
		ok = ok &&
		     expect(sharedbuf_constraints_find(
				    &c, DRM_FORMAT_XRGB8888) != NULL,
			    "output lists XR24") &&
		     expect(!!(c.flags & SHAREDBUF_NEEDS_CONTIGUOUS) ==
				    (allocator == 1),
			    "output contiguity %d, allocator %d",
			    !!(c.flags & SHAREDBUF_NEEDS_CONTIGUOUS),
			    allocator);
		close(fd);
	}
	if (!seen)
		piglit_skip("no vivid capture device (load vivid)");
	return ok;
}

/* A compositor's view of a client: the constraints cross a pipe. */
static bool wire(void)
{
	static uint8_t buf[1 << 16];
	int p[2];
	pid_t pid;
	size_t n;
	int status;

	if (!from_egl(SHAREDBUF_EGL_SAMPLE) || pipe(p) != 0)
		return false;
	n = sharedbuf_constraints_serialise(&c, buf, sizeof(buf));
	pid = fork();
	if (pid == 0) {
		ssize_t got = 0, k;

		close(p[1]);
		while ((k = read(p[0], buf + got, sizeof(buf) - got)) > 0)
			got += k;
		_exit(sharedbuf_constraints_deserialise(buf, (size_t)got, &d) ==
					      SHAREDBUF_OK &&
				      memcmp(&c, &d, sizeof(c)) == 0
			      ? 0
			      : 1);
	}
	close(p[0]);
	if (write(p[1], buf, n) != (ssize_t)n)
		return expect(false, "write: %m");
	close(p[1]);
	waitpid(pid, &status, 0);
	return expect(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		      "the child read back different constraints");
}

static const struct {
	const char *name;
	bool (*run)(void);
} cases[] = {
	{"egl-sample", egl_sample},
	{"egl-render", egl_render},
	{"gbm", gbm},
	{"kms", kms},
	{"v4l2", v4l2},
	{"wire", wire},
};

int main(int argc, char **argv)
{
	int i = piglit_find_case(argc, argv, cases,
				 sizeof(cases) / sizeof(cases[0]),
				 sizeof(cases[0]));
	bool ok = cases[i].run();

	piglit_report_result(ok && !sb_check_failures() ? PIGLIT_PASS
							: PIGLIT_FAIL);
}
