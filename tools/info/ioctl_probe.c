/* SPDX-License-Identifier: MIT */
#include "ioctl_probe.h"

#include <errno.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/dma-buf.h>

#include "dmabuf.h"

static void set_result(struct probe_result *r, int rc)
{
	if (rc == 0) {
		r->status = PROBE_SUPPORTED;
		return;
	}
	r->err = errno;
	/* An unknown dma-buf ioctl fails with ENOTTY; a known one with flags
	 * this kernel does not understand, with EINVAL. */
	r->status = r->err == ENOTTY || r->err == EINVAL ? PROBE_NOT_IN_KERNEL
							 : PROBE_ERROR;
}

static void probe_sync(int fd, struct probe_result *r)
{
	int rc = sb_dmabuf_sync(fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ);

	/* END must follow a START that worked, or the exporter's CPU access
	 * count is left unbalanced. */
	if (rc == 0)
		rc = sb_dmabuf_sync(fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_READ);
	set_result(r, rc);
}

/* Exports the read fences; returns the sync_file (caller closes) or -1. */
static int probe_export(int fd, struct probe_result *r)
{
	struct dma_buf_export_sync_file arg = {
		.flags = DMA_BUF_SYNC_READ,
		.fd = -1,
	};
	int rc = ioctl(fd, DMA_BUF_IOCTL_EXPORT_SYNC_FILE, &arg);

	set_result(r, rc);
	return rc == 0 ? arg.fd : -1;
}

static void probe_import(int fd, int sync_file, struct probe_result *r)
{
	struct dma_buf_import_sync_file arg = {
		.flags = DMA_BUF_SYNC_READ,
		.fd = sync_file,
	};

	set_result(r, ioctl(fd, DMA_BUF_IOCTL_IMPORT_SYNC_FILE, &arg));
}

/* A fresh buffer has no fences: it should poll readable at once, and a
 * zero timeout keeps a busy one from hanging the report. */
static void probe_poll(int fd, struct probe_result *r)
{
	struct pollfd p = {.fd = fd, .events = POLLIN};
	int rc = poll(&p, 1, 0);

	set_result(r, rc < 0 ? -1 : 0);
	r->revents = p.revents;
}

void probe_dmabuf(int fd, struct probe_result out[PROBE_COUNT])
{
	int sync_file;

	for (int i = 0; i < PROBE_COUNT; i++)
		out[i] = (struct probe_result){PROBE_NOT_RUN, 0, 0};
	if (fd < 0)
		return;
	probe_sync(fd, &out[PROBE_SYNC]);
	sync_file = probe_export(fd, &out[PROBE_EXPORT_SYNC_FILE]);
	if (sync_file >= 0) {
		probe_import(fd, sync_file, &out[PROBE_IMPORT_SYNC_FILE]);
		close(sync_file);
	}
	probe_poll(fd, &out[PROBE_POLL]);
}

const char *probe_call_name(enum probe_call c)
{
	static const char *const names[PROBE_COUNT] = {
		[PROBE_SYNC] = "DMA_BUF_IOCTL_SYNC",
		[PROBE_EXPORT_SYNC_FILE] = "DMA_BUF_IOCTL_EXPORT_SYNC_FILE",
		[PROBE_IMPORT_SYNC_FILE] = "DMA_BUF_IOCTL_IMPORT_SYNC_FILE",
		[PROBE_POLL] = "poll",
	};

	return c < PROBE_COUNT ? names[c] : "?";
}

const char *probe_status_str(enum probe_status s)
{
	switch (s) {
	case PROBE_NOT_RUN:
		return "not run";
	case PROBE_SUPPORTED:
		return "supported";
	case PROBE_NOT_IN_KERNEL:
		return "not in this kernel";
	case PROBE_ERROR:
		return "error";
	}
	return "?";
}
