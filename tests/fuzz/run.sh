#!/bin/bash
# run.sh [SECONDS]: fuzz the import checks, each target for SECONDS
# (default 30):
#   layout   sb_layout_check() against a 128-bit model
#   attribs  sb_attribs_parse() on any attribute list, both list widths
#   solve    sharedbuf_constraints_deserialise() + sharedbuf_solve()
#
# Builds tests/fuzz/fuzz_TARGET.c with clang and libFuzzer directly (no
# meson) into $FUZZ_BUILD (default build-fuzz/), then runs it on the seeds
# in tests/fuzz/corpus/TARGET/ ($FUZZ_TARGETS, default all three, picks
# which). New inputs go to $FUZZ_BUILD/corpus-TARGET,
# not to the committed seeds. Exit 0: no crash. Otherwise libFuzzer's
# status, after printing the crash input's path: replay it with
#   $FUZZ_BUILD/fuzz-TARGET PATH
# and add it to tests/unit/test_layout.c (or test_attribs.c) as a named
# case. libFuzzer on Debian 12: clang plus libclang-rt-14-dev.
set -u
cd "$(dirname "$(readlink -f "$0")")/../.." || exit 1

secs=${1:-30}
out=${FUZZ_BUILD:-build-fuzz}
cc=${CC_FUZZ:-clang}
core=src/gallium/frontends/sharedbuf
san=-fsanitize=fuzzer,address,undefined,unsigned-integer-overflow
declare -A sources=(
	[layout]="$core/layout.c $core/format.c $core/dmabuf.c"
	[attribs]="src/egl/attribs.c $core/layout.c $core/format.c $core/dmabuf.c"
	[solve]="$core/layout.c $core/format.c $core/dmabuf.c $core/constraints.c $core/constraints_wire.c $core/solve.c"
)

build() {
	# shellcheck disable=SC2046,SC2086 # word lists
	"$cc" -g -O1 -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror \
		$san -fno-sanitize-recover=all \
		-Iinclude -I"$core" -Isrc/egl $(pkg-config --cflags libdrm) \
		"tests/fuzz/fuzz_$1.c" ${sources[$1]} -o "$out/fuzz-$1"
}

# fuzz TARGET: libFuzzer's exit status.
fuzz() {
	local t=$1 stamp=$out/.run-start rc
	mkdir -p "$out/corpus-$t" "$out/artifacts" "tests/fuzz/corpus/$t" ||
		return 1
	if ! build "$t"; then
		echo "run.sh: cannot build with $cc -fsanitize=fuzzer" \
			"(Debian: apt-get install clang libclang-rt-14-dev)" >&2
		return 2
	fi
	: > "$stamp"
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
		"$out/fuzz-$t" -max_total_time="$secs" -print_final_stats=1 \
		-artifact_prefix="$out/artifacts/" \
		"$out/corpus-$t" "tests/fuzz/corpus/$t" > "$out/$t.log" 2>&1
	rc=$?
	if [ "$rc" -ne 0 ]; then
		tail -40 "$out/$t.log"
		find "$out/artifacts" -type f -newer "$stamp" | while read -r f; do
			echo "run.sh: crash input: $f" >&2
		done
	else
		echo "fuzz $t: $(grep -o 'number_of_executed_units: *[0-9]*' \
			"$out/$t.log" | grep -o '[0-9]*$') runs in ${secs}s, no crash"
	fi
	return "$rc"
}

status=0
for t in ${FUZZ_TARGETS:-layout attribs solve}; do
	fuzz "$t" || status=$?
done
exit "$status"
