#!/bin/bash
# guest-suite.sh BUILD...: runs inside the VM (tests/vm/run.sh): the guest
# suite of each build dir, through the layer, on the guest's Mesa 25.
# Results land in BUILD/meson-logs/SUITE.json for tests/summary.py. A build
# dir holding test-filter runs only the tests it names (see check.sh).
# Env: SHAREDBUF_SUITE (guest; soak for the long runs of `make soak`),
#      SHAREDBUF_TIMEOUT_MULTIPLIER (3: each test's meson timeout times
#      this, so a machine 3x slower than the one they were measured on
#      still passes).
set -u
if [ -z "${SHAREDBUF_GUEST:-}" ] || [ -z "${SHAREDBUF_MESA_JSON:-}" ]; then
	echo "guest-suite: run me through tests/vm/run.sh" >&2
	exit 2
fi
export SHAREDBUF_NEXT_VENDOR=$SHAREDBUF_MESA_JSON
suite=${SHAREDBUF_SUITE:-guest}
mult=${SHAREDBUF_TIMEOUT_MULTIPLIER:-3}
here=$(dirname "$(readlink -f "$0")")
rc=0
for b; do
	echo "== $suite suite: $b (timeouts x$mult)"
	# shellcheck source=/dev/null
	env $(cat "$b/sanitizer.env" 2>/dev/null) \
		meson test -C "$b" --suite "$suite" --no-rebuild \
		--logbase "$suite" --timeout-multiplier "$mult" \
		--num-processes "$(nproc)" $(cat "$b/test-filter" 2>/dev/null) | cat
	[ "${PIPESTATUS[0]}" = 0 ] || rc=1
done
exit $rc
