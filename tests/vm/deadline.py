#!/usr/bin/env python3
"""deadline.py BUILD SUITE MULTIPLIER [FILTER]: the VM deadlines for running
SUITE (or several, joined by "+") of BUILD's meson tests with `meson test --timeout-multiplier
MULTIPLIER` (the file FILTER, else BUILD/test-filter, when present, names
the only tests run, as in tests/guest-suite.sh).

Prints "TOTAL IDLE COUNT", in seconds, for tests/vm/run.sh:
  TOTAL  SHAREDBUF_VM_TIMEOUT: every test's own timeout times the
         multiplier, added up: meson stops each test at its timeout, so a
         suite that still makes progress is never cut short
  IDLE   SHAREDBUF_VM_IDLE_TIMEOUT: the longest one, times the multiplier,
         plus two minutes: meson prints a line as each test ends, so a
         guest quiet for longer than that is hung
  COUNT  how many tests that is
"""
import json
import subprocess
import sys


def main():
    build, suite, mult = sys.argv[1], sys.argv[2], float(sys.argv[3])
    tests = json.loads(subprocess.run(
        ['meson', 'introspect', '--tests', build], check=True,
        capture_output=True, text=True).stdout)
    path = sys.argv[4] if len(sys.argv) > 4 and sys.argv[4] else \
        f'{build}/test-filter'
    try:
        with open(path) as f:
            names = set(f.read().split())
    except FileNotFoundError:
        names = None
    # a suite is "project:name" in introspection
    picked = [t for t in tests
              if any(s.split(':')[-1] in suite.split('+') for s in t['suite'])
              and (names is None or t['name'] in names)]
    # meson's default is 30 s; 0 or less means none: count it as 10 min
    secs = [t['timeout'] if t['timeout'] > 0 else 600 for t in picked]
    total = int(mult * sum(secs)) + 120
    idle = int(mult * max(secs, default=0)) + 120
    print(total, idle, len(picked))


if __name__ == '__main__':
    main()
