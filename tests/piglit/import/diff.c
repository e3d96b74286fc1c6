/* SPDX-License-Identifier: MIT */
/*
 * import-diff: the layer is never less capable than bare Mesa.
 *
 * Issue "Trust", item 3: "An import that bare Mesa accepts and samples
 * correctly also succeeds through the layer [...] A differential test runs
 * every valid variant bare and through the layer and compares results and
 * pixels."
 *
 * Every variant of diff_variants.c (explicit LINEAR and INVALID
 * modifiers, EGLint and EGLAttrib lists, offsets, larger pitches,
 * EGL_IMAGE_PRESERVED_KHR, YUV hints, multi-plane YUV in one or several
 * dma-bufs, and every format the driver lists) is imported on bare Mesa
 * (__EGL_VENDOR_LIBRARY_FILENAMES=$SHAREDBUF_MESA_JSON) and through the
 * layer, in separate processes, and sampled. Both must give the same
 * result (the image, or the same EGL error) and the same pixels. A
 * process that crashes loses only its variant: the next process goes on
 * after it. The table printed is README's "Never less capable than bare
 * Mesa".
 *
 * usage: import-diff udmabuf|heap|vgem [specials]   compare (the test);
 *            "specials" leaves out the plain import of every listed
 *            format (make check runs that on udmabuf only: formats do not
 *            depend on the exporter, and each costs llvmpipe a JIT)
 *        import-diff udmabuf|heap|vgem child N all|specials
 *            run variants N.. (internal)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "diff.h"
#include "check.h"
#include "piglit.h"

#define MAX_VARIANTS 160

struct row {
	char name[40], result[16], verdict[32];
	unsigned long long hash;
	bool seen;
};

/* One process's run: its rows and whether the layer was in it. */
struct run {
	struct row rows[MAX_VARIANTS];
	int count, layer, crashes;
};

static void child(enum sharedbuf_exporter exp, int first, bool sweep)
{
	static struct diff_variant vars[MAX_VARIANTS];
	struct sharedbuf_layer_stats stats;
	struct sb_test_egl egl;
	char why[256];
	int n;

	if (!sb_test_egl_init(&egl, why, sizeof(why))) {
		printf("EGL %s\n", why);
		exit(1);
	}
	n = diff_variants(egl.dpy, sweep, vars, MAX_VARIANTS);
	printf("LAYER %d\nCOUNT %d\n", sb_test_layer_stats(&stats), n);
	fflush(stdout);
	for (int i = first; i < n; i++) {
		const struct diff_variant *v = &vars[i];
		const char *verdict = "-";
		struct diff_buffers b;
		struct attr_list a;
		EGLint narrow[ATTR_LIST_MAX];
		unsigned long long hash = 0;
		char result[16] = "no-buffer";
		EGLImage img;

		if (diff_buffers_make(exp, v, &b)) {
			diff_attribs(v, &b, &a);
			attr_narrow(&a, narrow);
			img = v->wide ? eglCreateImage(egl.dpy, EGL_NO_CONTEXT,
						       EGL_LINUX_DMA_BUF_EXT,
						       NULL, a.v)
				      : eglCreateImageKHR(egl.dpy,
							  EGL_NO_CONTEXT,
							  EGL_LINUX_DMA_BUF_EXT,
							  NULL, narrow);
			if (img == EGL_NO_IMAGE) {
				snprintf(result, sizeof(result), "0x%04x",
					 (unsigned)eglGetError());
			} else {
				uint64_t h;

				snprintf(result, sizeof(result), "ok");
				verdict = diff_sample(img, v, &b, &h);
				hash = h;
				eglDestroyImage(egl.dpy, img);
			}
			diff_buffers_finish(&b);
		}
		printf("ROW\t%d\t%s\t%s\t%s\t%016llx\n", i, v->name, result,
		       verdict, hash);
		fflush(stdout);
	}
	printf("END\n");
	sb_test_egl_finish(&egl);
	exit(0);
}

/* Runs `import-diff EXP child FIRST` with @json as the only vendor; reads
 * its rows into @r. Returns the last row it reported (first - 1: none),
 * and sets *@done when it got to the end. */
static int spawn(const char *self, const char *exp, const char *mode,
		 const char *json, int first, struct run *r, bool *done)
{
	char line[256], arg[16];
	char *argv[] = {(char *)self, (char *)exp,  "child",
			arg,	      (char *)mode, NULL};
	int last = first - 1, status = 0;
	pid_t pid;
	FILE *f;

	*done = false;
	snprintf(arg, sizeof(arg), "%d", first);
	pid = sb_test_spawn_with_vendor(json, argv, &f);
	if (pid < 0)
		piglit_fail("fork or pipe: %m");
	while (f && fgets(line, sizeof(line), f)) {
		struct row w = {.seen = true};
		int i;

		if (sscanf(line, "LAYER %d", &r->layer) == 1 ||
		    sscanf(line, "COUNT %d", &r->count) == 1)
			continue;
		if (strncmp(line, "END", 3) == 0)
			*done = true;
		if (sscanf(line, "ROW\t%d\t%39[^\t]\t%15[^\t]\t%31[^\t]\t%llx",
			   &i, w.name, w.result, w.verdict, &w.hash) != 5 ||
		    i < 0 || i >= MAX_VARIANTS)
			continue;
		r->rows[i] = w;
		last = i;
	}
	if (f)
		fclose(f);
	waitpid(pid, &status, 0);
	if (!*done && (!WIFEXITED(status) || WEXITSTATUS(status) != 0))
		fprintf(stderr, "child (%s) from %d: status 0x%x\n", json,
			first, status);
	return last;
}

/* All variants on @json: a crash costs only the variant it hit. */
static void run_all(const char *self, const char *exp, const char *mode,
		    const char *json, struct run *r)
{
	int first = 0;
	bool done = false;

	memset(r, 0, sizeof(*r));
	while (!done) {
		int last = spawn(self, exp, mode, json, first, r, &done);

		if (done || r->count == 0 || last + 1 >= r->count)
			break;
		/* the variant after the last one reported crashed it */
		snprintf(r->rows[last + 1].result, 16, "crash");
		r->rows[last + 1].seen = true;
		r->crashes++;
		first = last + 2;
	}
}

static const char *cell(const struct row *w, char *buf, size_t n)
{
	if (!w->seen)
		return "not run";
	if (strcmp(w->result, "ok") == 0)
		snprintf(buf, n, "ok, %s", w->verdict);
	else
		snprintf(buf, n, "%s", w->result);
	return buf;
}

int main(int argc, char **argv)
{
	static struct run bare, layer;
	const char *mesa = secure_getenv("SHAREDBUF_MESA_JSON");
	const char *ours = secure_getenv("__EGL_VENDOR_LIBRARY_FILENAMES");
	const char *mode;
	int exp = sb_test_exporter_arg(argc > 1 ? argv[1] : NULL);
	int differ = 0, accepted = 0, same_ok = 0;
	char why[256], self[4096], a[64], b[64];
	ssize_t len;

	if (exp < 0) {
		fprintf(stderr, "usage: %s udmabuf|heap|vgem\n", argv[0]);
		return 2;
	}
	if (argc > 4 && strcmp(argv[2], "child") == 0)
		child((enum sharedbuf_exporter)exp, atoi(argv[3]),
		      strcmp(argv[4], "all") == 0);
	mode = argc > 2 && strcmp(argv[2], "specials") == 0 ? "specials"
							    : "all";
	if (!sb_test_exporter_present(exp, why, sizeof(why)))
		piglit_skip("%s", why);
	if (!mesa || !ours)
		piglit_skip("needs $SHAREDBUF_MESA_JSON and the layer's "
			    "vendor JSON: run in the guest (make check)");
	len = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (len <= 0)
		piglit_fail("readlink /proc/self/exe: %m");
	self[len] = '\0';
	run_all(self, argv[1], mode, mesa, &bare);
	run_all(self, argv[1], mode, ours, &layer);
	if (bare.layer || !layer.layer)
		piglit_fail("the layer was %sloaded bare and %sloaded through "
			    "the layer",
			    bare.layer ? "" : "not ",
			    layer.layer ? "" : "not ");
	if (bare.count == 0 || bare.count != layer.count)
		piglit_fail("%d variants bare, %d through the layer",
			    bare.count, layer.count);
	printf("| variant | bare Mesa | through sharedbuf |\n|---|---|---|\n");
	for (int i = 0; i < bare.count; i++) {
		const struct row *x = &bare.rows[i], *y = &layer.rows[i];
		bool same = x->seen && y->seen &&
			    strcmp(x->name, y->name) == 0 &&
			    strcmp(x->result, y->result) == 0 &&
			    strcmp(x->verdict, y->verdict) == 0 &&
			    x->hash == y->hash;

		printf("| %s | %s | %s%s |\n", x->seen ? x->name : y->name,
		       cell(x, a, sizeof(a)), cell(y, b, sizeof(b)),
		       same ? "" : " **differs**");
		differ += !same;
		accepted += strcmp(x->result, "ok") == 0;
		same_ok += same && strcmp(x->result, "ok") == 0;
	}
	printf("\n%d variants: bare Mesa accepts %d, the layer gives the same "
	       "result and pixels for %d of them; %d differ; %d crashed "
	       "bare, %d through the layer\n",
	       bare.count, accepted, same_ok, differ, bare.crashes,
	       layer.crashes);
	if (strcmp(bare.rows[0].result, "ok") != 0 ||
	    strcmp(bare.rows[0].verdict, "exact") != 0)
		piglit_fail("bare Mesa did not sample %s exactly: the test "
			    "proves nothing here",
			    bare.rows[0].name);
	if (differ)
		piglit_fail("%d variants differ", differ);
	piglit_report_result(PIGLIT_PASS);
}
