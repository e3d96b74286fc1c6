#!/usr/bin/env python3
"""framecmp.py exact|close A B: compares two raw RGBA frames of the same
size. exact: every byte equal. close: the same picture converted from YUV
by different code (Mesa's external-image sampler instead of GstGL's
glcolorconvert shader): at least 95 % of the colour bytes within 2 of each
other and the mean difference at most 2. A frame read with a wrong
offset, stride, plane order or format fails both by far. Prints the
numbers; exit 0 when the frames match, 1 when not.

framecmp.py selftest: checks both modes on made-up frames (host suite)."""
import random
import sys


def compare(mode, a, b):
    if len(a) != len(b) or not a:
        print(f'sizes differ: {len(a)} and {len(b)} bytes')
        return 1
    # colour bytes only: alpha is 255 in both
    diffs = [abs(x - y) for i, (x, y) in enumerate(zip(a, b)) if i % 4 != 3]
    n = len(diffs)
    off = sum(1 for d in diffs if d)
    near = sum(1 for d in diffs if d <= 2)
    mean = sum(diffs) / n
    print(f'{off} of {n} colour bytes differ, {100 * near / n:.1f} % within 2, '
          f'mean {mean:.2f}, max {max(diffs)}')
    if mode == 'exact':
        return 0 if off == 0 else 1
    return 0 if near >= 0.95 * n and mean <= 2 else 1


def bars(w=320, h=180, shift=0):
    """vivid-like colour bars, RGBA, moved right by shift pixels"""
    cols = [(191, 191, 191), (191, 191, 0), (0, 191, 191), (0, 191, 0),
            (191, 0, 191), (191, 0, 0), (0, 0, 191), (0, 0, 0)]
    row = b''.join(bytes(cols[((x - shift) % w) * 8 // w]) + b'\xff'
                   for x in range(w))
    return row * h


def selftest():
    ref, rnd = bars(), random.Random(1)
    # rounding noise of +-1 on a third of the colour bytes, and a few
    # large differences at bar edges: what Mesa's sampler gives
    noisy = bytearray(ref)
    for i in range(len(noisy)):
        if i % 4 != 3 and rnd.random() < 0.33:
            noisy[i] = max(0, min(255, noisy[i] + rnd.choice((-1, 1))))
    for i in range(0, len(noisy), 4 * 40):
        noisy[i] ^= 0x30
    checks = [
        ('exact', ref, bytes(ref), 0), ('exact', ref, bytes(noisy), 1),
        ('exact', ref, ref[:-4], 1), ('close', ref, bytes(noisy), 0),
        ('close', ref, bars(shift=20), 1),  # wrong offset
        ('close', ref, bars(w=318, h=182)[:len(ref)], 1),  # wrong stride
        ('close', ref, bytes(ref[i ^ 2] if i % 4 != 3 else 255
                             for i in range(len(ref))), 1),  # R <-> B
    ]
    bad = 0
    for n, (mode, a, b, want) in enumerate(checks):
        got = compare(mode, a, b)
        if got != want:
            print(f'check {n}: {mode} gave {got}, want {want}')
            bad += 1
    print('PASS' if not bad else 'FAIL')
    return 1 if bad else 0


def main():
    if sys.argv[1] == 'selftest':
        return selftest()
    return compare(sys.argv[1], open(sys.argv[2], 'rb').read(),
                   open(sys.argv[3], 'rb').read())


if __name__ == '__main__':
    sys.exit(main())
