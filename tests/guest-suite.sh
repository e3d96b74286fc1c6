#!/bin/bash
# guest-suite.sh BUILD...: runs inside the VM (tests/vm/run.sh): the guest
# suite of each build dir, through the layer, on the guest's Mesa 25.
# Results land in BUILD/meson-logs/LOGBASE.json for tests/summary.py. A
# build dir holding test-filter runs only the tests it names (see check.sh).
# Env: SHAREDBUF_SUITE (guest; soak for the long runs of `make soak`;
#      several joined by "+", as make integration's guest+integration),
#      SHAREDBUF_TIMEOUT_MULTIPLIER (3: each test's meson timeout times
#      this, so a machine 3x slower than the one they were measured on
#      still passes),
#      SHAREDBUF_TEST_FILTER (a file naming the only tests to run, one per
#      line, for every build dir; tests/check.sh writes one for the plain
#      build and for each VM of a split one. Without it, BUILD/test-filter
#      when present),
#      SHAREDBUF_LOGBASE (the suite's name: the log's name, and the shader
#      cache's; tests/check.sh names each VM of a split build).
#
# Mesa's shader cache: run.sh disables it (benchmarks measure cold
# compiles), but under TCG llvmpipe's shader compiles are most of an EGL
# test's time. The suite keeps one per build dir and log name,
# BUILD/mesa-shader-cache/LOGBASE (make clean drops it): a warm cache
# halves the time of a drawing test. Each VM has its own (check.sh), and
# works on a copy in the guest's /tmp, written back at the end: qemu's 9p
# does not really lock, and the guest's processes share the cache. The
# cache is Mesa's single-file kind (MESA_DISK_CACHE_SINGLE_FILE), whose
# two files are opened when the driver starts and stay open: the default
# database opens part files as shaders land in them, and the one-file-per-
# entry kind writes from a thread, and the tests that count a process's
# fds (leak checks) saw both as leaks.
#
# GALLIVM_PERF=nopt (unless set): llvmpipe compiles its shaders without
# LLVM's optimisation passes. Under TCG LLVM is most of an EGL test
# process's time (perf in the guest: 36 % in libLLVM for one
# import-sample case, warm shader cache), and the tests draw a few
# thousand pixels, so code quality does not matter. It changes only how
# fast llvmpipe's code is, not what it computes (LLVM's passes keep a
# program's meaning); every pixel comparison holds with it. One
# import-sample case: 4.1 s without, 3.0 s with (quiet machine, one VM).
set -u
if [ -z "${SHAREDBUF_GUEST:-}" ] || [ -z "${SHAREDBUF_MESA_JSON:-}" ]; then
	echo "guest-suite: run me through tests/vm/run.sh" >&2
	exit 2
fi
export SHAREDBUF_NEXT_VENDOR=$SHAREDBUF_MESA_JSON
suite=${SHAREDBUF_SUITE:-guest}
mult=${SHAREDBUF_TIMEOUT_MULTIPLIER:-3}
suites=()
IFS=+ read -r -a names <<< "$suite"
for s in "${names[@]}"; do suites+=(--suite "$s"); done
logbase=${SHAREDBUF_LOGBASE:-$suite}
rc=0
for b; do
	echo "== $suite suite: $b (timeouts x$mult)"
	filter=${SHAREDBUF_TEST_FILTER:-$b/test-filter}
	# Not under TSan: the cache's writer threads in Mesa race on a
	# pthread barrier of their own (util_queue), which TSan reports; the
	# TSan build's tests are threaded, not draw-heavy.
	cache_off=false
	grep -qs TSAN_OPTIONS "$b/sanitizer.env" && cache_off=true
	cache=$(readlink -f "$b")/mesa-shader-cache/$logbase
	local_cache=$(mktemp -d)
	mkdir -p "$cache" && cp -a "$cache/." "$local_cache/"
	# shellcheck source=/dev/null
	env $(cat "$b/sanitizer.env" 2>/dev/null) \
		MESA_SHADER_CACHE_DISABLE=$cache_off MESA_DISK_CACHE_SINGLE_FILE=true \
		GALLIVM_PERF=${GALLIVM_PERF-nopt} \
		MESA_SHADER_CACHE_DIR="$local_cache" \
		meson test -C "$b" "${suites[@]}" --no-rebuild \
		--logbase "$logbase" --timeout-multiplier "$mult" \
		--num-processes "$(nproc)" $(cat "$filter" 2>/dev/null) | cat
	[ "${PIPESTATUS[0]}" = 0 ] || rc=1
	# a cache is a cache: a failed copy costs time, never a result
	rm -rf "$cache.new" && cp -a "$local_cache" "$cache.new" &&
		rm -rf "$cache" && mv "$cache.new" "$cache"
	rm -rf "$local_cache"
done
exit $rc
