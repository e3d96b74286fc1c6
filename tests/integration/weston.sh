#!/bin/bash
# weston CLIENT: weston 10 (Debian's; headless backend, GL renderer on
# llvmpipe, fullscreen shell) showing a dma-buf client, on bare Mesa and
# through the layer:
#   v4l  weston-simple-dmabuf-v4l: vivid's frames, exported by the kernel
#        as dma-bufs (XR24), imported by weston's GL renderer. A screenshot
#        (weston-screenshooter) must show exactly vivid's frame as
#        captured by GStreamer from system memory.
#   egl  weston-simple-dmabuf-egl: the client renders with GL into GBM
#        buffers on vgem and weston imports them; its window must show. The client's own EGL
#        imports run through the layer too.
# Pass when weston (and the client) ran through the layer, the layer
# counted weston's imports, and the picture is right.
. "$(dirname "$0")/lib.sh"
client=$1
need weston weston-screenshooter "weston-simple-dmabuf-$client"
[ "$client" = v4l ] && need gst-launch-1.0
# vivid's default webcam size, which weston-simple-dmabuf-v4l keeps
W=640 H=360
export XDG_RUNTIME_DIR=$TMP/xdg
mkdir -m 700 "$XDG_RUNTIME_DIR"
# Under emulation on a loaded host, starting weston and llvmpipe's first
# draw take seconds: waits poll up to this long.
WAIT=${SHAREDBUF_INTEGRATION_WAIT:-120}

# rgb_equal A B: two BGRx/XRGB8888 frames hold the same colours (the X
# byte is ignored); prints the number of differing pixels otherwise
rgb_equal() {
	python3 - "$1" "$2" << 'PY'
import sys
a, b = (open(p, 'rb').read() for p in sys.argv[1:3])
if len(a) != len(b):
    print(f"{len(a)} bytes against {len(b)}"); sys.exit(1)
bad = sum(1 for i in range(0, len(a), 4) if a[i:i + 3] != b[i:i + 3])
if bad:
    print(f"{bad} of {len(a) // 4} pixels differ"); sys.exit(1)
PY
}

# client_shown BGRX: the client's window, centred, is on the screenshot
# (the centre pixel is not the shell's black)
client_shown() {
	python3 -c 'import sys; d = open(sys.argv[1], "rb").read()
c = 4 * (180 * 640 + 320)
sys.exit(d[c:c + 3] == bytes(3))' "$1"
}

# png_to_bgrx PNG OUT
png_to_bgrx() {
	python3 "$(dirname "$0")/png2bgrx.py" "$1" "$2"
}

if [ "$client" = v4l ]; then
	vivid
	# the expected picture; it also leaves vivid at WxH XR24 with its
	# on-screen text (a clock) off, which the client keeps
	gst-launch-1.0 -q v4l2src device="$VIVID" io-mode=mmap num-buffers=1 \
		extra-controls="c,osd_text_mode=2" \
		! "video/x-raw,format=BGRx,width=$W,height=$H" \
		! filesink location="$TMP/expected.bgrx" > "$TMP/expected.log" 2>&1 ||
		{ cat "$TMP/expected.log"; result fail "FAIL: capturing vivid's frame"; }
	echo "vivid's frame captured"
	CLIENT=(weston-simple-dmabuf-v4l -v "$VIVID" -f XR24 -d XR24)
else
	# vgem's primary node: kms_swrast makes dumb buffers, which a
	# render node refuses
	[ -c /dev/dri/card0 ] || result skip "SKIP: no vgem for the client's GBM"
	CLIENT=(weston-simple-dmabuf-egl -d /dev/dri/card0 -s 128)
fi

# stop PID SIGNAL: ends a process with SIGNAL (it then reports its stats
# at exit), with SIGKILL after 30 s
stop() {
	local t=$((SECONDS + 30))
	kill -"$2" "$1" 2> /dev/null
	while kill -0 "$1" 2> /dev/null && ((SECONDS < t)); do
		sleep 0.5
	done
	kill -KILL "$1" 2> /dev/null
	wait "$1" 2> /dev/null
}

# session HOW: weston and the client; sets SHOT (a screenshot's BGRx) and
# leaves weston's and the client's stats in $TMP/stats
session() {
	local how=$1 sock=sb-$1 t shot
	: > "$TMP/stats"
	# weston's GL renderer uses EGL's surfaceless platform: no_dri makes
	# it llvmpipe (kms_swrast on vgem crashes on imports)
	spawn "$how" "${NO_DRI[@]}" weston --backend=headless-backend.so \
		--use-gl --width=$W --height=$H --shell=fullscreen-shell.so \
		--no-config --socket="$sock" --idle-time=0 --debug \
		> "$TMP/weston-$how.log" 2>&1
	local weston=$!
	PIDS+=("$weston")
	t=$((SECONDS + WAIT))
	while ((SECONDS < t)); do
		[ -S "$XDG_RUNTIME_DIR/$sock" ] && break
		kill -0 "$weston" 2> /dev/null || break
		sleep 0.5
	done
	[ -S "$XDG_RUNTIME_DIR/$sock" ] ||
		{ tail -n 20 "$TMP/weston-$how.log"; result fail "FAIL: weston ($how) did not start"; }
	echo "$how: weston up after $((SECONDS - t + WAIT)) s"
	WAYLAND_DISPLAY=$sock spawn "$how" "${CLIENT[@]}" > "$TMP/client-$how.log" 2>&1
	local c=$!
	PIDS+=("$c")
	mkdir -p "$TMP/shots-$how"
	# screenshots until the picture is right (v4l) or the client has
	# been up for a while (egl), within WAIT
	SHOT=
	local start=$SECONDS
	t=$((SECONDS + WAIT))
	while ((SECONDS < t)); do
		sleep 2
		kill -0 "$c" 2> /dev/null || break
		rm -f "$TMP/shots-$how"/*.png
		(cd "$TMP/shots-$how" && WAYLAND_DISPLAY=$sock timeout 60 weston-screenshooter) > /dev/null 2>&1
		shot=$(ls "$TMP/shots-$how"/*.png 2> /dev/null | head -n 1)
		[ -n "$shot" ] && png_to_bgrx "$shot" "$TMP/shot-$how.bgrx" || continue
		SHOT=$TMP/shot-$how.bgrx
		echo "$how: a screenshot after $((SECONDS - start)) s"
		if [ "$client" = v4l ]; then
			rgb_equal "$SHOT" "$TMP/expected.bgrx" > /dev/null && break
		elif client_shown "$SHOT"; then
			break
		fi
	done
	kill -0 "$c" 2> /dev/null || {
		tail -n 20 "$TMP/client-$how.log" "$TMP/weston-$how.log"
		result fail "FAIL: the $client client ($how) ended by itself"
	}
	stop "$c" INT
	stop "$weston" TERM
	echo "$how: $(stats weston)"
	[ -n "$SHOT" ] || result fail "FAIL: no screenshot ($how)"
}

summary=
for how in bare layer; do
	session "$how"
	if [ -n "${SHAREDBUF_INTEGRATION_KEEP:-}" ]; then
		cp "$SHOT" "$SHAREDBUF_INTEGRATION_KEEP/weston-$client-$how.bgrx"
	fi
	if [ "$client" = v4l ]; then
		why=$(rgb_equal "$SHOT" "$TMP/expected.bgrx") || {
			tail -n 15 "$TMP/client-$how.log" "$TMP/weston-$how.log"
			result fail "FAIL: $how: the screenshot is not vivid's frame: $why"
		}
	else
		# the client's window, centred, is not the shell's black
		client_shown "$SHOT" || {
			tail -n 15 "$TMP/client-$how.log" "$TMP/weston-$how.log"
			result fail "FAIL: $how: the screenshot shows no client window"
		}
	fi
	cp "$SHOT" "$TMP/final-$how.bgrx"
done
imports=$(layer_imports weston) || result fail "FAIL: weston"
[ "$imports" -ge 1 ] || result fail "FAIL: weston imported no dma-buf through the layer"
summary="weston imported $imports dma-bufs through the layer"
if [ "$client" = egl ]; then
	c=$(layer_imports weston-simple-dmabuf-egl) || result fail "FAIL: the client"
	summary="$summary, the client $c"
fi
if [ "$client" = v4l ]; then
	summary="$summary; both screenshots are vivid's frame, pixel for pixel"
else
	summary="$summary; the client animates, so no fixed picture"
fi
result pass "$client: $summary"
