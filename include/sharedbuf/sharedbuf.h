/* SPDX-License-Identifier: MIT */
/*
 * sharedbuf: the buffer core as a plain C library, for programs that do not
 * go through EGL (compositors, decoders, tests).
 *
 * Every fd parameter and result says who owns it: "borrowed" (the library
 * neither keeps nor closes it), "caller owns" (the caller must close it).
 */
#ifndef SHAREDBUF_H
#define SHAREDBUF_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The library's API is exported even from builds that hide the rest. */
#pragma GCC visibility push(default)

/** Why a call failed. SHAREDBUF_OK is 0; the reasons are stable. */
enum sharedbuf_result {
	SHAREDBUF_OK = 0,
	SHAREDBUF_ERR_INVALID,	   /**< bad argument */
	SHAREDBUF_ERR_FORMAT,	   /**< fourcc not in sharedbuf's table */
	SHAREDBUF_ERR_NO_DEVICE,   /**< the exporter's device is missing */
	SHAREDBUF_ERR_NO_MEMORY,   /**< allocation refused */
	SHAREDBUF_ERR_IO,	   /**< a kernel call failed; errno is logged */
	SHAREDBUF_ERR_OVERFLOW,	   /**< a size does not fit in 64 bits */
	SHAREDBUF_ERR_TIMEOUT,	   /**< the wait's time ran out */
	SHAREDBUF_ERR_UNSUPPORTED, /**< the kernel lacks the ioctl, or the
				      layout cannot be mapped */
	SHAREDBUF_ERR_LOCKED,	   /**< already locked for CPU access */
	SHAREDBUF_ERR_NOT_LOCKED,  /**< not locked for CPU access */
	SHAREDBUF_ERR_ACCESS,	   /**< write access to a read-only fd */
	SHAREDBUF_ERR_FAULT,	   /**< the buffer's memory faulted (SIGBUS)
				      during a guarded CPU lock */
	SHAREDBUF_ERR_CONFLICT,	   /**< importers' constraints conflict, or
				      a buffer's layout misses one */
};

/** A short English name for @r ("ok", "no device", ...). */
const char *sharedbuf_result_str(enum sharedbuf_result r);

/** Kernel exporters that sharedbuf can allocate dma-bufs from. */
enum sharedbuf_exporter {
	SHAREDBUF_EXPORTER_UDMABUF,  /**< /dev/udmabuf over a sealed memfd */
	SHAREDBUF_EXPORTER_DMA_HEAP, /**< /dev/dma_heap/system */
	SHAREDBUF_EXPORTER_DUMB,     /**< DRM dumb buffer (vgem, ...) */
	SHAREDBUF_EXPORTER_COUNT
};

/** "udmabuf", "dma-heap" or "dumb"; NULL for an unknown value. */
const char *sharedbuf_exporter_name(enum sharedbuf_exporter e);

/** A linear single-plane dma-buf and its layout. */
struct sharedbuf_buffer {
	int fd;		 /**< the dma-buf; caller owns (see _finish) */
	uint32_t width;	 /**< pixels */
	uint32_t height; /**< rows */
	uint32_t fourcc; /**< DRM_FORMAT_* from drm_fourcc.h */
	uint32_t pitch;	 /**< bytes from one row to the next */
	uint64_t size;	 /**< bytes in the dma-buf (>= pitch * height) */
};

/**
 * Allocates a linear @width x @height buffer of single-plane format @fourcc
 * from @exporter. On success fills @out (out->fd is new, close-on-exec,
 * opened read-write so it can be mapped for writing) and returns
 * SHAREDBUF_OK; on failure leaves @out->fd at -1.
 * DUMB uses the first DRM card node that creates dumb buffers, or the node
 * named by SHAREDBUF_DUMB_DEVICE (ignored in a setuid or setgid process).
 */
enum sharedbuf_result sharedbuf_buffer_alloc(enum sharedbuf_exporter exporter,
					     uint32_t width, uint32_t height,
					     uint32_t fourcc,
					     struct sharedbuf_buffer *out);

/** Closes out->fd (if >= 0) and sets it to -1. NULL: no-op. */
void sharedbuf_buffer_finish(struct sharedbuf_buffer *buf);

/** Bytes per pixel of single-plane @fourcc, or 0 when sharedbuf lacks it
 * or its pixels take no whole number of bytes each (no linear layout). */
uint32_t sharedbuf_format_cpp(uint32_t fourcc);

/**
 * Is @fd (borrowed) a dma-buf? Checks the file system magic with fstatfs().
 */
bool sharedbuf_fd_is_dmabuf(int fd);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif

#endif
