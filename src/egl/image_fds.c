/* SPDX-License-Identifier: MIT */
#include "image_fds.h"

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
#include <EGL/eglext.h>

#include "caps_table.h"
#include "display_caps.h"
#include "display_state.h"
#include "dmabuf.h"
#include "layer.h"
#include "log.h"

/* Do all planes of @l lie in plane 0's dma-buf? */
static bool one_dmabuf(const struct sb_layout *l, const ino_t *inos)
{
	for (unsigned i = 1; i < l->num_planes; i++) {
		if (inos[i] != inos[0])
			return false;
	}
	return true;
}

void sb_image_fds_plan(const struct sb_caps_table *caps,
		       struct sb_display_caps_slot *slot,
		       const struct sb_layout *l, const ino_t *inos,
		       struct sb_image_fds_plan *plan)
{
	int known;

	*plan = (struct sb_image_fds_plan){.ino = inos[0]};
	if (!caps || !(sb_caps_table_flags(caps) & SB_CAPS_DMA_BUF_EXPORT) ||
	    l->fourcc == 0 || !one_dmabuf(l, inos))
		return;
	known = sb_display_caps_reexport(slot, l->fourcc, &plan->generation);
	plan->lazy = known == 1;
	plan->probe = known < 0;
}

/* The driver's export of @image, if it is the dma-buf of inode @ino: an
 * fd (the caller's), else -1. A failed export's EGL error is the driver's
 * own business, not the application's: it is read and dropped. */
static int driver_export(EGLDisplay dpy, EGLImage image, ino_t ino)
{
	PFNEGLEXPORTDMABUFIMAGEMESAPROC export =
		(PFNEGLEXPORTDMABUFIMAGEMESAPROC)sb_layer_next_proc(
			"eglExportDMABUFImageMESA");
	PFNEGLGETERRORPROC get_error =
		(PFNEGLGETERRORPROC)sb_layer_next_proc("eglGetError");
	int fds[SB_MAX_PLANES] = {-1, -1, -1, -1};
	EGLint strides[SB_MAX_PLANES], offsets[SB_MAX_PLANES];
	ino_t got = 0;
	int fd;

	if (!export)
		return -1;
	if (!export(dpy, image, fds, strides, offsets)) {
		if (get_error)
			get_error();
		return -1;
	}
	/* Mesa gives plane 0's fd and -1 for the others; a driver that
	 * gives one per plane gives the same dma-buf (one_dmabuf()) */
	fd = fds[0];
	for (unsigned i = 1; i < SB_MAX_PLANES; i++) {
		if (fds[i] >= 0)
			close(fds[i]);
	}
	if (fd >= 0 &&
	    (sb_dmabuf_identify(fd, &got) != SB_DMABUF_YES || got != ino)) {
		close(fd);
		fd = -1;
	}
	return fd;
}

void sb_image_fds_probe(EGLDisplay dpy, struct sb_display_caps_slot *slot,
			EGLImage image, const struct sb_layout *l,
			const struct sb_image_fds_plan *plan)
{
	int fd = driver_export(dpy, image, plan->ino);

	if (fd >= 0)
		close(fd);
	sb_log(SB_INFO,
	       "display %p: the driver %s an imported 0x%08x image's "
	       "dma-buf back: its imports keep %s",
	       dpy, fd >= 0 ? "gives" : "does not give", l->fourcc,
	       fd >= 0 ? "no fd" : "a dup of each plane fd");
	sb_display_caps_set_reexport(slot, l->fourcc, fd >= 0,
				     plan->generation);
}

/* The driver did not give @image's dma-buf back: later imports of
 * @fourcc on @dpy keep dups. */
static void forget(EGLDisplay dpy, EGLImage image, uint32_t fourcc)
{
	struct sb_display_caps_slot *slot = sb_display_state_caps(dpy);

	sb_log(SB_INFO,
	       "image %p: the driver did not give its dma-buf back; later "
	       "imports of 0x%08x keep a dup of each plane fd",
	       image, fourcc);
	if (slot)
		sb_display_caps_reexport_failed(slot, fourcc);
}

const struct sb_layout *sb_image_fds(struct sb_image_ref *ref)
{
	const struct sb_layout *l;
	struct sb_layout *got;
	EGLDisplay dpy;
	EGLImage image;
	ino_t ino;
	int fd;

	l = sb_registry_fds(ref, &ino);
	if (l)
		return l;
	/* Destroyed, its handle maybe another image's already: the inode
	 * check would catch that, but the driver need not be asked. */
	if (sb_registry_gone(ref) != SB_IMAGE_LIVE)
		return NULL;
	sb_registry_handles(ref, &dpy, &image);
	fd = driver_export(dpy, image, ino);
	if (fd < 0) {
		forget(dpy, image, sb_registry_layout(ref)->fourcc);
		return NULL;
	}
	got = malloc(sizeof(*got));
	/* kept: close-on-exec, whatever the driver made it */
	if (!got || fcntl(fd, F_SETFD, FD_CLOEXEC) != 0) {
		free(got);
		close(fd);
		return NULL;
	}
	*got = *sb_registry_layout(ref); /* fds -1 */
	got->planes[0].fd = fd;
	for (unsigned i = 1; i < got->num_planes; i++) {
		got->planes[i].fd = fcntl(fd, F_DUPFD_CLOEXEC, 0);
		if (got->planes[i].fd < 0) {
			sb_layout_finish(got);
			free(got);
			return NULL;
		}
	}
	l = sb_registry_publish_fds(ref, got);
	if (l != got)
		sb_log(SB_DEBUG, "image %p: another thread kept its fds first",
		       image);
	return l;
}
