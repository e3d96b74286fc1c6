/* SPDX-License-Identifier: MIT */
#include "driver_fence.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/sync_file.h>

#include "egl_env.h"
#include "egl_ext.h"

/* Reads the fences of sync_file @fd into @out. False with out->why set. */
static bool read_fences(int fd, struct info_driver_fences *out)
{
	struct sync_file_info info = {0};
	struct sync_fence_info *fences;
	bool ok;

	/* First the count, then the list: a merged sync_file may hold more
	 * fences than any fixed array. */
	if (ioctl(fd, SYNC_IOC_FILE_INFO, &info) != 0) {
		snprintf(out->why, sizeof(out->why), "SYNC_IOC_FILE_INFO: %s",
			 strerror(errno));
		return false;
	}
	if (info.num_fences == 0) {
		snprintf(out->why, sizeof(out->why),
			 "the driver's sync_file holds no fence");
		return false;
	}
	fences = calloc(info.num_fences, sizeof(*fences));
	if (!fences) {
		snprintf(out->why, sizeof(out->why), "out of memory");
		return false;
	}
	info.sync_fence_info = (uint64_t)(uintptr_t)fences;
	ok = ioctl(fd, SYNC_IOC_FILE_INFO, &info) == 0;
	if (!ok)
		snprintf(out->why, sizeof(out->why), "SYNC_IOC_FILE_INFO: %s",
			 strerror(errno));
	out->n_fences = ok ? (int)info.num_fences : 0;
	out->stub = ok;
	for (int i = 0; i < out->n_fences; i++) {
		/* The same test as the layer's is_stub(). */
		out->stub &= strcmp(fences[i].driver_name, "stub") == 0;
		if (i < INFO_MAX_FENCES)
			snprintf(out->names[i], sizeof(out->names[i]), "%s",
				 fences[i].driver_name);
	}
	free(fences);
	return ok;
}

/* The fence of real GL work: a clear of an FBO, so the driver has
 * something pending when it makes the fence. Returns its fd (caller
 * closes) or -1 with out->why set. */
static int fence_after_work(EGLDisplay dpy, struct info_driver_fences *out)
{
	static const float red[4] = {1, 0, 0, 1};
	struct sb_test_target t;
	EGLSync sync;
	int fd = -1;

	if (!sb_test_target_init(&t, 16, 16, red)) {
		snprintf(out->why, sizeof(out->why),
			 "GL clear into an FBO "
			 "failed");
		sb_test_target_finish(&t);
		return -1;
	}
	sync = eglCreateSync(dpy, EGL_SYNC_NATIVE_FENCE_ANDROID, NULL);
	if (sync == EGL_NO_SYNC) {
		snprintf(out->why, sizeof(out->why),
			 "eglCreateSync(NATIVE_FENCE): 0x%x", eglGetError());
	} else {
		fd = eglDupNativeFenceFDANDROID(dpy, sync);
		if (fd < 0)
			snprintf(out->why, sizeof(out->why),
				 "eglDupNativeFenceFDANDROID: 0x%x",
				 eglGetError());
		eglDestroySync(dpy, sync);
	}
	/* The fence is the clear's; the FBO can go before it is read. */
	sb_test_target_finish(&t);
	return fd;
}

void info_driver_fences_probe(EGLDisplay dpy, bool current,
			      struct info_driver_fences *out)
{
	int fd;

	*out = (struct info_driver_fences){0};
	out->extension = ext_has(eglQueryString(dpy, EGL_EXTENSIONS),
				 "EGL_ANDROID_native_fence_sync");
	if (!out->extension) {
		snprintf(out->why, sizeof(out->why),
			 "no EGL_ANDROID_native_fence_sync");
		return;
	}
	/* Native fence syncs are made in the current context's stream. */
	if (!current) {
		snprintf(out->why, sizeof(out->why),
			 "no GLES context current to make one");
		return;
	}
	fd = fence_after_work(dpy, out);
	if (fd < 0)
		return;
	out->probed = read_fences(fd, out);
	close(fd);
}

const char *info_driver_fences_name(const struct info_driver_fences *f)
{
	int n = f->n_fences < INFO_MAX_FENCES ? f->n_fences : INFO_MAX_FENCES;

	for (int i = 0; i < n; i++) {
		if (strcmp(f->names[i], "stub") != 0)
			return f->names[i];
	}
	return n > 0 ? f->names[0] : "-";
}
