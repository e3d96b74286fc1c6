/* SPDX-License-Identifier: MIT */
/*
 * The kernel half of the report: the kernel, the dma-buf exporters'
 * device nodes, whether sharedbuf can allocate from each, and which
 * dma-buf calls work on a buffer that was allocated, and which path
 * sharedbuf's fences take on it.
 */
#ifndef SB_INFO_KERNEL_REPORT_H
#define SB_INFO_KERNEL_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <drm_fourcc.h>

#include "ioctl_probe.h"
#include "sharedbuf/fence.h"
#include "sharedbuf/sharedbuf.h"

#define INFO_MAX_NODES 16
#define INFO_NODE_PATH 288 /* "/dev/dma_heap/" + a 255-byte name */
/* The test buffer: small, and a format every exporter takes. */
#define INFO_ALLOC_SIZE	  64
#define INFO_ALLOC_FOURCC DRM_FORMAT_XRGB8888

struct info_node {
	char path[INFO_NODE_PATH];
	bool present;
	int err;	 /* open()'s errno; 0: it opened read-write */
	char driver[32]; /* DRM nodes: drmGetVersion's name, or "" */
};

struct info_alloc {
	enum sharedbuf_result result;
	uint32_t pitch; /* when SHAREDBUF_OK */
	uint64_t size;
};

struct kernel_report {
	char release[65]; /* uname -r */
	char version[65]; /* uname -v: the build, often the package version */
	struct info_node udmabuf;
	struct info_node heaps[INFO_MAX_NODES];
	int n_heaps;
	struct info_node dri[INFO_MAX_NODES];
	int n_dri;
	struct info_alloc alloc[SHAREDBUF_EXPORTER_COUNT];
	int probed; /* the exporter whose buffer was probed, or -1 */
	struct probe_result probes[PROBE_COUNT];
	/* When probed >= 0: sharedbuf_fence_path() on that buffer, the path
	 * the layer's fences take in any process on this kernel (and with
	 * this environment: SHAREDBUF_FENCE_PATH=poll forces POLL). */
	enum sharedbuf_fence_path fence_path;
};

void kernel_report_gather(struct kernel_report *r);

/* Did any exporter allocate? */
bool kernel_can_allocate(const struct kernel_report *r);

/* What is missing, as one sentence in @buf ("no dma-buf exporter on this
 * machine: udmabuf missing, no dma-heaps, no DRM devices"); NULL when
 * every exporter's device is there and one allocates. */
const char *kernel_missing(const struct kernel_report *r, char *buf, size_t n);

#endif
