/* SPDX-License-Identifier: MIT */
/*
 * The layer's own EGL entry points (eglCreateImageSyncSHAREDBUF, ...) and
 * their glvnd dispatch stubs. eglGetProcAddress hands the application the
 * stub (from getDispatchAddress); the stub finds the vendor of its display
 * and calls what that vendor's getProcAddress gave for the name (for the
 * layer's displays, the real function). glvnd numbers the stubs through
 * setDispatchIndex.
 */
#ifndef SB_ENTRY_H
#define SB_ENTRY_H

#include <stdbool.h>

/* The real function of a layer entry point @name, or NULL. */
void *sb_entry_proc(const char *name);

/* The dispatch stub of layer entry point @name, or NULL. */
void *sb_entry_stub(const char *name);

/* Records glvnd's index for @name; false if @name is not the layer's. */
bool sb_entry_set_index(const char *name, int index);

#endif
