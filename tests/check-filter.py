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

check-filter.py --split N BUILD OUT TIMES [LOG...]: BUILD's guest tests
shared out to N lists, written to OUT-1 ... OUT-N, one VM each
(tests/check.sh), by their times: TIMES (JSON, {test: seconds}) keeps
each test's shortest time seen, updated from the meson JSON test LOGs of
the last run (passes only); the longest test first goes to the list with the least time
so far, so that the VMs end together (a test with no time yet counts as
the median). The shortest time, not the last: a test that moved to
another VM runs once with that VM's cold shader cache, and its slow run
must not move it again. With no times at all the tests are dealt in turn
(meson's order keeps each program's cases together)."""
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


def times(path, logs):
    """{test name: shortest seconds} from @path, updated from the tests
    of @logs that passed (a skip or an early failure says nothing of what
    the test costs when it runs)."""
    try:
        with open(path) as f:
            got = {k: float(v) for k, v in json.load(f).items()}
    except (OSError, ValueError, AttributeError):
        got = {}
    for log in logs:
        try:
            with open(log) as f:
                for line in f:
                    t = json.loads(line)
                    if t['result'] != 'OK':
                        continue
                    name = t['name'].split(' / ')[-1]
                    got[name] = min(got.get(name, t['duration']),
                                    float(t['duration']))
        except (OSError, ValueError, KeyError):
            continue
    with open(path, 'w') as f:
        json.dump(got, f, indent=0, sort_keys=True)
    return got


def split(n, build, out, took):
    names = guest_tests(build)
    took = {name: took[name] for name in names if name in took}
    if took:
        known = sorted(took.values())
        median = known[len(known) // 2]
        cost = {name: took.get(name, median) for name in names}
        lists, load = [[] for _ in range(n)], [0.0] * n
        for name in sorted(names, key=lambda m: (-cost[m], m)):
            k = load.index(min(load))
            lists[k].append(name)
            load[k] += cost[name]
        order = {name: i for i, name in enumerate(names)}
        lists = [sorted(li, key=order.get) for li in lists]
    else:
        lists = [names[k::n] for k in range(n)]
    for k in range(n):
        with open(f'{out}-{k + 1}', 'w') as f:
            f.writelines(name + '\n' for name in lists[k])


def main():
    if sys.argv[1] == '--split':
        split(int(sys.argv[2]), sys.argv[3], sys.argv[4],
              times(sys.argv[5], sys.argv[6:]))
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
