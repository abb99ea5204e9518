#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets from the codec fixtures and captured display streams.
Run from this directory; the outputs are committed (small on purpose)."""
import os, struct, zlib

TD = '../image/testdata'

def put(cls, method, name, data):
    d = f'{cls}Inputs/{method}'
    os.makedirs(d, exist_ok=True)
    with open(f'{d}/{name}', 'wb') as f:
        f.write(data)

def wh(w, h):
    return struct.pack('<HH', (w - 1) % 512, (h - 1) % 512)

def draws(capture):
    """(image type, width, height, payload, box) of each captured draw; payload as the wire carries it."""
    rows = open(f'{TD}/{capture}/index.tsv').read().split('\n')[1:]
    for row in (r for r in rows if r):
        f = row.split('\t')
        box = tuple(int(v) for v in f[7:11])
        yield int(f[2]), int(f[4]), int(f[5]), open(f'{TD}/{capture}/{f[1]}', 'rb').read(), box

def copy_message(itype, w, h, payload, box):
    """DRAW_COPY body of a whole-image copy into box (top, left, bottom, right), image after the fixed part."""
    fixed = 57
    head = struct.pack('<I4iB', 0, *box, 0) + struct.pack('<I', fixed) + struct.pack('<4i', 0, 0, h, w)
    head += struct.pack('<HB', 8, 1) + struct.pack('<BiiI', 0, 0, 0, 0)
    return head + struct.pack('<QBBII', 0, itype, 0, w, h) + payload

# image decoders: u16 w-1, u16 h-1, payload
I = 'ImageDecoderFuzzTest'
for name in ('gray-3x300', 'rgb16-203x77'):
    w, h = map(int, name.split('-')[1].split('x'))
    put(I, 'quic', name, wh(w, h) + open(f'{TD}/quic/{name}.quic', 'rb').read())
for f in ('edge-420-4x4.jpg', 'edge-420-5x3.jpg'):
    put(I, 'jpeg', f, open(f'{TD}/jpeg/{f}', 'rb').read())
lz = [d for d in draws('lz/seabios') if d[1] * d[2] < 20000]
for i, (t, w, h, p, box) in enumerate(lz[:2]):
    put(I, 'lzRgb', f'seabios-{i}', wh(w, h) + p[4:])
glz = [d for d in draws('glz/seabios') if d[0] == 102]
for i, (t, w, h, p, box) in enumerate(glz[:2]):
    put(I, 'glz', f'seabios-{i}', wh(w, h) + p[4:])
zglz = [d for d in draws('glz/seabios-zlib') if d[0] == 107]
for i, (t, w, h, p, box) in enumerate(zglz[:2]):
    put(I, 'zlibGlz', f'seabios-{i}', wh(w, h) + p)
# LZ_PLT: palette indices 0..3 in a 4x2 LZ PLT8 stream: "LZ  ", version, type PLT8 (4), w, h, stride, top_down,
# then one literal run of 8 bytes
plt = struct.pack('>IIIIIII', 0x20205A4C, 0x00010001, 5, 4, 2, 4, 1) + bytes([7, 0, 1, 2, 3, 3, 2, 1, 0])
put(I, 'lzPalette', 'plt8-4x2', wh(4, 2) + plt)
# LZ4: top_down, 32BIT, one block {u32 BE length, literals-only LZ4 sequence of 16 bytes}
block = bytes([0xF0, 1]) + bytes(range(16))
put(I, 'lz4', 'rgb32-2x2', wh(2, 2) + bytes([1, 8]) + struct.pack('>I', len(block)) + block)
# BITMAP: format, flags (1 top-down), u16 stride, bits
put(I, 'bitmap', '32bit-2x2', wh(2, 2) + bytes([8, 1]) + struct.pack('<H', 8) + bytes(range(16)))
put(I, 'bitmap', '1bit-8x2', wh(8, 2) + bytes([2, 0]) + struct.pack('<H', 1) + bytes([0xA5, 0x5A]))
put(I, 'bitmap', '4bit-3x1', wh(3, 1) + bytes([4, 1]) + struct.pack('<H', 2) + bytes([0x12, 0x30]))

# message targets: a run of {u16 type, u32 length, body}
def frame(msgs):
    return b''.join(struct.pack('<HI', t, len(b)) + b for t, b in msgs)

M = 'MessageFuzzTest'
surface = (314, struct.pack('<5I', 0, 64, 64, 32, 1))
small = [d for d in draws('lz/seabios') if d[1] * d[2] < 4000][:3]
put(M, 'display', 'seabios-lz-copies', frame([surface] + [(304, copy_message(*d)) for d in small]))
gl = [d for d in draws('glz/seabios') if d[1] * d[2] < 4000][:3]
put(M, 'display', 'seabios-glz-copies', frame([surface] + [(304, copy_message(*d)) for d in gl]))
# FILL 0..8 x 0..8 red, then COPY_BITS scrolling it by 2
fill = struct.pack('<I4iB', 0, 0, 0, 8, 8, 0) + struct.pack('<BIH', 1, 0xFF0000, 8) + struct.pack('<BiiI', 0, 0, 0, 0)
bits = struct.pack('<I4iB', 0, 2, 2, 10, 10, 0) + struct.pack('<ii', 0, 0)
put(M, 'display', 'fill-copybits', frame([surface, (302, fill), (104, bits)]))

# main: INIT, CHANNELS_LIST (display 0, inputs 0, cursor 0), MOUSE_MODE, NAME, AGENT_CONNECTED_TOKENS
init = struct.pack('<8I', 7, 1, 3, 2, 1, 10, 1000, 0)
chans = struct.pack('<I', 3) + bytes([2, 0, 3, 0, 4, 0])
name = struct.pack('<I', 5) + b'vm-1\0'
# agent data: VDAgentMessage {u32 protocol 1, u32 type 6 (ANNOUNCE_CAPABILITIES), u64 opaque, u32 size} + caps
announce = struct.pack('<IIQI', 1, 6, 0, 8) + struct.pack('<II', 1, 0xFFFF)
put(M, 'main', 'init-list-agent', frame([(103, init), (104, chans), (105, struct.pack('<HH', 3, 2)),
                                         (113, name), (115, struct.pack('<I', 10)), (109, announce)]))
put(M, 'agentStream', 'announce-in-pieces', bytes([5]) + announce + announce)
# cursor: INIT with an ALPHA 2x2, SET MONO 8x2 cached, SET from cache, MOVE, HIDE, INVAL_ALL
def cur(flags, unique, ctype, w, h, data):
    return struct.pack('<H', flags) + struct.pack('<QBHHHH', unique, ctype, w, h, 0, 0) + data
alpha = cur(0, 1, 0, 2, 2, struct.pack('<4I', 0xFF0000FF, 0, 0x80FFFFFF, 0xFF000000))
mono = cur(2, 2, 1, 8, 2, bytes([0xF0, 0x0F, 0x3C, 0x3C]))
color32 = cur(0, 3, 6, 2, 1, struct.pack('<2I', 0xFFFFFF, 0x123456) + bytes([0x80]))
put(M, 'cursor', 'init-set-cache', frame([
    (101, struct.pack('<hhHHB', 5, 5, 0, 0, 1) + alpha),
    (103, struct.pack('<hhB', 1, 1, 1) + mono),
    (103, struct.pack('<hhB', 2, 2, 1) + cur(4, 2, 1, 8, 2, b'')),
    (103, struct.pack('<hhB', 2, 2, 1) + color32),
    (104, struct.pack('<hh', 9, 9)), (105, b''), (108, b'')]))
