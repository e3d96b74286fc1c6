#!/bin/bash
# check.sh BUILD...: the whole test suite, as `make check` runs it.
#   1. host suite of each build dir, on this machine
#   2. a bounded libFuzzer run of the import checks
#   3. guest suite of every build dir, one VM each, in parallel
#   4. one line per test and "N passed, N failed, N skipped"
# A build dir holding sanitizer.env (written by the Makefile for the
# ASan+UBSan build) runs its tests with those variables; its results are
# labelled with the dir's name. One holding test-filter (the TSan build's)
# runs only the guest tests it names, one per line, and no host suite.
#
# Time limits hold on a loaded machine: every test has its own meson
# timeout, times SHAREDBUF_TIMEOUT_MULTIPLIER (3; twice that for sanitizer
# builds), and each VM's deadline is derived from the tests it runs
# (tests/vm/deadline.py). A guest that fails before the suite starts is
# booted again by tests/vm/run.sh, up to twice.
#
# SHAREDBUF_SUITE=soak (make soak) runs the guest suite "soak" instead:
# the long runs, no host suite, no fuzzing.
set -u
cd "$(dirname "$(readlink -f "$0")")/.." || exit 1
logs=() extra=()
suite=${SHAREDBUF_SUITE:-guest}
base_mult=${SHAREDBUF_TIMEOUT_MULTIPLIER:-3}
started=$(date +%s)

# multiplier BUILD: the timeout multiplier of that build dir
multiplier() {
	if [ -f "$1/sanitizer.env" ]; then
		echo $((base_mult * 2))
	else
		echo "$base_mult"
	fi
}

for b; do
	rm -f "$b"/meson-logs/host.json "$b"/meson-logs/"$suite".json
	if [ "$suite" != guest ]; then
		continue
	fi
	if [ -f "$b/test-filter" ]; then
		echo "== host suite: $b skipped (it runs only $b/test-filter)"
		continue
	fi
	echo "== host suite: $b"
	env $(cat "$b/sanitizer.env" 2>/dev/null) \
		meson test -C "$b" --suite host --no-rebuild --logbase host \
		--timeout-multiplier "$(multiplier "$b")" \
		--num-processes "$(nproc)" > "$b/host-suite.log" 2>&1
	grep -E '^ *[0-9]+/[0-9]+ ' "$b/host-suite.log"
	logs+=("host:$(basename "$b")=$b/meson-logs/host.json")
done

# A bounded fuzz run of the import checks (tests/fuzz/run.sh SECONDS runs
# longer); SHAREDBUF_FUZZ_SECONDS=0 skips it.
fuzz_secs=${SHAREDBUF_FUZZ_SECONDS:-15}
if [ "$fuzz_secs" != 0 ] && [ "$suite" = guest ]; then
	echo "== fuzz: ${fuzz_secs}s per target"
	if tests/fuzz/run.sh "$fuzz_secs"; then
		extra+=(--pass "fuzz@import-checks [host]")
	else
		extra+=(--fail "fuzz@import-checks [host]:a crash (input above)")
	fi
fi

# One VM per build dir, all at once: each VM is one TCG thread, so the
# host's cores run them side by side. Their output is shown per build dir.
echo "== $suite suites: one VM per build dir, in parallel"
start=$(date +%s)
pids=()
for b; do
	mult=$(multiplier "$b")
	read -r total idle count < <(tests/vm/deadline.py "$b" "$suite" "$mult")
	echo "   $b: $count tests, timeouts x$mult; VM deadline ${total}s, ${idle}s without output"
	SHAREDBUF_VM_TIMEOUT=$total SHAREDBUF_VM_IDLE_TIMEOUT=$idle \
		SHAREDBUF_SUITE=$suite SHAREDBUF_TIMEOUT_MULTIPLIER=$mult \
		SHAREDBUF_VM_PASSENV="SHAREDBUF_SUITE SHAREDBUF_TIMEOUT_MULTIPLIER" \
		tests/vm/run.sh tests/guest-suite.sh "$b" > "$b/$suite-suite.log" 2>&1 &
	pids+=($!)
done
i=0
for b; do
	wait "${pids[$i]}"
	rc=$?
	i=$((i + 1))
	echo "== $suite suite: $b, exit $rc"
	grep -E '^ *[0-9]+/[0-9]+ |^vm: |^Ok:|^Fail:' "$b/$suite-suite.log"
	case $rc in
	124) extra+=(--fail "vm $b:the guest timed out ($b/$suite-suite.log)") ;;
	125) extra+=(--fail "vm $b:the guest did not boot in 3 tries, or crashed ($b/$suite-suite.log)") ;;
	esac
	logs+=("$suite:$(basename "$b")=$b/meson-logs/$suite.json")
done
echo "== $suite suites: $(( $(date +%s) - start )) s"
echo "== total: $(( $(date +%s) - started )) s"

echo "== summary"
exec python3 tests/summary.py "${extra[@]}" "${logs[@]}"
