#ifndef __eglext_sharedbuf_h_
#define __eglext_sharedbuf_h_ 1

#ifdef __cplusplus
extern "C" {
#endif

/*
 * SPDX-License-Identifier: MIT
 *
 * EGL extensions of libEGL_sharedbuf.so.0, in the style of Khronos'
 * eglext.h. Specifications: specs/EGL_SHAREDBUF_*.txt.
 *
 * Token values: not registered with Khronos. They come from one block,
 * 0x3F80-0x3F8F, at the top of the EGL enum space (0x3000-0x3FFF), above
 * every block the EGL registry has allocated. A registered block will
 * replace it before sharedbuf 1.0. Bit values (*_BIT_SHAREDBUF) are masks,
 * like EGL_WINDOW_BIT, and take no enum.
 */

#include <EGL/egl.h>
#include <EGL/eglext.h>

/* Access kinds, a bitfield: EGL_READ_BIT_SHAREDBUF | EGL_WRITE_BIT_SHAREDBUF
 * is a read-write access. */
#define EGL_READ_BIT_SHAREDBUF	0x0001
#define EGL_WRITE_BIT_SHAREDBUF 0x0002

#ifndef EGL_SHAREDBUF_image_fence
#define EGL_SHAREDBUF_image_fence 1
/* EGL_SYNC_TYPE of a sync the layer owns that has no sync_file behind it
 * (kernels without DMA_BUF_IOCTL_EXPORT_SYNC_FILE). */
#define EGL_SYNC_IMAGE_SHAREDBUF 0x3F80
typedef EGLSync(EGLAPIENTRYP PFNEGLCREATEIMAGESYNCSHAREDBUFPROC)(
	EGLDisplay dpy, EGLImage image, EGLint access,
	const EGLAttrib *attrib_list);
typedef EGLBoolean(EGLAPIENTRYP PFNEGLIMAGEATTACHSYNCSHAREDBUFPROC)(
	EGLDisplay dpy, EGLImage image, EGLSync sync, EGLint access);
#ifdef EGL_EGLEXT_PROTOTYPES
EGLAPI EGLSync EGLAPIENTRY
eglCreateImageSyncSHAREDBUF(EGLDisplay dpy, EGLImage image, EGLint access,
			    const EGLAttrib *attrib_list);
EGLAPI EGLBoolean EGLAPIENTRY eglImageAttachSyncSHAREDBUF(EGLDisplay dpy,
							  EGLImage image,
							  EGLSync sync,
							  EGLint access);
#endif
#endif /* EGL_SHAREDBUF_image_fence */

#ifndef EGL_SHAREDBUF_image_cpu_access
#define EGL_SHAREDBUF_image_cpu_access 1
/* eglLockImageSHAREDBUF attributes */
#define EGL_LOCK_PLANE_SHAREDBUF	    0x3F81
#define EGL_LOCK_USAGE_SHAREDBUF	    0x3F82
#define EGL_LOCK_ACQUIRE_FENCE_FD_SHAREDBUF 0x3F83
#define EGL_LOCK_TIMEOUT_NS_SHAREDBUF	    0x3F84
/* error: the fences a lock waits for did not signal in time */
#define EGL_LOCK_TIMEOUT_EXPIRED_SHAREDBUF 0x3F85
/* eglLockImageSHAREDBUF attribute: EGL_TRUE guards the access against a
 * buffer whose pages fault (SIGBUS); the unlock then fails with
 * EGL_BAD_ACCESS */
#define EGL_LOCK_GUARDED_SHAREDBUF 0x3F86
typedef EGLBoolean(EGLAPIENTRYP PFNEGLLOCKIMAGESHAREDBUFPROC)(
	EGLDisplay dpy, EGLImage image, const EGLAttrib *attrib_list,
	void **data, EGLint *stride);
typedef EGLBoolean(EGLAPIENTRYP PFNEGLUNLOCKIMAGESHAREDBUFPROC)(
	EGLDisplay dpy, EGLImage image, EGLint plane, EGLint *release_fence_fd);
#ifdef EGL_EGLEXT_PROTOTYPES
EGLAPI EGLBoolean EGLAPIENTRY eglLockImageSHAREDBUF(
	EGLDisplay dpy, EGLImage image, const EGLAttrib *attrib_list,
	void **data, EGLint *stride);
EGLAPI EGLBoolean EGLAPIENTRY eglUnlockImageSHAREDBUF(EGLDisplay dpy,
						      EGLImage image,
						      EGLint plane,
						      EGLint *release_fence_fd);
#endif
#endif /* EGL_SHAREDBUF_image_cpu_access */

#ifndef EGL_SHAREDBUF_image_allocate
#define EGL_SHAREDBUF_image_allocate 1
/* eglAllocateImageSHAREDBUF attributes */
#define EGL_ALLOC_USAGE_SHAREDBUF	0x3F87 /* bitfield, below */
#define EGL_ALLOC_FORMAT_SHAREDBUF	0x3F88 /* a DRM fourcc; repeatable */
#define EGL_ALLOC_CONSTRAINTS_SHAREDBUF 0x3F89 /* serialised constraints */
/* EGL_ALLOC_USAGE_SHAREDBUF bits */
#define EGL_ALLOC_SAMPLE_BIT_SHAREDBUF	  0x0001
#define EGL_ALLOC_RENDER_BIT_SHAREDBUF	  0x0002
#define EGL_ALLOC_CPU_READ_BIT_SHAREDBUF  0x0004
#define EGL_ALLOC_CPU_WRITE_BIT_SHAREDBUF 0x0008
typedef EGLImage(EGLAPIENTRYP PFNEGLALLOCATEIMAGESHAREDBUFPROC)(
	EGLDisplay dpy, EGLint width, EGLint height,
	const EGLAttrib *attrib_list);
#ifdef EGL_EGLEXT_PROTOTYPES
EGLAPI EGLImage EGLAPIENTRY
eglAllocateImageSHAREDBUF(EGLDisplay dpy, EGLint width, EGLint height,
			  const EGLAttrib *attrib_list);
#endif
#endif /* EGL_SHAREDBUF_image_allocate */

#ifdef __cplusplus
}
#endif

#endif /* __eglext_sharedbuf_h_ */
