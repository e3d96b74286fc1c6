#!/bin/bash
# check.sh BUILD...: the whole test suite, as `make check` runs it.
#   1. guest suite of every build dir, one VM each, in parallel, started
#      first (they take longest), and, while they run:
#   2. host suite of each build dir, on this machine
#   3. a bounded libFuzzer run of the import checks
#   4. the Debian packages (scripts/build-deb.sh, skipped when the sources
#      are unchanged), in the background, and then one
#      more VM that installs the packages and checks them
#      (tests/deb/install-check.sh, with the first build dir's tests;
#      skipped, with a reason, when neither the packages nor the guest
#      changed since its last passing run)
#   5. one line per test and "N passed, N failed, N skipped"
# A build dir holding sanitizer.env (written by the Makefile for the
# ASan+UBSan build) runs its tests with those variables; its results are
# labelled with the dir's name. One holding test-filter (the TSan build's)
# runs only the guest tests it names, one per line, and no host suite.
#
# Given a plain build dir and a whole ASan+UBSan one (sanitizer.env, no
# test-filter), the plain build's VM runs only what the ASan one cannot:
# the stock programs' cases of suite guest (one each of weston, GStreamer
# and eglinfo, tests/integration/meson.build), plus the smoke tests
# SHAREDBUF_PLAIN_SMOKE (tests/check-filter.py says why that loses no
# test); SHAREDBUF_PLAIN_FULL=1 runs the plain build's whole guest suite,
# `make integration` that and every stock-program case (suite integration).
# Each VM's line "vm: DIR: wall N s, cpu N s" is qemu's own time.
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

# The packages build while the host suites run; SHAREDBUF_DEB=0 skips them.
deb_dir=.cache/deb
if [ "$suite" = guest ] && [ "${SHAREDBUF_DEB:-1}" != 0 ]; then
	mkdir -p .cache
	scripts/build-deb.sh "$deb_dir" > .cache/deb-build.log 2>&1 &
	deb_pid=$!
fi

# The plain build's share when an ASan+UBSan build runs the whole suite.
plain='' sanitized=''
for b; do
	if [ -f "$b/test-filter" ]; then
		continue
	elif [ -f "$b/sanitizer.env" ]; then
		sanitized=${sanitized:-$b}
	else
		plain=${plain:-$b}
	fi
done
smoke=${SHAREDBUF_PLAIN_SMOKE-import-sample@udmabuf image-fence@all
	image-cpu@all cpu-capi@udmabuf}
if [ "$suite" = guest ] && [ -n "$plain" ] && [ -n "$sanitized" ] &&
	[ "${SHAREDBUF_PLAIN_FULL:-0}" != 1 ]; then
	# shellcheck disable=SC2086  # one name a word
	tests/check-filter.py "$plain" "$sanitized" $smoke > "$plain/check-filter" ||
		exit 1
	echo "== $plain: only what $sanitized does not run, and the smoke tests:" \
		$(tr '\n' ' ' < "$plain/check-filter")
else
	plain=
fi

# timed LOG CMD...: CMD > LOG 2>&1, then "vm: LOG: wall, cpu" (the
# user+sys time of CMD and its children: qemu) added to LOG
timed() {
	local log=$1 t0=$SECONDS rc
	shift
	(
		"$@" > "$log" 2>&1
		rc=$?
		# not in a pipe: a forked shell's children would be none of these
		times > "$log.times"
		awk -v w=$((SECONDS - t0)) -v d="$log" '
			function s(x) { split(x, a, "m"); return a[1] * 60 + a[2] }
			NR == 2 { printf "vm: %s: wall %d s, cpu %d s\n", d, w, s($1) + s($2) }' \
			"$log.times" >> "$log"
		rm -f "$log.times"
		exit $rc
	)
}

# The VMs, "BUILD LOGBASE [FILTER]" each: one per build dir, and the
# whole ASan+UBSan suite split over SHAREDBUF_ASAN_VMS (2) VMs by the
# tests' times (check-filter.py), so that they end together.
asan_vms=${SHAREDBUF_ASAN_VMS:-2}
vms=()
for b; do
	if [ "$suite" = guest ] && [ "$b" = "$sanitized" ] && [ "$asan_vms" -gt 1 ]; then
		# by the test times kept in test-times.json, updated from the
		# split VMs' logs of the last run
		tests/check-filter.py --split "$asan_vms" "$b" "$b/check-filter" \
			"$b/test-times.json" "$b"/meson-logs/"$suite"-[0-9]*.json || exit 1
	fi
	rm -f "$b"/meson-logs/host.json "$b"/meson-logs/"$suite"*.json
	if [ "$b" = "$plain" ]; then
		vms+=("$b $suite $b/check-filter")
	elif [ "$suite" = guest ] && [ "$b" = "$sanitized" ] && [ "$asan_vms" -gt 1 ]; then
		for ((k = 1; k <= asan_vms; k++)); do
			vms+=("$b $suite-$k $b/check-filter-$k")
		done
	else
		vms+=("$b $suite")
	fi
done

# All VMs at once: each VM is one TCG thread, so the host's cores run them
# side by side. Their output is shown per VM.
echo "== $suite suites: ${#vms[@]} VMs, in parallel"
start=$(date +%s)
pids=()
# vivid, the kernel's virtual camera, twice: instance 0 with vmalloc
# buffers, instance 1 with dma-contig (a contiguous-only importer), for the
# alloc-* tests; modprobe takes the parameters from the command line.
export SHAREDBUF_VM_MODULES=${SHAREDBUF_VM_MODULES-vgem vivid}
export SHAREDBUF_VM_APPEND=${SHAREDBUF_VM_APPEND-vivid.n_devs=2 vivid.allocators=0,1}
for vm in "${vms[@]}"; do
	read -r b logbase filter <<< "$vm"
	mult=$(multiplier "$b")
	read -r total idle count < <(tests/vm/deadline.py "$b" "$suite" "$mult" "$filter")
	echo "   $b ($logbase): $count tests, timeouts x$mult; VM deadline ${total}s, ${idle}s without output"
	SHAREDBUF_VM_TIMEOUT=$total SHAREDBUF_VM_IDLE_TIMEOUT=$idle \
		SHAREDBUF_SUITE=$suite SHAREDBUF_TIMEOUT_MULTIPLIER=$mult \
		SHAREDBUF_TEST_FILTER=$filter SHAREDBUF_LOGBASE=$logbase \
		SHAREDBUF_VM_PASSENV="SHAREDBUF_SUITE SHAREDBUF_TIMEOUT_MULTIPLIER SHAREDBUF_TEST_FILTER SHAREDBUF_LOGBASE" \
		timed "$b/$logbase-suite.log" tests/vm/run.sh tests/guest-suite.sh "$b" &
	pids+=($!)
done
# While the guests run (they are the longest part): the host suites and
# fuzzing, on this machine.
for b; do
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
fuzz_secs=${SHAREDBUF_FUZZ_SECONDS:-10}
if [ "$fuzz_secs" != 0 ] && [ "$suite" = guest ]; then
	echo "== fuzz: ${fuzz_secs}s per target"
	if tests/fuzz/run.sh "$fuzz_secs"; then
		extra+=(--pass "fuzz@import-checks [host]")
	else
		extra+=(--fail "fuzz@import-checks [host]:a crash (input above)")
	fi
fi

# deb_key BUILD: what the guest check of the packages depends on: the
# sources the .debs were built from (which hold the tests it runs, built in
# BUILD from the same sources), BUILD's configuration, the guest's kernel and
# Mesa, and the host's packages (the guest's root is the host's)
deb_key() {
	cat "$deb_dir/sources.sha256" "$1/meson-info/intro-buildoptions.json" \
		"${SHAREDBUF_CACHE:-.cache}"/vm/stamps/* /var/lib/dpkg/status 2> /dev/null |
		sha256sum | cut -c1-64
}
# Then, once the packages are built, one more VM checks them installed.
if [ -n "${deb_pid:-}" ]; then
	echo "== deb: the Debian packages"
	if wait "$deb_pid"; then
		cat .cache/deb-build.log
		extra+=(--pass "deb@build [host]")
		deb_key=$(deb_key "${1:-}")
		if [ "$(cat "$deb_dir/install-passed" 2> /dev/null)" = "$deb_key" ]; then
			extra+=(--skip "deb@install-check [guest]:the packages, the tests and the guest are those of its last passing run (.cache/deb-install.log)")
			deb_pid=
		else
			timed .cache/deb-install.log \
				tests/vm/run.sh tests/deb/install-check.sh "$deb_dir" "${1:-}" &
			deb_pid=$!
		fi
	else
		tail -n 20 .cache/deb-build.log
		extra+=(--fail "deb@build [host]:dpkg-buildpackage or lintian failed (.cache/deb-build.log)")
		deb_pid=
	fi
fi
i=0
for vm in "${vms[@]}"; do
	read -r b logbase filter <<< "$vm"
	wait "${pids[$i]}"
	rc=$?
	i=$((i + 1))
	log=$b/$logbase-suite.log
	echo "== $suite suite: $b ($logbase), exit $rc"
	grep -E '^ *[0-9]+/[0-9]+ |^vm: |^Ok:|^Fail:' "$log"
	case $rc in
	124) extra+=(--fail "vm $b ($logbase):the guest timed out ($log)") ;;
	125) extra+=(--fail "vm $b ($logbase):the guest did not boot in 3 tries, or crashed ($log)") ;;
	esac
	logs+=("$suite:$(basename "$b")=$b/meson-logs/$logbase.json")
done
if [ -n "${deb_pid:-}" ]; then
	wait "$deb_pid"
	rc=$?
	echo "== deb: the installed packages in the guest, exit $rc"
	grep -E '^(PASS|FAIL|SKIP) |^vm: ' .cache/deb-install.log
	if [ "$rc" = 0 ] && ! grep -q '^FAIL' .cache/deb-install.log; then
		echo "$deb_key" > "$deb_dir/install-passed"
	fi
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
echo "== $suite suites: $(( $(date +%s) - start )) s"
echo "== total: $(( $(date +%s) - started )) s"

echo "== summary"
exec python3 tests/summary.py "${extra[@]}" "${logs[@]}"
