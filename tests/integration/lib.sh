#!/bin/bash
# lib.sh: sourced by the program tests in tests/integration/. They run in
# the guest (tests/vm/run.sh; meson passes LAYER_JSON and SHIM), run a
# stock Debian program twice, on the guest's Mesa alone ("bare") and
# through the layer ("layer"), and compare the two.
set -u
if [ -z "${SHAREDBUF_GUEST:-}" ] || [ -z "${SHAREDBUF_MESA_JSON:-}" ]; then
	echo "SKIP: not in the guest (run through tests/vm/run.sh)"
	echo 'PIGLIT: {"result": "skip" }'
	exit 77
fi
: "${LAYER_JSON:?}" "${SHIM:?}"
TMP=$(mktemp -d) || exit 1
PIDS=()
# shellcheck disable=SC2317  # the EXIT trap
cleanup() {
	local p
	for p in "${PIDS[@]}"; do kill "$p" 2> /dev/null; done
	wait 2> /dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT

# result pass|fail|skip MESSAGE: the Piglit result line, then exit
result() {
	echo "$2"
	echo "PIGLIT: {\"result\": \"$1\" }"
	case $1 in
	pass) exit 0 ;;
	skip) exit 77 ;;
	*) exit 1 ;;
	esac
}

# need PROGRAM...: skip unless every program is installed
need() {
	local p
	for p; do
		command -v "$p" > /dev/null ||
			result skip "SKIP: $p is not installed (scripts/setup-host.sh)"
	done
}

# how_env bare|layer: sets HOW_ENV, the environment of a run on Mesa
# alone or through the layer, both with the stats shim
# (tests/integration/stats-shim.c) appending to $TMP/stats
how_env() {
	HOW_ENV=(LD_PRELOAD="$SHIM" SHAREDBUF_STATS_FILE="$TMP/stats")
	if [ "$1" = bare ]; then
		HOW_ENV+=(__EGL_VENDOR_LIBRARY_FILENAMES="$SHAREDBUF_MESA_JSON")
	else
		HOW_ENV+=(__EGL_VENDOR_LIBRARY_FILENAMES="$LAYER_JSON"
			SHAREDBUF_NEXT_VENDOR="$SHAREDBUF_MESA_JSON")
	fi
}

# as bare|layer CMD...: runs CMD (a program) so
as() {
	how_env "$1"
	shift
	env "${HOW_ENV[@]}" "$@"
}

# spawn bare|layer CMD...: the same in the background; $! is CMD's own pid
spawn() {
	how_env "$1"
	shift
	(exec env "${HOW_ENV[@]}" "$@") &
}

# A command prefix: the rest runs with /dev/dri hidden (a private mount
# namespace), so that Mesa's surfaceless and device platforms pick
# llvmpipe instead of kms_swrast on vgem, which crashes on imports
# (tests/vm/README.md).
# shellcheck disable=SC2016  # expanded by that sh
NO_DRI=(unshare -m sh -c 'mount -t tmpfs -o mode=755 none /dev/dri && exec "$@"' no_dri)

# stats PROG: the stats line of the last process named PROG, or nothing
stats() {
	grep "^sharedbuf-stats: prog=$1 " "$TMP/stats" 2> /dev/null | tail -n 1
}

# layer_imports PROG: that process's dma-buf imports through the layer;
# fails (with a reason) unless the layer was loaded in it
layer_imports() {
	local line
	line=$(stats "$1")
	case $line in
	*layer=yes*) sed -n 's/.* dmabuf_imports=\([0-9]*\).*/\1/p' <<< "$line" ;;
	"") echo "no stats line from $1: it did not exit normally" >&2; return 1 ;;
	*) echo "the layer was not loaded in $1: $line" >&2; return 1 ;;
	esac
}

# vivid: loads the kernel's virtual camera once per guest (two capture
# devices, webcam input: the first single-planar, the second multiplanar)
# and sets VIVID and VIVID_MP to their nodes
vivid() {
	local d
	if [ ! -d /sys/module/vivid ]; then
		[ -n "${SHAREDBUF_VM_MODDIR:-}" ] ||
			result skip "SKIP: no SHAREDBUF_VM_MODDIR (old tests/vm/run.sh)"
		modprobe -d "$SHAREDBUF_VM_MODDIR" vivid n_devs=2 \
			node_types=0x1,0x1 num_inputs=1,1 input_types=0,0 \
			multiplanar=1,2 ||
			result skip "SKIP: the guest kernel has no vivid"
		udevadm settle 2> /dev/null
	fi
	VIVID= VIVID_MP=
	for d in /sys/class/video4linux/video*; do
		case $(cat "$d/name") in
		vivid-000-vid-cap) VIVID=/dev/${d##*/} ;;
		vivid-001-vid-cap) VIVID_MP=/dev/${d##*/} ;;
		esac
	done
	[ -c "$VIVID" ] && [ -c "$VIVID_MP" ] || result fail "FAIL: vivid made no capture nodes"
}
