/* SPDX-License-Identifier: MIT */
/* What import-unknown and its next vendor (unknown_vendor.c) share. */
#ifndef SB_TEST_UNKNOWN_VENDOR_H
#define SB_TEST_UNKNOWN_VENDOR_H

#include <drm_fourcc.h>

/* A fourcc no layout table knows: the vendor lists and imports it as
 * DRM_FORMAT_XRGB8888. */
#define SB_TEST_ALIAS_FOURCC fourcc_code('S', 'B', 'X', '4')

#endif
