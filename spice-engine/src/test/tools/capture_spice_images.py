#!/usr/bin/env python3
"""Captures LZ / GLZ / ZLIB_GLZ image payloads that QEMU's spice-server sends for the SeaBIOS screen.

Starts QEMU (TCG, qxl, SPICE on 127.0.0.1 with the given image-compression), links the main and
display channels with a minimal client (stdlib sockets; the ticket is encrypted with `openssl pkeyutl`),
records every DRAW_COPY whose source is LZ_PLT/LZ_RGB/GLZ_RGB/ZLIB_GLZ_RGB, then takes a QMP
screendump and stops QEMU by its pid. Output in OUT_DIR:
  index.tsv      one line per captured draw, in arrival order (see HEADER below)
  NNN.bin        the image payload as the wire carries it (after the 18-byte image descriptor)
  messages.tsv   every display message in order: serial, type, size, and for SURFACE_CREATE
                 (314) surface id, width, height, format
  screen.ppm.gz  QMP screendump taken after the last draw (gzip'd binary PPM)
Usage: capture_spice_images.py OUT_DIR {lz|glz|zlib_glz} [seconds] [port]
(zlib_glz = image-compression=glz with zlib-glz-wan-compression=always)
"""
import gzip, json, os, select, socket, struct, subprocess, sys, tempfile, time

HEADER = "seq\tfile\timage_type\tflags\twidth\theight\tsurface\tbox_top\tbox_left\tbox_bottom\tbox_right" \
         "\tsrc_top\tsrc_left\tsrc_bottom\tsrc_right\tclip_rects\trop\tmsg_serial"
IMAGE_TYPES = {100: "LZ_PLT", 101: "LZ_RGB", 102: "GLZ_RGB", 107: "ZLIB_GLZ_RGB"}


def recv_exact(s, n):
    b = b""
    while len(b) < n:
        c = s.recv(n - len(b))
        if not c:
            raise EOFError("peer closed")
        b += c
    return b


def link(port, conn_id, ch_type, ch_id):
    s = socket.create_connection(("127.0.0.1", port))
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    common = 0b1011  # AUTH_SELECTION, AUTH_SPICE, MINI_HEADER
    mess = struct.pack("<IBBIII", conn_id, ch_type, ch_id, 1, 0, 18) + struct.pack("<I", common)
    s.sendall(b"REDQ" + struct.pack("<III", 2, 2, len(mess)) + mess)
    magic, major, minor, size = struct.unpack("<4sIII", recv_exact(s, 16))
    reply = recv_exact(s, size)
    err = struct.unpack_from("<I", reply, 0)[0]
    if magic != b"REDQ" or err != 0:
        raise RuntimeError("link refused: error %d" % err)
    pubkey = reply[4:166]
    with tempfile.TemporaryDirectory() as d:
        kf, inf = os.path.join(d, "k.der"), os.path.join(d, "in")
        open(kf, "wb").write(pubkey)
        open(inf, "wb").write(b"\0")
        ticket = subprocess.run(["openssl", "pkeyutl", "-encrypt", "-pubin", "-keyform", "DER", "-inkey", kf,
                                 "-pkeyopt", "rsa_padding_mode:oaep", "-in", inf],
                                check=True, capture_output=True).stdout
    assert len(ticket) == 128
    s.sendall(struct.pack("<I", 1) + ticket)  # mechanism AUTH_SPICE, then the ticket
    result = struct.unpack("<I", recv_exact(s, 4))[0]
    if result != 0:
        raise RuntimeError("link result %d" % result)
    return s


class Channel:
    def __init__(self, sock, name):
        self.sock, self.name, self.buf = sock, name, b""
        self.ack_window, self.unacked, self.serial = 0, 0, 0

    def send(self, mtype, body=b""):
        self.sock.sendall(struct.pack("<HI", mtype, len(body)) + body)

    def messages(self):
        chunk = self.sock.recv(1 << 20)
        if not chunk:
            raise EOFError(self.name + " closed")
        self.buf += chunk
        while len(self.buf) >= 6:
            mtype, size = struct.unpack_from("<HI", self.buf, 0)
            if len(self.buf) < 6 + size:
                break
            body, self.buf = self.buf[6:6 + size], self.buf[6 + size:]
            self.serial += 1
            self.common(mtype, body)
            yield mtype, body
            if self.ack_window:
                self.unacked += 1
                if self.unacked >= self.ack_window:
                    self.send(2)  # ACK
                    self.unacked = 0

    def common(self, mtype, body):
        if mtype == 3:  # SET_ACK
            gen, window = struct.unpack_from("<II", body, 0)
            self.send(1, struct.pack("<I", gen))  # ACK_SYNC
            self.ack_window, self.unacked = window, 0
        elif mtype == 4:  # PING -> PONG without the filler
            self.send(3, body[:12])


def parse_clip(body, off):
    ctype = body[off]
    off += 1
    rects = []
    if ctype == 1:
        n = struct.unpack_from("<I", body, off)[0]
        off += 4
        for i in range(n):
            rects.append(struct.unpack_from("<iiii", body, off))
            off += 16
    return rects, off


def image_payload_end(body, p, itype):
    if itype in (101, 102):
        return p + 4 + struct.unpack_from("<I", body, p)[0]
    if itype == 107:
        return p + 8 + struct.unpack_from("<I", body, p + 4)[0]
    return len(body)  # LZ_PLT: palette pointer may point anywhere; keep the rest of the body


class Qmp:
    def __init__(self, sock_path):
        self.sock = socket.socket(socket.AF_UNIX)
        self.sock.connect(sock_path)
        self.f = self.sock.makefile("rw")
        json.loads(self.f.readline())
        self.execute("qmp_capabilities")

    def execute(self, cmd, args=None):
        self.f.write(json.dumps({"execute": cmd, **({"arguments": args} if args else {})}) + "\n")
        self.f.flush()
        while True:
            r = json.loads(self.f.readline())
            if "return" in r or "error" in r:
                return r


def spice_compression(mode):
    if mode == "zlib_glz":
        return "image-compression=glz,zlib-glz-wan-compression=always"
    return "image-compression=" + mode


def main():
    out, mode = sys.argv[1], sys.argv[2]
    seconds = float(sys.argv[3]) if len(sys.argv) > 3 else 6
    port = int(sys.argv[4]) if len(sys.argv) > 4 else 5961
    os.makedirs(out, exist_ok=True)
    tmp = tempfile.mkdtemp()
    qmp_sock = os.path.join(tmp, "qmp.sock")
    qemu = subprocess.Popen(["qemu-system-x86_64", "-accel", "tcg", "-m", "256", "-nodefaults", "-no-user-config",
                             "-display", "none", "-vga", "qxl", "-qmp", "unix:%s,server=on,wait=off" % qmp_sock,
                             "-spice", "port=%d,addr=127.0.0.1,disable-ticketing=on,%s" % (port, spice_compression(mode))])
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port)).close()
                break
            except OSError:
                time.sleep(0.05)
        main_ch = Channel(link(port, 0, 1, 0), "main")
        session = None
        while session is None:
            for mtype, body in main_ch.messages():
                if mtype == 103:  # MAIN_INIT
                    session = struct.unpack_from("<I", body, 0)[0]
        main_ch.send(104)  # ATTACH_CHANNELS
        disp = Channel(link(port, session, 2, 0), "display")
        # DISPLAY_INIT: cache id 1, 20 M px cache, dictionary id 1, 4 M px GLZ window
        disp.send(101, struct.pack("<BqBi", 1, 20 << 20, 1, 4 << 20))
        index = [HEADER]
        messages = ["serial\ttype\tsize\tsurface\twidth\theight\tformat"]
        seq = 0
        deadline = time.time() + seconds
        qmp = Qmp(qmp_sock)
        ppm = os.path.join(tmp, "screen.ppm")
        # Record for `seconds`; then, right after a draw, take the screendump and keep reading 150 ms. If no
        # draw came in that time the recorded draws end in the state the screendump shows (the SeaBIOS
        # cursor blinks about every 250 ms, so this normally succeeds at the first try).
        dumped_at = None
        while True:
            ready, _, _ = select.select([main_ch.sock, disp.sock], [], [], 0.05)
            drew = False
            for s in ready:
                ch = main_ch if s is main_ch.sock else disp
                for mtype, body in ch.messages():
                    if ch is disp:
                        extra = struct.unpack_from("<IIII", body, 0) if mtype == 314 else ()
                        messages.append("\t".join(map(str, (disp.serial, mtype, len(body)) + extra)))
                    if ch is not disp or mtype != 304:
                        continue
                    drew = True
                    surface, top, left, bottom, right = struct.unpack_from("<Iiiii", body, 0)
                    rects, off = parse_clip(body, 20)
                    src_ptr, st, sl, sb, sr, rop = struct.unpack_from("<IiiiiH", body, off)
                    img_id, itype, iflags, w, h = struct.unpack_from("<QBBII", body, src_ptr)
                    if itype not in IMAGE_TYPES:
                        print("skipping DRAW_COPY with image type %d" % itype, file=sys.stderr)
                        continue
                    p = src_ptr + 18
                    name = "%03d.bin" % seq
                    open(os.path.join(out, name), "wb").write(body[p:image_payload_end(body, p, itype)])
                    index.append("\t".join(map(str, (seq, name, itype, iflags, w, h, surface, top, left, bottom,
                                                     right, st, sl, sb, sr, len(rects), rop, disp.serial))))
                    seq += 1
            now = time.time()
            if drew:
                dumped_at = None
                if now >= deadline:
                    qmp.execute("screendump", {"filename": ppm})
                    dumped_at = time.time()
            elif dumped_at is not None and now - dumped_at > 0.15:
                break
            if now > deadline + 20:
                raise RuntimeError("no quiet moment after a draw to take the screendump")
        with open(ppm, "rb") as f, gzip.open(os.path.join(out, "screen.ppm.gz"), "wb") as g:
            g.write(f.read())
        open(os.path.join(out, "index.tsv"), "w").write("\n".join(index) + "\n")
        open(os.path.join(out, "messages.tsv"), "w").write("\n".join(messages) + "\n")
        print("captured %d images into %s" % (seq, out))
    finally:
        qemu.terminate()
        try:
            qemu.wait(5)
        except subprocess.TimeoutExpired:
            qemu.kill()
            qemu.wait()


if __name__ == "__main__":
    main()
