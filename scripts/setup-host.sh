#!/bin/bash
# setup-host.sh: install the host packages sharedbuf builds and tests with
# (Debian 12). Idempotent: when everything is installed it returns at once
# without touching the network. Needs root only when something is missing.
set -euo pipefail

PACKAGES=(
	gcc libc6-dev make meson ninja-build pkg-config python3
	libegl-dev libgles-dev libdrm-dev libgbm-dev libepoxy-dev libpng-dev
	linux-libc-dev
	libglvnd-core-dev # <glvnd/libeglabi.h>, the EGL vendor ABI
	libjson-c-dev     # reading glvnd vendor JSON files
	debhelper dpkg-dev fakeroot lintian # make deb: the Debian packages
	clang libclang-rt-14-dev # libFuzzer, for tests/fuzz
	mesa-utils # eglinfo: the unmodified EGL program of the pass-through test
	libegl-mesa0 # the host's own Mesa, for host-side layer tests
)

missing=()
for p in "${PACKAGES[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
	exit 0
fi
if [ "$(id -u)" != 0 ]; then
	echo "setup-host: missing packages: ${missing[*]}" >&2
	echo "setup-host: run as root, or: apt-get install ${missing[*]}" >&2
	exit 1
fi
echo "setup-host: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
