/* SPDX-License-Identifier: MIT */
/*
 * trust-lifetime: what the layer promises about lifetimes and failed
 * calls (specs/EGL_SHAREDBUF_image_cpu_access.txt,
 * specs/EGL_SHAREDBUF_image_fence.txt, "Lifetimes" and "Errors").
 * lifetime.c: the set-up; lifetime_failed.c: the cases of one thread;
 * lifetime_race.c: another thread destroys, terminates or forks while a
 * call waits on a vgem fence; lifetime_init.c: eglInitialize racing
 * eglTerminate.
 */
#ifndef SB_TEST_LIFETIME_H
#define SB_TEST_LIFETIME_H

#include <stdbool.h>

#include "egl_env.h" /* epoxy first: it replaces EGL/egl.h */
#include "EGL/eglext_sharedbuf.h"
#include "sharedbuf/sharedbuf.h"

#define LT_W  32
#define LT_H  16
#define LT_NS 1000000000ll

struct lt {
	struct sb_test_egl egl;
	enum sharedbuf_exporter exp;
	int vgem;
	int reps; /* of each race */
	PFNEGLLOCKIMAGESHAREDBUFPROC lock;
	PFNEGLUNLOCKIMAGESHAREDBUFPROC unlock;
	PFNEGLCREATEIMAGESYNCSHAREDBUFPROC create_sync;
	PFNEGLIMAGEATTACHSYNCSHAREDBUFPROC attach_sync;
};

extern struct lt t;

/* A buffer of t.exp and its image on t.egl.dpy. */
struct lt_img {
	struct sharedbuf_buffer buf;
	EGLImage image;
};

bool lt_img_init(struct lt_img *m);
bool lt_img_import(struct lt_img *m); /* again, from the same buffer */
void lt_img_finish(struct lt_img *m);

/* eglLockImageSHAREDBUF of plane @plane with @usage, @acquire (-1: none)
 * and @timeout_ns (-1: EGL_FOREVER). */
EGLBoolean lt_lock(EGLImage image, EGLAttrib plane, EGLAttrib usage,
		   EGLAttrib acquire, EGLAttrib timeout_ns, void **data,
		   EGLint *stride);

/* The layer's images, fds and syncs are back to @before's. */
bool lt_layer_clean(const struct sharedbuf_layer_stats *before);

/* The cases of one thread (lifetime_failed.c). */
bool lt_failed_destroy_keeps_lock(void);
bool lt_failed_lock_no_side_effects(void);
bool lt_attach_emfile(void);
bool lt_query_string_after_terminate(void);

/* The race cases (lifetime_race.c). */
bool lt_destroy_during_lock(void);
bool lt_terminate_during_lock(void);
bool lt_destroy_during_image_sync(void);
bool lt_fork_while_locked(void);

/* eglInitialize racing eglTerminate (lifetime_init.c). */
bool lt_init_terminate_race(void);

#endif
