#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Verdicts on Piglit results (read with Piglit's own framework).

  compare.py PIGLIT_SRC sharedbuf RESULTS
      sharedbuf's profile: every test passes or skips.
  compare.py PIGLIT_SRC upstream BARE LAYER [--markdown]
      upstream tests on bare Mesa and through the layer, side by side (and
      each subtest): nothing may fail, crash or time out through the layer
      that does not do as badly bare, and every test run through the layer must show the layer was
      loaded in its process ("wrapping EGL vendor", SHAREDBUF_DEBUG=info).
      --markdown prints the table README.md shows.
Exit status 0 when the verdict holds, 1 otherwise.
"""
import collections
import sys

GOOD = ('pass', 'skip')
LOADED = 'wrapping EGL vendor'
REFUSED = 'dma-buf import refused'


def load(src, path):
    sys.path.insert(0, src)
    from framework import backends
    return backends.load(path)


def first_line(text, what):
    for line in (text or '').splitlines():
        if what in line:
            return line.split('] ', 1)[-1].strip()
    return ''


def sharedbuf(res):
    counts = collections.Counter()
    bad = []
    for name, t in sorted(res.tests.items()):
        r = str(t.result)
        counts[r] += 1
        if r not in GOOD:
            why = next((l.strip() for l in (t.out or '').splitlines()
                        if l.strip() and not l.startswith('PIGLIT')), '')
            bad.append('%s: %s %s' % (r, name, why))
    if bad:
        print('\n'.join(bad))
    print('sharedbuf profile: %s' % ', '.join(
        '%d %s' % (n, r) for r, n in sorted(counts.items())))
    return 0 if not bad and counts['pass'] else 1


def rows(bare, layer):
    """(name, bare result, layer result, layer test) for tests and subtests"""
    for name in sorted(set(bare.tests) | set(layer.tests)):
        b, l = bare.tests.get(name), layer.tests.get(name)
        br = str(b.result) if b else 'missing'
        lr = str(l.result) if l else 'missing'
        yield name, br, lr, l
        subs = set(b.subtests if b else {}) | set(l.subtests if l else {})
        for s in sorted(subs):
            yield ('%s@%s' % (name, s),
                   str(b.subtests.get(s, 'missing')) if b else 'missing',
                   str(l.subtests.get(s, 'missing')) if l else 'missing', None)


# How bad a result is. A pass that skips through the layer is shown, not
# counted: the X11 platform fails to initialise at random under emulation,
# bare or not, and the fence subtests then skip.
RANK = {'pass': 0, 'skip': 0, 'notrun': 0, 'warn': 1, 'fail': 2,
        'timeout': 3, 'crash': 3, 'incomplete': 3, 'missing': 3}


def worse(br, lr):
    return RANK.get(lr, 3) > RANK.get(br, 3)


def upstream(bare, layer, markdown):
    problems = []
    diffs = []
    table = []
    counts = {'bare': collections.Counter(), 'layer': collections.Counter()}
    for name, br, lr, lt in rows(bare, layer):
        note = ''
        if lt is not None:
            counts['bare'][br] += 1
            counts['layer'][lr] += 1
            if lr != 'skip' and LOADED not in (lt.err or ''):
                problems.append('%s: the layer was not loaded' % name)
            note = first_line(lt.err, REFUSED)
        if worse(br, lr):
            problems.append('%s: %s bare, %s through the layer %s' %
                            (name, br, lr, note))
        elif br != lr:
            diffs.append('%s: %s bare, %s through the layer' % (name, br, lr))
        table.append((name, br, lr, note))
    if markdown:
        # tests only; a test with subtests shows how many of them passed
        print('| test | bare Mesa 25 | through the layer |')
        print('|---|---|---|')
        for name in sorted(set(bare.tests) | set(layer.tests)):
            cells = [name.replace('spec@', '', 1)]
            for res in (bare, layer):
                t = res.tests.get(name)
                cell = str(t.result) if t else 'missing'
                if t and t.subtests:
                    n = sum(str(v) == 'pass' for v in t.subtests.values())
                    cell += ' (%d/%d subtests pass)' % (n, len(t.subtests))
                cells.append(cell)
            print('| `%s` | %s | %s |' % tuple(cells))
    else:
        w = max(len(n) for n, *_ in table)
        for name, br, lr, note in table:
            print('%-*s  %-7s %-7s %s' % (w, name, br, lr, note))
    for side in ('bare', 'layer'):
        print('upstream %s: %s' % (side, ', '.join(
            '%d %s' % (n, r) for r, n in sorted(counts[side].items()))))
    for d in diffs:
        print('differs, not a regression: ' + d)
    print('\n'.join(problems) if problems else
          'upstream: no regression through the layer')
    return 1 if problems else 0


def main(argv):
    if len(argv) == 4 and argv[2] == 'sharedbuf':
        return sharedbuf(load(argv[1], argv[3]))
    if len(argv) in (5, 6) and argv[2] == 'upstream':
        return upstream(load(argv[1], argv[3]), load(argv[1], argv[4]),
                        argv[5:] == ['--markdown'])
    sys.exit(__doc__)


if __name__ == '__main__':
    sys.exit(main(sys.argv))
