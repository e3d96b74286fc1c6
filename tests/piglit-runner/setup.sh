#!/bin/bash
# tests/piglit-runner/setup.sh: upstream Piglit, built into the cache.
# Debian 12's piglit package has no dma-buf import tests, so this takes the
# source of Debian 13 (trixie)'s piglit: its .orig tarball, named by
# trixie's Sources index, fetched with apt's own machinery from the mirror
# that /etc/apt/sources.list.d/debian.sources names (a private apt dir; the
# machine's apt configuration is not touched). Only the programs of the
# upstream profile are built (cmake + ninja, about a minute on a quiet
# machine), then both Piglit profiles' inputs are ready:
#   $DIR/src/        the Piglit source: its runner is $DIR/src/piglit
#   $DIR/build/bin/  the dma-buf and fence test programs (PIGLIT_BUILD_DIR)
#   $DIR/upstream.xml.gz  the upstream profile (tests/piglit-runner/profile.py)
#   $DIR/apt/ $DIR/dl/ $DIR/stamps/  apt state, the tarball, step stamps
# Idempotent: a warm run only checks stamps and files, with no network.
# Needs root only to install missing Debian packages. Piglit runs on
# Debian's /usr/bin/python3 (its python3-mako and python3-numpy).
#
# Env: SHAREDBUF_PIGLIT_DIR (${SHAREDBUF_CACHE:-<project>/.cache}/piglit)
set -euo pipefail

HERE=$(dirname "$(readlink -f "$0")")
ROOT=$(readlink -f "$HERE/../..")
DIR=$(readlink -m "${SHAREDBUF_PIGLIT_DIR:-${SHAREDBUF_CACHE:-$ROOT/.cache}/piglit}")
LOG=$DIR/setup.log
# the runner (python3-mako, python3-numpy), Xvfb for the EGL tests that
# need X11, and the build of the tests
PKGS=(python3 python3-mako python3-numpy xvfb cmake ninja-build pkg-config gcc
	libwaffle-dev libgbm-dev libdrm-dev libegl-dev libgles-dev libgl-dev
	libpng-dev libxcb-dri2-0-dev xz-utils)
CMAKE_OPTS=(-G Ninja -DCMAKE_BUILD_TYPE=Release -DPYTHON_EXECUTABLE=/usr/bin/python3
	-DPIGLIT_USE_WAFFLE=ON -DPIGLIT_USE_GBM=ON -DPIGLIT_USE_X11=OFF
	-DPIGLIT_USE_WAYLAND=OFF -DPIGLIT_BUILD_GLX_TESTS=OFF -DPIGLIT_BUILD_GL_TESTS=OFF
	-DPIGLIT_BUILD_GLES1_TESTS=ON -DPIGLIT_BUILD_GLES2_TESTS=ON
	-DPIGLIT_BUILD_GLES3_TESTS=OFF -DPIGLIT_BUILD_VK_TESTS=OFF
	-DPIGLIT_BUILD_CL_TESTS=OFF -DPIGLIT_BUILD_DMA_BUF_TESTS=ON
	-DPIGLIT_BUILD_EGL_TESTS=ON)
export DEBIAN_FRONTEND=noninteractive LC_ALL=C

say() { printf 'piglit setup: %s\n' "$*"; }
die() { printf 'piglit setup: error: %s\n' "$*" >&2; exit 1; }

# quietly CMD...: run CMD with its output in $LOG; show the log's tail if it fails
quietly() {
	printf '\n$ %s\n' "$*" >> "$LOG"
	"$@" >> "$LOG" 2>&1 && return 0
	local rc=$?
	{ say "failed ($rc): $*"; tail -n 25 "$LOG"; } >&2
	exit 1
}

stamp_ok() { [ "$(cat "$DIR/stamps/$1" 2> /dev/null)" = "$2" ]; }
stamp_write() { mkdir -p "$DIR/stamps" && printf '%s\n' "$2" > "$DIR/stamps/$1"; }

packages() {
	local have p missing=()
	have=$(dpkg-query -W -f='${Package} ${db:Status-Status}\n' "${PKGS[@]}" 2> /dev/null |
		awk '$2 == "installed" { print $1 }') || true
	for p in "${PKGS[@]}"; do grep -qxF "$p" <<< "$have" || missing+=("$p"); done
	[ ${#missing[@]} = 0 ] && return 0
	[ "$(id -u)" = 0 ] || die "missing packages: ${missing[*]} (run as root, or apt-get install them)"
	say "installing ${missing[*]}"
	quietly apt-get update -q
	quietly apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# A deb-src stanza for trixie, on the mirror of the machine's plain bookworm
# stanza. The mirror comes from the machine, never from us.
apt_sources() {
	local src=/etc/apt/sources.list.d/debian.sources uri
	[ -r "$src" ] || die "$src not found: cannot tell which Debian mirror to use"
	uri=$(awk 'BEGIN { RS = "" }
		/(^|\n)Suites:[^\n]*[ \t]bookworm([ \t]|\n|$)/ {
			if (match($0, /(^|\n)URIs:[ \t]*[^ \t\n]+/)) {
				u = substr($0, RSTART, RLENGTH); sub(/^\n?URIs:[ \t]*/, "", u)
				print u; exit
			}
		}' "$src")
	[ -n "$uri" ] || die "no plain bookworm stanza with URIs in $src"
	mkdir -p "$DIR/apt/lists/partial" "$DIR/apt/cache/archives/partial"
	printf '%s\n' "Types: deb-src" "URIs: $uri" "Suites: trixie" "Components: main" \
		"Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg" > "$DIR/apt/trixie.sources"
	APT_OPTS=(-o "Dir::Etc::SourceList=$DIR/apt/trixie.sources"
		-o Dir::Etc::SourceParts=/nonexistent -o "Dir::State::Lists=$DIR/apt/lists"
		-o "Dir::Cache=$DIR/apt/cache" -o APT::Sandbox::User=root)
}

# The .orig tarball of trixie's piglit in $DIR/dl; its file name in $TARBALL
TARBALL=
source_fetch() {
	local line uri hash
	TARBALL=$(cat "$DIR/stamps/tarball" 2> /dev/null) || true
	[ -n "$TARBALL" ] && [ -s "$DIR/dl/$TARBALL" ] && return 0
	apt_sources
	say "looking up piglit in trixie's Sources index"
	quietly apt-get "${APT_OPTS[@]}" update -q
	line=$(apt-get "${APT_OPTS[@]}" source --print-uris piglit 2>> "$LOG" |
		grep -E "^'[^']+\.orig\.tar\.[a-z0-9]+' " | head -n 1) ||
		die "trixie's Sources index names no piglit .orig tarball (see $LOG)"
	read -r uri TARBALL _ hash <<< "$line"
	uri=${uri//\'/}
	say "fetching $TARBALL"
	mkdir -p "$DIR/dl"
	quietly /usr/lib/apt/apt-helper -o APT::Sandbox::User=root download-file "$uri" "$DIR/dl/$TARBALL" "$hash"
	stamp_write tarball "$TARBALL"
}

source_unpack() {
	stamp_ok src "$TARBALL" && [ -x "$DIR/src/piglit" ] && return 0
	say "unpacking $TARBALL"
	rm -rf "$DIR/src" "$DIR/build" "$DIR/stamps/build" && mkdir -p "$DIR/src"
	quietly tar -xf "$DIR/dl/$TARBALL" -C "$DIR/src" --strip-components=1
	stamp_write src "$TARBALL"
}

build() {
	local key bins=() b
	# keyed by the programs, not by profile.py's text: an edit of the
	# sharedbuf profile's code does not rebuild Piglit
	mapfile -t bins < <(/usr/bin/python3 "$HERE/profile.py" binaries "$DIR/src")
	[ ${#bins[@]} -gt 0 ] || die "the upstream profile names no programs"
	key="$TARBALL ${CMAKE_OPTS[*]} ${bins[*]}"
	if stamp_ok build "$key"; then
		for b in "${bins[@]}"; do [ -x "$DIR/build/bin/$b" ] || break; done
		[ -x "$DIR/build/bin/$b" ] && return 0
	fi
	say "building ${#bins[@]} programs (cmake + ninja, log in $LOG)"
	mkdir -p "$DIR/build"
	quietly cmake -S "$DIR/src" -B "$DIR/build" "${CMAKE_OPTS[@]}"
	quietly ninja -C "$DIR/build" "${bins[@]/#/bin/}"
	printf '%s\n' "${bins[@]}" > "$DIR/stamps/bins"
	stamp_write build "$key"
}

profile() {
	local key
	key="$TARBALL $(sha256sum < "$HERE/profile.py")"
	stamp_ok profile "$key" && [ -s "$DIR/upstream.xml.gz" ] && return 0
	quietly /usr/bin/python3 "$HERE/profile.py" upstream "$DIR/src" "$DIR/upstream.xml.gz"
	stamp_write profile "$key"
}

mkdir -p "$DIR"
packages
source_fetch
source_unpack
build
profile
say "ready: ${TARBALL%%.orig.*} in $DIR"
