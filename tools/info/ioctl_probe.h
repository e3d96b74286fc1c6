/* SPDX-License-Identifier: MIT */
/* Which dma-buf uapi calls (linux/dma-buf.h) work on a real dma-buf. */
#ifndef SB_INFO_IOCTL_PROBE_H
#define SB_INFO_IOCTL_PROBE_H

enum probe_call {
	PROBE_SYNC,		/* DMA_BUF_IOCTL_SYNC start + end, read */
	PROBE_EXPORT_SYNC_FILE, /* its read fences as a sync_file */
	PROBE_IMPORT_SYNC_FILE, /* that sync_file back, as a read fence */
	PROBE_POLL,		/* poll() for reading */
	PROBE_COUNT
};

enum probe_status {
	PROBE_NOT_RUN,	     /* no dma-buf, or what it needs failed */
	PROBE_SUPPORTED,     /* worked */
	PROBE_NOT_IN_KERNEL, /* ENOTTY or EINVAL: this kernel lacks it */
	PROBE_ERROR,	     /* failed otherwise: see err */
};

struct probe_result {
	enum probe_status status;
	int err;       /* errno, for NOT_IN_KERNEL and ERROR */
	short revents; /* PROBE_POLL: what poll() reported */
};

/* Runs every probe on @fd (borrowed; its fences are left as found, apart
 * from the already-signalled one IMPORT adds). */
void probe_dmabuf(int fd, struct probe_result out[PROBE_COUNT]);

/* "DMA_BUF_IOCTL_SYNC", ..., "poll" */
const char *probe_call_name(enum probe_call c);

/* "supported", "not in this kernel", "error", "not run" */
const char *probe_status_str(enum probe_status s);

#endif
