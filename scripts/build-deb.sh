#!/bin/bash
# build-deb.sh [OUT]: the Debian packages (debian/), as a Debian 12 machine
# builds them: `dpkg-buildpackage -b -us -uc` in a clean copy of the
# sources (tracked and new files of this tree, none of its build dirs),
# then lintian, which must report no error. The .debs land in OUT
# (default .cache/deb). Skipped when the sources are the ones OUT's .debs
# were built from (OUT/sources.sha256). DEB_BUILD_OPTIONS passes through
# (nocheck: no tests in the package build).
set -euo pipefail
root=$(readlink -f "$(dirname "$0")/..")
out=$(readlink -m "${1:-$root/.cache/deb}")
cd "$root"

# The source list, and a hash of it and of every file's bytes.
list() {
	if [ -d .git ] || [ -f .git ]; then
		git ls-files -z --cached --others --exclude-standard |
			while IFS= read -r -d '' f; do
				[ -f "$f" ] && printf '%s\0' "$f"
			done
	else
		find . -path ./.cache -prune -o -path './build*' -prune -o \
			-type f -printf '%P\0'
	fi
}
sum=$( {
	list | sort -z | xargs -0 sha256sum --
	echo "DEB_BUILD_OPTIONS=${DEB_BUILD_OPTIONS:-}"
} | sha256sum | cut -c1-64)
if [ -f "$out/sources.sha256" ] && [ "$(cat "$out/sources.sha256")" = "$sum" ] &&
	ls "$out"/*.deb > /dev/null 2>&1; then
	echo "deb: up to date ($out)"
	exit 0
fi

rm -rf "$out"
mkdir -p "$out/src"
list | tar --null -T - -cf - | tar -xf - -C "$out/src"
start=$(date +%s)
(cd "$out/src" && dpkg-buildpackage -b -us -uc) > "$out/build.log" 2>&1 || {
	tail -n 40 "$out/build.log" >&2
	echo "deb: dpkg-buildpackage failed (log: $out/build.log)" >&2
	exit 1
}
echo "deb: built in $(( $(date +%s) - start )) s: $(cd "$out" && echo *.deb)"
# lintian: errors fail the build, warnings are shown.
lintian --fail-on error --tag-display-limit 0 "$out"/*.changes | tee "$out/lintian.log"
rm -rf "$out/src"
echo "$sum" > "$out/sources.sha256"
