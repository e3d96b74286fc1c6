/* SPDX-License-Identifier: MIT */
/* udmabuf: a dma-buf over the pages of a memfd sealed against shrinking. */
#include "alloc.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <linux/udmabuf.h>

#include "log.h"

/* Faults in @memfd's pages one by one, each followed by a page of a
 * second memfd thrown away after: consecutive allocations cannot give
 * @memfd physically adjacent pages, however unfragmented memory is. */
static bool scatter(int memfd, uint64_t size)
{
	long page = sysconf(_SC_PAGESIZE);
	int spacer = memfd_create("sharedbuf-spacer", MFD_CLOEXEC);
	uint8_t *a = MAP_FAILED, *b = MAP_FAILED;
	bool ok = false;

	if (spacer < 0 || ftruncate(spacer, (off_t)size) != 0)
		goto out;
	a = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, memfd, 0);
	b = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, spacer, 0);
	if (a == MAP_FAILED || b == MAP_FAILED)
		goto out;
	for (uint64_t off = 0; off < size; off += (uint64_t)page) {
		a[off] = 0;
		b[off] = 0;
	}
	ok = true;
out:
	if (a != MAP_FAILED)
		munmap(a, size);
	if (b != MAP_FAILED)
		munmap(b, size);
	if (spacer >= 0)
		close(spacer);
	if (!ok)
		sb_log_errno(SB_ERROR, "scattering a memfd's pages");
	return ok;
}

static enum sharedbuf_result create_udmabuf(struct sharedbuf_buffer *buf,
					    bool scattered)
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
	if (scattered && !scatter(memfd, buf->size))
		goto err_memfd;
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

enum sharedbuf_result sb_alloc_udmabuf(struct sharedbuf_buffer *buf)
{
	return create_udmabuf(buf, false);
}

enum sharedbuf_result sb_alloc_udmabuf_scattered(struct sharedbuf_buffer *buf)
{
	return create_udmabuf(buf, true);
}
