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
A SMOKE name that PLAIN lacks is an error: the list must not rot.

check-filter.py --split N BUILD OUT: BUILD's guest tests dealt in turn to
N lists, written to OUT-1 ... OUT-N, one VM each (tests/check.sh): meson's
order keeps each program's cases together, so dealing them in turn shares
every program's cases out evenly, and the same test always lands in the
same VM (and its shader cache)."""
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


def split(n, build, out):
    names = guest_tests(build)
    for k in range(n):
        with open(f'{out}-{k + 1}', 'w') as f:
            f.writelines(name + '\n' for name in names[k::n])


def main():
    if sys.argv[1] == '--split':
        split(int(sys.argv[2]), sys.argv[3], sys.argv[4])
        return
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
