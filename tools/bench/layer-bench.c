/* SPDX-License-Identifier: MIT */
/*
 * layer-bench: what an EGL call costs through the layer against bare Mesa,
 * in the guest. Each pair compares one op in a bare-Mesa process with one
 * op in a process that loads the layer:
 *
 *   import       eglCreateImage(EGL_LINUX_DMA_BUF_EXT) + eglDestroyImage,
 *                256x256 XRGB8888 udmabuf; both sides the same calls
 *   query        eglQueryString(dpy, EGL_EXTENSIONS); both sides
 *   sync-native  an image's pending work as an EGLSync, checked: bare, as an
 *                application writes it by hand today
 *                (DMA_BUF_IOCTL_EXPORT_SYNC_FILE + eglCreateSync(
 *                EGL_SYNC_NATIVE_FENCE_ANDROID) + eglClientWaitSync(0) +
 *                eglDestroySync), against the layer's
 *                eglCreateImageSyncSHAREDBUF + eglClientWaitSync(0) +
 *                eglDestroySync, a context current on both sides
 *   sync-layer   the same, the layer side with no context current (the
 *                layer's own syncs; the hand path needs a context)
 *   import-floor the floor of the import pair: both sides bare Mesa, the
 *                second making, around each import, the four syscalls an
 *                import through the layer adds and cannot drop (fstat()
 *                and lseek() for the checks, the registry's
 *                F_DUPFD_CLOEXEC and its close() at destroy; llvmpipe
 *                cannot give the fd back: eglExportDMABUFImageMESA answers
 *                EGL_TRUE with fd -1 for an imported image). The import
 *                pair's ratio less this one's is the layer's own code.
 *                With --display gbm: the floor on a display whose driver
 *                gives an imported image's dma-buf back, where the
 *                registry keeps each plane's inode and no fd: the two
 *                checks alone (fstat() gives the inode), no dup, no close.
 *
 * --display device (the default) runs every child on the EGL device
 * platform's llvmpipe with a udmabuf, as the tests do. --display gbm runs
 * them on the GBM platform (kms_swrast on vgem in the guest:
 * sb_test_egl_init_gbm()) with a vgem dumb buffer of the same size and
 * format (kms_swrast crashes on udmabuf imports). Every pair and --live
 * runs there; import-floor's second side is the floor above.
 *
 * glvnd picks its vendor once per process, so the two sides cannot share
 * one: every block runs in a child process, bare and layer in the order
 * ABBA BAAB ... so that drift (a noisy host, caches) falls on both alike,
 * and the medians of ns per op and their ratio are printed. --callgrind
 * runs one child of each side under valgrind instead and prints the
 * instructions per op (user space only, the libc calls included;
 * repeatable for a binary and environment whatever else the machine
 * does); with --wall as well, the wall blocks follow in the same run.
 * --live prints, for each side, the import op's time with 1,000
 * and with 10,000 other images alive, and the heap bytes (mallinfo2) and
 * fds each live image holds.
 *
 *   tests/vm/run.sh build/tools/bench/layer-bench [--only PAIR]
 *           [--display device|gbm] [--iterations N] [--blocks N]
 *           [--callgrind [--wall] | --live]
 *
 * Bare: __EGL_VENDOR_LIBRARY_FILENAMES=$SHAREDBUF_MESA_JSON (the guest's
 * Mesa 25). Layer: the build tree's layer JSON, wrapping the same Mesa.
 */
#include <dirent.h>
#include <fcntl.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <drm_fourcc.h>
#include <linux/dma-buf.h>

#include "egl_env.h" /* epoxy first: it replaces EGL/egl.h */
#include "EGL/eglext_sharedbuf.h"
#include "sharedbuf/sharedbuf.h"
#include "bench.h"

#define NOINLINE   __attribute__((noinline))
#define SIZE	   256
#define LIVE_MAX   10000
#define MAX_BLOCKS 64

enum side { BARE, LAYER, NUM_SIDES };

static const char *const side_names[NUM_SIDES] = {"bare", "layer"};

/* --display gbm: kms_swrast on vgem, vgem buffers; else llvmpipe, udmabuf */
static bool gbm_display;

struct child {
	EGLDisplay dpy;
	int dmabuf; /* borrowed */
	EGLImage image;
	EGLAttrib attribs[16];
	const char *failed;
	/* glvnd's dispatch, not epoxy's: it resolves by the current
	 * display, and sync-layer runs with none */
	PFNEGLCREATEIMAGEPROC create_image;
	PFNEGLDESTROYIMAGEPROC destroy_image;
	PFNEGLCREATEIMAGESYNCSHAREDBUFPROC create_image_sync;
	PFNEGLCREATESYNCPROC create_sync;
	PFNEGLCLIENTWAITSYNCPROC client_wait;
	PFNEGLDESTROYSYNCPROC destroy_sync;
};

typedef void (*op_fn)(struct child *c);

/* The ops: each one noinline function whose name starts with one_, so
 * that callgrind's --toggle-collect=one_* counts exactly them. */

/* The import op's calls; inlined into each op, so that no one_* calls
 * another (callgrind's --toggle-collect would toggle off inside it). */
static inline __attribute__((always_inline)) void do_import(struct child *c)
{
	EGLImage img = c->create_image(c->dpy, EGL_NO_CONTEXT,
				       EGL_LINUX_DMA_BUF_EXT, NULL, c->attribs);

	if (img == EGL_NO_IMAGE)
		c->failed = "eglCreateImage";
	else if (!c->destroy_image(c->dpy, img))
		c->failed = "eglDestroyImage";
}

static NOINLINE void one_import(struct child *c)
{
	do_import(c);
}

/* The layer's dma-buf checks on the import's fd: fstat() and lseek(). */
static inline __attribute__((always_inline)) bool floor_checks(struct child *c)
{
	struct stat st;

	if (fstat(c->dmabuf, &st) == 0 && lseek(c->dmabuf, 0, SEEK_END) >= 0)
		return true;
	c->failed = "fstat or lseek";
	return false;
}

/* one_import with the syscalls the layer adds, on the same fd. */
static NOINLINE void one_import_floor(struct child *c)
{
	int dup;

	if (!floor_checks(c))
		return;
	dup = fcntl(c->dmabuf, F_DUPFD_CLOEXEC, 0);
	if (dup < 0) {
		c->failed = "F_DUPFD_CLOEXEC";
		return;
	}
	do_import(c);
	close(dup);
}

/* one_import with the syscalls the layer adds on a display that gives
 * imported images back: the checks (fstat() gives the inode), no dup. */
static NOINLINE void one_import_floor_lazy(struct child *c)
{
	if (floor_checks(c))
		do_import(c);
}

static NOINLINE void one_query(struct child *c)
{
	if (!eglQueryString(c->dpy, EGL_EXTENSIONS))
		c->failed = "eglQueryString";
}

static NOINLINE void one_sync_hand(struct child *c)
{
	struct dma_buf_export_sync_file arg = {.flags = DMA_BUF_SYNC_READ,
					       .fd = -1};
	EGLAttrib attribs[] = {EGL_SYNC_NATIVE_FENCE_FD_ANDROID, -1, EGL_NONE};
	EGLSync s;

	if (ioctl(c->dmabuf, DMA_BUF_IOCTL_EXPORT_SYNC_FILE, &arg) != 0) {
		c->failed = "DMA_BUF_IOCTL_EXPORT_SYNC_FILE";
		return;
	}
	attribs[1] = arg.fd;
	s = c->create_sync(c->dpy, EGL_SYNC_NATIVE_FENCE_ANDROID, attribs);
	if (s == EGL_NO_SYNC) {
		close(arg.fd);
		c->failed = "eglCreateSync(EGL_SYNC_NATIVE_FENCE_ANDROID)";
		return;
	}
	if (c->client_wait(c->dpy, s, 0, 0) != EGL_CONDITION_SATISFIED)
		c->failed = "eglClientWaitSync";
	c->destroy_sync(c->dpy, s);
}

static NOINLINE void one_sync_image(struct child *c)
{
	EGLSync s = c->create_image_sync(c->dpy, c->image,
					 EGL_READ_BIT_SHAREDBUF, NULL);

	if (s == EGL_NO_SYNC) {
		c->failed = "eglCreateImageSyncSHAREDBUF";
		return;
	}
	if (c->client_wait(c->dpy, s, 0, 0) != EGL_CONDITION_SATISFIED)
		c->failed = "eglClientWaitSync";
	c->destroy_sync(c->dpy, s);
}

struct pair {
	const char *name;
	const char *what;
	const char *ops[NUM_SIDES];	/* names of the ops below */
	bool context[NUM_SIDES];	/* a context current on that side */
	bool bare_only;			/* both sides bare Mesa */
	const char *gbm_ops[NUM_SIDES]; /* ops there, if not ops[] */
};

static const struct pair pairs[] = {
	{"import",
	 "eglCreateImage(dma-buf) + eglDestroyImage",
	 {"import", "import"},
	 {true, true},
	 false,
	 {NULL, NULL}},
	{"query",
	 "eglQueryString(EGL_EXTENSIONS)",
	 {"query", "query"},
	 {true, true},
	 false,
	 {NULL, NULL}},
	{"sync-native",
	 "image sync: hand-written native fence vs layer",
	 {"sync-hand", "sync-image"},
	 {true, true},
	 false,
	 {NULL, NULL}},
	{"sync-layer",
	 "image sync: hand-written vs layer-owned (no context)",
	 {"sync-hand", "sync-image"},
	 {true, false},
	 false,
	 {NULL, NULL}},
	{"import-floor",
	 "bare import vs bare import + the syscalls the layer keeps",
	 {"import", "import-floor"},
	 {true, true},
	 true,
	 {"import", "import-floor-lazy"}},
};

static const struct {
	const char *name;
	op_fn fn;
} ops[] = {
	{"import", one_import},
	{"import-floor", one_import_floor},
	{"import-floor-lazy", one_import_floor_lazy},
	{"query", one_query},
	{"sync-hand", one_sync_hand},
	{"sync-image", one_sync_image},
};

static op_fn find_op(const char *name)
{
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		if (strcmp(ops[i].name, name) == 0)
			return ops[i].fn;
	}
	return NULL;
}

/* ns per op of @n ops. */
static double time_ops(op_fn op, struct child *c, long n)
{
	double t0 = bench_now_ns();

	for (long i = 0; i < n && !c->failed; i++)
		op(c);
	return (bench_now_ns() - t0) / (double)n;
}

static long count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	long n = 0;

	if (!d)
		return -1;
	while (readdir(d))
		n++;
	closedir(d);
	return n - 3; /* ".", ".." and the DIR's own fd */
}

/* --live: the import op with 1,000 and 10,000 images alive, and what each
 * live image holds. */
static int run_live(struct child *c, long iterations)
{
	static EGLImage live[LIVE_MAX];
	struct rlimit rl;
	long fds0;
	size_t heap0;
	int n = 0;

	/* Room for every live image's fds (the layer's and the driver's):
	 * raised past the hard limit where allowed (root in the guest). */
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
		struct rlimit more = {4 * LIVE_MAX + 1024, 4 * LIVE_MAX + 1024};

		if (rl.rlim_max >= more.rlim_max ||
		    setrlimit(RLIMIT_NOFILE, &more) != 0) {
			rl.rlim_cur = rl.rlim_max;
			setrlimit(RLIMIT_NOFILE, &rl);
		}
	}
	fds0 = count_fds();
	heap0 = mallinfo2().uordblks;
	for (int target = 1000; target <= LIVE_MAX && !c->failed;
	     target *= 10) {
		for (; n < target; n++) {
			live[n] = c->create_image(c->dpy, EGL_NO_CONTEXT,
						  EGL_LINUX_DMA_BUF_EXT, NULL,
						  c->attribs);
			if (live[n] == EGL_NO_IMAGE) {
				fprintf(stderr, "live image %d: 0x%x\n", n,
					eglGetError());
				c->failed = "eglCreateImage (live)";
				break;
			}
		}
		if (c->failed)
			break;
		printf("  %5d live: %6.0f ns per import, %6.0f heap bytes "
		       "and %.2f fds per live image\n",
		       n, time_ops(one_import, c, iterations),
		       ((double)mallinfo2().uordblks - (double)heap0) / n,
		       (double)(count_fds() - fds0) / n);
	}
	while (n > 0)
		c->destroy_image(c->dpy, live[--n]);
	return c->failed ? 1 : 0;
}

static void set_attribs(struct child *c, const struct sharedbuf_buffer *b)
{
	const EGLAttrib a[] = {
		EGL_WIDTH,
		b->width,
		EGL_HEIGHT,
		b->height,
		EGL_LINUX_DRM_FOURCC_EXT,
		b->fourcc,
		EGL_DMA_BUF_PLANE0_FD_EXT,
		b->fd,
		EGL_DMA_BUF_PLANE0_OFFSET_EXT,
		0,
		EGL_DMA_BUF_PLANE0_PITCH_EXT,
		b->pitch,
		EGL_NONE,
	};

	memcpy(c->attribs, a, sizeof(a));
	c->dmabuf = b->fd;
}

static bool child_setup(struct child *c, bool context)
{
	c->create_image =
		(PFNEGLCREATEIMAGEPROC)eglGetProcAddress("eglCreateImage");
	c->destroy_image =
		(PFNEGLDESTROYIMAGEPROC)eglGetProcAddress("eglDestroyImage");
	if (!c->create_image || !c->destroy_image)
		return false;
	c->create_image_sync =
		(PFNEGLCREATEIMAGESYNCSHAREDBUFPROC)eglGetProcAddress(
			"eglCreateImageSyncSHAREDBUF");
	c->create_sync =
		(PFNEGLCREATESYNCPROC)eglGetProcAddress("eglCreateSync");
	c->client_wait = (PFNEGLCLIENTWAITSYNCPROC)eglGetProcAddress(
		"eglClientWaitSync");
	c->destroy_sync =
		(PFNEGLDESTROYSYNCPROC)eglGetProcAddress("eglDestroySync");
	c->image = c->create_image(c->dpy, EGL_NO_CONTEXT,
				   EGL_LINUX_DMA_BUF_EXT, NULL, c->attribs);
	if (c->image == EGL_NO_IMAGE || !c->create_sync || !c->client_wait ||
	    !c->destroy_sync)
		return false;
	return context || eglMakeCurrent(c->dpy, EGL_NO_SURFACE, EGL_NO_SURFACE,
					 EGL_NO_CONTEXT);
}

/* A child: one vendor (chosen by the parent's environment), one buffer,
 * one op (NULL: --live). */
static int run_child(const char *op_name, bool context, long iterations)
{
	op_fn op = op_name ? find_op(op_name) : one_import;
	struct sb_test_egl egl = {0};
	struct sharedbuf_buffer buf;
	struct child c = {0};
	char why[256];
	int rc = 1;

	if (!op) {
		fprintf(stderr, "no op %s\n", op_name);
		return 2;
	}
	if (sharedbuf_buffer_alloc(gbm_display ? SHAREDBUF_EXPORTER_DUMB
					       : SHAREDBUF_EXPORTER_UDMABUF,
				   SIZE, SIZE, DRM_FORMAT_XRGB8888,
				   &buf) != SHAREDBUF_OK) {
		fprintf(stderr, "no %s buffer\n",
			gbm_display ? "vgem" : "udmabuf");
		return 1;
	}
	if (!(gbm_display ? sb_test_egl_init_gbm(&egl, why, sizeof(why))
			  : sb_test_egl_init(&egl, why, sizeof(why)))) {
		fprintf(stderr, "EGL: %s\n", why);
		goto out;
	}
	c.dpy = egl.dpy;
	set_attribs(&c, &buf);
	if (!child_setup(&c, context)) {
		fprintf(stderr, "set-up failed: EGL error 0x%x\n",
			eglGetError());
		goto out;
	}
	time_ops(op, &c, 10); /* warm: first-call state on both sides */
	if (!op_name)
		rc = run_live(&c, iterations);
	else
		printf("ns_per_op %.1f\n", time_ops(op, &c, iterations));
	if (c.failed)
		fprintf(stderr, "%s failed: EGL error 0x%x\n", c.failed,
			eglGetError());
	else if (op_name)
		rc = 0;
	if (c.image != EGL_NO_IMAGE)
		c.destroy_image(c.dpy, c.image);
out:
	sb_test_egl_finish(&egl);
	sharedbuf_buffer_finish(&buf);
	return rc;
}

/* The vendor environment of a child of @side. */
static bool set_vendor(enum side s)
{
	const char *mesa = secure_getenv("SHAREDBUF_MESA_JSON");

	if (!mesa) {
		fprintf(stderr, "SHAREDBUF_MESA_JSON unset: run me in the "
				"guest (tests/vm/run.sh)\n");
		return false;
	}
	setenv("SHAREDBUF_NEXT_VENDOR", mesa, 1);
	setenv("__EGL_VENDOR_LIBRARY_FILENAMES",
	       s == BARE ? mesa : SB_LAYER_JSON, 1);
	setenv("LP_NUM_THREADS", "0", 1);
	return true;
}

/* Runs @argv as a child of @side. Its stdout is copied to ours when @key
 * is NULL; else the number after @key is read into *@out. */
static bool spawn(enum side s, char *const argv[], const char *key, double *out)
{
	char line[512];
	int pipefd[2], status;
	bool found = key == NULL;
	FILE *f;
	pid_t pid;

	if (!set_vendor(s) || pipe(pipefd) != 0)
		return false;
	pid = fork();
	if (pid == 0) {
		dup2(pipefd[1], STDOUT_FILENO);
		close(pipefd[0]);
		close(pipefd[1]);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(pipefd[1]);
	f = fdopen(pipefd[0], "r");
	while (f && fgets(line, sizeof(line), f)) {
		const char *p = key ? strstr(line, key) : NULL;

		if (!key)
			fputs(line, stdout);
		else if (p && sscanf(p + strlen(key), " %lf", out) == 1)
			found = true;
	}
	if (f)
		fclose(f);
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0) {
		fprintf(stderr, "the %s child failed\n", side_names[s]);
		return false;
	}
	return found;
}

struct opts {
	const char *self;
	long iterations, blocks;
};

/* The child's command line for @side of @p, after @prefix (a tool). */
static void child_argv(const struct opts *o, const struct pair *p, enum side s,
		       char *its, char **argv)
{
	int n = 0;

	snprintf(its, 32, "%ld", o->iterations);
	while (argv[n])
		n++;
	argv[n++] = (char *)o->self;
	argv[n++] = "--child";
	argv[n++] = (char *)(gbm_display && p->gbm_ops[s] ? p->gbm_ops[s]
							  : p->ops[s]);
	if (gbm_display) {
		argv[n++] = "--display";
		argv[n++] = "gbm";
	}
	if (!p->context[s])
		argv[n++] = "--no-context";
	argv[n++] = "--iterations";
	argv[n++] = its;
	argv[n] = NULL;
}

static bool run_wall(const struct opts *o, const struct pair *p)
{
	double t[NUM_SIDES][MAX_BLOCKS];

	for (int b = 0; b < o->blocks; b++) {
		bool bare_first = (b ^ (b >> 1)) & 1 ? false : true; /* ABBA */

		for (int k = 0; k < 2; k++) {
			enum side s = (k == 0) == bare_first ? BARE : LAYER;
			char its[32], *argv[16] = {NULL};

			child_argv(o, p, s, its, argv);
			if (!spawn(p->bare_only ? BARE : s, argv, "ns_per_op",
				   &t[s][b]))
				return false;
		}
	}
	double bare = bench_median(t[BARE], (int)o->blocks);
	double layer = bench_median(t[LAYER], (int)o->blocks);
	double lo = t[LAYER][0] / t[BARE][0], hi = lo;

	/* each block's two sides ran back to back: their ratio's spread */
	for (int b = 1; b < o->blocks; b++) {
		double r = t[LAYER][b] / t[BARE][b];

		lo = r < lo ? r : lo;
		hi = r > hi ? r : hi;
	}
	printf("%-12s wall ns/op   bare %8.0f  layer %8.0f  ratio %.2fx  "
	       "(median of %ld blocks of %ld, block ratios %.2f-%.2fx; %s)\n",
	       p->name, bare, layer, layer / bare, o->blocks, o->iterations, lo,
	       hi, p->what);
	return true;
}

/* Instructions of the one_* op per call, from a callgrind output file. */
static bool callgrind_count(const char *file, long iterations, double *out)
{
	char line[512];
	FILE *f = fopen(file, "r");
	bool found = false;

	while (f && fgets(line, sizeof(line), f)) {
		unsigned long long ir;

		if (sscanf(line, "totals: %llu", &ir) == 1 ||
		    sscanf(line, "summary: %llu", &ir) == 1) {
			*out = (double)ir / (double)iterations;
			found = true;
		}
	}
	if (f)
		fclose(f);
	return found;
}

static bool run_callgrind(const struct opts *o, const struct pair *p)
{
	double ir[NUM_SIDES];

	for (int s = 0; s < NUM_SIDES; s++) {
		char file[4096], outarg[4200], its[32];
		char *argv[20] = {"valgrind", "--tool=callgrind",
				  "--toggle-collect=one_*", outarg, NULL};
		double ns;

		snprintf(file, sizeof(file), "%s.%s.%s.callgrind", o->self,
			 p->name, side_names[s]);
		snprintf(outarg, sizeof(outarg), "--callgrind-out-file=%s",
			 file);
		child_argv(o, p, (enum side)s, its, argv);
		if (!spawn(p->bare_only ? BARE : (enum side)s, argv,
			   "ns_per_op", &ns) ||
		    !callgrind_count(file, o->iterations, &ir[s])) {
			fprintf(stderr, "callgrind (%s, %s) failed\n", p->name,
				side_names[s]);
			return false;
		}
		unlink(file);
	}
	printf("%-12s instr/op     bare %8.0f  layer %8.0f  ratio %.2fx  "
	       "(callgrind, %ld ops; %s)\n",
	       p->name, ir[BARE], ir[LAYER], ir[LAYER] / ir[BARE],
	       o->iterations, p->what);
	return true;
}

static bool run_live_sides(const struct opts *o)
{
	for (int s = 0; s < NUM_SIDES; s++) {
		char its[32];
		char *argv[] = {(char *)o->self,
				"--child-live",
				"--iterations",
				its,
				gbm_display ? "--display" : NULL,
				"gbm",
				NULL};

		snprintf(its, sizeof(its), "%ld", o->iterations);
		printf("live images, %s:\n", side_names[s]);
		if (!spawn((enum side)s, argv, NULL, NULL))
			return false;
	}
	return true;
}

static int usage(const char *self)
{
	fprintf(stderr,
		"usage: %s [--only import|query|sync-native|sync-layer|"
		"import-floor] [--display device|gbm] "
		"[--iterations N] [--blocks N (<= %d)] [--callgrind [--wall] "
		"| --live]\n",
		self, MAX_BLOCKS);
	return 2;
}

int main(int argc, char **argv)
{
	struct opts o = {argv[0], 1000, 8};
	const char *only = NULL, *child = NULL;
	bool callgrind = false, wall = false, live = false, child_live = false;
	bool context = true;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(a, "--child") == 0 && v)
			child = argv[++i];
		else if (strcmp(a, "--child-live") == 0)
			child_live = true;
		else if (strcmp(a, "--no-context") == 0)
			context = false;
		else if (strcmp(a, "--callgrind") == 0)
			callgrind = true;
		else if (strcmp(a, "--wall") == 0)
			wall = true;
		else if (strcmp(a, "--live") == 0)
			live = true;
		else if (strcmp(a, "--display") == 0 && v &&
			 (strcmp(v, "gbm") == 0 || strcmp(v, "device") == 0))
			gbm_display = strcmp(argv[++i], "gbm") == 0;
		else if (strcmp(a, "--only") == 0 && v)
			only = argv[++i];
		else if (strcmp(a, "--iterations") == 0 && v)
			o.iterations = bench_count(argv[++i], 10000000);
		else if (strcmp(a, "--blocks") == 0 && v)
			o.blocks = bench_count(argv[++i], MAX_BLOCKS);
		else
			return usage(argv[0]);
	}
	if (o.iterations == 0 || o.blocks == 0)
		return usage(argv[0]);
	if (child || child_live)
		return run_child(child, context, o.iterations);
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (live)
		return run_live_sides(&o) ? 0 : 1;
	for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		const struct pair *p = &pairs[i];

		if (only && strcmp(only, p->name) != 0)
			continue;
		if (callgrind && !run_callgrind(&o, p))
			return 1;
		if ((!callgrind || wall) && !run_wall(&o, p))
			return 1;
	}
	return 0;
}
