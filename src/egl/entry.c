/* SPDX-License-Identifier: MIT */
#include "entry.h"

#include <stdatomic.h>
#include <string.h>

#include "EGL/eglext_sharedbuf.h"
#include "debug.h"
#include "display_state.h"
#include "error.h"
#include "image_alloc.h"
#include "image_cpu.h"
#include "image_sync.h"
#include "layer.h"

enum entry_id {
	CREATE_IMAGE_SYNC,
	IMAGE_ATTACH_SYNC,
	LOCK_IMAGE,
	UNLOCK_IMAGE,
	ALLOCATE_IMAGE,
	NUM_ENTRIES,
};

struct entry {
	const char *name;
	void *fn;
	void *stub;
	atomic_int index; /* glvnd's, -1 until set */
};

/* The function behind @id for @dpy's vendor, or NULL with the error set
 * (sb_entry_begin()'s checks). What every stub does first. */
static void *fetch(EGLDisplay dpy, enum entry_id id);

static EGLSync EGLAPIENTRY stub_create_image_sync(EGLDisplay dpy,
						  EGLImage image, EGLint access,
						  const EGLAttrib *attribs)
{
	PFNEGLCREATEIMAGESYNCSHAREDBUFPROC fn =
		(PFNEGLCREATEIMAGESYNCSHAREDBUFPROC)fetch(dpy,
							  CREATE_IMAGE_SYNC);

	return fn ? fn(dpy, image, access, attribs) : EGL_NO_SYNC;
}

static EGLBoolean EGLAPIENTRY stub_image_attach_sync(EGLDisplay dpy,
						     EGLImage image,
						     EGLSync sync,
						     EGLint access)
{
	PFNEGLIMAGEATTACHSYNCSHAREDBUFPROC fn =
		(PFNEGLIMAGEATTACHSYNCSHAREDBUFPROC)fetch(dpy,
							  IMAGE_ATTACH_SYNC);

	return fn ? fn(dpy, image, sync, access) : EGL_FALSE;
}

static EGLBoolean EGLAPIENTRY stub_lock_image(EGLDisplay dpy, EGLImage image,
					      const EGLAttrib *attribs,
					      void **data, EGLint *stride)
{
	PFNEGLLOCKIMAGESHAREDBUFPROC fn =
		(PFNEGLLOCKIMAGESHAREDBUFPROC)fetch(dpy, LOCK_IMAGE);

	return fn ? fn(dpy, image, attribs, data, stride) : EGL_FALSE;
}

static EGLBoolean EGLAPIENTRY stub_unlock_image(EGLDisplay dpy, EGLImage image,
						EGLint plane,
						EGLint *release_fd)
{
	PFNEGLUNLOCKIMAGESHAREDBUFPROC fn =
		(PFNEGLUNLOCKIMAGESHAREDBUFPROC)fetch(dpy, UNLOCK_IMAGE);

	return fn ? fn(dpy, image, plane, release_fd) : EGL_FALSE;
}

static EGLImage EGLAPIENTRY stub_allocate_image(EGLDisplay dpy, EGLint width,
						EGLint height,
						const EGLAttrib *attribs)
{
	PFNEGLALLOCATEIMAGESHAREDBUFPROC fn =
		(PFNEGLALLOCATEIMAGESHAREDBUFPROC)fetch(dpy, ALLOCATE_IMAGE);

	return fn ? fn(dpy, width, height, attribs) : EGL_NO_IMAGE;
}

static struct entry entries[NUM_ENTRIES] = {
	[CREATE_IMAGE_SYNC] = {"eglCreateImageSyncSHAREDBUF",
			       (void *)sb_create_image_sync,
			       (void *)stub_create_image_sync, -1},
	[IMAGE_ATTACH_SYNC] = {"eglImageAttachSyncSHAREDBUF",
			       (void *)sb_image_attach_sync,
			       (void *)stub_image_attach_sync, -1},
	[LOCK_IMAGE] = {"eglLockImageSHAREDBUF", (void *)sb_lock_image,
			(void *)stub_lock_image, -1},
	[UNLOCK_IMAGE] = {"eglUnlockImageSHAREDBUF", (void *)sb_unlock_image,
			  (void *)stub_unlock_image, -1},
	[ALLOCATE_IMAGE] = {"eglAllocateImageSHAREDBUF",
			    (void *)sb_allocate_image,
			    (void *)stub_allocate_image, -1},
};

/* The vendor of @dpy after the display checks, in EGL's order; NULL with
 * the error set. */
static __EGLvendorInfo *check_display(EGLDisplay dpy, const char *command)
{
	const __EGLapiExports *glvnd = sb_layer.glvnd;
	__EGLvendorInfo *vendor = glvnd->getVendorFromDisplay(dpy);

	sb_debug_begin(command, vendor ? dpy : EGL_NO_DISPLAY);
	if (!vendor) {
		sb_egl_fail(EGL_BAD_DISPLAY, "not a display of any vendor");
		return NULL;
	}
	if (vendor == sb_layer.vendor && !sb_display_state_initialised(dpy)) {
		sb_egl_fail(EGL_NOT_INITIALIZED,
			    "display not initialised, or terminated");
		return NULL;
	}
	return vendor;
}

bool sb_entry_begin(EGLDisplay dpy, const char *command)
{
	return check_display(dpy, command) != NULL;
}

bool sb_entry_begin_dispatched(EGLDisplay dpy, const char *command)
{
	return sb_entry_begin_caps(dpy, command) != NULL;
}

struct sb_display_caps_slot *sb_entry_begin_caps(EGLDisplay dpy,
						 const char *command)
{
	struct sb_display_caps_slot *slot;

	sb_debug_begin(command, dpy);
	slot = sb_display_state_caps_initialised(dpy);
	if (!slot)
		sb_egl_fail(EGL_NOT_INITIALIZED,
			    "display not initialised, or terminated");
	return slot;
}

static void *fetch(EGLDisplay dpy, enum entry_id id)
{
	const __EGLapiExports *glvnd = sb_layer.glvnd;
	int index = atomic_load(&entries[id].index);
	__EGLvendorInfo *vendor;
	void *fn = NULL;

	glvnd->threadInit();
	vendor = check_display(dpy, entries[id].name);
	if (!vendor)
		return NULL;
	/* The layer's own display: its function, without glvnd's dispatch
	 * table (what fetchDispatchEntry would return, through
	 * sb_dispatch_get_proc_address, minus a lock libglvnd 1.6 does not
	 * release in a forked child). Another vendor's: glvnd's table. */
	if (vendor == sb_layer.vendor)
		fn = entries[id].fn;
	else if (index >= 0)
		fn = (void *)glvnd->fetchDispatchEntry(vendor, index);
	if (!fn) {
		sb_egl_fail(EGL_BAD_DISPLAY,
			    "the display's vendor lacks this function");
		return NULL;
	}
	glvnd->setLastVendor(vendor);
	return fn;
}

static struct entry *find(const char *name)
{
	for (int i = 0; i < NUM_ENTRIES; i++) {
		if (strcmp(entries[i].name, name) == 0)
			return &entries[i];
	}
	return NULL;
}

void *sb_entry_proc(const char *name)
{
	struct entry *e = find(name);

	return e ? e->fn : NULL;
}

void *sb_entry_stub(const char *name)
{
	struct entry *e = find(name);

	return e ? e->stub : NULL;
}

bool sb_entry_set_index(const char *name, int index)
{
	struct entry *e = find(name);

	if (e)
		atomic_store(&e->index, index);
	return e != NULL;
}
