/* SPDX-License-Identifier: MIT */
/* udmabuf: a dma-buf over the pages of a memfd sealed against shrinking. */
#include "alloc.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <linux/udmabuf.h>

#include "log.h"

enum sharedbuf_result sb_alloc_udmabuf(struct sharedbuf_buffer *buf)
{
	enum sharedbuf_result r = SHAREDBUF_ERR_IO;
	struct udmabuf_create create = {.flags = UDMABUF_FLAGS_CLOEXEC};
	int dev, memfd, fd;

	dev = open("/dev/udmabuf", O_RDWR | O_CLOEXEC);
	if (dev < 0) {
		sb_log_errno(SB_INFO, "open /dev/udmabuf");
		return sb_alloc_open_error(errno);
	}
	memfd = memfd_create("sharedbuf-udmabuf",
			     MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (memfd < 0) {
		sb_log_errno(SB_ERROR, "memfd_create");
		goto err_dev;
	}
	if (ftruncate(memfd, (off_t)buf->size) != 0) {
		sb_log_errno(SB_ERROR, "ftruncate memfd to %llu",
			     (unsigned long long)buf->size);
		r = SHAREDBUF_ERR_NO_MEMORY;
		goto err_memfd;
	}
	if (fcntl(memfd, F_ADD_SEALS, F_SEAL_SHRINK) != 0) {
		sb_log_errno(SB_ERROR, "seal memfd");
		goto err_memfd;
	}
	create.memfd = (uint32_t)memfd;
	create.size = buf->size;
	fd = ioctl(dev, UDMABUF_CREATE, &create);
	if (fd < 0) {
		sb_log_errno(SB_ERROR, "UDMABUF_CREATE %llu bytes",
			     (unsigned long long)buf->size);
		r = errno == ENOMEM ? SHAREDBUF_ERR_NO_MEMORY
				    : SHAREDBUF_ERR_IO;
		goto err_memfd;
	}
	buf->fd = fd; /* the dma-buf keeps the memfd's pages */
	r = SHAREDBUF_OK;
err_memfd:
	close(memfd);
err_dev:
	close(dev);
	return r;
}
