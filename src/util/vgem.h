/* SPDX-License-Identifier: MIT */
/*
 * vgem fences for tests: "pending GPU work" on any dma-buf, without a GPU.
 *
 * vgem (drivers/gpu/drm/vgem) lets userspace attach an unsignalled fence to
 * a buffer's reservation object and signal it later. The fence signals by
 * itself about 10 s after it was attached, and every fence still pending
 * signals when the vgem fd is closed: keep pending windows short.
 *
 * Foreign dma-bufs (udmabuf, dma-heap) are imported into vgem with PRIME;
 * drm_gem_prime_import() gives the imported object the dma-buf's own
 * reservation object, so the fence lands on the buffer itself. (Checked in
 * the guest on Linux 6.12 for udmabuf, dma-heap and vgem's own buffers.)
 */
#ifndef SB_TEST_VGEM_H
#define SB_TEST_VGEM_H

#include <stdbool.h>
#include <stdint.h>

/* Opens the first /dev/dri/card* whose driver is "vgem": the fd (caller
 * owns; close with sb_test_vgem_close()), or -1 with errno set (ENODEV
 * when no card is vgem). */
int sb_test_vgem_open(void);

/*
 * Attaches a new unsignalled fence to @dmabuf_fd (borrowed; any exporter)
 * through vgem @vgem: a write fence when @write (readers and writers then
 * wait), else a read fence (only writers wait). *@fence names it for
 * sb_test_vgem_fence_signal(). False with errno set on failure; EBUSY when
 * the buffer already has a conflicting unsignalled fence (any fence for a
 * write, a write fence for a read).
 */
bool sb_test_vgem_fence_attach(int vgem, int dmabuf_fd, bool write,
			       uint32_t *fence);

/* Signals @fence now. False with errno set: ENOENT for an unknown or
 * already signalled fence, ETIMEDOUT when it had expired by itself. */
bool sb_test_vgem_fence_signal(int vgem, uint32_t fence);

/* Closes @vgem (>= 0), signalling every fence still pending on it. */
void sb_test_vgem_close(int vgem);

#endif
