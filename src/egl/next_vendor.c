/* SPDX-License-Identifier: MIT */
#include "next_vendor.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "env.h"
#include "log.h"
#include "vendor_json.h"

#define JSON_MAX (64 * 1024)

/* SB_NEXT_VENDOR_JSON (meson option next-vendor-json) is where a
 * distribution that makes the layer glvnd's vendor moves Mesa's JSON. */
static const char *const mesa_jsons[] = {
#ifdef SB_NEXT_VENDOR_JSON
	SB_NEXT_VENDOR_JSON,
#endif
	"/etc/glvnd/egl_vendor.d/50_mesa.json",
	"/usr/share/glvnd/egl_vendor.d/50_mesa.json",
};

static bool ends_with(const char *s, const char *suffix)
{
	size_t ls = strlen(s), lx = strlen(suffix);

	return ls >= lx && strcmp(s + ls - lx, suffix) == 0;
}

/* Reads @path and resolves its library_path into next->library. */
static bool from_json(struct sb_next_vendor *next, const char *path)
{
	char text[JSON_MAX], lib[PATH_MAX];
	FILE *f = fopen(path, "re");
	size_t len;

	if (!f)
		return false;
	len = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[len] = '\0';
	if (!sb_vendor_json_library_path(text, lib, sizeof(lib)) ||
	    !sb_vendor_json_resolve(path, lib, next->library,
				    sizeof(next->library))) {
		sb_log(SB_ERROR, "%s: no usable \"library_path\"", path);
		return false;
	}
	snprintf(next->json, sizeof(next->json), "%s", path);
	return true;
}

static bool choose(struct sb_next_vendor *next)
{
	const char *env = sb_env_get(SB_NEXT_VENDOR_ENV);

	if (env) {
		if (ends_with(env, ".json"))
			return from_json(next, env);
		snprintf(next->library, sizeof(next->library), "%s", env);
		return true;
	}
	for (size_t i = 0; i < sizeof(mesa_jsons) / sizeof(mesa_jsons[0]);
	     i++) {
		if (from_json(next, mesa_jsons[i]))
			return true;
	}
	snprintf(next->library, sizeof(next->library), "libEGL_mesa.so.0");
	return true;
}

static bool start(struct sb_next_vendor *next, uint32_t version,
		  const __EGLapiExports *exports, __EGLvendorInfo *vendor)
{
	uint32_t abi = sb_next_vendor_abi(version);
	__PFNEGLMAINPROC egl_main;

	if (dlsym(next->handle, "sharedbuf_layer_get_stats")) {
		sb_log(SB_ERROR, "%s is sharedbuf itself, not a vendor to wrap",
		       next->library);
		return false;
	}
	egl_main = (__PFNEGLMAINPROC)dlsym(next->handle, __EGL_MAIN_PROTO_NAME);
	if (!egl_main) {
		sb_log(SB_ERROR, "%s has no " __EGL_MAIN_PROTO_NAME,
		       next->library);
		return false;
	}
	if (!egl_main(abi, exports, vendor, &next->imports)) {
		sb_log(SB_ERROR, "%s refused glvnd EGL ABI %u.%u",
		       next->library, EGL_VENDOR_ABI_GET_MAJOR_VERSION(abi),
		       EGL_VENDOR_ABI_GET_MINOR_VERSION(abi));
		return false;
	}
	if (!next->imports.getPlatformDisplay ||
	    !next->imports.getSupportsAPI || !next->imports.getProcAddress ||
	    !next->imports.getDispatchAddress ||
	    !next->imports.setDispatchIndex) {
		sb_log(SB_ERROR, "%s left required glvnd callbacks unset",
		       next->library);
		return false;
	}
	return true;
}

bool sb_next_vendor_load(struct sb_next_vendor *next, uint32_t version,
			 const __EGLapiExports *exports,
			 __EGLvendorInfo *vendor)
{
	memset(next, 0, sizeof(*next));
	if (!choose(next))
		return false;
	next->handle = dlopen(next->library, RTLD_NOW | RTLD_LOCAL);
	if (!next->handle) {
		sb_log(SB_ERROR, "cannot load next EGL vendor: %s", dlerror());
		return false;
	}
	/* On failure the handle stays open: the vendor may have registered
	 * atexit handlers or threads; unloading it is not safe. */
	if (!start(next, version, exports, vendor))
		return false;
	sb_log(SB_INFO, "wrapping EGL vendor %s%s%s%s", next->library,
	       next->json[0] ? " (from " : "", next->json,
	       next->json[0] ? ")" : "");
	return true;
}
