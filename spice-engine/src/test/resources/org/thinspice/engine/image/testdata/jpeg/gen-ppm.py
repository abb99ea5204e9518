#!/usr/bin/env python3
"""Writes a synthetic PPM for the JPEG fixtures: gen-ppm.py photo|text WIDTH HEIGHT NOISE OUT.ppm

photo: smooth sine/gradient colour fields plus seeded uniform noise of +-NOISE (camera-like);
text:  light background bands with small dark blue/red glyph-like marks (screen-like, sharp edges)."""
import math, random, sys

def photo(w, h, noise, rnd):
    out = bytearray()
    for y in range(h):
        for x in range(w):
            r = int(128 + 100 * math.sin(x / 17.0 + y / 29.0)) + rnd.randint(-noise, noise)
            g = int(128 + 90 * math.cos(x / 23.0 - y / 11.0)) + rnd.randint(-noise, noise)
            b = int((x * 255) // max(1, w - 1) * 0.6 + (y * 255) // max(1, h - 1) * 0.4) + rnd.randint(-noise, noise)
            out += bytes(max(0, min(255, v)) for v in (r, g, b))
    return out

def text(w, h, noise, rnd):
    out = bytearray()
    for y in range(h):
        for x in range(w):
            cell = ((x // 7) * 31 + (y // 11) * 17 + 7) % 13
            ink = (x % 7 < 5) and (y % 11 < 8) and ((x * 3 + y * 5 + cell) % 4 == 0) and cell < 9
            if ink:
                c = (20, 20, 120) if cell % 3 else (200, 30, 30)
            else:
                c = (250, 250, 245) if (y // 40) % 2 == 0 else (230, 240, 255)
            out += bytes(c)
    return out

kind, w, h, noise, name = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
pixels = (photo if kind == 'photo' else text)(w, h, noise, random.Random(7))
with open(name, 'wb') as f:
    f.write(b'P6\n%d %d\n255\n' % (w, h))
    f.write(pixels)
