#!/bin/sh
# Builds the thinspice desktop guest: build-desktop.sh SRC_DIR OUT_DIR [DEB_CACHE_DIR]
#   OUT_DIR/vmlinux   uncompressed kernel (PVH boot with qemu -kernel)
#   OUT_DIR/initrd    Debian's initramfs (virtio_blk + ext4 only)
#   OUT_DIR/root.img  raw ext4 root file system (made with mkfs.ext4 -d, never mounted; boot it with snapshot=on)
# A Debian 12 root from mmdebstrap: Xorg with xserver-xorg-video-qxl, openbox + tint2, xterm, mousepad, feh,
# fonts-noto-cjk, spice-vdagent; user "tb" logged in on tty1 by agetty, whose ~/.profile runs startx;
# /usr/local/bin/tbdesk-helper answers commands on ttyS1 (see DesktopGuest.java).
# Host needs: mmdebstrap, e2fsprogs (mkfs.ext4 -d), python3; runs as root.
set -eu
SRC=$(cd "$1" && pwd)
OUT=$2
DEBS=${3:-$OUT/debs}
mkdir -p "$OUT" "$DEBS"
OUT=$(cd "$OUT" && pwd)
WORK=$OUT/work
rm -rf "$WORK"
mkdir -p "$WORK"
ROOT=$WORK/root
T0=$(date +%s)

PKGS=$(sed -e 's/#.*//' "$SRC/desktop-packages.txt" | tr -s ' \n' ',' | sed -e 's/^,//' -e 's/,$//')
echo "build-desktop: packages $PKGS"

mmdebstrap --variant=minbase --include="$PKGS" \
    --dpkgopt='path-exclude=/usr/share/man/*' \
    --dpkgopt='path-exclude=/usr/share/doc/*' \
    --dpkgopt='path-include=/usr/share/doc/*/copyright' \
    --dpkgopt='path-exclude=/usr/share/info/*' \
    --dpkgopt='path-exclude=/usr/share/locale/*' \
    --setup-hook='mkdir -p "$1/var/cache/apt/archives" "$1/etc/initramfs-tools/conf.d" "$1/etc/initramfs-tools/hooks"' \
    --setup-hook="sync-in '$DEBS' /var/cache/apt/archives" \
    --setup-hook="copy-in '$SRC/initramfs.conf' /etc/initramfs-tools/conf.d/" \
    --setup-hook="copy-in '$SRC/initramfs-hook' /etc/initramfs-tools/hooks/" \
    --setup-hook='mv "$1/etc/initramfs-tools/conf.d/initramfs.conf" "$1/etc/initramfs-tools/conf.d/thinspice"; mv "$1/etc/initramfs-tools/hooks/initramfs-hook" "$1/etc/initramfs-tools/hooks/thinspice"; chmod 755 "$1/etc/initramfs-tools/hooks/thinspice"' \
    --customize-hook="sync-out /var/cache/apt/archives '$DEBS'" \
    --customize-hook="copy-in '$SRC/customize.sh' '$SRC/tbdesk-helper' '$SRC/xinitrc' /tmp/" \
    --customize-hook='chroot "$1" sh /tmp/customize.sh' \
    --skip=download/empty \
    bookworm "$ROOT" http://deb.debian.org/debian
echo "build-desktop: root done in $(( $(date +%s) - T0 )) s"

python3 - "$ROOT/boot" "$OUT/vmlinux" <<'PY'
import lzma, os, sys
boot, out = sys.argv[1:3]
vmlinuz = sorted(f for f in os.listdir(boot) if f.startswith("vmlinuz-"))[-1]
data = open(os.path.join(boot, vmlinuz), "rb").read()
# The bzImage carries the kernel as one XZ stream; the ELF inside boots via PVH (no decompression under TCG).
at = data.find(b"\xfd7zXZ\x00")
if at < 0:
    sys.exit("build-desktop: no XZ stream in " + vmlinuz)
elf = lzma.LZMADecompressor(format=lzma.FORMAT_XZ).decompress(data[at:])
if elf[:4] != b"\x7fELF":
    sys.exit("build-desktop: XZ payload is not an ELF")
open(out, "wb").write(elf)
PY
cp "$(ls "$ROOT"/boot/initrd.img-* | tail -n 1)" "$OUT/initrd"
rm -rf "$ROOT/boot/"* "$ROOT/var/cache/apt/archives/"*.deb "$ROOT/var/lib/apt/lists/"*

USED=$(du -sm "$ROOT" | cut -f1)
SIZE=$(( USED + USED / 2 + 512 ))
rm -f "$OUT/root.img"
truncate -s "${SIZE}M" "$OUT/root.img"
mkfs.ext4 -q -F -L tbroot -E root_owner=0:0 -d "$ROOT" "$OUT/root.img"
echo "build-desktop: root ${USED} MiB in a ${SIZE} MiB image"
rm -rf "$WORK"
echo "build-desktop: done in $(( $(date +%s) - T0 )) s"
