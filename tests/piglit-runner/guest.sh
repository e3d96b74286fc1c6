#!/bin/bash
# guest.sh PIGLIT_DIR BUILD PROFILE...: runs inside the VM (tests/vm/run.sh).
# Piglit's runner on each PROFILE, results in BUILD/piglit/results/NAME:
#   sharedbuf  sharedbuf's guest tests (BUILD/piglit/sharedbuf.xml.gz),
#              through the layer as meson runs them  -> sharedbuf
#   upstream   Piglit's dma-buf and fence tests (PIGLIT_DIR/upstream.xml.gz),
#              on bare Mesa 25                       -> upstream-bare
#              and through BUILD's layer             -> upstream-layer
# Piglit's tests allocate through GBM: platform gbm on vgem's card0
# (kms_swrast). The EGL tests that open eglGetDisplay(EGL_DEFAULT_DISPLAY)
# get an X server (Xvfb, started here) or the platform profile.py names.
# Through the layer, SHAREDBUF_DEBUG=info makes each process
# say "wrapping EGL vendor" and why any import was refused (in the results'
# stderr), which tests/piglit-runner/compare.py reads.
set -u
if [ -z "${SHAREDBUF_GUEST:-}" ] || [ -z "${SHAREDBUF_MESA_JSON:-}" ]; then
	echo "piglit guest: run me through tests/vm/run.sh" >&2
	exit 2
fi
dir=$(readlink -f "$1") b=$(readlink -f "$2")
shift 2
export PIGLIT_BUILD_DIR=$dir/build WAFFLE_GBM_DEVICE=/dev/dri/card0
export SHAREDBUF_NEXT_VENDOR=$SHAREDBUF_MESA_JSON
# upstream tests get Piglit's own timeout; sharedbuf's have meson's (run-test)
timeout=${SHAREDBUF_PIGLIT_TIMEOUT:-600}
# more options for `piglit run`, e.g. SHAREDBUF_PIGLIT_ARGS="-t sample_"
read -r -a extra <<< "${SHAREDBUF_PIGLIT_ARGS:-}"
rc=0

# xvfb: an X server on :99 for the upstream tests that use X11
xvfb() {
	[ -n "${DISPLAY:-}" ] && return 0
	command -v Xvfb > /dev/null || { echo "piglit guest: no Xvfb, X11 tests will skip"; return 0; }
	Xvfb :99 -screen 0 640x480x24 -nolisten tcp -noreset > /tmp/xvfb.log 2>&1 &
	for _ in $(seq 100); do
		[ -S /tmp/.X11-unix/X99 ] && { export DISPLAY=:99; return 0; }
		sleep 0.2
	done
	echo "piglit guest: Xvfb did not start: $(tail -n 3 /tmp/xvfb.log)"
}

# run NAME PROFILE [VAR=VALUE...]
run() {
	local name=$1 profile=$2
	shift 2
	echo "== piglit run: $name"
	env "$@" /usr/bin/python3 "$dir/src/piglit" run --overwrite --no-concurrency \
		--platform gbm --log-level verbose --timeout "$timeout" \
		--name "$name" "${extra[@]}" "$profile" "$b/piglit/results/$name" || rc=1
}

for p; do
	case $p in
	sharedbuf)
		run sharedbuf "$b/piglit/sharedbuf.xml.gz" ;;
	upstream)
		xvfb
		run upstream-bare "$dir/upstream.xml.gz" \
			"__EGL_VENDOR_LIBRARY_FILENAMES=$SHAREDBUF_MESA_JSON"
		run upstream-layer "$dir/upstream.xml.gz" \
			"__EGL_VENDOR_LIBRARY_FILENAMES=$b/src/egl/sharedbuf-build.json" \
			SHAREDBUF_DEBUG=info ;;
	*)
		echo "piglit guest: unknown profile $p" >&2
		rc=2 ;;
	esac
done
exit $rc
