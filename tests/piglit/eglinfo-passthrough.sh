#!/bin/bash
# eglinfo-passthrough: an unmodified EGL program (eglinfo) prints the same
# through libEGL_sharedbuf.so.0 as on the bare vendor apart from the layer's
# own extension names (EGL_SHAREDBUF_*), and the layer really was loaded
# (its info log names the vendor it wraps). eglinfo wraps extension lists
# to a width, so the outputs are compared word by word.
# usage: eglinfo-passthrough.sh EGLINFO LAYER_JSON
set -u
eglinfo=$1 layer_json=$2
mesa_json=${SHAREDBUF_NEXT_VENDOR:-/usr/share/glvnd/egl_vendor.d/50_mesa.json}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

result() {
	echo "$2"
	echo "PIGLIT: {\"result\": \"$1\" }"
	[ "$1" = pass ] && exit 0
	exit 1
}

__EGL_VENDOR_LIBRARY_FILENAMES=$mesa_json "$eglinfo" \
	> "$tmp/bare" 2> "$tmp/bare.err"
bare_rc=$?
__EGL_VENDOR_LIBRARY_FILENAMES=$layer_json SHAREDBUF_DEBUG=info \
	"$eglinfo" > "$tmp/layer" 2> "$tmp/layer.err"
layer_rc=$?

if ! grep -q 'wrapping EGL vendor' "$tmp/layer.err"; then
	cat "$tmp/layer.err"
	result fail "FAIL: the layer did not load (no 'wrapping EGL vendor')"
fi
grep 'wrapping EGL vendor' "$tmp/layer.err"
[ "$bare_rc" = "$layer_rc" ] ||
	result fail "FAIL: eglinfo exit $bare_rc bare, $layer_rc through the layer"
if ! grep -q 'EGL vendor string' "$tmp/bare"; then
	cat "$tmp/bare.err"
	result fail "FAIL: bare eglinfo printed no EGL vendor string"
fi
words() { tr -s ' \t' '\n\n' < "$1" | grep -v '^EGL_SHAREDBUF_'; }
if ! diff -u <(words "$tmp/bare") <(words "$tmp/layer"); then
	result fail "FAIL: eglinfo output differs through the layer"
fi
added=$(tr -s ' \t' '\n\n' < "$tmp/layer" | grep -c '^EGL_SHAREDBUF_')
result pass "$(grep -c 'EGL vendor string' "$tmp/bare") displays, \
$(words "$tmp/bare" | wc -l) words identical, $added layer extension names"
