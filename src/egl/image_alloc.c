/* SPDX-License-Identifier: MIT */
#include "image_alloc.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <drm_fourcc.h>
#include <EGL/eglext.h>

#include "EGL/eglext_sharedbuf.h"
#include "error.h"
#include "format.h"
#include "image_fds.h"
#include "layer.h"
#include "log.h"
#include "registry.h"
#include "sharedbuf/alloc.h"

#define MAX_FORMATS 16
#define MAX_EXTRA   8
#define MAX_WIRE    (1u << 20)
#define USAGE_BITS                                                         \
	(EGL_ALLOC_SAMPLE_BIT_SHAREDBUF | EGL_ALLOC_RENDER_BIT_SHAREDBUF | \
	 EGL_ALLOC_CPU_READ_BIT_SHAREDBUF | EGL_ALLOC_CPU_WRITE_BIT_SHAREDBUF)

static PFNEGLEXPORTDMABUFIMAGEQUERYMESAPROC next_export_query;
static PFNEGLEXPORTDMABUFIMAGEMESAPROC next_export;

struct request {
	EGLAttrib usage;
	uint32_t fourccs[MAX_FORMATS];
	unsigned num_fourccs;
	struct sharedbuf_constraints *extra; /* MAX_EXTRA, heap */
	unsigned num_extra;
};

/* Reads a serialised struct sharedbuf_constraints at @p: its length is in
 * its own header (bytes 8..11), bounded by MAX_WIRE. */
static bool read_wire(const void *p, struct sharedbuf_constraints *c)
{
	uint8_t head[12];
	uint32_t len;

	if (!p)
		return false;
	memcpy(head, p, sizeof(head));
	len = (uint32_t)head[8] | (uint32_t)head[9] << 8 |
	      (uint32_t)head[10] << 16 | (uint32_t)head[11] << 24;
	return len >= sizeof(head) && len <= MAX_WIRE &&
	       sharedbuf_constraints_deserialise(p, len, c) == SHAREDBUF_OK;
}

/* EGL_SUCCESS, or the error for the attribute list. */
static EGLint parse(const EGLAttrib *attribs, struct request *r)
{
	bool usage_seen = false;

	r->usage = EGL_ALLOC_SAMPLE_BIT_SHAREDBUF;
	for (const EGLAttrib *a = attribs; a && a[0] != EGL_NONE; a += 2) {
		switch (a[0]) {
		case EGL_ALLOC_USAGE_SHAREDBUF:
			if (usage_seen || (a[1] & ~(EGLAttrib)USAGE_BITS) ||
			    !a[1])
				return EGL_BAD_ATTRIBUTE;
			usage_seen = true;
			r->usage = a[1];
			break;
		case EGL_ALLOC_FORMAT_SHAREDBUF:
			if (r->num_fourccs == MAX_FORMATS || a[1] < 0 ||
			    a[1] > UINT32_MAX ||
			    !sb_format_find((uint32_t)a[1]))
				return EGL_BAD_ATTRIBUTE;
			r->fourccs[r->num_fourccs++] = (uint32_t)a[1];
			break;
		case EGL_ALLOC_CONSTRAINTS_SHAREDBUF:
			if (r->num_extra == MAX_EXTRA ||
			    !read_wire((const void *)a[1],
				       &r->extra[r->num_extra]))
				return EGL_BAD_ATTRIBUTE;
			r->num_extra++;
			break;
		default:
			return EGL_BAD_ATTRIBUTE;
		}
	}
	return r->num_fourccs ? EGL_SUCCESS : EGL_BAD_PARAMETER;
}

static unsigned query_formats(void *dpy, int max, int *formats, int *num)
{
	PFNEGLQUERYDMABUFFORMATSEXTPROC fn =
		(PFNEGLQUERYDMABUFFORMATSEXTPROC)sb_layer_next_proc(
			"eglQueryDmaBufFormatsEXT");

	return fn && fn(dpy, max, formats, num);
}

static unsigned query_modifiers(void *dpy, int format, int max, uint64_t *mods,
				unsigned *ext, int *num)
{
	PFNEGLQUERYDMABUFMODIFIERSEXTPROC fn =
		(PFNEGLQUERYDMABUFMODIFIERSEXTPROC)sb_layer_next_proc(
			"eglQueryDmaBufModifiersEXT");

	return fn && fn(dpy, format, max, mods, ext, num);
}

/* Attaches the display's needs for @r's usage, the CPU's, and r->extra. */
static EGLint attach_all(EGLDisplay dpy, const struct request *r,
			 struct sharedbuf_alloc *a,
			 struct sharedbuf_constraints *c)
{
	static const struct sharedbuf_egl_queries q = {query_formats,
						       query_modifiers};
	uint32_t cpu = (r->usage & EGL_ALLOC_CPU_READ_BIT_SHAREDBUF
				? SHAREDBUF_NEEDS_CPU_READ
				: 0) |
		       (r->usage & EGL_ALLOC_CPU_WRITE_BIT_SHAREDBUF
				? SHAREDBUF_NEEDS_CPU_WRITE
				: 0);

	for (int u = 0; u < 2; u++) {
		EGLAttrib bit = u ? EGL_ALLOC_RENDER_BIT_SHAREDBUF
				  : EGL_ALLOC_SAMPLE_BIT_SHAREDBUF;

		if (!(r->usage & bit))
			continue;
		if (sharedbuf_constraints_from_egl(&q, dpy,
						   u ? SHAREDBUF_EGL_RENDER
						     : SHAREDBUF_EGL_SAMPLE,
						   c) != SHAREDBUF_OK)
			return EGL_BAD_DISPLAY;
		sharedbuf_alloc_attach(a, c, NULL, 0);
	}
	if (cpu) {
		sharedbuf_constraints_cpu(c, cpu);
		sharedbuf_alloc_attach(a, c, NULL, 0);
	}
	for (unsigned i = 0; i < r->num_extra; i++)
		sharedbuf_alloc_attach(a, &r->extra[i], NULL, 0);
	return EGL_SUCCESS;
}

/* Does the display list @mod for @fourcc? Then the import names it. */
static bool lists_modifier(EGLDisplay dpy, uint32_t fourcc, uint64_t mod)
{
	uint64_t mods[64];
	unsigned ext[64];
	int n = 0;

	if (!query_modifiers(dpy, (int)fourcc, 64, mods, ext, &n))
		return false;
	for (int i = 0; i < n && i < 64; i++) {
		if (mods[i] == mod)
			return true;
	}
	return false;
}

/* Imports @fd with layout @l through the layer's own eglCreateImage
 * wrapper: checked and recorded like any application import. */
static EGLImage import(EGLDisplay dpy, int fd, const struct sharedbuf_layout *l)
{
	static const EGLint plane_attr[4][5] = {
		{EGL_DMA_BUF_PLANE0_FD_EXT, EGL_DMA_BUF_PLANE0_OFFSET_EXT,
		 EGL_DMA_BUF_PLANE0_PITCH_EXT,
		 EGL_DMA_BUF_PLANE0_MODIFIER_LO_EXT,
		 EGL_DMA_BUF_PLANE0_MODIFIER_HI_EXT},
		{EGL_DMA_BUF_PLANE1_FD_EXT, EGL_DMA_BUF_PLANE1_OFFSET_EXT,
		 EGL_DMA_BUF_PLANE1_PITCH_EXT,
		 EGL_DMA_BUF_PLANE1_MODIFIER_LO_EXT,
		 EGL_DMA_BUF_PLANE1_MODIFIER_HI_EXT},
		{EGL_DMA_BUF_PLANE2_FD_EXT, EGL_DMA_BUF_PLANE2_OFFSET_EXT,
		 EGL_DMA_BUF_PLANE2_PITCH_EXT,
		 EGL_DMA_BUF_PLANE2_MODIFIER_LO_EXT,
		 EGL_DMA_BUF_PLANE2_MODIFIER_HI_EXT},
		{EGL_DMA_BUF_PLANE3_FD_EXT, EGL_DMA_BUF_PLANE3_OFFSET_EXT,
		 EGL_DMA_BUF_PLANE3_PITCH_EXT,
		 EGL_DMA_BUF_PLANE3_MODIFIER_LO_EXT,
		 EGL_DMA_BUF_PLANE3_MODIFIER_HI_EXT},
	};
	PFNEGLCREATEIMAGEPROC create =
		(PFNEGLCREATEIMAGEPROC)sb_dispatch_get_proc_address(
			"eglCreateImage");
	bool mod = lists_modifier(dpy, l->fourcc, l->modifier);
	EGLAttrib at[7 + 4 * 10];
	int n = 0;

	if (!create)
		return EGL_NO_IMAGE;
	at[n++] = EGL_WIDTH;
	at[n++] = l->width;
	at[n++] = EGL_HEIGHT;
	at[n++] = l->height;
	at[n++] = EGL_LINUX_DRM_FOURCC_EXT;
	at[n++] = l->fourcc;
	for (uint32_t i = 0; i < l->num_planes && i < 4; i++) {
		at[n++] = plane_attr[i][0];
		at[n++] = fd;
		at[n++] = plane_attr[i][1];
		at[n++] = (EGLAttrib)l->offsets[i];
		at[n++] = plane_attr[i][2];
		at[n++] = l->pitches[i];
		if (mod) {
			at[n++] = plane_attr[i][3];
			at[n++] = (EGLAttrib)(l->modifier & 0xffffffff);
			at[n++] = plane_attr[i][4];
			at[n++] = (EGLAttrib)(l->modifier >> 32);
		}
	}
	at[n] = EGL_NONE;
	return create(dpy, EGL_NO_CONTEXT, EGL_LINUX_DMA_BUF_EXT, NULL, at);
}

static EGLImage allocate(EGLDisplay dpy, EGLint width, EGLint height,
			 struct request *r, struct sharedbuf_constraints *c)
{
	struct sharedbuf_alloc *a;
	struct sharedbuf_layout l;
	enum sharedbuf_result res;
	EGLImage image;
	EGLint err;
	char why[1024];
	int fd;

	a = sharedbuf_alloc_create((uint32_t)width, (uint32_t)height,
				   r->fourccs, r->num_fourccs);
	if (!a) {
		sb_egl_fail(EGL_BAD_ALLOC, "eglAllocateImageSHAREDBUF");
		return EGL_NO_IMAGE;
	}
	err = attach_all(dpy, r, a, c);
	res = err == EGL_SUCCESS
		      ? sharedbuf_alloc_export(a, &l, &fd, why, sizeof(why))
		      : SHAREDBUF_ERR_INVALID;
	if (err == EGL_SUCCESS && res != SHAREDBUF_OK)
		err = res == SHAREDBUF_ERR_CONFLICT ? EGL_BAD_MATCH
						    : EGL_BAD_ALLOC;
	if (err != EGL_SUCCESS) {
		sharedbuf_alloc_destroy(a);
		sb_log(SB_INFO, "eglAllocateImageSHAREDBUF: %s",
		       res == SHAREDBUF_ERR_INVALID ? "no display formats"
						    : why);
		sb_egl_fail(err, "eglAllocateImageSHAREDBUF");
		return EGL_NO_IMAGE;
	}
	sb_log(SB_INFO, "eglAllocateImageSHAREDBUF: %s",
	       sharedbuf_alloc_explain(a));
	image = import(dpy, fd, &l); /* its error stands on failure */
	close(fd);
	sharedbuf_alloc_destroy(a);
	if (image != EGL_NO_IMAGE)
		sb_egl_ok();
	return image;
}

EGLImage EGLAPIENTRY sb_allocate_image(EGLDisplay dpy, EGLint width,
				       EGLint height,
				       const EGLAttrib *attrib_list)
{
	struct request r = {0};
	struct sharedbuf_constraints *c;
	EGLImage image = EGL_NO_IMAGE;
	EGLint err;

	/* the extra sets and one scratch set: 13 kB each, not for the stack */
	c = calloc(MAX_EXTRA + 1, sizeof(*c));
	if (!c) {
		sb_egl_fail(EGL_BAD_ALLOC, "eglAllocateImageSHAREDBUF");
		return EGL_NO_IMAGE;
	}
	r.extra = c + 1;
	err = parse(attrib_list, &r);
	if (err == EGL_SUCCESS && (width <= 0 || height <= 0))
		err = EGL_BAD_PARAMETER;
	if (err != EGL_SUCCESS)
		sb_egl_fail(err, "eglAllocateImageSHAREDBUF: attributes");
	else
		image = allocate(dpy, width, height, &r, c);
	free(c);
	return image;
}

/* The modifier the registry knows for @l: the one imported with, else
 * none (DRM_FORMAT_MOD_INVALID, as Mesa reports implicit layouts). */
static uint64_t modifier_of(const struct sb_layout *l)
{
	return l->has_modifier ? l->modifier : DRM_FORMAT_MOD_INVALID;
}

static EGLBoolean EGLAPIENTRY export_query(EGLDisplay dpy, EGLImage image,
					   int *fourcc, int *num_planes,
					   EGLuint64KHR *modifiers)
{
	struct sb_image_ref *ref = sb_registry_get(image, dpy);
	const struct sb_layout *l = ref ? sb_registry_layout(ref) : NULL;

	if (!l)
		return next_export_query(dpy, image, fourcc, num_planes,
					 modifiers);
	if (fourcc)
		*fourcc = (int)l->fourcc;
	if (num_planes)
		*num_planes = (int)l->num_planes;
	for (unsigned i = 0; modifiers && i < l->num_planes; i++)
		modifiers[i] = modifier_of(l);
	sb_registry_put(ref);
	sb_egl_ok();
	return EGL_TRUE;
}

static EGLBoolean EGLAPIENTRY export_fds(EGLDisplay dpy, EGLImage image,
					 int *fds, EGLint *strides,
					 EGLint *offsets)
{
	struct sb_image_ref *ref = sb_registry_get(image, dpy);
	const struct sb_layout *l = ref ? sb_registry_layout(ref) : NULL;
	int got[SB_MAX_PLANES];
	unsigned i;

	if (!l)
		return next_export(dpy, image, fds, strides, offsets);
	if (fds && !(l = sb_image_fds(ref))) {
		sb_registry_put(ref);
		sb_egl_fail(EGL_BAD_ALLOC, "eglExportDMABUFImageMESA: the "
					   "image's dma-buf: out of fds, or "
					   "the driver did not give it back");
		return EGL_FALSE;
	}
	for (i = 0; fds && i < l->num_planes; i++) {
		got[i] = fcntl(l->planes[i].fd, F_DUPFD_CLOEXEC, 0);
		if (got[i] < 0)
			break;
	}
	if (fds && i < l->num_planes) {
		while (i--)
			close(got[i]);
		sb_registry_put(ref);
		sb_egl_fail(EGL_BAD_ALLOC, "eglExportDMABUFImageMESA: dup");
		return EGL_FALSE;
	}
	for (i = 0; i < l->num_planes; i++) {
		if (fds)
			fds[i] = got[i];
		if (strides)
			strides[i] = (EGLint)l->planes[i].pitch;
		if (offsets)
			offsets[i] = (EGLint)l->planes[i].offset;
	}
	sb_registry_put(ref);
	sb_egl_ok();
	return EGL_TRUE;
}

const struct sb_wrap sb_image_alloc_wraps[] = {
	SB_WRAP("eglExportDMABUFImageQueryMESA", export_query,
		next_export_query),
	SB_WRAP("eglExportDMABUFImageMESA", export_fds, next_export),
};
const size_t sb_image_alloc_wrap_count =
	sizeof(sb_image_alloc_wraps) / sizeof(sb_image_alloc_wraps[0]);
