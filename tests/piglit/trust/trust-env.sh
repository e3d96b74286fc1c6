#!/bin/bash
# trust-env.sh CASE PROBE PAYLOAD LAYER: the layer installed as glvnd finds
# it, in a setuid or setgid root EGL program run by an unprivileged user
# (or one whose real uid differs from its effective uid), never loads or
# opens what the environment names, and ignores its test knobs.
#
# Issue 10, item 1: "Every SHAREDBUF_* variable is read with secure_getenv;
# nothing named by the environment is loaded or opened when uid != euid or
# gid != egid."
#
# CASE: setuid  trust-env-probe setuid root, run as nobody
#       setgid  setgid root, run as nobody
#       ruid    run as root, real uid set to nobody's first (no AT_SECURE)
# Each case first runs the same probe without privileges (the control): it
# must load the payload, open both decoys and obey the knobs, or the test
# fails; then the privileged run must do none of it and still wrap Mesa.
#
# Runs only in the guest (tests/vm/run.sh), as root: it installs the
# layer's JSON in /etc/glvnd/egl_vendor.d and moves the guest's other
# vendor JSONs aside (glvnd then loads only the layer, which in a secure
# process falls back to the system's libEGL_mesa.so.0), and restores them.
# The files live on a tmpfs mounted here without nosuid, so the setuid bit
# works whatever the guest's / is mounted with.
set -u
case_=$1 probe=$2 payload=$3 layer=$4

result() {
	echo "PIGLIT: {\"result\": \"$1\" }"
	case $1 in pass) exit 0 ;; skip) exit 77 ;; *) exit 1 ;; esac
}
skip() { echo "SKIP: $*"; result skip; }
fail() { echo "FAIL: $*"; failed=1; }

[ -n "${SHAREDBUF_GUEST:-}" ] || skip "installs into /etc/glvnd: guest only (tests/vm/run.sh)"
[ "$(id -u)" = 0 ] || skip "needs root to install a setuid program"
command -v setpriv > /dev/null || skip "no setpriv"
nobody=$(id -u nobody 2> /dev/null) || skip "no user nobody"
nogroup=$(id -g nobody)

tmp=$(mktemp -d /tmp/sb-trust.XXXXXX) || exit 1
vendor_dirs="/etc/glvnd/egl_vendor.d /usr/share/glvnd/egl_vendor.d"
udmabuf_mode=$(stat -c %a /dev/udmabuf 2> /dev/null)
cleanup() {
	[ -n "$udmabuf_mode" ] && chmod "$udmabuf_mode" /dev/udmabuf
	rm -f /etc/glvnd/egl_vendor.d/10_sharedbuf-trust.json
	for f in "$tmp"/aside/*; do
		[ -e "$f" ] || continue
		name=${f##*/}
		mv "$f" "${name//@//}"
	done
	umount "$tmp/t" 2> /dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

mkdir -p "$tmp/t" "$tmp/aside" && chmod 755 "$tmp" || exit 1
mount -t tmpfs -o mode=1777,suid,exec tmpfs "$tmp/t" || skip "cannot mount a tmpfs"
t=$tmp/t
cp "$probe" "$t/probe" && cp "$payload" "$t/payload.so" &&
	cp "$layer" "$t/libEGL_sharedbuf.so.0" || exit 1
chmod 755 "$t/probe" && chmod 644 "$t/payload.so" "$t/libEGL_sharedbuf.so.0"
: > "$t/gbm-device" && : > "$t/dumb-device" && chmod 666 "$t/gbm-device" "$t/dumb-device"

# The unprivileged control needs a dma-buf for the CPU path (which opens
# SHAREDBUF_GBM_DEVICE): let nobody use /dev/udmabuf while the test runs.
[ -n "$udmabuf_mode" ] || skip "no /dev/udmabuf"
chmod 666 /dev/udmabuf || exit 1

# glvnd must find the layer in its own folders and nothing else.
for d in $vendor_dirs; do
	for f in "$d"/*.json; do
		[ -e "$f" ] || continue
		echo "moving aside $f"
		mv "$f" "$tmp/aside/${f//\//@}" || exit 1
	done
done
mkdir -p /etc/glvnd/egl_vendor.d
printf '{"file_format_version": "1.0.0", "ICD": {"library_path": "%s"}}\n' \
	"$t/libEGL_sharedbuf.so.0" > /etc/glvnd/egl_vendor.d/10_sharedbuf-trust.json

# A clean environment: no LD_LIBRARY_PATH or __EGL_VENDOR_LIBRARY_* (the
# privileged run would ignore them, so the control must too). Sanitizer
# options pass through.
attack=(SHAREDBUF_NEXT_VENDOR="$t/payload.so"
	SHAREDBUF_GBM_DEVICE="$t/gbm-device"
	SHAREDBUF_DUMB_DEVICE="$t/dumb-device"
	SHAREDBUF_DEBUG=debug SHAREDBUF_FENCE_PATH=poll)
san=()
for v in ASAN_OPTIONS LSAN_OPTIONS UBSAN_OPTIONS; do
	[ -n "${!v:-}" ] && san+=("$v=${!v}")
done
# ASan and UBSan stay on in the privileged run; LeakSanitizer does not: it
# reports the system Mesa 22's own leaks (*_dri.so, libgbm), which
# LD_LIBRARY_PATH can no longer replace by the guest's Mesa 25, and in a
# setgid process it cannot run at all (the probe turns it off there itself:
# see __asan_default_options). The control run and the rest of the suite
# check the same sharedbuf code for leaks.
priv_san=()
[ -n "${ASAN_OPTIONS:-}" ] && priv_san=("ASAN_OPTIONS=$ASAN_OPTIONS:detect_leaks=0")
run() { # run WHO LOG [PROBE ARGS...]
	local who=$1 log=$2
	shift 2
	local as=() more=()
	[ "$who" = nobody ] &&
		as=(setpriv --reuid="$nobody" --regid="$nogroup" --clear-groups)
	[ "${log##*/}" = secure ] && more=("${priv_san[@]}")
	"${as[@]}" env -i PATH=/usr/bin:/bin "${san[@]}" "${more[@]}" "${attack[@]}" \
		"$@" "$t/gbm-device" "$t/dumb-device" > "$log" 2> "$log.err"
	echo "rc $?" >> "$log"
	sed 's/^/  /' "$log" "$log.err"
}
has() { grep -qx -- "$2" "$1"; }
# The control's marker, taken away before the privileged run writes its own.
take_marker() { mv "$t/payload.so.loaded" "$tmp/control.loaded" 2> /dev/null; }

failed=0
case $case_ in
setuid | setgid)
	echo "== control: $case_ bit off, as nobody"
	run nobody "$tmp/control" "$t/probe"
	take_marker
	bit=u+s
	[ "$case_" = setgid ] && bit=g+s
	chown root:root "$t/probe" && chmod "$bit" "$t/probe" || exit 1
	ls -l "$t/probe"
	echo "== $case_ root, as nobody"
	run nobody "$tmp/secure" "$t/probe"
	;;
ruid)
	echo "== control: as root"
	run root "$tmp/control" "$t/probe"
	take_marker
	echo "== as root with the real uid of nobody"
	run root "$tmp/secure" "$t/probe" --ruid "$nobody"
	;;
*)
	echo "unknown case $case_"
	result fail
	;;
esac

# The control proves the probe can see each breach.
has "$tmp/control" "rc 0" || fail "control: probe failed"
[ -e "$tmp/control.loaded" ] ||
	fail "control: SHAREDBUF_NEXT_VENDOR not loaded without privileges"
has "$tmp/control" "opened: $t/gbm-device" ||
	fail "control: SHAREDBUF_GBM_DEVICE not opened without privileges"
has "$tmp/control" "opened: $t/dumb-device" ||
	fail "control: SHAREDBUF_DUMB_DEVICE not opened without privileges"
has "$tmp/control" "log-level: 3" || fail "control: SHAREDBUF_DEBUG=debug not obeyed"
has "$tmp/control" "fence-path: poll" || fail "control: SHAREDBUF_FENCE_PATH=poll not obeyed"

# The privileged run: nothing named is loaded or opened, knobs ignored.
has "$tmp/secure" "rc 0" || fail "privileged probe failed"
case $case_ in
setuid) grep -q "^ids: uid $nobody euid 0 .* at-secure 1$" "$tmp/secure" ;;
setgid) grep -q "^ids: uid $nobody euid $nobody gid $nogroup egid 0 at-secure 1$" "$tmp/secure" ;;
ruid) grep -q "^ids: uid $nobody euid 0 .* at-secure 0$" "$tmp/secure" ;;
esac || fail "the privileged run did not have the ids of the case"
if [ -e "$t/payload.so.loaded" ]; then
	fail "SHAREDBUF_NEXT_VENDOR was loaded: $(cat "$t/payload.so.loaded")"
fi
if grep '^opened: ' "$tmp/secure"; then
	fail "a file named by the environment was opened"
fi
has "$tmp/secure" "log-level: 1" || fail "SHAREDBUF_DEBUG obeyed"
has "$tmp/secure" "fence-path: sync_file" || fail "SHAREDBUF_FENCE_PATH obeyed"
grep -q "^egl-vendor-loaded: $t/libEGL_sharedbuf.so.0$" "$tmp/secure" ||
	fail "glvnd did not load the layer from /etc/glvnd/egl_vendor.d"
grep -q '^egl-vendor-loaded: .*/libEGL_mesa.so.0$' "$tmp/secure" ||
	fail "the layer did not wrap the system's Mesa"
grep -q '^\[sharedbuf' "$tmp/secure.err" &&
	fail "the layer logged below its default level"

[ $failed = 0 ] || result fail
echo "$case_: payload loaded and decoys opened only without privileges"
result pass
