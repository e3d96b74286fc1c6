/* SPDX-License-Identifier: MIT */
/* Logging for the buffer core and the layer: "[sharedbuf file:line] msg". */
#ifndef SB_LOG_H
#define SB_LOG_H

enum sb_log_level {
	SB_SILENT = 0,
	SB_ERROR,
	SB_INFO,
	SB_DEBUG,
};

/* The level set by SHAREDBUF_DEBUG=silent|error|info|debug (default error),
 * read once. */
enum sb_log_level sb_log_level(void);

void sb_log_at(enum sb_log_level level, const char *file, int line,
	       const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Same, with ": strerror(errno)" appended (errno as on entry). */
void sb_log_errno_at(enum sb_log_level level, const char *file, int line,
		     const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#define sb_log(level, ...) sb_log_at(level, __FILE__, __LINE__, __VA_ARGS__)
#define sb_log_errno(level, ...) \
	sb_log_errno_at(level, __FILE__, __LINE__, __VA_ARGS__)

#endif
