/* SPDX-License-Identifier: MIT */
/*
 * libEGL_sharedbuf.so.0: a libglvnd EGL vendor that wraps another vendor.
 *
 * glvnd calls __egl_Main once, when it loads the vendor list. The layer
 * loads the next vendor (Mesa by default) and starts it through its own
 * __egl_Main with glvnd's exports and the layer's vendor record, so every
 * display the next vendor returns is the layer's in glvnd's eyes. The layer
 * then hands glvnd the next vendor's callbacks, except getProcAddress (which
 * returns the layer's wrappers for the names it wraps) and setDispatchIndex
 * (which the next vendor's dispatch stubs need too).
 */
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#include "debug.h"
#include "dispatch.h"
#include "display.h"
#include "display_state.h"
#include "image_sync.h"
#include "layer_sync.h"
#include "layer.h"
#include "log.h"
#include "registry.h"

/* fork() copies the layer's mutexes as they are: one another thread held
 * would stay locked in the child for good. Take them all first, always in
 * this order (no code path holds two of them), and let go in both
 * processes. No mutex of the layer is held across a driver call or a
 * wait, so fork() waits for nothing long here; the one exception, a
 * display's eglInitialize/eglTerminate mutex, is not taken here
 * (display_state.c says why). */
static void fork_prepare(void)
{
	sb_debug_fork_prepare();
	sb_display_state_fork_prepare();
	sb_display_fork_prepare();
	sb_layer_sync_fork_prepare();
	sb_registry_fork_prepare();
}

static void fork_done(void)
{
	sb_registry_fork_done();
	sb_layer_sync_fork_done();
	sb_display_fork_done();
	sb_display_state_fork_done();
	sb_debug_fork_done();
}

__attribute__((visibility("default"))) EGLBoolean
__egl_Main(uint32_t version, const __EGLapiExports *exports,
	   __EGLvendorInfo *vendor, __EGLapiImports *imports)
{
	static bool started, fork_handled;
	uint32_t major = EGL_VENDOR_ABI_GET_MAJOR_VERSION(version);
	const __EGLapiImports *next = &sb_layer.next.imports;

	if (major != EGL_VENDOR_ABI_MAJOR_VERSION) {
		sb_log(SB_ERROR,
		       "libglvnd EGL ABI %u.x unsupported (want %u.x)", major,
		       EGL_VENDOR_ABI_MAJOR_VERSION);
		return EGL_FALSE;
	}
	if (started) {
		/* One process-wide next vendor: glvnd loads a vendor once. */
		sb_log(SB_ERROR, "__egl_Main called twice");
		return EGL_FALSE;
	}
	/* Once: twice would take each mutex twice before fork(). */
	if (!fork_handled &&
	    pthread_atfork(fork_prepare, fork_done, fork_done) != 0) {
		sb_log(SB_ERROR, "pthread_atfork failed");
		return EGL_FALSE;
	}
	fork_handled = true;
	if (!sb_next_vendor_load(&sb_layer.next, version, exports, vendor))
		return EGL_FALSE;
	started = true;
	sb_layer.glvnd = exports;
	sb_layer.vendor = vendor;
	sb_dispatch_init();
	sb_image_sync_init();

	*imports = *next;
	imports->getProcAddress = sb_dispatch_get_proc_address;
	imports->getDispatchAddress = sb_dispatch_get_dispatch_address;
	imports->setDispatchIndex = sb_dispatch_set_index;
	/* GL entry-point patching is an optimisation of the next vendor's
	 * that the layer does not vouch for: keep glvnd's stubs. */
	imports->isPatchSupported = NULL;
	imports->initiatePatch = NULL;
	imports->releasePatch = NULL;
	return EGL_TRUE;
}

/* glvnd unloads vendors at exit (or never): release the registry's fds. */
__attribute__((destructor)) static void unload(void)
{
	sb_registry_clear();
	sb_layer_sync_forget_all();
	sb_display_forget_all();
}
