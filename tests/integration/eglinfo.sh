#!/bin/bash
# eglinfo PROGRAM: Debian's stock eglinfo (mesa-utils) or es2_info
# (mesa-utils-extra) on every EGL platform the guest offers: device,
# surfaceless and GBM (vgem) always, X11 under Xvfb, Wayland under a
# headless weston. Run bare and through the layer, the output must be the
# same word for word apart from the layer's own extension names
# (EGL_SHAREDBUF_*), and the layer must have been loaded in the program.
# Mesa's X11 platform fails to initialise now and then under emulation,
# bare or not: a run whose X11 display failed is repeated (3 tries).
. "$(dirname "$0")/lib.sh"
prog=$1
need "$prog" Xvfb weston
export XDG_RUNTIME_DIR=$TMP/xdg
mkdir -m 700 "$XDG_RUNTIME_DIR"
WAIT=${SHAREDBUF_INTEGRATION_WAIT:-120}

# an X server and a Wayland compositor, both on bare Mesa
Xvfb :7 -screen 0 320x240x24 -nolisten tcp > "$TMP/xvfb.log" 2>&1 &
PIDS+=($!)
spawn bare "${NO_DRI[@]}" weston --backend=headless-backend.so --use-gl \
	--width=320 --height=240 --no-config --socket=sb-info --idle-time=0 \
	> "$TMP/weston.log" 2>&1
PIDS+=($!)
t=$((SECONDS + WAIT))
while ((SECONDS < t)); do
	[ -S /tmp/.X11-unix/X7 ] && [ -S "$XDG_RUNTIME_DIR/sb-info" ] && break
	sleep 0.5
done
[ -S /tmp/.X11-unix/X7 ] || { cat "$TMP/xvfb.log"; result fail "FAIL: Xvfb did not start"; }
[ -S "$XDG_RUNTIME_DIR/sb-info" ] || { tail "$TMP/weston.log"; result fail "FAIL: weston did not start"; }
export DISPLAY=:7 WAYLAND_DISPLAY=sb-info

# x11_failed FILE: did the X11 platform fail in this output?
x11_failed() {
	if [ "$prog" = eglinfo ]; then
		# the X11 section, up to the next platform's
		sed -n '/^X11 platform:/,/^[A-Z][A-Za-z]* platform:/p' "$1" |
			grep -q 'failed'
	else
		! grep -q 'EGL_VERSION' "$1"
	fi
}

# info HOW: the program's output in $TMP/HOW, retried while X11 failed
info() {
	local try
	for try in 1 2 3; do
		: > "$TMP/stats"
		as "$1" "$prog" > "$TMP/$1" 2> "$TMP/$1.err"
		echo $? > "$TMP/$1.rc"
		x11_failed "$TMP/$1" || return 0
		echo "$1: X11 failed to initialise (try $try), again"
	done
}

info bare
info layer
layer_imports "$prog" > /dev/null || result fail "FAIL: $prog"
for how in bare layer; do
	x11_failed "$TMP/$how" && result fail "FAIL: X11 failed 3 times ($how)"
done
[ "$(cat "$TMP/bare.rc")" = "$(cat "$TMP/layer.rc")" ] ||
	result fail "FAIL: exit $(cat "$TMP/bare.rc") bare, $(cat "$TMP/layer.rc") through the layer"
words() { tr -s ' \t' '\n\n' < "$1" | grep -v '^EGL_SHAREDBUF_'; }
diff -u <(words "$TMP/bare") <(words "$TMP/layer") ||
	result fail "FAIL: $prog prints differently through the layer"
platforms=$(grep -o '^[A-Za-z0-9]* platform:' "$TMP/bare" | tr -d ':' | tr '\n' ' ')
ok=$(grep -c 'EGL vendor string\|EGL_VENDOR' "$TMP/bare")
added=$(tr -s ' \t' '\n\n' < "$TMP/layer" | grep -c '^EGL_SHAREDBUF_')
result pass "$prog: ${platforms:-X11 }- $ok displays, identical through the layer apart from $added EGL_SHAREDBUF_* names"
