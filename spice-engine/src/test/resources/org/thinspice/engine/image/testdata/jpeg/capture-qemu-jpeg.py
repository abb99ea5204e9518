#!/usr/bin/env python3
"""Captures the JPEG (105) / JPEG_ALPHA (108) image payloads QEMU's spice-server sends for the testbed's tiny
guest drawing its "photo" pattern, with jpeg-wan-compression=always and streaming-video=off.

Usage: capture-qemu-jpeg.py OUT_DIR VMLINUX INITRAMFS [seconds] [port]
VMLINUX/INITRAMFS: the testbed's cached TinyGuest (~/.cache/thinspice/guest-*/). Uses the link and message
helpers of spice-engine/src/test/tools/capture_spice_images.py. Writes OUT_DIR/NNN-TYPE-WxH.bin (the payload
after the 18-byte image descriptor) and OUT_DIR/NNN.jpg (the JFIF part alone). QEMU is stopped by its pid.
"""
import os, select, socket, struct, subprocess, sys, time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../../../../../../test/tools"))
from capture_spice_images import Channel, link, parse_clip  # noqa: E402


def jpeg_part(itype, payload):
    if itype == 105:
        return payload[4:4 + struct.unpack_from("<I", payload, 0)[0]]
    flags, jpeg_size = struct.unpack_from("<BI", payload, 0)
    return payload[9:9 + jpeg_size]


def main():
    out, vmlinux, initrd = sys.argv[1], sys.argv[2], sys.argv[3]
    seconds = float(sys.argv[4]) if len(sys.argv) > 4 else 60
    port = int(sys.argv[5]) if len(sys.argv) > 5 else 5971
    os.makedirs(out, exist_ok=True)
    qemu = subprocess.Popen(["qemu-system-x86_64", "-accel", "tcg", "-m", "256", "-nodefaults", "-no-user-config",
                             "-display", "none", "-vga", "qxl", "-kernel", vmlinux, "-initrd", initrd,
                             "-append", "console=ttyS0 quiet loglevel=3 video=1024x768 consoleblank=0 tb.pattern=photo",
                             "-spice", "port=%d,addr=127.0.0.1,disable-ticketing=on,image-compression=auto_glz,"
                                       "jpeg-wan-compression=always,streaming-video=off" % port],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(200):
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
        disp.send(101, struct.pack("<BqBi", 1, 20 << 20, 1, 4 << 20))
        seq, types = 0, {}
        deadline = time.time() + seconds
        while time.time() < deadline and seq < 40:
            ready, _, _ = select.select([main_ch.sock, disp.sock], [], [], 0.1)
            for s in ready:
                ch = main_ch if s is main_ch.sock else disp
                for mtype, body in ch.messages():
                    if ch is not disp or mtype != 304:
                        continue
                    rects, off = parse_clip(body, 20)
                    src_ptr = struct.unpack_from("<I", body, off)[0]
                    img_id, itype, iflags, w, h = struct.unpack_from("<QBBII", body, src_ptr)
                    types[itype] = types.get(itype, 0) + 1
                    if itype not in (105, 108):
                        continue
                    payload = body[src_ptr + 18:]
                    base = os.path.join(out, "%03d-%d-%dx%d" % (seq, itype, w, h))
                    open(base + ".bin", "wb").write(payload)
                    open(base + ".jpg", "wb").write(jpeg_part(itype, payload))
                    seq += 1
        print("captured %d JPEG draws into %s; DRAW_COPY image types seen: %s" % (seq, out, types))
    finally:
        qemu.terminate()
        try:
            qemu.wait(5)
        except subprocess.TimeoutExpired:
            qemu.kill()
            qemu.wait()


if __name__ == "__main__":
    main()
