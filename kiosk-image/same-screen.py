#!/usr/bin/env python3
"""Do two screendumps of the terminal show the same screen? Pixels whose colour differs by more than a
small tolerance are counted; a blinking text cursor or a spinner changes a few hundred of them, another
screen or a console changes a large part. Exit 0 when at most MAX_CHANGED of the pixels differ.

usage: same-screen.py BEFORE.png AFTER.png [AFTER.png…]   (each AFTER against BEFORE; one line each)
       same-screen.py --painted SCREEN.png                  (exit 0 when at least 5% of it is neither
                                                             white nor black: the kiosk has drawn)
"""
import importlib.util
import os
import sys

MAX_CHANGED = 0.01
TOLERANCE = 16

_spec = importlib.util.spec_from_file_location(
    'check_desktop', os.path.join(os.path.dirname(os.path.abspath(__file__)), 'check-desktop.py'))
_cd = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_cd)


def changed_share(a, b):
    changed = 0
    for ra, rb in zip(a, b):
        for p, q in zip(ra, rb):
            if p != q and any(abs((p >> s & 255) - (q >> s & 255)) > TOLERANCE for s in (16, 8, 0)):
                changed += 1
    return changed


def painted(path):
    w, h, rows = _cd.read_png(path)
    drawn = sum(1 for row in rows for p in row if not _cd.near(p, 0xFFFFFF) and not _cd.near(p, 0x000000))
    print(f'{path}: {drawn} of {w * h} pixels drawn ({drawn / (w * h):.1%})')
    return 0 if drawn >= 0.05 * w * h else 1


def main():
    if len(sys.argv) == 3 and sys.argv[1] == '--painted':
        return painted(sys.argv[2])
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    w1, h1, a = _cd.read_png(sys.argv[1])
    ok = True
    for path in sys.argv[2:]:
        w2, h2, b = _cd.read_png(path)
        if (w1, h1) != (w2, h2):
            print(f'{path}: a different size, {w2}x{h2} against {w1}x{h1}')
            ok = False
            continue
        changed = changed_share(a, b)
        share = changed / (w1 * h1)
        same = share <= MAX_CHANGED
        ok = ok and same
        print(f'{path}: {changed} of {w1 * h1} pixels differ ({share:.2%}; the same screen: at most {MAX_CHANGED:.0%})'
              f'{"" if same else " - ANOTHER SCREEN"}')
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
