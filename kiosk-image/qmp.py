#!/usr/bin/env python3
"""A few QMP commands for the image test: screendump to PNG, typing text, pressing keys.

usage: qmp.py SOCKET screendump FILE.png
       qmp.py SOCKET type TEXT            (letters, digits, '-', '.', '@', '_', ' ')
       qmp.py SOCKET key KEY [KEY…]       (QEMU key names: ret, tab, esc…; 'ctrl-alt-f2' for a chord)
       qmp.py SOCKET hmp COMMAND          (a human-monitor command, e.g. 'set_link n0 off')
       qmp.py SOCKET click X Y W H        (left click at pixel X,Y of a W x H screen; needs -device usb-tablet)
       qmp.py SOCKET link NETDEV on|off   (the terminal's network cable)
       qmp.py HOOKSOCKET hook COMMAND     (not QMP: one line to the test copy's hook on its virtio-serial port,
                                           prints its one-line answer; see kiosk-image/test-hook/test-hook)
"""
import json
import socket
import sys
import time

SHIFTED = {'_': 'minus', '@': '2', 'A': 'a'}
PLAIN = {'-': 'minus', '.': 'dot', ' ': 'spc', '/': 'slash', ':': 'semicolon'}


class Qmp:
    def __init__(self, path):
        self.s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.s.settimeout(30)
        self.s.connect(path)
        self.f = self.s.makefile('rwb')
        self._read()  # greeting
        self.call('qmp_capabilities')

    def _read(self):
        while True:
            line = self.f.readline()
            if not line:
                raise SystemExit('QMP closed')
            msg = json.loads(line)
            if 'event' not in msg:
                return msg

    def call(self, cmd, **args):
        self.f.write(json.dumps({'execute': cmd, 'arguments': args}).encode() + b'\n')
        self.f.flush()
        r = self._read()
        if 'error' in r:
            raise SystemExit(f"QMP {cmd}: {r['error']}")
        return r.get('return')

    def keys(self, names):
        self.call('send-key', keys=[{'type': 'qcode', 'data': n} for n in names])
        time.sleep(0.08)


def key_for(ch):
    if ch.isupper():
        return ['shift', ch.lower()]
    if ch in SHIFTED:
        return ['shift', SHIFTED[ch]]
    if ch in PLAIN:
        return [PLAIN[ch]]
    if ch.isalnum():
        return [ch]
    raise SystemExit(f'cannot type {ch!r}')


def hook(path, command):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(120)
    s.connect(path)
    # the guest's side sees the host connected only now; give it a moment to (re)open the port
    time.sleep(2)
    s.sendall(command.encode() + b'\n')
    answer = b''
    while not answer.endswith(b'\n'):
        chunk = s.recv(4096)
        if not chunk:
            raise SystemExit(f'the hook closed without answering {command!r}')
        answer += chunk
        if len(answer) > 4096:
            raise SystemExit('the hook answered more than a line')
    print(answer.decode(errors='replace').strip())


def main():
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    what, rest = sys.argv[2], sys.argv[3:]
    if what == 'hook':
        hook(sys.argv[1], ' '.join(rest))
        return
    q = Qmp(sys.argv[1])
    if what == 'screendump':
        q.call('screendump', filename=rest[0], format='png')
    elif what == 'type':
        for ch in rest[0]:
            q.keys(key_for(ch))
    elif what == 'key':
        for k in rest:
            q.keys(k.split('-') if '-' in k and len(k) > 1 else [k])
    elif what == 'click':
        x, y, w, h = (int(v) for v in rest)
        axes = [{'type': 'abs', 'data': {'axis': 'x', 'value': x * 32767 // max(w - 1, 1)}},
                {'type': 'abs', 'data': {'axis': 'y', 'value': y * 32767 // max(h - 1, 1)}}]
        q.call('input-send-event', events=axes)
        time.sleep(0.2)
        for down in (True, False):
            q.call('input-send-event', events=[{'type': 'btn', 'data': {'down': down, 'button': 'left'}}])
            time.sleep(0.1)
    elif what == 'link':
        q.call('set_link', name=rest[0], up=rest[1] == 'on')
    elif what == 'hmp':
        print(q.call('human-monitor-command', **{'command-line': ' '.join(rest)}))
    else:
        raise SystemExit(__doc__)


if __name__ == '__main__':
    main()
