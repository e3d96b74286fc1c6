#!/bin/bash
# info-alloc.sh INFO: sharedbuf-info --alloc in the guest, through the
# layer. A set nobody can serve is explained (exit 4); with vivid loaded
# (n_devs=2 allocators=0,1) the vmalloc instance gets a udmabuf and the
# dma-contig one its own memory, each with the reason. Piglit protocol.
set -u
info=$1
fail() { echo "FAIL: $*"; echo 'PIGLIT: {"result": "fail" }'; exit 1; }

# run WANT_RC PATTERN ARGS...: runs `info --alloc ARGS`, checks both
run() {
	local want=$1 pattern=$2 out rc
	shift 2
	out=$("$info" --alloc "$@" 2>&1)
	rc=$?
	echo "\$ sharedbuf-info --alloc $*"
	echo "$out"
	[ "$rc" = "$want" ] || fail "exit $rc, want $want"
	grep -qF -- "$pattern" <<< "$out" || fail "no '$pattern'"
}

run 4 "YUYV: 'egl-render' lacks it" 320x180:YUYV egl-render cpu-read
run 2 "not found" 320x180:XR24 file=/nonexistent
# GBM on the first DRM node it takes (src/util/gbm_node.c)
run 0 "  gbm  " 320x180:XR24 gbm cpu-read

vivid() { # vivid N: the capture node of vivid instance N
	grep -l "^vivid-00$1-vid-cap\$" /sys/class/video4linux/video*/name \
		2> /dev/null | head -1 | sed 's|.*/\(video[0-9]*\)/name|/dev/\1|'
}
vm=$(vivid 0) contig=$(vivid 1)
if [ -z "$vm" ] || [ -z "$contig" ]; then
	echo "SKIP: vivid not loaded with n_devs=2 (only the EGL cases ran)"
	echo 'PIGLIT: {"result": "skip" }'
	exit 77
fi
run 0 "from udmabuf: no importer needs special memory" \
	320x180:XR24 "v4l2=$vm" egl-sample cpu-read
run 0 "from v4l2: 'v4l2-capture' needs contiguous memory and no CMA heap" \
	320x180:XR24 "v4l2=$contig" egl-sample cpu-read
echo 'PIGLIT: {"result": "pass" }'
