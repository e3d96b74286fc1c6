/* SPDX-License-Identifier: MIT */
/*
 * The vendor the layer forwards to (Mesa by default), loaded with dlopen
 * and started through its own __egl_Main with glvnd's exports, so glvnd
 * itself never loads it as a second vendor.
 */
#ifndef SB_NEXT_VENDOR_H
#define SB_NEXT_VENDOR_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>

#include <glvnd/libeglabi.h>

/* Env var naming the next vendor: a glvnd vendor JSON or a library. */
#define SB_NEXT_VENDOR_ENV "SHAREDBUF_NEXT_VENDOR"

struct sb_next_vendor {
	void *handle;		 /* dlopen handle, never closed */
	char library[PATH_MAX];	 /* as passed to dlopen */
	char json[PATH_MAX];	 /* the JSON it came from, or "" */
	__EGLapiImports imports; /* filled by its __egl_Main */
};

/* The ABI version the next vendor is started with, from the @glvnd one:
 * glvnd's major, and the lower of glvnd's minor and the minor of the
 * <glvnd/libeglabi.h> the layer was built with. The next vendor fills the
 * layer's own __EGLapiImports, which has only that minor's members: a newer
 * vendor told a newer minor could write past it. */
static inline uint32_t sb_next_vendor_abi(uint32_t glvnd)
{
	uint32_t minor = EGL_VENDOR_ABI_GET_MINOR_VERSION(glvnd);

	if (minor > EGL_VENDOR_ABI_MINOR_VERSION)
		minor = EGL_VENDOR_ABI_MINOR_VERSION;
	return (EGL_VENDOR_ABI_GET_MAJOR_VERSION(glvnd) << 16) | minor;
}

/* Finds, loads and starts the next vendor: $SHAREDBUF_NEXT_VENDOR, else
 * 50_mesa.json in /etc/glvnd/egl_vendor.d or /usr/share/glvnd/egl_vendor.d,
 * else libEGL_mesa.so.0 from the library path; in a process that does not
 * trust its environment (setuid, setgid: sb_env_trusted()) the variable is
 * ignored. Starts it with sb_next_vendor_abi(@version). Refuses to load
 * sharedbuf itself. Logs why and returns false on failure. */
bool sb_next_vendor_load(struct sb_next_vendor *next, uint32_t version,
			 const __EGLapiExports *exports,
			 __EGLvendorInfo *vendor);

#endif
