/* SPDX-License-Identifier: MIT */
#include "map.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dmabuf.h"
#include "log.h"
#include "sharedbuf/fence.h"

/* What the open mode of @fd (borrowed) allows. A shared mapping always
 * needs read access, so O_WRONLY allows nothing. */
static int fd_access(int fd, uint32_t *access)
{
	int fl = fcntl(fd, F_GETFL);

	if (fl < 0)
		return -1;
	switch (fl & O_ACCMODE) {
	case O_RDWR:
		*access = SHAREDBUF_ACCESS_READ | SHAREDBUF_ACCESS_WRITE;
		break;
	case O_RDONLY:
		*access = SHAREDBUF_ACCESS_READ;
		break;
	default:
		*access = 0;
	}
	return 0;
}

/* The index in @set of the dma-buf @st describes, or set->count. */
static unsigned find(const struct sb_map_set *set, const struct stat *st)
{
	unsigned i;

	for (i = 0; i < set->count; i++) {
		if (set->maps[i].dev == st->st_dev &&
		    set->maps[i].ino == st->st_ino)
			break;
	}
	return i;
}

/* Groups the planes by dma-buf; @from[j] (borrowed) is the fd to dup for
 * maps[j], the first plane fd naming that dma-buf. */
static enum sharedbuf_result group(struct sb_map_set *s, const int *fds,
				   unsigned n, int *from)
{
	struct stat st;

	for (unsigned i = 0; i < n; i++) {
		unsigned j;

		if (fstat(fds[i], &st) != 0) {
			sb_log_errno(SB_ERROR, "fstat plane %u", i);
			return SHAREDBUF_ERR_IO;
		}
		j = find(s, &st);
		if (j == s->count) {
			s->maps[s->count++] = (struct sb_map){
				.fd = -1, .dev = st.st_dev, .ino = st.st_ino};
			from[j] = fds[i];
		}
		s->of_plane[i] = (uint8_t)j;
	}
	return SHAREDBUF_OK;
}

/* Dups @from (borrowed) into @m and reads its size and open mode. */
static enum sharedbuf_result open_map(struct sb_map *m, int from)
{
	uint32_t access;
	off_t size;
	int fd = fcntl(from, F_DUPFD_CLOEXEC, 0); /* dup'ed, ours */

	if (fd < 0) {
		sb_log_errno(SB_ERROR, "F_DUPFD_CLOEXEC");
		return errno == EMFILE ? SHAREDBUF_ERR_NO_MEMORY
				       : SHAREDBUF_ERR_IO;
	}
	size = sb_dmabuf_size(fd);
	if (size <= 0 || fd_access(fd, &access) != 0) {
		sb_log_errno(SB_ERROR, "size or mode of a dma-buf");
		close(fd);
		return SHAREDBUF_ERR_IO;
	}
	m->fd = fd; /* publish last */
	m->size = (uint64_t)size;
	m->access = access;
	return SHAREDBUF_OK;
}

enum sharedbuf_result sb_map_set_init(struct sb_map_set *set, const int *fds,
				      unsigned n)
{
	struct sb_map_set s = {.count = 0};
	int from[SB_MAX_PLANES];
	enum sharedbuf_result r;
	unsigned j;

	if (n == 0 || n > SB_MAX_PLANES)
		return SHAREDBUF_ERR_INVALID;
	r = group(&s, fds, n, from);
	if (r != SHAREDBUF_OK)
		return r;
	for (j = 0; j < s.count; j++) {
		r = open_map(&s.maps[j], from[j]);
		if (r != SHAREDBUF_OK)
			goto err_close;
	}
	*set = s; /* publish last */
	return SHAREDBUF_OK;
err_close:
	while (j--)
		close(s.maps[j].fd);
	return r;
}

void sb_map_set_finish(struct sb_map_set *set)
{
	for (unsigned j = 0; j < set->count; j++) {
		struct sb_map *m = &set->maps[j];

		if (m->ptr)
			munmap(m->ptr, m->size);
		close(m->fd);
		m->ptr = NULL;
		m->fd = -1;
	}
	set->count = 0;
}

void sb_map_set_stale(struct sb_map *m)
{
	atomic_store_explicit(&m->stale, true, memory_order_relaxed);
}

/* Maps the dma-buf again over the anonymous pages a fault left at m->ptr.
 * If that fails the range may be unmapped (MAP_FIXED unmaps first): put
 * anonymous pages back, so m->ptr stays ours to munmap. */
static enum sharedbuf_result remap(struct sb_map *m, int prot)
{
	int err;

	if (mmap(m->ptr, m->size, prot, MAP_SHARED | MAP_FIXED, m->fd, 0) !=
	    MAP_FAILED) {
		atomic_store_explicit(&m->stale, false, memory_order_relaxed);
		return SHAREDBUF_OK;
	}
	err = errno;
	sb_log_errno(SB_ERROR, "mmap a faulted dma-buf again");
	mmap(m->ptr, m->size, PROT_READ | PROT_WRITE,
	     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	return err == ENOMEM ? SHAREDBUF_ERR_NO_MEMORY : SHAREDBUF_ERR_IO;
}

enum sharedbuf_result sb_map_get(struct sb_map *m, uint8_t **base)
{
	int prot = m->access & SHAREDBUF_ACCESS_WRITE ? PROT_READ | PROT_WRITE
						      : PROT_READ;
	enum sharedbuf_result r;
	void *p;

	if (!m->ptr) {
		p = mmap(NULL, m->size, prot, MAP_SHARED, m->fd, 0);
		if (p == MAP_FAILED) {
			sb_log_errno(SB_ERROR, "mmap %llu bytes of a dma-buf",
				     (unsigned long long)m->size);
			return errno == ENOMEM ? SHAREDBUF_ERR_NO_MEMORY
					       : SHAREDBUF_ERR_IO;
		}
		m->ptr = p; /* kept until sb_map_set_finish() */
	} else if (sb_map_stale(m)) {
		r = remap(m, prot);
		if (r != SHAREDBUF_OK)
			return r;
	}
	*base = m->ptr;
	return SHAREDBUF_OK;
}
