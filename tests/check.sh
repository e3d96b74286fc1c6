#!/bin/bash
# check.sh BUILD...: the whole test suite, as `make check` runs it.
#   1. host suite of each build dir, on this machine
#   2. a bounded libFuzzer run of the import checks
#   3. the Debian packages (scripts/build-deb.sh, skipped when the sources
#      are unchanged), in the background while 1, 2 and 4 run
#   4. guest suite of every build dir, one VM each, in parallel, and one
#      more VM that installs the packages and checks them
#      (tests/deb/install-check.sh, with the first build dir's tests)
#   5. one line per test and "N passed, N failed, N skipped"
# A build dir holding sanitizer.env (written by the Makefile for the
# ASan+UBSan build) runs its tests with those variables; its results are
# labelled with the dir's name. One holding test-filter (the TSan build's)
# runs only the guest tests it names, one per line, and no host suite.
set -u
cd "$(dirname "$(readlink -f "$0")")/.." || exit 1
logs=() extra=()

# The packages build while the host suites run; SHAREDBUF_DEB=0 skips them.
deb_dir=.cache/deb
if [ "${SHAREDBUF_DEB:-1}" != 0 ]; then
	mkdir -p .cache
	scripts/build-deb.sh "$deb_dir" > .cache/deb-build.log 2>&1 &
	deb_pid=$!
fi

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
# Then, once the packages are built, one more VM checks them installed.
if [ -n "${deb_pid:-}" ]; then
	echo "== deb: the Debian packages"
	if wait "$deb_pid"; then
		cat .cache/deb-build.log
		extra+=(--pass "deb@build [host]")
		tests/vm/run.sh tests/deb/install-check.sh "$deb_dir" "${1:-}" \
			> .cache/deb-install.log 2>&1 &
		deb_pid=$!
	else
		tail -n 20 .cache/deb-build.log
		extra+=(--fail "deb@build [host]:dpkg-buildpackage or lintian failed (.cache/deb-build.log)")
		deb_pid=
	fi
fi
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
if [ -n "${deb_pid:-}" ]; then
	wait "$deb_pid"
	rc=$?
	echo "== deb: the installed packages in the guest, exit $rc"
	grep -E '^(PASS|FAIL|SKIP) |^vm: ' .cache/deb-install.log
	while read -r verdict name rest; do
		case $verdict in
		PASS) extra+=(--pass "$name [guest]") ;;
		FAIL) extra+=(--fail "${name%:} [guest]:$rest") ;;
		esac
	done < <(grep -E '^(PASS|FAIL) deb@' .cache/deb-install.log)
	case $rc in
	124 | 125) extra+=(--fail "vm deb:the guest timed out or crashed (.cache/deb-install.log)") ;;
	esac
	grep -qE '^(PASS|FAIL) deb@' .cache/deb-install.log ||
		extra+=(--fail "deb@install [guest]:no result, exit $rc (.cache/deb-install.log)")
fi
echo "== guest suites: $(( $(date +%s) - start )) s"

echo "== summary"
exec python3 tests/summary.py "${extra[@]}" "${logs[@]}"
