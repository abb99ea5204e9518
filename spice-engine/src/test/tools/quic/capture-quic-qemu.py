#!/usr/bin/env python3
"""Captures real QUIC images from QEMU's spice-server, with QEMU's own screendump as pixel oracle.

Usage: capture-quic-qemu.py OUTDIR [QUICREF]

Starts `qemu-system-x86_64 -accel tcg -vga qxl -spice ...,image-compression=quic` (SeaBIOS text
mode, 720x400), links a minimal SPICE client (main + display channel, stdlib only, ticket encrypted with
`openssl pkeyutl`), and records every DRAW_COPY whose source image is QUIC (type 1). Each time a client
connects, spice-server sends the whole primary surface as one QUIC image at (0,0); the script connects
at two moments (SeaBIOS's "Press ESC for boot menu" prompt, then its boot menu after an ESC sent
with QMP send-key), and takes QMP `screendump`s around each frame (SeaBIOS blinks its text
cursor, so the picture has two states).

For each connection it writes seabios-<tag>.quic (the payload after the u32 size) and the screendumps
as seabios-<tag>.dumpN.argb.gz (u32 LE 0xAARRGGBB). If QUICREF (the reference decoder built from
quicref.c) is given, it keeps only the screendump equal to the reference decoding, as
seabios-<tag>.argb.gz, and deletes the rest; without it the test picks.  QEMU is killed by its pid.
"""
import gzip
import json
import os
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time

SPICE_MAGIC = b'REDQ'
CAP_AUTH_SELECTION = 1 << 0
CAP_AUTH_SPICE = 1
CAP_MINI_HEADER = 1 << 3


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def recv_exact(sock, n):
    buf = bytearray()
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            raise EOFError('peer closed')
        buf += chunk
    return bytes(buf)


def link(port, channel_type, connection_id, tmp):
    sock = socket.create_connection(('127.0.0.1', port))
    mess = struct.pack('<IBBIII', connection_id, channel_type, 0, 1, 0, 18) + struct.pack('<I', CAP_AUTH_SELECTION | CAP_MINI_HEADER)
    sock.sendall(SPICE_MAGIC + struct.pack('<III', 2, 2, len(mess)) + mess)
    magic, major, minor, size = struct.unpack('<4sIII', recv_exact(sock, 16))
    reply = recv_exact(sock, size)
    error = struct.unpack_from('<I', reply, 0)[0]
    if magic != SPICE_MAGIC or error != 0:
        raise RuntimeError('link refused: error %d' % error)
    key = os.path.join(tmp, 'key.der')
    nul = os.path.join(tmp, 'nul.bin')
    with open(key, 'wb') as f:
        f.write(reply[4:166])
    with open(nul, 'wb') as f:
        f.write(b'\0')
    ticket = subprocess.run(['openssl', 'pkeyutl', '-encrypt', '-pubin', '-keyform', 'DER', '-inkey', key,
                             '-pkeyopt', 'rsa_padding_mode:oaep', '-in', nul],
                            check=True, capture_output=True).stdout
    sock.sendall(struct.pack('<I', CAP_AUTH_SPICE) + ticket)
    result = struct.unpack('<I', recv_exact(sock, 4))[0]
    if result != 0:
        raise RuntimeError('link result %d' % result)
    return sock


def send(sock, msg_type, body=b''):
    sock.sendall(struct.pack('<HI', msg_type, len(body)) + body)


def read_msg(sock):
    msg_type, size = struct.unpack('<HI', recv_exact(sock, 6))
    return msg_type, recv_exact(sock, size)


class Qmp:
    def __init__(self, path):
        self.sock = socket.socket(socket.AF_UNIX)
        for _ in range(100):
            try:
                self.sock.connect(path)
                break
            except OSError:
                time.sleep(0.05)
        self.file = self.sock.makefile('rwb')
        self.file.readline()
        self.execute('qmp_capabilities')

    def execute(self, command, **arguments):
        self.file.write(json.dumps({'execute': command, 'arguments': arguments}).encode() + b'\n')
        self.file.flush()
        while True:
            reply = json.loads(self.file.readline())
            if 'return' in reply or 'error' in reply:
                return reply


def ppm_to_argb(path):
    with open(path, 'rb') as f:
        data = f.read()
    fields = []
    pos = 0
    while len(fields) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        start = pos
        while not data[pos:pos + 1].isspace():
            pos += 1
        fields.append(data[start:pos])
    pos += 1
    width, height = int(fields[1]), int(fields[2])
    rgb = data[pos:pos + width * height * 3]
    out = bytearray(width * height * 4)
    out[0::4] = rgb[2::3]
    out[1::4] = rgb[1::3]
    out[2::4] = rgb[0::3]
    out[3::4] = b'\xff' * (width * height)
    return width, height, bytes(out)


def capture_once(port, qmp, tmp, seconds):
    """One client session: returns ([(box, width, height, payload)], [argb screendumps])."""
    main = link(port, 1, 0, tmp)
    msg_type, body = read_msg(main)
    while msg_type != 103:
        msg_type, body = read_msg(main)
    session_id = struct.unpack_from('<I', body, 0)[0]
    stop = threading.Event()

    def answer_pings():
        main.settimeout(0.2)
        while not stop.is_set():
            try:
                t, b = read_msg(main)
            except socket.timeout:
                continue
            except (EOFError, OSError):
                return
            if t == 4:
                send(main, 3, b[:12])

    pinger = threading.Thread(target=answer_pings, daemon=True)
    pinger.start()
    display = link(port, 2, session_id, tmp)
    send(display, 101, struct.pack('<BqBi', 1, 20 * 1024 * 1024, 1, 16 * 1024 * 1024))
    display.settimeout(0.1)
    images, dumps = [], []
    window, received = 0, 0
    deadline = time.time() + seconds
    next_dump = 0
    while time.time() < deadline:
        try:
            t, b = read_msg(display)
        except socket.timeout:
            t = None
        if t is not None:
            received += 1
            if t == 3:
                generation, window = struct.unpack_from('<II', b, 0)
                send(display, 1, struct.pack('<I', generation))
            elif t == 304:
                top, left, bottom, right = struct.unpack_from('<iiii', b, 4)
                at = 20
                if b[at] == 1:
                    at += 5 + 16 * struct.unpack_from('<I', b, at + 1)[0]
                else:
                    at += 1
                src = struct.unpack_from('<I', b, at)[0]
                image_type = b[src + 8]
                width, height = struct.unpack_from('<II', b, src + 10)
                if image_type == 1:
                    size = struct.unpack_from('<I', b, src + 18)[0]
                    images.append(((left, top, right, bottom), width, height, b[src + 22:src + 22 + size]))
                    next_dump = 0
            if window and received % window == 0:
                send(display, 2)
        if images and next_dump < 6:
            dump = os.path.join(tmp, 'dump.ppm')
            qmp.execute('screendump', filename=dump)
            dumps.append(ppm_to_argb(dump)[2])
            next_dump += 1
            time.sleep(0.1)
    stop.set()
    display.close()
    main.close()
    pinger.join()
    return images, dumps


def save_frame(outdir, tag, payload, dumps, quicref, tmp):
    """Writes the QUIC payload and the screendump equal to its reference decoding (or all of them)."""
    name = os.path.join(outdir, 'seabios-%s' % tag)
    with open(name + '.quic', 'wb') as f:
        f.write(payload)
    chosen = None
    if quicref:
        ref = os.path.join(tmp, 'ref.argb')
        subprocess.run([quicref, 'decode', name + '.quic', ref], check=True, stdout=subprocess.DEVNULL)
        with open(ref, 'rb') as f:
            decoded = f.read()
        matches = [d for d in dumps if d == decoded]
        print(tag, 'screendumps equal to the reference decoding: %d of %d' % (len(matches), len(dumps)))
        chosen = matches[0] if matches else None
    if chosen is not None:
        with gzip.GzipFile(name + '.argb.gz', 'wb', mtime=0) as f:
            f.write(chosen)
    else:
        for k, d in enumerate(dumps):
            with gzip.GzipFile('%s.dump%d.argb.gz' % (name, k), 'wb', mtime=0) as f:
                f.write(d)


def main():
    outdir = sys.argv[1]
    quicref = sys.argv[2] if len(sys.argv) > 2 else None
    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        qmp_path = os.path.join(tmp, 'qmp.sock')
        qemu = subprocess.Popen([
            'qemu-system-x86_64', '-accel', 'tcg', '-m', '256', '-nodefaults', '-no-user-config',
            '-display', 'none', '-monitor', 'none', '-vga', 'qxl', '-boot', 'menu=on,splash-time=15000',
            '-spice', 'port=%d,addr=127.0.0.1,disable-ticketing=on,image-compression=quic,'
                      'jpeg-wan-compression=never,zlib-glz-wan-compression=never' % port,
            '-qmp', 'unix:%s,server=on,wait=off' % qmp_path])
        started = time.time()
        try:
            qmp = Qmp(qmp_path)
            # "Press ESC for boot menu" (SeaBIOS waits splash-time), then ESC, then the boot menu.
            for tag, at, key in (('prompt', 1.5, 'esc'), ('menu', 5.0, None)):
                time.sleep(max(0.0, started + at - time.time()))
                images, dumps = capture_once(port, qmp, tmp, 2.0)
                full = [i for i in images if i[0] == (0, 0, 720, 400)]
                print(tag, 'QUIC draws:', [(i[0], len(i[3])) for i in images])
                if full:
                    save_frame(outdir, tag, full[0][3], dumps, quicref, tmp)
                if key:
                    qmp.execute('send-key', keys=[{'type': 'qcode', 'data': key}])
        finally:
            qemu.kill()
            qemu.wait()


if __name__ == '__main__':
    main()
