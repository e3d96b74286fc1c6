/* SPDX-License-Identifier: MIT */
/*
 * Guarded CPU access to memory a client controls, the way libwayland's
 * wl_shm_buffer_begin_access() guards shm pools: a page of a mapping that
 * faults (SIGBUS: a truncated memfd, a purged shmem GEM object) does not
 * kill the process. Inside a guarded range the fault is caught, the whole
 * range is replaced by anonymous zero pages (MAP_FIXED), the access goes
 * on and sb_guard_end() says it happened.
 *
 * The process-wide SIGBUS handler is installed at the first
 * sb_guard_begin(), never before: a process that never guards keeps its
 * own signal dispositions. Faults outside every guarded range, and
 * SIGBUS sent by kill()/raise(), go on to the handler that was there
 * before (or the default action: the process dies as without sharedbuf).
 *
 * Guarded ranges live in one fixed, process-wide table searched by fault
 * address, not in thread-local storage: a fault on any thread (a worker
 * the locking thread handed the pointer to) is caught, and the handler
 * touches only lock-free atomics and makes only system calls (mmap,
 * sigaction, raise, gettid, sched_yield): no malloc, no lock, no TLS,
 * which in a dlopen'ed library may allocate at a thread's first use.
 */
#ifndef SB_GUARD_H
#define SB_GUARD_H

#include <stdbool.h>
#include <stddef.h>

#include "sharedbuf/sharedbuf.h"

/* Guarded ranges at once in the process (locked planes that asked). */
#define SB_GUARD_SLOTS 128

/* Guards [@start, @start + @len) (page-aligned: a whole mapping) until
 * sb_guard_end(*@slot). Installs the SIGBUS handler the first time, and
 * again if another library has since replaced it (chaining to that one).
 * SHAREDBUF_ERR_NO_MEMORY when all slots are taken,
 * SHAREDBUF_ERR_UNSUPPORTED when the handler cannot be installed (a
 * sanitizer that keeps SIGBUS for itself, handle_sigbus=2). */
enum sharedbuf_result sb_guard_begin(void *start, size_t len, int *slot);

/* Ends the guard of @slot (from sb_guard_begin()). True when a fault hit
 * the range meanwhile: its pages are then anonymous zeros until the
 * owner maps the file again (MAP_FIXED at the same address). A fault
 * being handled on another thread is waited for. */
bool sb_guard_end(int slot);

#endif
