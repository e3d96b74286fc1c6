#!/usr/bin/env python3
"""check-filter.py PLAIN SANITIZED [SMOKE...]: the guest tests `make check`
runs in the plain build dir PLAIN when the ASan+UBSan build dir SANITIZED
runs its whole guest suite: every guest test of PLAIN that SANITIZED does
not have (the stock programs, tests/integration: they are not built with
sanitizers), plus the SMOKE tests (a short set through the unsanitized
layer). Prints their names, one per line.

Both builds are the same debug build of the same sources; only the
sanitizers differ. A guest test of both builds runs in make check under
ASan+UBSan, which finds more than the plain build can, at about the same
cost under emulation; `make integration` runs the whole plain guest suite.
So every guest test runs in make check in at least one build.
A SMOKE name that PLAIN lacks is an error: the list must not rot."""
import json
import subprocess
import sys


def guest_tests(build):
    tests = json.loads(subprocess.run(
        ['meson', 'introspect', '--tests', build], check=True,
        capture_output=True, text=True).stdout)
    # a suite is "project:name" in introspection
    return [t['name'] for t in tests
            if any(s.split(':')[-1] == 'guest' for s in t['suite'])]


def main():
    plain, sanitized, smoke = sys.argv[1], sys.argv[2], sys.argv[3:]
    ours = guest_tests(plain)
    theirs = set(guest_tests(sanitized))
    missing = [n for n in smoke if n not in ours]
    if missing:
        sys.exit(f'check-filter: no such guest test in {plain}: '
                 + ' '.join(missing))
    for name in ours:
        if name not in theirs or name in smoke:
            print(name)


if __name__ == '__main__':
    main()
