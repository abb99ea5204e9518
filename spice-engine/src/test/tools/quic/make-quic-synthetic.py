#!/usr/bin/env python3
"""Makes the synthetic QUIC fixtures (every QUIC image type) with spice-common's reference encoder.

Usage: make-quic-synthetic.py QUICREF OUTDIR
  QUICREF  the quicref tool built from quicref.c against a spice-common checkout:
           gcc -O2 -o quicref -I. -I<spice-common> $(pkg-config --cflags glib-2.0 spice-protocol) \
               quicref.c <spice-common>/common/{quic,log,backtrace}.c $(pkg-config --libs glib-2.0)
           (needs libglib2.0-dev and libspice-protocol-dev, and an empty config.h on the include path)
For each image NAME it writes NAME.quic (the stream) and NAME.argb.gz (expected pixels, u32 LE
0xAARRGGBB, derived from the source picture, not from any decoder), and checks that the reference
decoder agrees with the expectation.
"""
import gzip
import os
import random
import struct
import subprocess
import sys
import tempfile

GRAY, RGB16, RGB24, RGB32, RGBA = 1, 2, 3, 4, 5


def picture(width, height, seed):
    """RGBA 8-bit samples: gradients, noise, flat blocks, repeated rows and text-like strokes."""
    rnd = random.Random(seed)
    px = []
    for y in range(height):
        row = []
        for x in range(width):
            band = (x * 7 // width)
            if band in (0, 1):      # smooth gradient
                r, g, b = (x * 3 + y) & 255, (y * 5) & 255, (x + y * 2) & 255
            elif band == 2:         # noise: large residuals, escape codewords
                r, g, b = rnd.randrange(256), rnd.randrange(256), rnd.randrange(256)
            elif band == 3:         # flat: runs
                r, g, b = 30, 60, 200
            elif band == 4:         # text-like: two colours in a pattern
                on = ((x // 3 + y // 4) % 5 == 0) or (x % 9 == 0 and y % 7 < 4)
                r, g, b = (250, 250, 250) if on else (0, 0, 170)
            else:                   # gentle noise on a gradient
                r = (x + rnd.randrange(-3, 4)) & 255
                g = (128 + rnd.randrange(-2, 3)) & 255
                b = (y * 3 + rnd.randrange(-4, 5)) & 255
            if y % 11 == 5 and band != 2 and y > 0:
                r, g, b = px[-1][x][:3]     # a row repeating the one above
            a = 255 if band in (3, 4) else (x * 255 // max(1, width - 1)) ^ (y & 0x1F)
            row.append((r, g, b, a))
        px.append(row)
    return px


def encode_source(kind, px):
    out = bytearray()
    expected = bytearray()
    for row in px:
        for r, g, b, a in row:
            if kind == GRAY:
                v = (r * 3 + g * 5 + b * 2) // 10
                out += bytes([v])
                argb = 0xFF000000 | v * 0x010101
            elif kind == RGB16:
                r5, g5, b5 = r >> 3, g >> 3, b >> 3
                out += struct.pack('<H', r5 << 10 | g5 << 5 | b5)
                w = lambda v: v << 3 | v >> 2
                argb = 0xFF000000 | w(r5) << 16 | w(g5) << 8 | w(b5)
            elif kind == RGB24:
                out += bytes([b, g, r])
                argb = 0xFF000000 | r << 16 | g << 8 | b
            elif kind == RGB32:
                out += bytes([b, g, r, 0])
                argb = 0xFF000000 | r << 16 | g << 8 | b
            else:
                out += bytes([b, g, r, a])
                argb = a << 24 | r << 16 | g << 8 | b
            expected += struct.pack('<I', argb)
    return bytes(out), bytes(expected)


def main():
    quicref, outdir = sys.argv[1], sys.argv[2]
    images = [
        ('gray-203x77', GRAY, 203, 77, 1),
        ('rgb16-203x77', RGB16, 203, 77, 2),
        ('rgb24-203x77', RGB24, 203, 77, 3),
        ('rgb32-203x77', RGB32, 203, 77, 4),
        ('rgba-203x77', RGBA, 203, 77, 5),
        ('rgb32-2100x7', RGB32, 2100, 7, 6),   # rows longer than a wait-mask span (2048)
        ('rgba-1x1', RGBA, 1, 1, 7),
        ('gray-3x300', GRAY, 3, 300, 8),
    ]
    with tempfile.TemporaryDirectory() as tmp:
        for name, kind, w, h, seed in images:
            raw, expected = encode_source(kind, picture(w, h, seed))
            src = os.path.join(tmp, name + '.raw')
            quic = os.path.join(outdir, name + '.quic')
            check = os.path.join(tmp, name + '.argb')
            with open(src, 'wb') as f:
                f.write(raw)
            subprocess.run([quicref, 'encode', str(kind), str(w), str(h), src, quic], check=True)
            subprocess.run([quicref, 'decode', quic, check], check=True, stdout=subprocess.DEVNULL)
            with open(check, 'rb') as f:
                if f.read() != expected:
                    sys.exit(name + ': reference decoder disagrees with the source picture')
            with gzip.GzipFile(os.path.join(outdir, name + '.argb.gz'), 'wb', mtime=0) as f:
                f.write(expected)
            print(name, os.path.getsize(quic), 'bytes')


if __name__ == '__main__':
    main()
