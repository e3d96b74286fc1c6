/* SPDX-License-Identifier: MIT */
#ifndef SB_INFO_ALLOC_REPORT_H
#define SB_INFO_ALLOC_REPORT_H

enum {
	INFO_ALLOC_OK = 0,     /* allocated: the choice is printed */
	INFO_ALLOC_USAGE = 2,  /* bad arguments, or an importer not found */
	INFO_ALLOC_FAILED = 4, /* no layout or exporter serves them all */
};

/* sharedbuf-info --alloc WxH:FMT[,FMT...] IMPORTER...: @argv after
 * "--alloc". Returns the exit status. */
int info_alloc(int argc, char **argv);

#endif
