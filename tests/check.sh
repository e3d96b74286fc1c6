#!/bin/bash
# check.sh BUILD...: the whole test suite, as `make check` runs it.
#   1. host suite of each build dir, on this machine
#   2. guest suite of every build dir, in one boot of the VM
#   3. a bounded libFuzzer run of the import checks
#   4. one line per test and "N passed, N failed, N skipped"
# A build dir holding sanitizer.env (written by the Makefile for the
# ASan+UBSan build) runs its tests with those variables; its results are
# labelled with the dir's name.
set -u
cd "$(dirname "$(readlink -f "$0")")/.." || exit 1
logs=() extra=()

for b; do
	rm -f "$b"/meson-logs/host.json "$b"/meson-logs/guest.json
	echo "== host suite: $b"
	env $(cat "$b/sanitizer.env" 2>/dev/null) \
		meson test -C "$b" --suite host --no-rebuild --logbase host \
		--num-processes "$(nproc)" > "$b/host-suite.log" 2>&1
	grep -E '^ *[0-9]+/[0-9]+ ' "$b/host-suite.log"
	logs+=("host:$(basename "$b")=$b/meson-logs/host.json")
done

# A bounded fuzz run of the import checks (tests/fuzz/run.sh SECONDS runs
# longer); SHAREDBUF_FUZZ_SECONDS=0 skips it.
fuzz_secs=${SHAREDBUF_FUZZ_SECONDS:-15}
if [ "$fuzz_secs" != 0 ]; then
	echo "== fuzz: ${fuzz_secs}s per target"
	if tests/fuzz/run.sh "$fuzz_secs"; then
		extra+=(--pass "fuzz@import-checks [host]")
	else
		extra+=(--fail "fuzz@import-checks [host]:a crash (input above)")
	fi
fi

echo "== guest suite: booting the VM"
start=$(date +%s)
tests/vm/run.sh tests/guest-suite.sh "$@"
rc=$?
echo "== guest suite: exit $rc after $(( $(date +%s) - start )) s"
case $rc in
124) extra+=(--fail "vm:the guest timed out (see the console tail above)") ;;
125) extra+=(--fail "vm:the guest did not boot or crashed (see above)") ;;
esac
for b; do
	logs+=("guest:$(basename "$b")=$b/meson-logs/guest.json")
done

echo "== summary"
exec python3 tests/summary.py "${extra[@]}" "${logs[@]}"
