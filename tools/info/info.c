/* SPDX-License-Identifier: MIT */
/*
 * sharedbuf-info: what this machine offers for dma-buf sharing, the report
 * to read before debugging it. EGL: the vendor glvnd loaded and whether
 * the sharedbuf layer is in the call path, every EGL device, the software
 * device's display (strings, GL renderer, extensions, dma-buf formats and
 * modifiers). Kernel: the release, the exporters' device nodes, whether
 * sharedbuf allocates from each, which dma-buf calls work. Then the paths
 * the layer's fences, image syncs and CPU locks take on what was found.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc_report.h"
#include "report.h"

/* Exit status, as --help documents it. */
enum {
	INFO_EXIT_OK = 0,     /* EGL works; exporters may be missing */
	INFO_EXIT_NO_EGL = 1, /* no display or no GLES context */
	INFO_EXIT_USAGE = 2,
	INFO_EXIT_WRITE = 3, /* the report could not be written */
};

static void usage(FILE *out)
{
	fputs("usage: sharedbuf-info [--json]\n"
	      "       sharedbuf-info --alloc WxH:FMT[,FMT...] IMPORTER...\n"
	      "\n"
	      "Reports what this machine offers for dma-buf sharing: the EGL\n"
	      "vendor and whether the sharedbuf layer is in the call path,\n"
	      "the EGL devices, the software device's display with its\n"
	      "dma-buf formats and modifiers, the kernel's dma-buf exporters\n"
	      "(udmabuf, dma-heaps, DRM nodes), whether sharedbuf allocates\n"
	      "from each, which dma-buf ioctls work, and which paths the\n"
	      "layer's fences, image syncs and CPU locks take here.\n"
	      "\n"
	      "  --json   one JSON object with the same facts\n"
	      "  --alloc  the layout and exporter sharedbuf chooses for a\n"
	      "           buffer and a set of importers, and why (--alloc\n"
	      "           alone lists the importers it knows)\n"
	      "  --help   this text\n"
	      "\n"
	      "To look through the layer, select it instead of Mesa:\n"
	      "  __EGL_VENDOR_LIBRARY_FILENAMES=.../10_sharedbuf.json "
	      "sharedbuf-info\n"
	      "\n"
	      "Exit status:\n"
	      "  0  EGL works (missing exporters are reported, not failed)\n"
	      "  1  EGL is unusable: no software EGL device, eglInitialize\n"
	      "     failed, or no GLES 2 context (the report still prints)\n"
	      "  2  usage error\n"
	      "  3  the report could not be written\n",
	      out);
}

/* Parses argv; returns -1 to go on, else the exit status. */
static int parse_args(int argc, char **argv, bool *json)
{
	static const struct option opts[] = {
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int c;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			*json = true;
			break;
		case 'h':
			usage(stdout);
			return INFO_EXIT_OK;
		default:
			usage(stderr);
			return INFO_EXIT_USAGE;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "sharedbuf-info: unexpected '%s'\n",
			argv[optind]);
		usage(stderr);
		return INFO_EXIT_USAGE;
	}
	return -1;
}

static bool print_text(const struct info_report *r, FILE *out)
{
	fprintf(out, "sharedbuf-info %s\n", SB_VERSION);
	report_text_egl(r, out);
	report_text_kernel(r, out);
	report_text_paths(r, out);
	report_text_summary(r, out);
	return fflush(out) == 0 && !ferror(out);
}

int main(int argc, char **argv)
{
	static struct info_report report; /* large: keep it off the stack */
	bool json = false, written;
	int status;

	if (argc > 1 && strcmp(argv[1], "--alloc") == 0)
		return info_alloc(argc - 2, argv + 2);
	status = parse_args(argc, argv, &json);
	if (status >= 0)
		return status;
	report.egl_usable = egl_report_gather(&report.egl);
	kernel_report_gather(&report.kernel);
	written = json ? report_json(&report, stdout)
		       : print_text(&report, stdout);
	egl_report_finish(&report.egl);
	if (!written) {
		fprintf(stderr, "sharedbuf-info: could not write the report\n");
		return INFO_EXIT_WRITE;
	}
	return report.egl_usable ? INFO_EXIT_OK : INFO_EXIT_NO_EGL;
}
