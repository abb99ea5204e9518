#!/usr/bin/env python3
"""Does a screendump of the terminal show the demo desktop? The testbed guest's "bars" picture starts
with eight colour bars (white, yellow, cyan, green, magenta, red, blue, black; testbed Patterns): some
row of the terminal's screen must cross all eight, in that order, each at least MIN_RUN pixels wide and
about as wide as the others (the kiosk may scale the desktop). Exit 0 when found, 1 when not.

usage: check-desktop.py SCREEN.png
"""
import struct
import sys
import zlib

BARS = [0xFFFFFF, 0xFFFF00, 0x00FFFF, 0x00FF00, 0xFF00FF, 0xFF0000, 0x0000FF, 0x000000]
MIN_RUN = 24
TOLERANCE = 24  # per channel: the picture may have gone through lossy scaling at the bar edges only


def read_png(path):
    data = open(path, 'rb').read()
    if data[:8] != b'\x89PNG\r\n\x1a\n':
        raise SystemExit(f'{path}: not a PNG')
    pos, idat, w = 8, b'', None
    while pos < len(data):
        n, kind = struct.unpack('>I4s', data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        pos += 12 + n
        if kind == b'IHDR':
            w, h, depth, ctype, _, _, interlace = struct.unpack('>IIBBBBB', body)
            if depth != 8 or ctype not in (2, 6) or interlace:
                raise SystemExit(f'{path}: only 8-bit RGB/RGBA non-interlaced PNGs (got {depth}/{ctype}/{interlace})')
            bpp = 3 if ctype == 2 else 4
        elif kind == b'IDAT':
            idat += body
    raw = zlib.decompress(idat)
    stride = w * bpp
    rows, prev = [], bytearray(stride)
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append([line[x * bpp] << 16 | line[x * bpp + 1] << 8 | line[x * bpp + 2] for x in range(w)])
        prev = line
    return w, h, rows


def near(p, q):
    return all(abs((p >> s & 255) - (q >> s & 255)) <= TOLERANCE for s in (16, 8, 0))


def runs(row):
    """(colour index or None, length) runs of one row."""
    out = []
    for px in row:
        k = next((i for i, c in enumerate(BARS) if near(px, c)), None)
        if out and out[-1][0] == k:
            out[-1][1] += 1
        else:
            out.append([k, 1])
    return out


def row_has_bars(row):
    rs = [r for r in runs(row) if r[1] >= 3]  # drop 1–2 px blends at the edges
    for i in range(len(rs) - 7):
        seq = rs[i:i + 8]
        if [r[0] for r in seq] == list(range(8)):
            widths = [r[1] for r in seq[:7]]  # the black bar may run into a black border
            if min(widths) >= MIN_RUN and max(widths) <= 1.2 * min(widths) + 4:
                return widths
    return None


def main():
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    w, h, rows = read_png(sys.argv[1])
    for y in range(0, h, 4):
        widths = row_has_bars(rows[y])
        if widths:
            print(f'{sys.argv[1]}: the desktop\'s colour bars at row {y} of {w}x{h}, bar widths {widths}')
            return 0
    print(f'{sys.argv[1]}: no row of {w}x{h} crosses the desktop\'s eight colour bars')
    return 1


if __name__ == '__main__':
    sys.exit(main())
