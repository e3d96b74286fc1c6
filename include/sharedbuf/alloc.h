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
 *    until the buffer is first exported: importers attach first.
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

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif

#endif
