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
set -u
cd "$(dirname "$(readlink -f "$0")")/.." || exit 1
logs=() extra=()

for b; do
	rm -f "$b"/meson-logs/host.json "$b"/meson-logs/guest.json
	if [ -f "$b/test-filter" ]; then
		echo "== host suite: $b skipped (it runs only $b/test-filter)"
		continue
	fi
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

# One VM per build dir, all at once: each VM is one TCG thread, so the
# host's cores run them side by side. Their output is shown per build dir.
echo "== guest suites: one VM per build dir, in parallel"
start=$(date +%s)
pids=()
# vivid, the kernel's virtual camera, twice: instance 0 with vmalloc
# buffers, instance 1 with dma-contig (a contiguous-only importer), for the
# alloc-* tests; modprobe takes the parameters from the command line.
export SHAREDBUF_VM_MODULES=${SHAREDBUF_VM_MODULES-vgem vivid}
export SHAREDBUF_VM_APPEND=${SHAREDBUF_VM_APPEND-vivid.n_devs=2 vivid.allocators=0,1}
for b; do
	tests/vm/run.sh tests/guest-suite.sh "$b" > "$b/guest-suite.log" 2>&1 &
	pids+=($!)
done
i=0
for b; do
	wait "${pids[$i]}"
	rc=$?
	i=$((i + 1))
	echo "== guest suite: $b, exit $rc"
	grep -E '^ *[0-9]+/[0-9]+ |^vm: |^Ok:|^Fail:' "$b/guest-suite.log"
	case $rc in
	124) extra+=(--fail "vm $b:the guest timed out ($b/guest-suite.log)") ;;
	125) extra+=(--fail "vm $b:the guest did not boot or crashed ($b/guest-suite.log)") ;;
	esac
	logs+=("guest:$(basename "$b")=$b/meson-logs/guest.json")
done
echo "== guest suites: $(( $(date +%s) - start )) s"

echo "== summary"
exec python3 tests/summary.py "${extra[@]}" "${logs[@]}"
