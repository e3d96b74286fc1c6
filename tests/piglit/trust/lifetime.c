/* SPDX-License-Identifier: MIT */
/*
 * trust-lifetime: the set-up, the helpers and the cases' table; the cases
 * are in lifetime_failed.c (one thread) and lifetime_race.c (two).
 *
 * usage: trust-lifetime udmabuf|heap|vgem CASE [REPETITIONS]
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <drm_fourcc.h>

#include "check.h"
#include "lifetime.h"
#include "piglit.h"
#include "sharedbuf/fence.h"
#include "vgem.h"

struct lt t;

bool lt_img_import(struct lt_img *m)
{
	m->image = sb_test_import(t.egl.dpy, m->buf.fd, DRM_FORMAT_XRGB8888,
				  LT_W, LT_H, 0, m->buf.pitch);
	return m->image != EGL_NO_IMAGE;
}

bool lt_img_init(struct lt_img *m)
{
	m->image = EGL_NO_IMAGE;
	return sharedbuf_buffer_alloc(t.exp, LT_W, LT_H, DRM_FORMAT_XRGB8888,
				      &m->buf) == SHAREDBUF_OK &&
	       lt_img_import(m);
}

void lt_img_finish(struct lt_img *m)
{
	if (m->image != EGL_NO_IMAGE)
		eglDestroyImageKHR(t.egl.dpy, m->image);
	m->image = EGL_NO_IMAGE;
	sharedbuf_buffer_finish(&m->buf);
}

EGLBoolean lt_lock(EGLImage image, EGLAttrib plane, EGLAttrib usage,
		   EGLAttrib acquire, EGLAttrib timeout_ns, void **data,
		   EGLint *stride)
{
	const EGLAttrib attribs[] = {
		EGL_LOCK_PLANE_SHAREDBUF,
		plane,
		EGL_LOCK_USAGE_SHAREDBUF,
		usage,
		EGL_LOCK_ACQUIRE_FENCE_FD_SHAREDBUF,
		acquire,
		EGL_LOCK_TIMEOUT_NS_SHAREDBUF,
		timeout_ns,
		EGL_NONE,
	};

	return t.lock(t.egl.dpy, image, attribs, data, stride);
}

bool lt_layer_clean(const struct sharedbuf_layer_stats *before)
{
	struct sharedbuf_layer_stats now;

	sb_test_layer_stats(&now);
	return expect(now.images_recorded == before->images_recorded &&
			      now.fds_held == before->fds_held &&
			      now.layer_syncs == before->layer_syncs,
		      "the layer holds %llu images, %llu fds, %llu syncs; "
		      "had %llu, %llu, %llu",
		      (unsigned long long)now.images_recorded,
		      (unsigned long long)now.fds_held,
		      (unsigned long long)now.layer_syncs,
		      (unsigned long long)before->images_recorded,
		      (unsigned long long)before->fds_held,
		      (unsigned long long)before->layer_syncs);
}

static const struct {
	struct sb_test_case c;
	bool terminates; /* not run between sb_test_run_cases()'s counts */
	int reps;
} cases[] = {
	{{"destroy-during-lock", lt_destroy_during_lock}, false, 1000},
	{{"terminate-during-lock", lt_terminate_during_lock}, true, 1000},
	{{"destroy-during-image-sync", lt_destroy_during_image_sync},
	 false,
	 1000},
	{{"fork-while-locked", lt_fork_while_locked}, false, 200},
	{{"failed-destroy-keeps-lock", lt_failed_destroy_keeps_lock}, false, 1},
	{{"failed-lock-no-side-effects", lt_failed_lock_no_side_effects},
	 false,
	 1},
	{{"attach-emfile", lt_attach_emfile}, false, 1},
	{{"query-string-after-terminate", lt_query_string_after_terminate},
	 true,
	 100},
	{{"init-terminate-race", lt_init_terminate_race}, true, 1000},
};

static void get_procs(void)
{
	if (!epoxy_has_egl_extension(t.egl.dpy,
				     "EGL_SHAREDBUF_image_cpu_access") ||
	    !epoxy_has_egl_extension(t.egl.dpy, "EGL_SHAREDBUF_image_fence"))
		piglit_fail("the layer's extensions are not advertised");
	t.lock = (PFNEGLLOCKIMAGESHAREDBUFPROC)eglGetProcAddress(
		"eglLockImageSHAREDBUF");
	t.unlock = (PFNEGLUNLOCKIMAGESHAREDBUFPROC)eglGetProcAddress(
		"eglUnlockImageSHAREDBUF");
	t.create_sync = (PFNEGLCREATEIMAGESYNCSHAREDBUFPROC)eglGetProcAddress(
		"eglCreateImageSyncSHAREDBUF");
	t.attach_sync = (PFNEGLIMAGEATTACHSYNCSHAREDBUFPROC)eglGetProcAddress(
		"eglImageAttachSyncSHAREDBUF");
	if (!t.lock || !t.unlock || !t.create_sync || !t.attach_sync)
		piglit_fail("eglGetProcAddress gave no entry point");
}

/* epoxy finds an entry point at its first call, through the current
 * display: cases call some with no context current, so each is called
 * once here, with one current (on handles EGL refuses). */
static void resolve_entry_points(void)
{
	struct lt_img m;
	EGLAttrib a;

	if (!lt_img_init(&m))
		piglit_fail("import: 0x%x", eglGetError());
	lt_img_finish(&m);
	eglGetSyncAttrib(t.egl.dpy, EGL_NO_SYNC, EGL_SYNC_TYPE, &a);
	eglClientWaitSync(t.egl.dpy, EGL_NO_SYNC, 0, 0);
	eglDestroySync(t.egl.dpy, EGL_NO_SYNC);
	if (epoxy_has_egl_extension(t.egl.dpy, "EGL_ANDROID_native_fence_sync"))
		eglDupNativeFenceFDANDROID(t.egl.dpy, EGL_NO_SYNC);
	eglGetError();
}

int main(int argc, char **argv)
{
	int exp = sb_test_exporter_arg(argc > 1 ? argv[1] : NULL);
	const char *name = argc > 2 ? argv[2] : "";
	int n = (int)(sizeof(cases) / sizeof(cases[0])), k, failed, ran;
	char why[256];

	for (k = 0; k < n && strcmp(cases[k].c.name, name); k++)
		;
	if (exp < 0 || k == n) {
		fprintf(stderr, "usage: %s udmabuf|heap|vgem CASE [REPS]\n",
			argv[0]);
		for (int i = 0; i < n; i++)
			fprintf(stderr, "  %s\n", cases[i].c.name);
		return 2;
	}
	t.exp = (enum sharedbuf_exporter)exp;
	t.reps = argc > 3 ? atoi(argv[3]) : cases[k].reps;
	if (!sb_test_exporter_present(exp, why, sizeof(why)))
		piglit_skip("%s", why);
	t.vgem = sb_test_vgem_open();
	if (t.vgem < 0)
		piglit_skip("no vgem for fences: %m");
	if (!sb_test_egl_init(&t.egl, why, sizeof(why)))
		piglit_fail("EGL: %s", why);
	if (!sb_test_layer_stats(&(struct sharedbuf_layer_stats){0}))
		piglit_fail("the layer is not in the EGL call path");
	get_procs();
	resolve_entry_points();
	if (cases[k].terminates) {
		ran = 1;
		failed = !cases[k].c.run();
		printf("%-20s %s\n", name, failed ? "FAILED" : "ok");
	} else {
		failed = sb_test_run_cases(&cases[k].c, 1, name, &ran);
	}
	sb_test_egl_finish(&t.egl);
	sb_test_vgem_close(t.vgem);
	if (failed || !ran)
		piglit_report_result(PIGLIT_FAIL);
	piglit_report_result(PIGLIT_PASS);
}
