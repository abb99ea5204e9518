#!/bin/sh
# Builds the thinspice tiny guest: build-guest.sh SRC_DIR OUT_DIR [DEB_CACHE_DIR]
#   OUT_DIR/vmlinux        uncompressed kernel (PVH boot with qemu -kernel)
#   OUT_DIR/initramfs.cpio newc cpio: busybox, /init, /tbpattern, /tbinput, /tbagent, /tbloop, /tbccid, /tbsound, /pat.png,
#                          module closure
# Host needs: apt-get, dpkg, python3, gcc (static libc), busybox-static. No kmod or cpio.
set -eu
SRC=$(cd "$1" && pwd)
OUT=$2
DEBS=${3:-$OUT/debs}
mkdir -p "$OUT" "$DEBS"
OUT=$(cd "$OUT" && pwd)
WORK=$OUT/work
rm -rf "$WORK"
mkdir -p "$WORK"

PKG=$(apt-cache depends linux-image-amd64 | sed -n 's/^ *Depends: \(linux-image-[^ ]*\)$/\1/p' | head -n 1)
[ -n "$PKG" ] || { echo "build-guest: cannot resolve linux-image-amd64" >&2; exit 1; }
echo "build-guest: kernel package $PKG"
DEB=$(ls "$DEBS/${PKG}_"*.deb 2>/dev/null | head -n 1 || true)
if [ -z "$DEB" ]; then
    # Download beside the build, then rename into the shared cache so no one sees a partial .deb.
    mkdir -p "$WORK/dl"
    if ! (cd "$WORK/dl" && apt-get download "$PKG"); then
        apt-get update
        (cd "$WORK/dl" && apt-get download "$PKG")
    fi
    for f in "$WORK/dl/"*.deb; do mv -f "$f" "$DEBS/"; done
    DEB=$(ls "$DEBS/${PKG}_"*.deb | head -n 1)
fi
dpkg -x "$DEB" "$WORK/kernel"

ROOT=$WORK/root
mkdir -p "$ROOT/bin" "$ROOT/lib/modules" "$ROOT/proc" "$ROOT/sys" "$ROOT/dev" "$ROOT/tmp" "$ROOT/root"
cp "$(command -v busybox)" "$ROOT/bin/busybox"
file_magic=$(head -c 4 "$ROOT/bin/busybox" | od -An -c | tr -d ' ')
[ "$file_magic" = "177ELF" ] || { echo "build-guest: busybox is not an ELF binary" >&2; exit 1; }
cp "$SRC/init" "$ROOT/init"
cp "$SRC/tbblk" "$ROOT/tbblk"
chmod 755 "$ROOT/init" "$ROOT/tbblk"
for prog in tbpattern tbinput tbagent tbcursor tbloop tbccid; do
    gcc -static -O2 -Wall -o "$ROOT/$prog" "$SRC/$prog.c"
done
gcc -static -O2 -Wall -o "$ROOT/tbsound" "$SRC/tbsound.c" -lm
# A small deterministic PNG (48x32 RGB gradient) for tbagent's image clipboard round trip.
python3 - "$ROOT/pat.png" <<'PY'
import struct, sys, zlib
w, h = 48, 32
raw = b"".join(b"\0" + bytes(v for x in range(w) for v in (x * 5, y * 8, (x * y) & 255)) for y in range(h))
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) \
    + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
open(sys.argv[1], "wb").write(png)
PY

python3 - "$WORK/kernel" "$ROOT" "$OUT/vmlinux" <<'PY'
import lzma, os, struct, sys
kroot, root, vmlinux_out = sys.argv[1:4]
boot = os.path.join(kroot, "boot")
vmlinuz = [f for f in os.listdir(boot) if f.startswith("vmlinuz-")][0]
data = open(os.path.join(boot, vmlinuz), "rb").read()
# The bzImage carries the kernel as one XZ stream; the ELF inside boots via PVH.
at = data.find(b"\xfd7zXZ\x00")
if at < 0:
    sys.exit("build-guest: no XZ stream in " + vmlinuz)
elf = lzma.LZMADecompressor(format=lzma.FORMAT_XZ).decompress(data[at:])
if elf[:4] != b"\x7fELF":
    sys.exit("build-guest: XZ payload is not an ELF")
open(vmlinux_out, "wb").write(elf)

moddir = os.path.join(kroot, "lib", "modules")
moddir = os.path.join(moddir, os.listdir(moddir)[0])
paths = {}
for d, _, files in os.walk(moddir):
    for f in files:
        for ext in (".ko", ".ko.xz"):
            if f.endswith(ext):
                paths[f[: -len(ext)].replace("-", "_")] = os.path.join(d, f)

def load(name):
    p = paths[name]
    raw = open(p, "rb").read()
    return lzma.decompress(raw) if p.endswith(".xz") else raw

def depends(blob):
    # .modinfo section: NUL-separated key=value strings, one of them "depends=a,b".
    shoff, = struct.unpack_from("<Q", blob, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", blob, 0x3A)
    def sh(i):
        return struct.unpack_from("<IIQQQQ", blob, shoff + i * shentsize)
    stroff = sh(shstrndx)[4]
    for i in range(shnum):
        nameoff, _, _, _, off, size = sh(i)
        name = blob[stroff + nameoff: blob.index(b"\0", stroff + nameoff)]
        if name == b".modinfo":
            for kv in blob[off: off + size].split(b"\0"):
                if kv.startswith(b"depends="):
                    return [m.decode().replace("-", "_") for m in kv[8:].split(b",") if m]
    return []

# evdev: /dev/input/event* for tbinput; virtio_input: virtio-tablet/keyboard/mouse; psmouse: the PS/2
# mouse QEMU always has (relative events). i8042 and atkbd are built into this kernel. ehci_pci, usb_storage,
# sd_mod, sr_mod, usbhid and hid_generic: redirected USB devices (sticks as /dev/sd*, spice-gtk's shared CD as
# /dev/sr0, keyboards and mice). vfat with Debian's default code page and I/O character set (FAT_DEFAULT_CODEPAGE 437, FAT_DEFAULT_IOCHARSET ascii): the
# guest mounts a redirected stick's FAT file system and reads a file from it (tbblk file). snd_intel8x0 +
# snd_pcm_oss: QEMU's AC97 as /dev/dsp for tbsound (intel-hda's codec probe fails under TCG).
wanted = ["virtio_pci", "virtio_console", "qxl", "bochs", "xhci_pci", "evdev", "virtio_input", "psmouse",
          "ehci_pci", "usb_storage", "sd_mod", "sr_mod", "usbhid", "hid_generic", "vfat", "nls_cp437", "nls_ascii",
          "snd_intel8x0", "snd_pcm_oss"]
order, seen = [], set()
def visit(name):
    if name in seen:
        return
    seen.add(name)
    blob = load(name)
    for dep in depends(blob):
        visit(dep)
    open(os.path.join(root, "lib", "modules", name + ".ko"), "wb").write(blob)
    order.append(name)
for w in wanted:
    if w in paths:
        visit(w)
    else:
        print("build-guest: module %s is built in or absent" % w)
open(os.path.join(root, "modules.list"), "w").write("\n".join(order) + "\n")
print("build-guest: modules " + " ".join(order))
PY

(cd "$ROOT" && find . | LC_ALL=C sort | busybox cpio -o -H newc > "$OUT/initramfs.cpio")
rm -rf "$WORK"
echo "build-guest: done $(du -h "$OUT/vmlinux" | cut -f1) vmlinux, $(du -h "$OUT/initramfs.cpio" | cut -f1) initramfs"
