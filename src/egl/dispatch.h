/* SPDX-License-Identifier: MIT */
/*
 * How glvnd reaches the layer: the callbacks of __EGLapiImports that the
 * layer implements itself. Everything else is the next vendor's own.
 */
#ifndef SB_DISPATCH_H
#define SB_DISPATCH_H

#include <glvnd/libeglabi.h>

/* An EGL function the layer wraps: glvnd gets @wrapper for @name when the
 * next vendor has @name (its function is then stored in *@next). */
struct sb_wrap {
	const char *name;
	void *wrapper;
	void **next;
};

/* One sb_wrap: the entry point @name, the layer's @fn, and where the next
 * vendor's function goes (@next). */
#define SB_WRAP(name, fn, next)                      \
	{                                            \
		name, (void *)(fn), (void **)&(next) \
	}

/* Resolves every wrap's next function; call once the next vendor runs. */
void sb_dispatch_init(void);

/* The real function for @name: the layer's wrapper or the next vendor's. */
void *sb_dispatch_get_proc_address(const char *name);

/* The dispatch stub for extension @name: the layer's for its own entry
 * points, else the next vendor's. */
void *sb_dispatch_get_dispatch_address(const char *name);

/* glvnd's dispatch index for extension @name: kept for the layer's own
 * entry points, else forwarded to the next vendor,
 * whose dispatch stubs need it. */
void sb_dispatch_set_index(const char *name, int index);

#endif
