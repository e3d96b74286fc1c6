#!/bin/bash
# guest-suite.sh BUILD...: runs inside the VM (tests/vm/run.sh): the guest
# suite of each build dir, through the layer, on the guest's Mesa 25.
# Results land in BUILD/meson-logs/SUITE.json for tests/summary.py. A build
# dir holding test-filter runs only the tests it names (see check.sh).
# Env: SHAREDBUF_SUITE (guest; soak for the long runs of `make soak`;
#      several joined by "+", as make integration's guest+integration),
#      SHAREDBUF_TIMEOUT_MULTIPLIER (3: each test's meson timeout times
#      this, so a machine 3x slower than the one they were measured on
#      still passes),
#      SHAREDBUF_TEST_FILTER (a file naming the only tests to run, one per
#      line, for every build dir; tests/check.sh writes one for the plain
#      build. Without it, BUILD/test-filter when present.)
#
# Mesa's shader cache: run.sh disables it (benchmarks measure cold
# compiles), but under TCG llvmpipe's shader compiles are most of an EGL
# test's time. The suite keeps a cache per build dir, BUILD/mesa-shader-cache
# (make clean drops it): a warm cache halves the time of a drawing test.
# One VM uses one build dir's cache: qemu's 9p does not really lock, so two
# guests never share one.
set -u
if [ -z "${SHAREDBUF_GUEST:-}" ] || [ -z "${SHAREDBUF_MESA_JSON:-}" ]; then
	echo "guest-suite: run me through tests/vm/run.sh" >&2
	exit 2
fi
export SHAREDBUF_NEXT_VENDOR=$SHAREDBUF_MESA_JSON
suite=${SHAREDBUF_SUITE:-guest}
mult=${SHAREDBUF_TIMEOUT_MULTIPLIER:-3}
here=$(dirname "$(readlink -f "$0")")
suites=()
IFS=+ read -r -a names <<< "$suite"
for s in "${names[@]}"; do suites+=(--suite "$s"); done
rc=0
for b; do
	echo "== $suite suite: $b (timeouts x$mult)"
	filter=${SHAREDBUF_TEST_FILTER:-$b/test-filter}
	# shellcheck source=/dev/null
	env $(cat "$b/sanitizer.env" 2>/dev/null) \
		MESA_SHADER_CACHE_DISABLE=false \
		MESA_SHADER_CACHE_DIR="$(readlink -f "$b")/mesa-shader-cache" \
		meson test -C "$b" "${suites[@]}" --no-rebuild \
		--logbase "$suite" --timeout-multiplier "$mult" \
		--num-processes "$(nproc)" $(cat "$filter" 2>/dev/null) | cat
	[ "${PIPESTATUS[0]}" = 0 ] || rc=1
done
exit $rc
