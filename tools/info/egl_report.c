/* SPDX-License-Identifier: MIT */
#include "egl_report.h"

#include <link.h>
#include <stdlib.h>
#include <string.h>

#include "egl_ext.h"
#include "env.h"

/* Not in libepoxy 1.5.10's tables (Debian 12); values from eglext.h. */
#ifndef EGL_DRM_RENDER_NODE_FILE_EXT
#define EGL_DRM_RENDER_NODE_FILE_EXT 0x3377
#endif
#ifndef EGL_RENDERER_EXT
#define EGL_RENDERER_EXT 0x335F
#endif

/* glvnd reads the vendor JSONs named by the first of these that is set,
 * else its default folders. Which one is set is the first thing to check
 * when the wrong vendor answers. */
static void find_selection(struct egl_report *r)
{
	static const char *const vars[] = {
		"__EGL_VENDOR_LIBRARY_FILENAMES",
		"__EGL_VENDOR_LIBRARY_DIRS",
	};

	for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
		const char *v = sb_env_get(vars[i]);

		if (v) {
			r->select_var = vars[i];
			r->select_value = v;
			break;
		}
	}
	r->next_env = sb_env_get("SHAREDBUF_NEXT_VENDOR");
}

/* dl_iterate_phdr callback: keeps every loaded libEGL_* (glvnd's vendor
 * libraries are named so; libEGL.so.1 itself is not). */
static int note_vendor(struct dl_phdr_info *info, size_t size, void *data)
{
	struct egl_report *r = data;
	const char *base = strrchr(info->dlpi_name, '/');
	char *copy;

	base = base ? base + 1 : info->dlpi_name;
	if (strncmp(base, "libEGL_", 7) != 0 ||
	    r->n_vendors == INFO_MAX_VENDORS)
		return 0;
	copy = strdup(info->dlpi_name);
	if (copy)
		r->vendors[r->n_vendors++] = copy;
	return 0;
}

static void describe_device(struct info_device *d, EGLDeviceEXT dev)
{
	d->dev = dev;
	d->extensions = eglQueryDeviceStringEXT(dev, EGL_EXTENSIONS);
	d->software = ext_has(d->extensions, "EGL_MESA_device_software");
	if (ext_has(d->extensions, "EGL_EXT_device_drm"))
		d->drm_file =
			eglQueryDeviceStringEXT(dev, EGL_DRM_DEVICE_FILE_EXT);
	if (ext_has(d->extensions, "EGL_EXT_device_drm_render_node"))
		d->render_node = eglQueryDeviceStringEXT(
			dev, EGL_DRM_RENDER_NODE_FILE_EXT);
	if (ext_has(d->extensions, "EGL_EXT_device_query_name"))
		d->renderer = eglQueryDeviceStringEXT(dev, EGL_RENDERER_EXT);
}

static bool client_has_device_query(const struct egl_report *r)
{
	return ext_has(r->client_extensions, "EGL_EXT_device_base") ||
	       ext_has(r->client_extensions, "EGL_EXT_device_query");
}

static bool same_str(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

static bool same_device(const struct info_device *a,
			const struct info_device *b)
{
	return a->software == b->software &&
	       same_str(a->extensions, b->extensions) &&
	       same_str(a->drm_file, b->drm_file) &&
	       same_str(a->render_node, b->render_node);
}

/* Two vendors expose the same device as two EGLDeviceEXTs, told apart only
 * by their handles: equal descriptions give the duplicate away. */
static bool devices_twice(const struct egl_report *r)
{
	for (int i = 0; i < r->n_devices; i++) {
		for (int j = i + 1; j < r->n_devices; j++) {
			if (same_device(&r->devices[i], &r->devices[j]))
				return true;
		}
	}
	return false;
}

/* Every device, described without opening a display on it: initialising
 * a hardware display costs far more than this report is worth. */
static void query_devices(struct egl_report *r)
{
	EGLDeviceEXT devs[INFO_MAX_DEVICES];
	EGLint n = 0;

	if (!ext_has(r->client_extensions, "EGL_EXT_device_base") &&
	    !ext_has(r->client_extensions, "EGL_EXT_device_enumeration"))
		return;
	if (!eglQueryDevicesEXT(INFO_MAX_DEVICES, devs, &n))
		return;
	r->devices_ok = true;
	r->n_devices = n;
	for (EGLint i = 0; i < n; i++) {
		if (client_has_device_query(r))
			describe_device(&r->devices[i], devs[i]);
		else
			r->devices[i].dev = devs[i];
	}
	r->devices_twice = client_has_device_query(r) && devices_twice(r);
}

/* Which of devices[] the display sits on, or -1. */
static int display_device(const struct egl_report *r)
{
	EGLAttrib dev;

	if (!client_has_device_query(r) ||
	    !eglQueryDisplayAttribEXT(r->egl.dpy, EGL_DEVICE_EXT, &dev))
		return -1;
	for (int i = 0; i < r->n_devices; i++) {
		if ((EGLAttrib)r->devices[i].dev == dev)
			return i;
	}
	return -1;
}

static void query_display(struct egl_report *r)
{
	EGLDisplay dpy = r->egl.dpy;

	r->device = display_device(r);
	/* EGL_VERSION on EGL_NO_DISPLAY is the client's: ask only a real
	 * display, which answers NULL until initialised. */
	r->version = eglQueryString(dpy, EGL_VERSION);
	r->initialised = r->version != NULL;
	if (!r->initialised)
		return;
	r->vendor = eglQueryString(dpy, EGL_VENDOR);
	r->client_apis = eglQueryString(dpy, EGL_CLIENT_APIS);
	r->extensions = eglQueryString(dpy, EGL_EXTENSIONS);
	if (ext_has(r->extensions, "EGL_MESA_query_driver"))
		r->driver = eglGetDisplayDriverName(dpy);
	if (r->current) {
		r->gl_renderer = (const char *)glGetString(GL_RENDERER);
		r->gl_version = (const char *)glGetString(GL_VERSION);
	}
	info_formats_query(dpy, &r->formats);
	info_driver_fences_probe(dpy, r->current, &r->driver_fences);
}

bool egl_report_gather(struct egl_report *r)
{
	*r = (struct egl_report){.device = -1};
	find_selection(r);
	/* The first EGL call makes glvnd load its vendors. */
	r->client_extensions = eglQueryString(EGL_NO_DISPLAY, EGL_EXTENSIONS);
	query_devices(r);
	r->current = sb_test_egl_init(&r->egl, r->why, sizeof(r->why));
	if (r->egl.dpy != EGL_NO_DISPLAY)
		query_display(r);
	dl_iterate_phdr(note_vendor, r);
	r->layer = sb_test_layer_stats(&r->stats);
	return r->initialised && r->current;
}

void egl_report_finish(struct egl_report *r)
{
	info_formats_finish(&r->formats);
	sb_test_egl_finish(&r->egl);
	for (int i = 0; i < r->n_vendors; i++)
		free(r->vendors[i]);
	r->n_vendors = 0;
}
