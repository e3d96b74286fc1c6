/* SPDX-License-Identifier: MIT */
#include "sharedbuf/sharedbuf.h"

const char *sharedbuf_result_str(enum sharedbuf_result r)
{
	switch (r) {
	case SHAREDBUF_OK:
		return "ok";
	case SHAREDBUF_ERR_INVALID:
		return "invalid argument";
	case SHAREDBUF_ERR_FORMAT:
		return "unknown format";
	case SHAREDBUF_ERR_NO_DEVICE:
		return "no such exporter device";
	case SHAREDBUF_ERR_NO_MEMORY:
		return "out of memory";
	case SHAREDBUF_ERR_IO:
		return "kernel call failed";
	case SHAREDBUF_ERR_OVERFLOW:
		return "size overflow";
	case SHAREDBUF_ERR_TIMEOUT:
		return "timed out";
	case SHAREDBUF_ERR_UNSUPPORTED:
		return "not supported";
	case SHAREDBUF_ERR_LOCKED:
		return "already locked";
	case SHAREDBUF_ERR_NOT_LOCKED:
		return "not locked";
	case SHAREDBUF_ERR_ACCESS:
		return "write access to a read-only buffer";
	case SHAREDBUF_ERR_FAULT:
		return "the buffer's memory faulted";
	case SHAREDBUF_ERR_CONFLICT:
		return "constraints conflict";
	}
	return "unknown result";
}
