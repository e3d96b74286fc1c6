#!/bin/bash
# tests/piglit-runner/run.sh BUILD [PROFILE...]: `make piglit`.
# Piglit's own runner on sharedbuf's guest tests and on upstream Piglit's
# dma-buf import and EGL fence tests (bare Mesa and through the layer), each
# profile in its own guest (tests/vm/run.sh, one at a time), then Piglit's
# HTML summaries and the verdicts of compare.py. PROFILE: sharedbuf,
# upstream (default: both).
#   BUILD/piglit/sharedbuf.xml.gz    the sharedbuf profile (from meson)
#   BUILD/piglit/results/NAME/       Piglit's results
#   BUILD/piglit/html/{sharedbuf,upstream}/index.html
# Exit 0 when every profile ran and its verdict holds.
#
# Env: SHAREDBUF_PIGLIT_DIR (see setup.sh), SHAREDBUF_CACHE,
#      SHAREDBUF_VM_TIMEOUT (default 3600 s per guest), and for the guest:
#      SHAREDBUF_PIGLIT_ARGS (more `piglit run` options, e.g. "-t sample_"),
#      SHAREDBUF_PIGLIT_TIMEOUT (an upstream test's, 600 s),
#      SHAREDBUF_PIGLIT_TIMEOUT_MULTIPLIER (of meson's timeouts, 3).
set -u
here=$(dirname "$(readlink -f "$0")")
cd "$here/../.." || exit 1
[ $# -ge 1 ] || { echo "usage: $0 BUILD [sharedbuf|upstream]..." >&2; exit 2; }
b=$1
shift
[ $# -gt 0 ] || set -- sharedbuf upstream
dir=$(readlink -m "${SHAREDBUF_PIGLIT_DIR:-${SHAREDBUF_CACHE:-$PWD/.cache}/piglit}")
piglit=(/usr/bin/python3 "$dir/src/piglit")
export SHAREDBUF_VM_TIMEOUT=${SHAREDBUF_VM_TIMEOUT:-3600}
# The IO-APIC timer check panics a guest booting on a loaded host.
export SHAREDBUF_VM_APPEND=${SHAREDBUF_VM_APPEND-no_timer_check}
export SHAREDBUF_VM_PASSENV="${SHAREDBUF_VM_PASSENV:-} SHAREDBUF_PIGLIT_ARGS SHAREDBUF_PIGLIT_TIMEOUT SHAREDBUF_PIGLIT_TIMEOUT_MULTIPLIER"

tests/piglit-runner/setup.sh || exit 1
mkdir -p "$b/piglit/results" "$b/piglit/html"
rc=0

# The sharedbuf profile's guest loads vivid as make check's guest suite does
# (tests/check.sh: two instances, vmalloc and dma-contig), or the alloc-*
# tests that need a camera skip.
vivid_modules=${SHAREDBUF_VM_MODULES-vgem vivid}
vivid_append="$SHAREDBUF_VM_APPEND vivid.n_devs=2 vivid.allocators=0,1"

# guest PROFILE [VAR=VALUE...]: one VM; a guest that did not boot (125) is
# booted again, twice
guest() {
	local try vrc p=$1
	shift
	for try in 1 2 3; do
		env "$@" tests/vm/run.sh tests/piglit-runner/guest.sh "$dir" "$b" "$p"
		vrc=$?
		[ "$vrc" != 125 ] && break
		echo "== piglit: the guest failed (try $try of 3)"
	done
	return "$vrc"
}

for p; do
	case $p in
	sharedbuf)
		/usr/bin/python3 tests/piglit-runner/profile.py sharedbuf "$dir/src" "$b" \
			"$b/piglit/sharedbuf.xml.gz" || exit 1
		guest sharedbuf SHAREDBUF_VM_MODULES="$vivid_modules" \
			SHAREDBUF_VM_APPEND="$vivid_append" || rc=1
		"${piglit[@]}" summary html --overwrite "$b/piglit/html/sharedbuf" \
			"$b/piglit/results/sharedbuf" || rc=1
		echo "== piglit: sharedbuf"
		/usr/bin/python3 tests/piglit-runner/compare.py "$dir/src" sharedbuf \
			"$b/piglit/results/sharedbuf" || rc=1
		;;
	upstream)
		guest upstream || rc=1
		"${piglit[@]}" summary html --overwrite "$b/piglit/html/upstream" \
			"$b/piglit/results/upstream-bare" "$b/piglit/results/upstream-layer" || rc=1
		echo "== piglit: upstream, bare and through the layer"
		/usr/bin/python3 tests/piglit-runner/compare.py "$dir/src" upstream \
			"$b/piglit/results/upstream-bare" "$b/piglit/results/upstream-layer" || rc=1
		;;
	*)
		echo "piglit: unknown profile $p" >&2
		exit 2 ;;
	esac
	echo "== piglit: report in $b/piglit/html/$p/index.html"
done
[ $rc = 0 ] && echo "piglit: all profiles hold" || echo "piglit: FAILED (see above)"
exit $rc
