#!/bin/bash
# install-check.sh DEBDIR [BUILD]: in the guest (tests/vm/run.sh), the
# Debian packages of DEBDIR (scripts/build-deb.sh) installed with dpkg into
# the guest's throw-away root, then checked as a user would use them:
#   deb@install         dpkg -i of the four packages
#   deb@build-app       tests/deb/installed_app.c compiled against the
#                       installed headers, flags from the installed
#                       sharedbuf.pc (no file of this source tree)
#   deb@app-extensions  that program, through the installed layer named by
#                       its installed JSON: both SHAREDBUF extensions and
#                       strict import (installed_app.c says what it checks)
#   deb@info            /usr/bin/sharedbuf-info --json through the layer
#   deb@<test>          BUILD's import and extension tests (the udmabuf
#                       cases), through the installed layer
#   deb@system-vendor   README's recipe for making the layer the system's
#                       EGL vendor (Mesa's JSON diverted out of glvnd's
#                       folder, the layer's linked in): the program again,
#                       with no __EGL_VENDOR_LIBRARY_* and no
#                       SHAREDBUF_NEXT_VENDOR, as a setuid program runs
# One line each: "PASS deb@x" or "FAIL deb@x: reason" (tests/check.sh
# turns them into summary lines); exit 1 if any failed.
set -u
if [ -z "${SHAREDBUF_GUEST:-}" ] || [ -z "${SHAREDBUF_MESA_JSON:-}" ]; then
	echo "install-check: run me through tests/vm/run.sh" >&2
	exit 2
fi
debdir=$(readlink -f "$1") build=${2:+$(readlink -f "$2")}
# Mesa's shader cache, kept next to DEBDIR (its own: no other guest writes
# it), as tests/guest-suite.sh keeps one per build dir: under TCG shader
# compiles are most of a drawing test's time.
export MESA_SHADER_CACHE_DISABLE=false
export MESA_DISK_CACHE_SINGLE_FILE=true # fds fixed at start (guest-suite.sh)
export MESA_SHADER_CACHE_DIR="$debdir-shader-cache"
here=$(dirname "$(readlink -f "$0")")
multiarch=$(gcc -print-multiarch)
layer=/usr/lib/$multiarch/libEGL_sharedbuf.so.0
json=/usr/share/sharedbuf/egl_vendor.d/10_sharedbuf.json
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
failed=0

pass() { echo "PASS deb@$1"; }
fail() {
	echo "FAIL deb@$1: $2"
	failed=1
}
# run NAME CMD...: CMD's output indented, its Piglit status as the result
# (with QUIET=1 a success prints nothing: the caller checks more first)
run() {
	local name=$1 rc t0=$SECONDS
	shift
	"$@" > "$tmp/out" 2>&1
	rc=$?
	sed 's/^/    /' "$tmp/out"
	echo "    ($((SECONDS - t0)) s)"
	case $rc in
	0) [ -n "${QUIET:-}" ] || pass "$name" ;;
	77) echo "SKIP deb@$name: $(grep -m1 '^SKIP' "$tmp/out")" ;;
	*) fail "$name" "exit $rc: $(grep -m1 -E '^(FAIL|ERROR)' "$tmp/out")" ;;
	esac
	return $rc
}
# Through the installed layer, selected by its installed JSON.
layer_env=(env __EGL_VENDOR_LIBRARY_FILENAMES="$json"
	SHAREDBUF_NEXT_VENDOR="$SHAREDBUF_MESA_JSON" LP_NUM_THREADS=0)

debs=()
for p in libsharedbuf0 libsharedbuf-dev libegl-sharedbuf0 sharedbuf-tools; do
	debs+=("$(ls "$debdir/${p}_"*.deb 2> /dev/null | head -n 1)")
done
# man-db's trigger re-indexes every manual page: minutes under TCG. The
# guest's root is a throw-away overlay; its man index does not matter.
rm -f /var/lib/man-db/auto-update
if ! run install dpkg -i "${debs[@]}"; then
	exit 1
fi

# The application: only what the packages installed, found by pkg-config.
if ! QUIET=1 run build-app sh -c 'cc -Wall -Wextra -Werror -o "$1" "$2" \
	$(pkg-config --cflags --libs sharedbuf egl glesv2) -ldl' \
	sh "$tmp/app" "$here/installed_app.c"; then
	exit 1
fi
if [ "$(pkg-config --variable=includedir sharedbuf)" = /usr/include ]; then
	pass build-app
else
	fail build-app "the installed sharedbuf.pc does not name /usr/include"
fi
run app-extensions "${layer_env[@]}" "$tmp/app" "$layer"

if QUIET=1 run info "${layer_env[@]}" sharedbuf-info --json; then
	mv "$tmp/out" "$tmp/info.json"
	python3 - "$tmp/info.json" "$layer" <<'EOF' &&
import json, os, sys
egl = json.load(open(sys.argv[1]))["egl"]
real = os.path.realpath
vendors = [v for o in egl.values() if isinstance(o, dict)
           for v in o.get("vendor_libraries", [])]
sys.exit(0 if egl["layer"]["in_call_path"] and
         real(sys.argv[2]) in [real(v) for v in vendors] else 1)
EOF
		pass info ||
		fail info "the report does not show the installed layer in the call path"
fi

# The build tree's import and extension tests, through the installed layer.
if [ -n "$build" ]; then
	for t in "import-invalid test udmabuf" "import-sample udmabuf" \
		"image-fence udmabuf" "image-cpu udmabuf"; do
		set -- $t
		run "$1" "${layer_env[@]}" "$build/tests/piglit/$@"
	done
fi

# README's recipe ("Installing"): the layer becomes glvnd's only vendor and
# wraps Mesa from the JSON's new place. The guest's Mesa 25 is the one on
# LD_LIBRARY_PATH, and its JSON names libEGL_mesa.so.0 like the system's.
next=/usr/share/sharedbuf/next_vendor.d/50_mesa.json
glvnd=/usr/share/glvnd/egl_vendor.d
if [ -f "$glvnd/50_mesa.json" ]; then
	mkdir -p "$(dirname "$next")"
	dpkg-divert --quiet --rename --divert "$next" --add "$glvnd/50_mesa.json"
	ln -s "$json" "$glvnd/10_sharedbuf.json"
	rm -f /etc/glvnd/egl_vendor.d/*.json
	if QUIET=1 run system-vendor env -u __EGL_VENDOR_LIBRARY_FILENAMES \
		-u SHAREDBUF_NEXT_VENDOR LP_NUM_THREADS=0 "$tmp/app" "$layer"; then
		if grep -qF "(from $next)" "$tmp/out"; then
			pass system-vendor
		else
			fail system-vendor "the layer did not wrap Mesa from $next"
		fi
	fi
else
	echo "SKIP deb@system-vendor: no $glvnd/50_mesa.json in this root"
fi
exit $failed
