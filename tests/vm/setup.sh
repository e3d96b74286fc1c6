#!/bin/bash
# tests/vm/setup.sh - prepare this Debian 12 host for tests/vm/run.sh.
#
# Idempotent; needs root only when something has to be done. Everything lands
# in ${SHAREDBUF_CACHE:-<project>/.cache}/vm:
#   kernel/       Debian's linux-image-6.12 unpacked (dpkg -x) + depmod
#   mesa/         Mesa 25 from bookworm-backports, unpacked as a private prefix
#   initramfs.cpio  busybox + the modules needed to mount the host's / (tests/vm/init)
#   dl/           the downloaded .debs (so a lost unpacked tree needs no network)
#   stamps/       one file per step: the key it was built for
# A warm run only reads local state (dpkg, apt cache, stamps) and prints
# "vm setup: up to date". A step whose stamp is stale, or whose files are
# missing, is redone.
#
# Env: SHAREDBUF_CACHE, SHAREDBUF_VM_KERNEL_PKG (linux-image-6.12-amd64),
#      SHAREDBUF_VM_MESA_VERSION (25.0.7-2~bpo12+1),
#      SHAREDBUF_VM_LIBDRM_VERSION (2.4.123-1~bpo12+1)
set -euo pipefail

HERE=$(dirname "$(readlink -f "$0")")
ROOT=$(readlink -f "$HERE/../..")
VM=$(readlink -m "${SHAREDBUF_CACHE:-$ROOT/.cache}/vm")

KERNEL_META=${SHAREDBUF_VM_KERNEL_PKG:-linux-image-6.12-amd64}
MESA_VERSION=${SHAREDBUF_VM_MESA_VERSION:-25.0.7-2~bpo12+1}
LIBDRM_VERSION=${SHAREDBUF_VM_LIBDRM_VERSION:-2.4.123-1~bpo12+1}
HOST_PKGS=(qemu-system-x86 busybox-static kmod cpio xz-utils)
MESA_DEBS=(libegl-mesa0="$MESA_VERSION" libgbm1="$MESA_VERSION"
	libgl1-mesa-dri="$MESA_VERSION" mesa-libgallium="$MESA_VERSION"
	libdrm2="$LIBDRM_VERSION" libdrm-amdgpu1="$LIBDRM_VERSION"
	libdrm-intel1="$LIBDRM_VERSION")
# glvnd front ends the guest programs link against (Mesa itself is private)
MESA_EXTRA_DEPS=(libegl1 libgles2)
# what tests/vm/init insmods to reach the host's / (their deps are added)
INITRD_MODULES=(9p 9pnet_virtio overlay)
# must be built in (=y) or modules (=m) in the guest kernel
KERNEL_CONFIG=(UDMABUF DMABUF_HEAPS_SYSTEM SYNC_FILE DRM_VGEM 9P_FS NET_9P_VIRTIO OVERLAY_FS)

BPO_SOURCES=/etc/apt/sources.list.d/sharedbuf-bookworm-backports.sources
MESA_LIB=$VM/mesa/usr/lib/x86_64-linux-gnu
MESA_JSON=$VM/mesa/usr/share/glvnd/egl_vendor.d/50_mesa.json
LOG=$VM/setup.log
export DEBIAN_FRONTEND=noninteractive LC_ALL=C

# ---------------------------------------------------------------- helpers

say() { printf 'vm setup: %s\n' "$*"; }
die() { printf 'vm setup: error: %s\n' "$*" >&2; exit 1; }

need_root() {
	[ "$(id -u)" = 0 ] || die "must run as root (something needs to be installed or rebuilt)"
}

# quietly CMD...: run CMD with its output in $LOG; show the log's tail if it fails
quietly() {
	mkdir -p "$VM"
	printf '\n$ %s\n' "$*" >> "$LOG"
	"$@" >> "$LOG" 2>&1 && return 0
	local rc=$?
	{ echo "vm setup: failed ($rc): $*"; tail -n 25 "$LOG"; } >&2
	exit 1
}

# stamp_ok NAME KEY: the stamp of step NAME says it was built for KEY
stamp_ok() { [ "$(cat "$VM/stamps/$1" 2>/dev/null)" = "$2" ]; }
stamp_write() { mkdir -p "$VM/stamps" && printf '%s\n' "$2" > "$VM/stamps/$1"; }

# missing_pkgs PKG...: print the packages that dpkg does not know as installed
missing_pkgs() {
	local have p
	have=$(dpkg-query -W -f='${Package} ${db:Status-Status}\n' "$@" 2>/dev/null |
		awk '$2 == "installed" { print $1 }') || true
	for p; do grep -qxF "$p" <<< "$have" || echo "$p"; done
}

APT_UPDATED=
apt_update() {  # once per run, and only when something is missing
	[ -n "$APT_UPDATED" ] && return 0
	quietly apt-get update -q
	APT_UPDATED=1
}

# apt_install PKG...: install whatever of PKG... is missing (no-op otherwise)
apt_install() {
	local missing
	missing=$(missing_pkgs "$@")
	[ -z "$missing" ] && return 0
	need_root
	apt_update
	# shellcheck disable=SC2086  # one package name per word
	quietly apt-get install -y -q --no-install-recommends $missing
}

# apt_download DIR PKG[=VER]...: fetch .debs into DIR (apt downloads as _apt)
apt_download() {
	local dir=$1; shift
	mkdir -p "$dir" && chown _apt "$dir"
	(cd "$dir" && quietly apt-get download -q "$@")
}

# deb_file DIR PKG [VER]: a downloaded, readable .deb of PKG (at VER) in DIR
deb_file() {
	local f
	for f in "$1/$2_${3:+${3//:/%3a}_}"*.deb; do
		[ -f "$f" ] && dpkg-deb -f "$f" Package > /dev/null 2>&1 && { echo "$f"; return 0; }
	done
	return 1
}

# ---------------------------------------------------------------- steps
# Each step has a *_fresh test (cheap, local, no root) and a *_build action.

packages_fresh() { [ -z "$(missing_pkgs "${HOST_PKGS[@]}")" ]; }
packages_build() {
	DETAIL="installed $(missing_pkgs "${HOST_PKGS[@]}" | paste -sd' ')"
	apt_install "${HOST_PKGS[@]}"
}

# The meta package depends on the versioned image, e.g. linux-image-6.12.117+deb12-amd64.
KERNEL_PKG=
kernel_dep() {
	apt-cache depends "$KERNEL_META" 2> /dev/null |
		awk '$1 == "Depends:" && $2 ~ /^linux-image-/ { print $2; exit }'
}
kernel_resolve() {
	[ -n "$KERNEL_PKG" ] && return 0
	KERNEL_PKG=$(kernel_dep) || true
	if [ -z "$KERNEL_PKG" ]; then   # apt lists missing or too old
		need_root; apt_update
		KERNEL_PKG=$(kernel_dep) || true
	fi
	[ -n "$KERNEL_PKG" ] || die "cannot resolve $KERNEL_META to a kernel image package"
}

kernel_fresh() {
	local kver
	kernel_resolve
	stamp_ok kernel "$KERNEL_PKG" || return 1
	kver=$(cat "$VM/kernel/.kver" 2>/dev/null) || return 1
	[ -f "$VM/kernel/boot/vmlinuz-$kver" ] && [ -f "$VM/kernel/lib/modules/$kver/modules.dep.bin" ]
}

kernel_build() {
	local dl=$VM/dl/kernel new=$VM/kernel.new deb kver opt
	kernel_resolve
	if ! deb=$(deb_file "$dl" "$KERNEL_PKG"); then
		rm -rf "$dl"
		if ! (apt_download "$dl" "$KERNEL_PKG") 2> /dev/null; then
			apt_update   # the archive moved on: refresh the lists and resolve again
			KERNEL_PKG=; kernel_resolve
			apt_download "$dl" "$KERNEL_PKG"
		fi
		deb=$(deb_file "$dl" "$KERNEL_PKG") || die "download of $KERNEL_PKG failed"
	fi
	rm -rf "$new" && dpkg -x "$deb" "$new"
	# modprobe -d DIR looks in DIR/lib/modules; newer packages ship usr/lib/modules
	[ -d "$new/lib/modules" ] || { mkdir -p "$new/lib" && ln -s ../usr/lib/modules "$new/lib/modules"; }
	kver=$(ls "$new/lib/modules/")
	[ "$(wc -w <<< "$kver")" = 1 ] || die "expected one module tree in $deb, got: $kver"
	for opt in "${KERNEL_CONFIG[@]}"; do
		grep -qE "^CONFIG_$opt=[ym]" "$new/boot/config-$kver" || die "guest kernel lacks CONFIG_$opt"
	done
	quietly depmod -b "$new" "$kver"
	echo "$kver" > "$new/.kver"
	rm -rf "$VM/kernel" && mv "$new" "$VM/kernel"
	stamp_write kernel "$KERNEL_PKG"
	DETAIL=$kver
}

# The key covers the prefix path too: 50_mesa.json holds an absolute path.
mesa_key() { echo "${MESA_DEBS[*]} prefix=$VM/mesa"; }

mesa_fresh() {
	stamp_ok mesa "$(mesa_key)" &&
		[ -f "$MESA_LIB/libEGL_mesa.so.0" ] && [ -f "$MESA_LIB/libgbm.so.1" ] &&
		[ -f "$MESA_LIB/dri/swrast_dri.so" ] && ls "$MESA_LIB"/libgallium-*.so > /dev/null 2>&1 &&
		grep -qF "\"$MESA_LIB/libEGL_mesa.so.0\"" "$MESA_JSON" 2> /dev/null &&
		[ -s "$VM/stamps/mesa-deps" ]
}

# Copy the plain "bookworm" stanza of the machine's deb822 sources with
# Suites: bookworm-backports. The mirror comes from the machine, never from us.
add_backports() {
	local src=/etc/apt/sources.list.d/debian.sources tmp
	[ -s "$BPO_SOURCES" ] && return 0
	[ -r "$src" ] || die "$src not found: add a bookworm-backports source by hand"
	tmp=$(mktemp)
	awk 'BEGIN { RS = "" }
	{
		n = split($0, line, "\n"); plain = 0
		for (i = 1; i <= n; i++)
			if (line[i] ~ /^Suites:/) {
				m = split(line[i], w, /[ \t]+/)
				for (j = 2; j <= m; j++) if (w[j] == "bookworm") plain = 1
			}
		if (!plain) next
		print "# added by sharedbuf tests/vm/setup.sh (Mesa 25 for the test guest)"
		for (i = 1; i <= n; i++) {
			if (line[i] ~ /^#/) continue
			print (line[i] ~ /^Suites:/ ? "Suites: bookworm-backports" : line[i])
		}
		exit
	}' "$src" > "$tmp"
	grep -q '^URIs:' "$tmp" || { rm -f "$tmp"; die "no plain bookworm stanza in $src"; }
	install -m 644 "$tmp" "$BPO_SOURCES" && rm -f "$tmp"
	# refresh just the new source; the other lists stay as they are
	quietly apt-get update -q -o Dir::Etc::SourceList="$BPO_SOURCES" \
		-o Dir::Etc::SourceParts=/nonexistent -o APT::Get::List-Cleanup=0
}

# deb_deps DEB...: runtime deps of the .debs (first alternative, no versions),
# minus the packages in DEB... themselves
deb_deps() {
	local d own
	own=$(for d; do dpkg-deb -f "$d" Package; done)
	for d; do dpkg-deb -f "$d" Pre-Depends; dpkg-deb -f "$d" Depends; done |
		tr ',' '\n' | sed -E 's/\|.*//; s/\(.*//; s/:any//; s/[[:space:]]//g' |
		grep -v '^$' | sort -u | grep -vxF "$own" || true
}

mesa_build() {
	local dl=$VM/dl/mesa new=$VM/mesa.new want=() debs=() spec f
	for spec in "${MESA_DEBS[@]}"; do
		deb_file "$dl" "${spec%%=*}" "${spec#*=}" > /dev/null || want+=("$spec")
	done
	if [ "${#want[@]}" -gt 0 ]; then
		add_backports
		apt_download "$dl" "${want[@]}"
	fi
	rm -rf "$new"
	for spec in "${MESA_DEBS[@]}"; do
		f=$(deb_file "$dl" "${spec%%=*}" "${spec#*=}") || die "download of $spec failed"
		dpkg -x "$f" "$new"
		debs+=("$f")
	done
	for f in "$dl"/*.deb; do   # drop .debs of other versions
		[[ " ${debs[*]} " == *" $f "* ]] || rm -f "$f"
	done
	# glvnd loads the vendor library by this path: make it absolute
	sed -i "s|\"libEGL_mesa.so.0\"|\"$MESA_LIB/libEGL_mesa.so.0\"|" \
		"$new/usr/share/glvnd/egl_vendor.d/50_mesa.json"
	rm -rf "$VM/mesa" && mv "$new" "$VM/mesa"
	{ deb_deps "${debs[@]}"; printf '%s\n' "${MESA_EXTRA_DEPS[@]}"; } | sort -u > "$VM/stamps/mesa-deps"
	stamp_write mesa "$(mesa_key)"
	DETAIL="$MESA_VERSION, libdrm $LIBDRM_VERSION"
}

# Mesa's own runtime deps (libllvm15, libxcb*, ...) come from plain bookworm;
# mesa_build listed them in stamps/mesa-deps.
mesa_deps() { mapfile -t DEPS < "$VM/stamps/mesa-deps"; }
mesa_deps_fresh() { mesa_deps && [ -z "$(missing_pkgs "${DEPS[@]}")" ]; }
mesa_deps_build() {
	mesa_deps
	DETAIL="installed $(missing_pkgs "${DEPS[@]}" | paste -sd' ')"
	apt_install "${DEPS[@]}"
}

initramfs_key() {
	echo "kernel=$(cat "$VM/kernel/.kver" 2>/dev/null) modules=${INITRD_MODULES[*]}" \
		"init=$(sha256sum < "$HERE/init" | cut -c1-16)" \
		"busybox=$(sha256sum < /bin/busybox | cut -c1-16)"
}
initramfs_fresh() { stamp_ok initramfs "$(initramfs_key)" && [ -s "$VM/initramfs.cpio" ]; }

initramfs_build() {
	local kver d=$VM/initramfs.d m f name
	kver=$(cat "$VM/kernel/.kver")
	rm -rf "$d" && mkdir -p "$d"/{bin,dev,proc,sys,lower,upper,newroot,modules}
	install -m 755 /bin/busybox "$d/bin/busybox"
	install -m 755 "$HERE/init" "$d/init"
	# the modules and their deps, in load order, uncompressed (busybox insmod
	# cannot read .ko.xz)
	for m in "${INITRD_MODULES[@]}"; do
		modprobe -d "$VM/kernel" -S "$kver" --show-depends "$m"
	done | awk '$1 == "insmod" && !seen[$2]++ { print $2 }' |
	while read -r f; do
		name=$(basename "$f"); name=${name%.xz}; name=${name%.zst}
		case $f in
			*.xz) xz -dc "$f" > "$d/modules/$name" ;;
			*.zst) zstd -qdc "$f" > "$d/modules/$name" ;;
			*) cp "$f" "$d/modules/$name" ;;
		esac
		echo "$name" >> "$d/modules.order"
	done
	[ -s "$d/modules.order" ] || die "no modules found for ${INITRD_MODULES[*]}"
	(cd "$d" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) > "$VM/initramfs.cpio.new"
	mv "$VM/initramfs.cpio.new" "$VM/initramfs.cpio"
	DETAIL="busybox + $(paste -sd' ' "$d/modules.order" | sed 's/\.ko//g')"
	rm -rf "$d"
	stamp_write initramfs "$(initramfs_key)"
}

# ---------------------------------------------------------------- main

STEPS=(packages kernel mesa mesa_deps initramfs)

# since T0: seconds elapsed since the $EPOCHREALTIME value T0
since() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'; }

# run_step NAME: build NAME and print one line with what and how long
run_step() {
	local t0=$EPOCHREALTIME
	DETAIL=
	"$1_build"
	printf 'vm setup: %-10s %5s s  %s\n' "${1/_/-}" "$(since "$t0")" "$DETAIL"
}

main() {
	local s did=0 t0=$EPOCHREALTIME
	[ $# = 0 ] || die "usage: tests/vm/setup.sh   (no arguments; see tests/vm/README.md)"
	if [ "$(id -u)" = 0 ]; then   # one setup at a time
		mkdir -p "$VM" && exec 9>> "$VM/setup.lock" && flock 9
	fi
	for s in "${STEPS[@]}"; do
		"${s}_fresh" && continue
		if [ "$did" = 0 ]; then
			need_root
			mkdir -p "$VM/stamps" && : > "$LOG"
			did=1
		fi
		run_step "$s"
	done
	if [ "$did" = 0 ]; then
		say "up to date ($VM)"
	else
		say "done in $(since "$t0") s (log: $LOG)"
	fi
}

main "$@"
