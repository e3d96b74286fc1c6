/* SPDX-License-Identifier: MIT */
/*
 * sharedbuf allocation for a set of importers.
 *
 * 1. Describe each importer as a struct sharedbuf_constraints: from an EGL
 *    display, a V4L2 queue, a GBM device, a KMS plane or the CPU, or by hand,
 *    or received from another process (sharedbuf_constraints_deserialise).
 * 2. sharedbuf_solve() picks a layout (fourcc, modifier, pitches, offsets,
 *    size) that satisfies all of them, or says which importers conflict.
 * 3. A struct sharedbuf_alloc defers that choice, and the choice of exporter,
 *    until the buffer is first exported or mapped: importers attach first.
 *    One thread at a time per struct sharedbuf_alloc.
 *
 * Constraints are plain values: copy them with `=`, nothing to free.
 */
#ifndef SHAREDBUF_ALLOC_H
#define SHAREDBUF_ALLOC_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "sharedbuf/sharedbuf.h"

#ifdef __cplusplus
extern "C" {
#endif

#pragma GCC visibility push(default)

#define SHAREDBUF_MAX_FORMATS	128
#define SHAREDBUF_MAX_MODIFIERS 8
#define SHAREDBUF_NAME_MAX	32

/* struct sharedbuf_constraints.flags: what the memory itself must be. */
/** Physically contiguous memory (a device without an IOMMU). */
#define SHAREDBUF_NEEDS_CONTIGUOUS (1u << 0)
/** The CPU reads the buffer: a linear layout the CPU can map. */
#define SHAREDBUF_NEEDS_CPU_READ (1u << 1)
/** The CPU writes the buffer. */
#define SHAREDBUF_NEEDS_CPU_WRITE (1u << 2)
/** The importer cannot import dma-bufs: only its own memory will do. */
#define SHAREDBUF_NEEDS_OWN_MEMORY (1u << 3)
/** Planes follow each other with no gap (V4L2's single-buffer formats). */
#define SHAREDBUF_NEEDS_PACKED_PLANES (1u << 4)
#define SHAREDBUF_NEEDS_MASK	      0x1fu

/* struct sharedbuf_format_rule.flags */
/** GL samples this format only as GL_TEXTURE_EXTERNAL_OES. */
#define SHAREDBUF_FORMAT_EXTERNAL_ONLY (1u << 0)
#define SHAREDBUF_FORMAT_MASK	       0x1u

/** One format an importer takes, and its rules for plane 0. */
struct sharedbuf_format_rule {
	uint32_t fourcc;	/**< DRM_FORMAT_* */
	uint32_t flags;		/**< SHAREDBUF_FORMAT_* */
	uint32_t pitch_min;	/**< bytes; 0: a row's bytes */
	uint32_t pitch_max;	/**< bytes; 0: no limit; == min: fixed */
	uint64_t size_min;	/**< the dma-buf holds at least this */
	uint32_t num_modifiers; /**< 1..SHAREDBUF_MAX_MODIFIERS */
	uint64_t modifiers[SHAREDBUF_MAX_MODIFIERS];
};

/** What one importer (or an intersection of several) needs. */
struct sharedbuf_constraints {
	char name[SHAREDBUF_NAME_MAX]; /**< who, for messages */
	uint32_t flags;		       /**< SHAREDBUF_NEEDS_* */
	uint32_t width, height; /**< size the rules were found for; 0: any */
	uint32_t pitch_align;	/**< every plane's pitch, bytes, >= 1 */
	uint32_t offset_align;	/**< every plane's offset, bytes, >= 1 */
	uint32_t size_align;	/**< the dma-buf's size, bytes, >= 1 */
	uint32_t num_formats;
	struct sharedbuf_format_rule formats[SHAREDBUF_MAX_FORMATS];
};

/** Empty constraints named @name (truncated): no formats, alignments 1. */
void sharedbuf_constraints_init(struct sharedbuf_constraints *c,
				const char *name);

/** Adds @fourcc with one modifier; returns the rule, or NULL when full or
 *  @fourcc is already there. Fill pitch/size fields through it. */
struct sharedbuf_format_rule *
sharedbuf_constraints_add(struct sharedbuf_constraints *c, uint32_t fourcc,
			  uint64_t modifier);

/** The rule for @fourcc in @c, or NULL. */
const struct sharedbuf_format_rule *
sharedbuf_constraints_find(const struct sharedbuf_constraints *c,
			   uint32_t fourcc);

/**
 * @out = what satisfies both @a and @b: common formats with common
 * modifiers, the tighter pitch and size rules, alignments' least common
 * multiple, flags ORed. @out may be @a or @b.
 * SHAREDBUF_ERR_INVALID when the sizes differ or an alignment overflows;
 * an empty format list is not an error (sharedbuf_solve explains it).
 */
enum sharedbuf_result
sharedbuf_constraints_intersect(const struct sharedbuf_constraints *a,
				const struct sharedbuf_constraints *b,
				struct sharedbuf_constraints *out);

/** Writes @c as text, one format a line, to @f. */
void sharedbuf_constraints_print(const struct sharedbuf_constraints *c,
				 FILE *f);

/**
 * Serialises @c into @buf (little endian, versioned, length-prefixed).
 * Returns the bytes needed; writes only when that fits in @size.
 */
size_t sharedbuf_constraints_serialise(const struct sharedbuf_constraints *c,
				       void *buf, size_t size);

/** Reads what _serialise wrote. SHAREDBUF_ERR_INVALID for anything else:
 *  wrong magic, version, length, counts, unknown flags, zero alignments. */
enum sharedbuf_result
sharedbuf_constraints_deserialise(const void *buf, size_t size,
				  struct sharedbuf_constraints *c);

/* --- constraints from real importers ---------------------------------- */

/** The CPU: every format sharedbuf's table knows, linear, with @needs
 *  (SHAREDBUF_NEEDS_CPU_READ and/or _WRITE). */
void sharedbuf_constraints_cpu(struct sharedbuf_constraints *c, uint32_t needs);

/** Usage of an EGL display's buffers. */
enum sharedbuf_egl_usage {
	SHAREDBUF_EGL_SAMPLE, /**< textures; external-only formats kept */
	SHAREDBUF_EGL_RENDER, /**< render targets; external-only dropped */
};

/** EGL_EXT_image_dma_buf_import_modifiers' two queries, as pointers from
 *  eglGetProcAddress, so that the library does not link EGL. */
struct sharedbuf_egl_queries {
	unsigned (*query_formats)(void *dpy, int max, int *formats, int *num);
	unsigned (*query_modifiers)(void *dpy, int format, int max,
				    uint64_t *modifiers,
				    unsigned *external_only, int *num);
};

/** An EGL display @dpy's dma-buf formats and modifiers for @usage. A
 *  format with no modifier listed is taken as linear (implicit layout). */
enum sharedbuf_result
sharedbuf_constraints_from_egl(const struct sharedbuf_egl_queries *q, void *dpy,
			       enum sharedbuf_egl_usage usage,
			       struct sharedbuf_constraints *c);

/**
 * A V4L2 queue (@fd borrowed, @type V4L2_BUF_TYPE_VIDEO_CAPTURE or _OUTPUT)
 * at @width x @height: the formats VIDIOC_ENUM_FMT lists that sharedbuf
 * knows, their bytesperline/sizeimage rules from VIDIOC_TRY_FMT, whether it
 * imports dma-bufs (V4L2_BUF_CAP_SUPPORTS_DMABUF, else NEEDS_OWN_MEMORY),
 * and whether it needs contiguous memory: a udmabuf is queued with
 * V4L2_MEMORY_DMABUF and refused. Call it before the queue has buffers:
 * the probe sets each format (VIDIOC_S_FMT) and leaves the queue with no
 * buffers. SHAREDBUF_ERR_IO if a V4L2 call fails (errno is logged).
 */
enum sharedbuf_result
sharedbuf_constraints_from_v4l2(int fd, uint32_t type, uint32_t width,
				uint32_t height,
				struct sharedbuf_constraints *c);

/** The formats a GBM device (@gbm, a struct gbm_device *) supports for
 *  @gbm_usage (GBM_BO_USE_*), linear. */
enum sharedbuf_result
sharedbuf_constraints_from_gbm(void *gbm, uint32_t gbm_usage,
			       struct sharedbuf_constraints *c);

/** A KMS plane's IN_FORMATS (formats and modifiers), or its format list as
 *  linear where the driver has no IN_FORMATS. @drm_fd borrowed.
 *  SHAREDBUF_ERR_NO_DEVICE if @plane_id is no plane there. */
enum sharedbuf_result
sharedbuf_constraints_from_kms(int drm_fd, uint32_t plane_id,
			       struct sharedbuf_constraints *c);

/* --- layout ------------------------------------------------------------ */

/** A solved layout: what to allocate and how importers see it. */
struct sharedbuf_layout {
	uint32_t width, height, fourcc;
	uint64_t modifier;
	uint32_t num_planes;
	uint32_t pitches[4];
	uint64_t offsets[4];
	uint64_t size; /**< the dma-buf's size in bytes */
};

/**
 * The first of @fourccs (@num_fourccs > 0; 0: the first set's own order)
 * that every one of @set[0..@n) takes at @width x @height, with a modifier
 * all share (linear first), the smallest pitch every rule allows, planes
 * packed at aligned offsets. On failure returns SHAREDBUF_ERR_CONFLICT and,
 * if @why is not NULL, explains per candidate which importers conflict and
 * why, e.g. "XR24: pitch: 'vivid' fixes 2560, 'gl' wants a multiple of 512".
 */
enum sharedbuf_result
sharedbuf_solve(const struct sharedbuf_constraints *const *set, unsigned n,
		uint32_t width, uint32_t height, const uint32_t *fourccs,
		unsigned num_fourccs, struct sharedbuf_layout *out, char *why,
		size_t why_size);

/** Does @l meet @c? If not, SHAREDBUF_ERR_CONFLICT with the unmet
 *  constraint in @why (format, modifier, pitch, offset or size). */
enum sharedbuf_result
sharedbuf_layout_meets(const struct sharedbuf_layout *l,
		       const struct sharedbuf_constraints *c, char *why,
		       size_t why_size);

/* --- deferred allocation ---------------------------------------------- */

/** Where a buffer's memory came from. */
enum sharedbuf_alloc_exporter {
	SHAREDBUF_ALLOC_NONE = 0, /**< not allocated yet */
	SHAREDBUF_ALLOC_UDMABUF,  /**< /dev/udmabuf over a sealed memfd */
	SHAREDBUF_ALLOC_DMA_HEAP, /**< /dev/dma_heap/system */
	SHAREDBUF_ALLOC_CMA_HEAP, /**< a contiguous dma-heap (linux,cma, ...) */
	SHAREDBUF_ALLOC_GBM,	  /**< GBM on a DRM render node */
	SHAREDBUF_ALLOC_V4L2,	  /**< a V4L2 importer's own memory (EXPBUF) */
	SHAREDBUF_ALLOC_EXPORTER_COUNT
};

/** "udmabuf", "dma-heap", "cma-heap", "gbm", "v4l2", "none"; NULL else. */
const char *sharedbuf_alloc_exporter_name(enum sharedbuf_alloc_exporter e);

/** A buffer whose layout and memory are chosen at its first export. */
struct sharedbuf_alloc;

/**
 * A @width x @height buffer of one of @fourccs (in order of preference;
 * @n > 0, at most 16). Allocates no memory. NULL on a bad argument or
 * out of memory.
 */
struct sharedbuf_alloc *sharedbuf_alloc_create(uint32_t width, uint32_t height,
					       const uint32_t *fourccs,
					       unsigned n);

/**
 * Adds an importer (@c is copied). Before the first export this only
 * records it. After, the buffer's layout and memory must already meet @c:
 * if not, SHAREDBUF_ERR_CONFLICT with the unmet constraint in @why (may be
 * NULL), and nothing changes for the importers already attached.
 */
enum sharedbuf_result
sharedbuf_alloc_attach(struct sharedbuf_alloc *a,
		       const struct sharedbuf_constraints *c, char *why,
		       size_t why_size);

/**
 * Same, for a V4L2 queue (@fd borrowed, kept until the buffer is
 * allocated or destroyed; @type as for sharedbuf_constraints_from_v4l2)
 * that can also provide the memory itself: when an importer needs memory
 * no other exporter gives (contiguous with no CMA heap, or its own), the
 * buffer becomes one of the queue's V4L2_MEMORY_MMAP buffers
 * (VIDIOC_CREATE_BUFS) exported with VIDIOC_EXPBUF; queue it with
 * V4L2_MEMORY_MMAP at sharedbuf_alloc_v4l2_index().
 */
enum sharedbuf_result
sharedbuf_alloc_attach_v4l2(struct sharedbuf_alloc *a,
			    const struct sharedbuf_constraints *c, int fd,
			    uint32_t type, char *why, size_t why_size);

/** Only @e may allocate (tests; a program that knows better). */
void sharedbuf_alloc_force(struct sharedbuf_alloc *a,
			   enum sharedbuf_alloc_exporter e);

/**
 * The buffer's dma-buf: on the first call the layout is solved for every
 * attached importer, an exporter chosen and the memory allocated (the
 * choice is logged at SHAREDBUF_DEBUG=info and kept for
 * sharedbuf_alloc_explain). *@fd is new (caller owns, close-on-exec,
 * read-write). On SHAREDBUF_ERR_CONFLICT, @why names the importers that
 * conflict and why; a later call tries again.
 */
enum sharedbuf_result sharedbuf_alloc_export(struct sharedbuf_alloc *a,
					     struct sharedbuf_layout *layout,
					     int *fd, char *why,
					     size_t why_size);

struct sharedbuf_cpu_image;

/**
 * The buffer open for CPU access (include/sharedbuf/cpu.h: lock, unlock,
 * destroy): the first call, like the first export, allocates. The image
 * holds its own fds: it may outlive @a. Errors as sharedbuf_alloc_export,
 * or those of sharedbuf_cpu_image_create.
 */
enum sharedbuf_result sharedbuf_alloc_map(struct sharedbuf_alloc *a,
					  struct sharedbuf_cpu_image **out,
					  char *why, size_t why_size);

/** The exporter chosen; SHAREDBUF_ALLOC_NONE before the first export. */
enum sharedbuf_alloc_exporter
sharedbuf_alloc_exporter(const struct sharedbuf_alloc *a);

/** Why that exporter and layout (one line); "" before the first export. */
const char *sharedbuf_alloc_explain(const struct sharedbuf_alloc *a);

/** The V4L2 buffer index when the exporter is SHAREDBUF_ALLOC_V4L2, else
 *  -1. */
int sharedbuf_alloc_v4l2_index(const struct sharedbuf_alloc *a);

/** Frees the buffer's memory once every exported fd is closed too (a V4L2
 *  buffer leaves its queue with VIDIOC_REMOVE_BUFS where the kernel has
 *  it). NULL: no-op. */
void sharedbuf_alloc_destroy(struct sharedbuf_alloc *a);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif

#endif
