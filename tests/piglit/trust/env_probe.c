/* SPDX-License-Identifier: MIT */
/*
 * trust-env-probe: the EGL program that trust-env.sh installs setuid or
 * setgid root and runs as an unprivileged user. It does what makes the
 * layer and the buffer core read the environment, and prints what they did
 * with it, one "key: value" line each; trust-env.sh judges.
 *
 * Issue 10: "Every SHAREDBUF_* variable is read with secure_getenv; nothing
 * named by the environment is loaded or opened when uid != euid or
 * gid != egid."
 *
 * It reads no SHAREDBUF_* variable itself. What it watches comes as
 * arguments: files named by SHAREDBUF_GBM_DEVICE and SHAREDBUF_DUMB_DEVICE,
 * whose opens it sees through inotify.
 *
 * usage: trust-env-probe [--ruid UID] WATCHED_FILE...
 *   --ruid UID: first set the real uid to UID, keeping euid and saved uid
 *   (a process whose ids differ without AT_SECURE; needs root).
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/inotify.h>
#include <unistd.h>
#include <EGL/egl.h>
#include <drm_fourcc.h>

#include "log.h"
#include "sharedbuf/cpu.h"
#include "sharedbuf/fence.h"
#include "sharedbuf/sharedbuf.h"

#define MAX_WATCH 8

/* In the ASan build: a setgid process cannot read its own
 * /proc/self/environ (root's, once the process is not dumpable), so the
 * sanitizer never sees ASAN_OPTIONS, and LeakSanitizer, on by default,
 * cannot stop the threads of a process it may not ptrace. Leaks are
 * checked in the unprivileged control run instead (trust-env.sh). Unused
 * without ASan. */
__attribute__((visibility("default"))) const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return getauxval(AT_SECURE) ? "detect_leaks=0" : "";
}

static int print_egl_lib(struct dl_phdr_info *info, size_t size, void *data)
{
	const char *base = strrchr(info->dlpi_name, '/');

	base = base ? base + 1 : info->dlpi_name;
	if (strncmp(base, "libEGL_", 7) == 0)
		printf("egl-vendor-loaded: %s\n", info->dlpi_name);
	return 0;
}

/* A tiled layout makes sharedbuf_cpu_image_create go to the driver (GBM):
 * SHAREDBUF_GBM_DEVICE, if obeyed, is opened there. */
static void cpu_through_gbm(const struct sharedbuf_buffer *b)
{
	struct sharedbuf_image_layout l = {
		.width = b->width,
		.height = b->height,
		.fourcc = b->fourcc,
		.modifier = I915_FORMAT_MOD_X_TILED,
		.num_planes = 1,
	};
	struct sharedbuf_cpu_image *img = NULL;
	enum sharedbuf_result r;

	l.planes[0].fd = b->fd;
	l.planes[0].pitch = b->pitch;
	r = sharedbuf_cpu_image_create(&l, &img);
	printf("cpu-tiled-create: %s\n", sharedbuf_result_str(r));
	sharedbuf_cpu_image_destroy(img);
}

int main(int argc, char **argv)
{
	const char *watched[MAX_WATCH];
	int wd[MAX_WATCH], n = 0, ino;
	struct sharedbuf_buffer b = {.fd = -1}, dumb = {.fd = -1};
	enum sharedbuf_result r;
	const char *ext;
	char events[4096];
	ssize_t len;
	int i = 1;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc > 2 && strcmp(argv[1], "--ruid") == 0) {
		uid_t ruid = (uid_t)strtoul(argv[2], NULL, 10);

		if (setresuid(ruid, (uid_t)-1, (uid_t)-1) < 0) {
			printf("setresuid: %s\n", strerror(errno));
			return 1;
		}
		i = 3;
	}
	printf("ids: uid %u euid %u gid %u egid %u at-secure %lu\n", getuid(),
	       geteuid(), getgid(), getegid(), getauxval(AT_SECURE));

	ino = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (ino < 0) {
		printf("inotify_init1: %s\n", strerror(errno));
		return 1;
	}
	for (; i < argc && n < MAX_WATCH; i++, n++) {
		watched[n] = argv[i];
		wd[n] = inotify_add_watch(ino, argv[i], IN_OPEN);
		if (wd[n] < 0) {
			printf("inotify_add_watch %s: %s\n", argv[i],
			       strerror(errno));
			return 1;
		}
	}

	/* SHAREDBUF_DEBUG, read once by the core's log. */
	printf("log-level: %d\n", (int)sb_log_level());

	/* glvnd loads its vendors, the layer among them, at the first EGL
	 * call; the layer then picks and loads the next vendor. */
	ext = eglQueryString(EGL_NO_DISPLAY, EGL_EXTENSIONS);
	printf("client-extensions: %s\n", ext ? "yes" : "none");
	dl_iterate_phdr(print_egl_lib, NULL);

	r = sharedbuf_buffer_alloc(SHAREDBUF_EXPORTER_UDMABUF, 64, 32,
				   DRM_FORMAT_XRGB8888, &b);
	printf("udmabuf: %s\n", sharedbuf_result_str(r));
	if (r == SHAREDBUF_OK) {
		/* SHAREDBUF_FENCE_PATH=poll, if obeyed. */
		printf("fence-path: %s\n",
		       sharedbuf_fence_path(b.fd) == SHAREDBUF_FENCE_PATH_POLL
			       ? "poll"
			       : "sync_file");
		cpu_through_gbm(&b);
	}
	/* SHAREDBUF_DUMB_DEVICE, if obeyed, is opened here. */
	r = sharedbuf_buffer_alloc(SHAREDBUF_EXPORTER_DUMB, 64, 32,
				   DRM_FORMAT_XRGB8888, &dumb);
	printf("dumb: %s\n", sharedbuf_result_str(r));
	sharedbuf_buffer_finish(&dumb);
	sharedbuf_buffer_finish(&b);

	while ((len = read(ino, events, sizeof(events))) > 0) {
		for (char *p = events; p < events + len;) {
			const struct inotify_event *e = (const void *)p;

			for (int k = 0; k < n; k++) {
				if (e->wd == wd[k] && (e->mask & IN_OPEN))
					printf("opened: %s\n", watched[k]);
			}
			p += sizeof(*e) + e->len;
		}
	}
	close(ino);
	printf("probe: done\n");
	return 0;
}
