#!/usr/bin/env python3
"""framecmp.py exact|close A B: compares two raw RGBA frames of the same
size. exact: every byte equal. close: the same picture converted from YUV
by different code (Mesa's external-image sampler instead of GstGL's
glcolorconvert shader): at least 95 % of the colour bytes within 2 of each
other and the mean difference at most 2. A frame read with a wrong
offset, stride, plane order or format fails both by far. Prints the
numbers; exit 0 when the frames match, 1 when not."""
import sys


def main():
    mode, a, b = sys.argv[1], open(sys.argv[2], 'rb').read(), \
        open(sys.argv[3], 'rb').read()
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


if __name__ == '__main__':
    sys.exit(main())
