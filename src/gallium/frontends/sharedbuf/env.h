/* SPDX-License-Identifier: MIT */
/*
 * The only way the buffer core, the fences and the layer read the
 * environment. libEGL_sharedbuf.so.0 sits in every EGL process, setuid and
 * setgid programs included: there the environment belongs to the
 * unprivileged caller, so nothing it names may be loaded or opened, as
 * glvnd ignores its own __EGL_VENDOR_LIBRARY_* variables and Mesa its
 * LIBGL_DRIVERS_PATH.
 */
#ifndef SB_ENV_H
#define SB_ENV_H

#include <stdbool.h>

/* Whether this process may trust its environment: false when the kernel
 * marked it secure (AT_SECURE: a setuid, setgid or file-capability exec, an
 * LSM transition) or its real and effective user or group differ (a
 * program that changed ids after exec). Computed on every call: cheap, and
 * a process may drop privileges later. */
bool sb_env_trusted(void);

/* The value of @name, or NULL when it is unset, empty, or the process does
 * not trust its environment (sb_env_trusted()). The string is the
 * environment's own: valid until the variable changes. Never logs (the log
 * level itself is read through here). */
const char *sb_env_get(const char *name);

#endif
