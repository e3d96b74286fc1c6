/* SPDX-License-Identifier: MIT */
/*
 * import-lazy: on a display whose driver gives an imported image's
 * dma-buf back from eglExportDMABUFImageMESA (the same inode), the layer
 * keeps no fd per image (issue 11). It records each plane's inode, and
 * fetches the fds from the driver (inode-checked) only when a CPU lock,
 * an image sync or its own export needs them: then it holds one per
 * plane until the image's record is freed. The first import of a fourcc
 * on a display probes the driver and dups, as every import did before.
 *
 * The display: the GBM platform's (kms_swrast on vgem in the guest,
 * sb_test_egl_init_gbm()), with vgem buffers. What the driver does is
 * asked first, of bare Mesa ($SHAREDBUF_MESA_JSON) in a child process:
 * does it give the buffer back (XRGB8888, NV12), and how many fds does an
 * import cost it. Where it does not give it back, the old expectations
 * hold: one fd held per plane from the import on.
 *
 * Subtests, in order, on images A, B, C (XRGB8888 64x64, linear) and an
 * NV12 one: reexport, no-fd-held, lock-after-close, sync-after-close,
 * export-after-close, race, nv12, destroy, reinit (race and reinit:
 * lazy_race.c). On a layer that dups every import
 * (main before issue 11's change) no-fd-held fails on a re-exporting
 * driver: fds_held and the process's fds grow by one per import.
 *
 * usage: import-lazy vgem
 *        import-lazy vgem bare   (the child: prints what the driver does)
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <drm_fourcc.h>

#include "lazy.h" /* egl_env.h first: epoxy replaces EGL/egl.h */
#include "attr_list.h"
#include "check.h"
#include "gbm_node.h"
#include "vgem.h"

struct lazy_state lz;

bool lazy_resolve(bool layer)
{
	lz.create = (PFNEGLCREATEIMAGEKHRPROC)eglGetProcAddress(
		"eglCreateImageKHR");
	lz.destroy = (PFNEGLDESTROYIMAGEKHRPROC)eglGetProcAddress(
		"eglDestroyImageKHR");
	lz.export = (PFNEGLEXPORTDMABUFIMAGEMESAPROC)eglGetProcAddress(
		"eglExportDMABUFImageMESA");
	if (!lz.create || !lz.destroy || !lz.export)
		return false;
	if (!layer)
		return true;
	lz.lock = (PFNEGLLOCKIMAGESHAREDBUFPROC)eglGetProcAddress(
		"eglLockImageSHAREDBUF");
	lz.unlock = (PFNEGLUNLOCKIMAGESHAREDBUFPROC)eglGetProcAddress(
		"eglUnlockImageSHAREDBUF");
	lz.image_sync = (PFNEGLCREATEIMAGESYNCSHAREDBUFPROC)eglGetProcAddress(
		"eglCreateImageSyncSHAREDBUF");
	return lz.lock && lz.unlock && lz.image_sync;
}

bool lazy_alloc(struct lazy_img *m, uint32_t fourcc)
{
	/* NV12: both planes in one buffer of the same bytes */
	uint32_t h = fourcc == DRM_FORMAT_NV12
			     ? (LAZY_W * LAZY_H * 3 / 2 + LAZY_W * 4 - 1) /
				       (LAZY_W * 4)
			     : LAZY_H;
	enum sharedbuf_result r =
		sharedbuf_buffer_alloc(SHAREDBUF_EXPORTER_DUMB, LAZY_W, h,
				       DRM_FORMAT_XRGB8888, &m->buf);

	m->image = EGL_NO_IMAGE;
	m->fourcc = fourcc;
	if (r != SHAREDBUF_OK) {
		printf("vgem buffer: %s\n", sharedbuf_result_str(r));
		return false;
	}
	if (fstat(m->buf.fd, &m->st) != 0)
		return false;
	if (fourcc == DRM_FORMAT_NV12) {
		m->planes = 2;
		m->offsets[0] = 0;
		m->offsets[1] = LAZY_W * LAZY_H;
		m->pitches[0] = m->pitches[1] = LAZY_W;
		return m->buf.size >= LAZY_W * LAZY_H * 3 / 2;
	}
	m->planes = 1;
	m->offsets[0] = 0;
	m->pitches[0] = m->buf.pitch;
	return true;
}

bool lazy_img_import(struct lazy_img *m)
{
	struct attr_list l;
	EGLint a[ATTR_LIST_MAX];

	attr_init(&l);
	attr_add(&l, EGL_WIDTH, LAZY_W);
	attr_add(&l, EGL_HEIGHT, LAZY_H);
	attr_add(&l, EGL_LINUX_DRM_FOURCC_EXT, (EGLint)m->fourcc);
	for (unsigned i = 0; i < m->planes; i++)
		attr_add_plane(&l, i, m->buf.fd, (EGLint)m->offsets[i],
			       (EGLint)m->pitches[i], true,
			       DRM_FORMAT_MOD_LINEAR);
	attr_narrow(&l, a);
	m->image = lz.create(lz.egl.dpy, EGL_NO_CONTEXT, EGL_LINUX_DMA_BUF_EXT,
			     NULL, a);
	if (m->image == EGL_NO_IMAGE)
		printf("import %.4s: EGL error 0x%x\n", (char *)&m->fourcc,
		       eglGetError());
	return m->image != EGL_NO_IMAGE;
}

bool lazy_img_new(struct lazy_img *m, uint32_t fourcc)
{
	return lazy_alloc(m, fourcc) && lazy_img_import(m);
}

void lazy_close_fd(struct lazy_img *m)
{
	sharedbuf_buffer_finish(&m->buf);
}

void lazy_img_drop(struct lazy_img *m)
{
	if (m->image != EGL_NO_IMAGE && !lz.destroy(lz.egl.dpy, m->image))
		printf("destroy: EGL error 0x%x\n", eglGetError());
	m->image = EGL_NO_IMAGE;
	lazy_close_fd(m);
}

bool lazy_same_file(int fd, const struct lazy_img *m)
{
	struct stat st;

	return fd >= 0 && fstat(fd, &st) == 0 && st.st_dev == m->st.st_dev &&
	       st.st_ino == m->st.st_ino;
}

int lazy_fds_on(const struct lazy_img *m)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0;

	while (d && (e = readdir(d))) {
		struct stat st;

		if (e->d_name[0] != '.' &&
		    fstatat(dirfd(d), e->d_name, &st, 0) == 0 &&
		    st.st_dev == m->st.st_dev && st.st_ino == m->st.st_ino)
			n++;
	}
	if (d)
		closedir(d);
	return n;
}

int lazy_exports_same(const struct lazy_img *m)
{
	int fds[4] = {-1, -1, -1, -1};
	EGLint strides[4], offsets[4];
	int same = 1;

	if (!lz.export(lz.egl.dpy, m->image, fds, strides, offsets)) {
		printf("eglExportDMABUFImageMESA: EGL error 0x%x\n",
		       eglGetError());
		return 0;
	}
	for (unsigned i = 0; i < m->planes; i++)
		same = same && lazy_same_file(fds[i], m);
	for (int i = 0; i < 4; i++) {
		bool seen = false;

		for (int k = 0; k < i; k++)
			seen = seen || fds[k] == fds[i];
		if (fds[i] >= 0 && !seen)
			close(fds[i]);
	}
	return same;
}

struct sharedbuf_layer_stats lazy_stats(void)
{
	struct sharedbuf_layer_stats s;

	if (!sb_test_layer_stats(&s))
		piglit_fail("the layer is not in the EGL call path");
	return s;
}

/* The driver alone, in a child with bare Mesa: prints "REEXPORT XR24 n",
 * "REEXPORT NV12 n" (1 yes, 0 no, -1 not listed, -2 no import), "IMPORT_FDS n"
 * (what two imports of live buffers add to the process's fds), then "END". */
static _Noreturn void bare_child(void)
{
	struct lazy_img a = LAZY_IMG_INIT, b = LAZY_IMG_INIT, c = LAZY_IMG_INIT,
			n = LAZY_IMG_INIT;
	char why[256];
	int f0;

	if (!sb_test_egl_init_gbm(&lz.egl, why, sizeof(why))) {
		printf("EGL: %s\n", why);
		exit(1);
	}
	if (!lazy_resolve(false) || !sb_test_warm_up() ||
	    !lazy_img_new(&a, DRM_FORMAT_XRGB8888))
		exit(1);
	printf("REEXPORT XR24 %d\n", lazy_exports_same(&a));
	lazy_img_drop(&a);
	if (!lazy_alloc(&b, DRM_FORMAT_XRGB8888) ||
	    !lazy_alloc(&c, DRM_FORMAT_XRGB8888))
		exit(1);
	f0 = piglit_count_fds();
	if (!lazy_img_import(&b) || !lazy_img_import(&c))
		exit(1);
	printf("IMPORT_FDS %d\n", piglit_count_fds() - f0);
	lazy_img_drop(&b);
	lazy_img_drop(&c);
	if (!sb_test_driver_has_format(lz.egl.dpy, DRM_FORMAT_NV12))
		printf("REEXPORT NV12 -1\n");
	else if (lazy_img_new(&n, DRM_FORMAT_NV12))
		printf("REEXPORT NV12 %d\n", lazy_exports_same(&n));
	else
		printf("REEXPORT NV12 -2\n"); /* listed, not imported */
	lazy_img_drop(&n);
	sb_test_egl_finish(&lz.egl);
	printf("END\n");
	exit(0);
}

/* Runs bare_child() with @json as the only vendor; fills t's driver
 * facts. */
static void ask_driver(const char *json)
{
	char self[4096], line[256];
	char *argv[] = {self, "vgem", "bare", NULL};
	bool end = false;
	int status = 0;
	ssize_t len = readlink("/proc/self/exe", self, sizeof(self) - 1);
	pid_t pid;
	FILE *f;

	if (len <= 0)
		piglit_fail("readlink: %m");
	self[len] = '\0';
	pid = sb_test_spawn_with_vendor(json, argv, &f);
	while (f && fgets(line, sizeof(line), f)) {
		printf("  bare Mesa: %s", line);
		sscanf(line, "REEXPORT XR24 %d", &lz.reexports_xrgb);
		sscanf(line, "REEXPORT NV12 %d", &lz.reexports_nv12);
		sscanf(line, "IMPORT_FDS %d", &lz.bare_import_fds);
		end = end || strncmp(line, "END", 3) == 0;
	}
	if (f)
		fclose(f);
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0 || !end)
		piglit_fail("the bare Mesa child failed (status 0x%x)", status);
}

struct lazy_case {
	const char *name;
	enum piglit_result (*run)(void);
};

static const struct lazy_case cases[] = {
	{"reexport", lazy_reexport},
	{"no-fd-held", lazy_no_fd_held},
	{"lock-after-close", lazy_lock_after_close},
	{"sync-after-close", lazy_sync_after_close},
	{"export-after-close", lazy_export_after_close},
	{"race", lazy_race},
	{"nv12", lazy_nv12},
	{"destroy", lazy_destroy},
	{"reinit", lazy_reinit},
	{NULL, NULL},
};

/* import-lazy vgem many: more fourccs than the layer keeps verdicts for
 * (lazy_race.c). */
static const struct lazy_case many_cases[] = {
	{"many-formats", lazy_many_formats},
	{NULL, NULL},
};

/* import-lazy vgem gone: the driver stops giving dma-bufs back after the
 * probe (lazy_gone.c). */
static const struct lazy_case gone_cases[] = {
	{"lock", lazy_gone_lock},	{"sync", lazy_gone_sync},
	{"export", lazy_gone_export},	{"then-dups", lazy_gone_then_dups},
	{"destroy", lazy_gone_destroy}, {NULL, NULL},
};

int main(int argc, char **argv)
{
	const char *mesa = secure_getenv("SHAREDBUF_MESA_JSON");
	struct lazy_img warm = LAZY_IMG_INIT;
	struct gbm_device *dev;
	char why[256];
	bool failed = false;
	int node = 0, fd;

	const struct lazy_case *run = cases;

	if (argc < 2 || strcmp(argv[1], "vgem") != 0 ||
	    (argc > 2 && strcmp(argv[2], "bare") != 0 &&
	     strcmp(argv[2], "gone") != 0 && strcmp(argv[2], "many") != 0)) {
		fprintf(stderr, "usage: %s vgem [bare|gone|many]\n", argv[0]);
		return 2;
	}
	lz.a = lz.b = lz.c = lz.nv = (struct lazy_img)LAZY_IMG_INIT;
	if (argc > 2 && strcmp(argv[2], "bare") == 0)
		bare_child();
	if (argc > 2)
		run = strcmp(argv[2], "gone") == 0 ? gone_cases : many_cases;
	if (!sb_test_exporter_present(SHAREDBUF_EXPORTER_DUMB, why,
				      sizeof(why)))
		piglit_skip("%s", why);
	fd = sb_test_gbm_next(&node, &dev, NULL, 0);
	if (fd < 0)
		piglit_skip("no DRM node GBM takes");
	sb_test_gbm_close(dev, fd);
	if (!mesa)
		piglit_skip("needs $SHAREDBUF_MESA_JSON: run in the guest "
			    "(make check)");
	if (!sb_test_egl_init_gbm(&lz.egl, why, sizeof(why)))
		piglit_fail("GBM display: %s", why);
	if (!sb_test_layer_stats(&lz.s0))
		piglit_skip("the layer is not in the EGL call path");
	if (!lazy_resolve(true))
		piglit_fail("eglGetProcAddress gave no entry point");
	ask_driver(mesa);
	printf("the driver %s imported XRGB8888 buffers back: the layer "
	       "should hold %s\n",
	       lz.reexports_xrgb == 1 ? "gives" : "does not give",
	       lz.reexports_xrgb == 1 ? "no fd per image until a feature "
					"needs it"
				      : "one fd per plane per image");
	lz.vgem = sb_test_vgem_open();
	if (lz.vgem < 0)
		piglit_fail("vgem: %m");
	/* What the driver opens once, and the layer's probe of XRGB8888 on
	 * this display (the first import of a fourcc dups), before counting */
	if (!sb_test_warm_up() || !lazy_img_new(&warm, DRM_FORMAT_XRGB8888))
		piglit_fail("warm-up: EGL error 0x%x", eglGetError());
	lazy_img_drop(&warm);
	if (!sb_test_warm_up())
		piglit_fail("warm-up draw failed");
	lz.s0 = lazy_stats();
	lz.fds0 = piglit_count_fds();

	if (run == gone_cases && lz.reexports_xrgb != 1)
		piglit_skip("the driver does not give imported buffers back");
	for (; run->name; run++) {
		enum piglit_result r = run->run();

		failed = failed || r == PIGLIT_FAIL;
		piglit_report_subtest(r, run->name);
	}
	sb_test_vgem_close(lz.vgem);
	sb_test_egl_finish(&lz.egl);
	piglit_report_result(failed ? PIGLIT_FAIL : PIGLIT_PASS);
}
