/* SPDX-License-Identifier: MIT */
/*
 * import-lazy's images and state (lazy.c: the helpers and main;
 * lazy_cases.c: the subtests).
 */
#ifndef SB_TEST_IMPORT_LAZY_H
#define SB_TEST_IMPORT_LAZY_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>

#include "egl_env.h" /* epoxy first: it replaces EGL/egl.h */
#include "EGL/eglext_sharedbuf.h"
#include "piglit.h"
#include "sharedbuf/sharedbuf.h"

#define LAZY_W 64
#define LAZY_H 64

/* A vgem buffer imported as @fourcc (XRGB8888, or NV12 with both planes
 * in the one buffer), LAZY_W x LAZY_H, linear. */
struct lazy_img {
	struct sharedbuf_buffer buf; /* fd -1 once closed */
	struct stat st;		     /* the dma-buf's identity */
	uint32_t fourcc;
	unsigned planes;
	uint32_t offsets[2], pitches[2];
	EGLImage image;
};

/* A struct lazy_img that holds nothing. */
#define LAZY_IMG_INIT                                    \
	{                                                \
		.buf = {.fd = -1}, .image = EGL_NO_IMAGE \
	}

struct lazy_state {
	struct sb_test_egl egl;
	/* eglGetProcAddress's: the layer's, bare Mesa's in the child */
	PFNEGLCREATEIMAGEKHRPROC create;
	PFNEGLDESTROYIMAGEKHRPROC destroy;
	PFNEGLEXPORTDMABUFIMAGEMESAPROC export;
	PFNEGLLOCKIMAGESHAREDBUFPROC lock;
	PFNEGLUNLOCKIMAGESHAREDBUFPROC unlock;
	PFNEGLCREATEIMAGESYNCSHAREDBUFPROC image_sync;
	/* what bare Mesa does: gives the buffer back (1), not (0), does
	 * not list the format (-1); the fds two imports add */
	int reexports_xrgb, reexports_nv12, bare_import_fds;
	int vgem;
	/* before A: the layer's counters and the process's fds */
	struct sharedbuf_layer_stats s0;
	int fds0;
	/* what the imports of A, B and C added to fds_held */
	uint64_t a_import_held, b_import_held, c_import_held;
	struct lazy_img a, b, c, nv;
};

extern struct lazy_state lz;

/* The entry points (with @layer, the layer's own too): false if any is
 * missing. */
bool lazy_resolve(bool layer);

/* Allocates @m's vgem buffer for @fourcc; imports it. */
bool lazy_alloc(struct lazy_img *m, uint32_t fourcc);
bool lazy_img_import(struct lazy_img *m);
bool lazy_img_new(struct lazy_img *m, uint32_t fourcc);

/* Closes @m's app fd (if open). */
void lazy_close_fd(struct lazy_img *m);

/* Destroys @m's image (if any) and closes its fd. */
void lazy_img_drop(struct lazy_img *m);

/* Is @fd (borrowed) the dma-buf of @m? */
bool lazy_same_file(int fd, const struct lazy_img *m);

/* The fds of this process open on @m's dma-buf. */
int lazy_fds_on(const struct lazy_img *m);

/* eglExportDMABUFImageMESA of @m: 1 when every plane's fd is @m's
 * dma-buf, else 0. Closes what it got. */
int lazy_exports_same(const struct lazy_img *m);

/* The layer's counters (fails the test if it is not loaded). */
struct sharedbuf_layer_stats lazy_stats(void);

enum piglit_result lazy_reexport(void);
enum piglit_result lazy_no_fd_held(void);
enum piglit_result lazy_lock_after_close(void);
enum piglit_result lazy_sync_after_close(void);
enum piglit_result lazy_export_after_close(void);
enum piglit_result lazy_nv12(void);
enum piglit_result lazy_destroy(void);
enum piglit_result lazy_race(void);	    /* lazy_race.c */
enum piglit_result lazy_reinit(void);	    /* lazy_race.c */
enum piglit_result lazy_many_formats(void); /* lazy_race.c */
enum piglit_result lazy_gone_lock(void);    /* lazy_gone.c */
enum piglit_result lazy_gone_sync(void);
enum piglit_result lazy_gone_export(void);
enum piglit_result lazy_gone_then_dups(void);
enum piglit_result lazy_gone_destroy(void);

#endif
