#!/usr/bin/env bash
# Builds the thinspice terminal image: Debian 12 (mmdebstrap), the kiosk .deb, Xorg on vt1, read-only
# root under a RAM overlay, a persistent data partition; a raw GPT disk image that boots with legacy
# BIOS (GRUB i386-pc in a BIOS boot partition) and UEFI (Debian's signed shim + GRUB, so Secure Boot
# works with Microsoft's keys), its block map (.bmap), a compressed copy (.img.zst) and a hybrid ISO for
# USB sticks (.iso: the same partitions behind an El Torito boot record, BIOS and UEFI).
#
# usage: build-image.sh --kiosk-deb FILE --out DIR [--controller URL] [--enrol-code CODE] [--lang zh-CN|en]
#                       [--controller-cert-sha256 HEX] [--cache DIR]
#        build-image.sh --base-only   (the cached Debian base only; prints its tar)
# Needs root (chroot, bind mounts). Every result is cached by content under CACHE/image/<key>.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
log() { printf '[image] %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

BASE_ONLY="" KIOSK_DEB="" OUT="" CONTROLLER="" ENROL_CODE="" LANGUAGE="" CERT_SHA256="" CACHE="${THINSPICE_CACHE:-/var/cache/thinspice}"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --kiosk-deb) KIOSK_DEB="${2:?--kiosk-deb needs a file}"; shift 2 ;;
    --out) OUT="${2:?--out needs a folder}"; shift 2 ;;
    --controller) CONTROLLER="${2:?--controller needs a URL}"; shift 2 ;;
    --enrol-code) ENROL_CODE="${2:?--enrol-code needs a code}"; shift 2 ;;
    --lang) LANGUAGE="${2:?--lang needs zh-CN or en}"; shift 2 ;;
    --controller-cert-sha256) CERT_SHA256="${2:?--controller-cert-sha256 needs 64 hex digits}"; shift 2 ;;
    --cache) CACHE="${2:?--cache needs a folder}"; shift 2 ;;
    --base-only) BASE_ONLY=1; shift ;;
    *) die "unknown option $1 (usage: build-image.sh --kiosk-deb FILE --out DIR [--controller URL] [--enrol-code CODE] [--lang zh-CN|en])" ;;
  esac
done
[[ $(id -u) -eq 0 ]] || die "building the image needs root (chroot, bind mounts)"
[[ -n "$OUT" || -n "$BASE_ONLY" ]] || die "--out DIR is required"
[[ -n "$BASE_ONLY" || -f "$KIOSK_DEB" ]] || die "the kiosk .deb '$KIOSK_DEB' does not exist (./thinspice package builds it)"
[[ -z "$CONTROLLER" || "$CONTROLLER" =~ ^https?://[A-Za-z0-9.:\[\]_-]+(/[^[:space:]\"\'\\]*)?$ ]] ||
    die "--controller must be an http(s) URL such as https://vdi.example.org, not '$CONTROLLER'"
[[ -z "$ENROL_CODE" || "$ENROL_CODE" =~ ^[A-Za-z0-9]{8,64}$ ]] ||
    die "--enrol-code must be 8 to 64 letters and digits (as the controller issues them), not '$ENROL_CODE'"
[[ -z "$CERT_SHA256" || "${CERT_SHA256//:/}" =~ ^[0-9A-Fa-f]{64}$ ]] ||
    die "--controller-cert-sha256 must be the controller certificate's SHA-256 in hex, not '$CERT_SHA256'"
[[ -z "$LANGUAGE" || "$LANGUAGE" == zh-CN || "$LANGUAGE" == en ]] || die "--lang must be zh-CN or en"
for p in mmdebstrap:mmdebstrap mkfs.ext4:e2fsprogs mkfs.vfat:dosfstools mcopy:mtools sfdisk:fdisk \
         grub-mkimage:grub-common zstd:zstd xorriso:xorriso; do
  command -v "${p%%:*}" >/dev/null || die "program ${p%%:*} not found: install the Debian package ${p#*:}"
done
[[ -f /usr/lib/grub/i386-pc/boot.img && -f /usr/lib/grub/i386-pc/boot_hybrid.img ]] || die "GRUB's BIOS modules are missing: install the Debian package grub-pc-bin"

SUITE=bookworm
# Everything the terminal runs besides the kiosk .deb (which brings its own Java runtime).
BASE_INCLUDE=(
  systemd-sysv udev dbus libpam-systemd kmod zstd e2fsprogs
  linux-image-amd64 initramfs-tools
  shim-signed grub-efi-amd64-signed
  xserver-xorg-core xserver-xorg-input-libinput xauth x11-xserver-utils
  libgtk-3-0 libxtst6 libgl1 libasound2 fontconfig fonts-noto-cjk fonts-dejavu-core
  pcscd libccid libusb-1.0-0
  iproute2 systemd-resolved systemd-timesyncd ca-certificates
)
# this machine's Debian mirror: deb822 sources (a Debian 12 install) or the one-line sources.list (mmdebstrap
# roots, older set-ups); a missing file is no error (with pipefail a failing sed would end the build silently)
MIRROR="$( { sed -n 's/^URIs: //p' /etc/apt/sources.list.d/*.sources 2>/dev/null || true; } | head -1)"
[[ -n "$MIRROR" ]] || MIRROR="$( { sed -n 's/^deb \(\[[^]]*\] \)\{0,1\}\([^ ]*\) .*/\2/p' /etc/apt/sources.list 2>/dev/null || true; } | head -1)"
MIRROR="${MIRROR:-http://deb.debian.org/debian}"

# ---- stage 1: the Debian base, cached by its recipe ----
base_key=$(printf '%s\n' "$SUITE" "${BASE_INCLUDE[@]}" "$MIRROR" | sha256sum | cut -c1-16)
base_tar="$CACHE/image-base/base-$SUITE-$base_key.tar"
t0=$(date +%s)
# Other builds (another image test, another worktree) share the cache: one builds a given base at a time,
# the others wait for it (flock on the cache's lock file) and then find it made.
mkdir -p "$(dirname "$base_tar")"
exec 8>"$CACHE/image-base/.lock"
if [[ ! -f "$base_tar" ]] && ! flock -n 8; then
  log "another build holds $CACHE/image-base/.lock: waiting for it…"
  flock 8
fi
if [[ ! -f "$base_tar" ]]; then
  log "building the Debian $SUITE base with mmdebstrap (cached as $base_tar)…"
  rm -f "$base_tar.part"
  inc=$(IFS=,; echo "${BASE_INCLUDE[*]}")
  mmdebstrap --variant=minbase --components=main --include="$inc" \
      --aptopt='APT::Install-Recommends "false"' \
      --customize-hook='rm -f "$1"/etc/hostname' \
      --format=tar "$SUITE" "$base_tar.part" \
      "deb $MIRROR $SUITE main" "deb $MIRROR $SUITE-updates main" \
      "deb ${MIRROR%/debian}/debian-security $SUITE-security main" >&2 &&
    mv -T "$base_tar.part" "$base_tar" || die "mmdebstrap failed"
fi
exec 8>&-
t1=$(date +%s)
if [[ -n "$BASE_ONLY" ]]; then
  log "base: $base_tar ($((t1 - t0)) s)"
  echo "$base_tar"
  exit 0
fi

# ---- stage 2: the terminal, cached by everything that goes into it ----
deb_sum=$(sha256sum "$KIOSK_DEB" | cut -c1-64)
files_sum=$( (cd "$HERE" && find rootfs build-image.sh -type f -print0 | sort -z | xargs -0 sha256sum) | sha256sum | cut -c1-64)
key=$(printf '%s\n' "$base_key" "$deb_sum" "$files_sum" "$CONTROLLER" "$ENROL_CODE" "$LANGUAGE" "$CERT_SHA256" | sha256sum | cut -c1-16)
art="$CACHE/image/$key"
# One terminal build at a time in this cache, and none while another copies its result out: a build
# keeps only the newest image, removing the others (held until this script ends).
mkdir -p "$CACHE/image"
exec 9>"$CACHE/image/.lock"
if ! flock -n 9; then
  log "another build holds $CACHE/image/.lock: waiting for it…"
  flock 9
fi
if [[ -f "$art/thinspice-terminal.img" && -f "$art/build.txt" ]]; then
  log "image cached in $art (same base, kiosk .deb, files and options)"
else
  work=$(mktemp -d /var/tmp/thinspice-image.XXXXXX)
  root="$work/root"
  cleanup() {
    local m
    for m in dev/pts dev sys proc; do mountpoint -q "$root/$m" 2>/dev/null && umount -l "$root/$m"; done
    [[ "$work" == /var/tmp/thinspice-image.* ]] && rm -rf --one-file-system "$work"
  }
  trap cleanup EXIT
  mkdir -p "$root"
  tar -C "$root" -xf "$base_tar"
  for m in proc sys dev dev/pts; do mount --bind "/$m" "$root/$m"; done
  rm -f "$root/etc/resolv.conf"; cp /etc/resolv.conf "$root/etc/resolv.conf"
  printf '#!/bin/sh\nexit 101\n' > "$root/usr/sbin/policy-rc.d"; chmod +x "$root/usr/sbin/policy-rc.d"
  in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"; }

  log "installing the kiosk $(dpkg-deb -f "$KIOSK_DEB" Package) $(dpkg-deb -f "$KIOSK_DEB" Version)…"
  pkg=$(dpkg-deb -f "$KIOSK_DEB" Package)
  cp "$KIOSK_DEB" "$root/tmp/kiosk.deb"
  in_root apt-get update -q >&2
  in_root apt-get install -y -q --no-install-recommends /tmp/kiosk.deb >&2
  rm -f "$root/tmp/kiosk.deb"
  # jpackage's launcher: /usr/lib/<pkg>/bin/<pkg> (or /opt/<pkg>/bin/<pkg>)
  launcher=$(in_root dpkg -L "$pkg" | grep -E '^/(opt|usr/lib)/[^/]+/bin/[^/]+$' | head -1)
  [[ -n "$launcher" ]] || die "the kiosk .deb has no launcher /usr/lib/*/bin/* or /opt/*/bin/* (dpkg -L $pkg)"

  log "configuring the terminal (users, units, read-only root, no console)…"
  cp -a "$HERE/rootfs/." "$root/"
  cat "$root/etc/initramfs-tools/modules.thinspice" >> "$root/etc/initramfs-tools/modules"
  rm "$root/etc/initramfs-tools/modules.thinspice"
  mkdir -p "$root/etc/thinspice"
  echo "$launcher" > "$root/etc/thinspice/kiosk-launcher"
  {
    echo "# written by ./thinspice image; /var/lib/thinspice/kiosk.conf (data partition) overrides it"
    echo "CONTROLLER='$CONTROLLER'"
    echo "ENROL_CODE='$ENROL_CODE'"
    echo "LANGUAGE='$LANGUAGE'"
  } > "$root/etc/thinspice/kiosk.conf"
  echo thinspice-terminal > "$root/etc/hostname"
  printf '127.0.0.1\tlocalhost\n127.0.1.1\tthinspice-terminal\n' > "$root/etc/hosts"
  in_root groupadd --system thinspice-display
  # the kiosk's account: the .deb makes it (its udev rules give that group the USB devices it may
  # redirect); made here only for a .deb that does not
  if ! grep -q '^thinspice-kiosk:' "$root/etc/passwd"; then
    in_root useradd --system --home-dir /var/lib/thinspice/kiosk --no-create-home --shell /usr/sbin/nologin \
        --user-group thinspice-kiosk
  fi
  in_root usermod -d /var/lib/thinspice/kiosk thinspice-kiosk
  in_root passwd -l root >/dev/null
  in_root systemctl enable thinspice-display.service thinspice-terminal.service systemd-networkd.service \
      systemd-resolved.service thinspice-terminal-log.service >&2
  in_root systemctl set-default graphical.target >&2
  # no console login anywhere, no Ctrl-Alt-Del reboot, no rescue shells
  in_root systemctl mask getty@tty1.service autovt@.service getty@.service serial-getty@.service \
      console-getty.service ctrl-alt-del.target rescue.service emergency.service debug-shell.service >&2
  ln -sf /run/systemd/resolve/stub-resolv.conf "$root/etc/resolv.conf"
  mkdir -p "$root/var/lib/thinspice" "$root/boot/efi"
  rm -f "$root/etc/machine-id"; : > "$root/etc/machine-id"
  kver=$(ls "$root/lib/modules" | sort -V | tail -1)
  # kernel modules no thin terminal uses (TV cards and cameras, InfiniBand, industrial I/O, server and
  # cluster file systems…); everything for disks, USB, network, graphics, input and sound stays
  km="$root/lib/modules/$kver/kernel"
  rm -rf "$km"/drivers/{media,infiniband,iio,staging,target,mtd,comedi,isdn,fpga,gnss,siox,slimbus} \
      "$km"/fs/{xfs,smb,ocfs2,nfs,nfsd,btrfs,gfs2,f2fs,ceph,jfs,nilfs2,reiserfs,ubifs,afs,dlm,orangefs,coda,zonefs,erofs,lockd,nfs_common}
  in_root depmod -a "$kver"
  log "initramfs for $kver (with the read-only-root overlay)…"
  printf 'COMPRESS=zstd\nMODULES=list\n' > "$root/etc/initramfs-tools/conf.d/thinspice"
  in_root update-initramfs -u -k "$kver" >&2
  mkdir -p "$root/boot/grub"
  grub_pw=$(head -c 24 /dev/urandom | base64)
  grub_hash=$(printf '%s\n%s\n' "$grub_pw" "$grub_pw" | grub-mkpasswd-pbkdf2 | sed -n 's/.*is \(grub\.pbkdf2.*\)/\1/p')
# SysRq off from the first moment (sysctl.kernel.sysrq=0; /etc/sysctl.d says so again). Never
  # "sysrq_always_enabled=…": the kernel takes that flag with any value, "=0" included, as *always on* —
  # test-image's Alt+SysRq+B reset the terminal while it was on the command line.
  # panic=10: if the root cannot be mounted (a damaged disk or stick), initramfs-tools reboots after 10 s
  # instead of opening its (initramfs) root shell on the keyboard; a kernel panic reboots after 10 s too.
  cat > "$root/boot/grub/grub.cfg" <<EOF
# thinspice terminal: one entry, no menu; editing it needs the GRUB password, which nobody on site has.
set superusers="thinspice"
password_pbkdf2 thinspice $grub_hash
set timeout=0
set timeout_style=hidden
search --no-floppy --label TSROOT --set=root
menuentry "thinspice terminal" --unrestricted {
  linux /boot/vmlinuz-$kver root=LABEL=TSROOT ro quiet loglevel=3 console=tty1 console=ttyS0,115200 vt.global_cursor_default=0 sysctl.kernel.sysrq=0 panic=10
  initrd /boot/initrd.img-$kver
}
EOF
  grep -q 'password_pbkdf2 thinspice grub.pbkdf2' "$root/boot/grub/grub.cfg" || die "could not make the GRUB password hash"
  # what the terminal does not need on a read-only root
  in_root apt-get clean
  rm -rf "$root"/var/lib/apt/lists/* "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/usr/share/info/* \
      "$root"/var/cache/debconf/*-old "$root"/var/log/*.log "$root/usr/sbin/policy-rc.d"
  find "$root/usr/share/locale" -mindepth 1 -maxdepth 1 ! -name 'zh_CN' ! -name 'en*' ! -name 'locale.alias' -exec rm -rf {} + 2>/dev/null || true
  for m in dev/pts dev sys proc; do umount "$root/$m"; done

  log "assembling the disk image…"
  mkdir -p "$work/out"
  # EFI system partition: Debian's signed shim as the fallback loader, Debian's signed GRUB beside it
  esp="$work/esp.img"
  mkfs.vfat -C -n TSEFI -F 32 "$esp" $((64 * 1024)) >/dev/null
  efi_grub="$root/usr/lib/grub/x86_64-efi-signed/grubx64.efi.signed"
  shim="$root/usr/lib/shim/shimx64.efi.signed"
  mm="$root/usr/lib/shim/mmx64.efi.signed"
  [[ -f "$efi_grub" && -f "$shim" ]] || die "signed shim or GRUB missing in the root ($shim, $efi_grub)"
  cat > "$work/esp-grub.cfg" <<'EOF'
search --no-floppy --label TSROOT --set=root
set prefix=($root)/boot/grub
configfile ($root)/boot/grub/grub.cfg
EOF
  mmd -i "$esp" ::/EFI ::/EFI/BOOT ::/EFI/debian
  mcopy -i "$esp" "$shim" ::/EFI/BOOT/BOOTX64.EFI
  mcopy -i "$esp" "$efi_grub" ::/EFI/BOOT/grubx64.efi
  [[ -f "$mm" ]] && mcopy -i "$esp" "$mm" ::/EFI/BOOT/mmx64.efi
  mcopy -i "$esp" "$work/esp-grub.cfg" ::/EFI/BOOT/grub.cfg
  mcopy -i "$esp" "$work/esp-grub.cfg" ::/EFI/debian/grub.cfg
  # The ISO's own EFI partition: the same files on a small FAT. UEFI firmware boots an ISO through its El
  # Torito EFI entry, whose size field counts 512-byte sectors in 16 bits (at most 32 MiB); a larger image
  # is written with size 0, which OVMF reads as "up to the end of the ISO 9660 volume" — an empty partition
  # here, because the ESP is appended behind that volume — and then finds no boot loader on the stick.
  esp_iso="$work/esp-iso.img"
  mkfs.vfat -C -n TSEFI "$esp_iso" $((16 * 1024)) >/dev/null
  rm -rf "$work/esp-tree" && mkdir -p "$work/esp-tree"
  mcopy -s -i "$esp" ::/EFI "$work/esp-tree/"
  mcopy -s -i "$esp_iso" "$work/esp-tree/EFI" ::/
  (( $(stat -c %s "$esp_iso") / 512 <= 65535 )) || die "the ISO's EFI partition is too large for El Torito"
  # root: ext4 without a journal (it is never written on the terminal)
  root_kib=$(du -sk "$root" | cut -f1)  # blocks in use, as ext4 will need them
  root_mib=$(( root_kib * 108 / 100 / 1024 + 48 ))
  rootimg="$work/root.img"
  mkfs.ext4 -q -F -L TSROOT -O ^has_journal -m 0 -d "$root" "$rootimg" "${root_mib}M"
  # data: enrolment, settings, logs; the kiosk's home
  mkdir -p "$work/data/kiosk"
  kuid=$(awk -F: '$1 == "thinspice-kiosk" { print $3 }' "$root/etc/passwd")
  kgid=$(awk -F: '$1 == "thinspice-kiosk" { print $4 }' "$root/etc/passwd")
  if [[ -n "$CONTROLLER" || -n "$CERT_SHA256" || -n "$LANGUAGE" ]]; then
    # the kiosk's own settings file, pre-seeded: the https controller's pinned certificate above all
    python3 - "$work/data/kiosk/config.json" "$CONTROLLER" "$LANGUAGE" "$CERT_SHA256" <<'PY'
import json, sys
path, url, lang, cert = sys.argv[1:]
c = {}
if url: c["controllerUrl"] = url
if lang: c["language"] = lang
if cert:  # the kiosk compares it as PinnedCertificate.fingerprint writes it: AB:CD:… upper case
    h = cert.replace(":", "").upper()
    c["controllerCertSha256"] = ":".join(h[i:i + 2] for i in range(0, len(h), 2))
open(path, "w").write(json.dumps(c, indent=2) + "\n")
PY
    chown "$kuid:$kgid" "$work/data/kiosk/config.json"; chmod 0600 "$work/data/kiosk/config.json"
  fi
  chown "$kuid:$kgid" "$work/data/kiosk"; chmod 0700 "$work/data/kiosk"
  dataimg="$work/data.img"
  mkfs.ext4 -q -F -L TSDATA -m 0 -d "$work/data" "$dataimg" 128M
  # GPT: 1 MiB BIOS boot (GRUB core), 64 MiB ESP, root, 128 MiB data
  img="$work/out/thinspice-terminal.img"
  total_mib=$(( 1 + 1 + 64 + root_mib + 128 + 1 ))
  truncate -s "${total_mib}M" "$img"
  sfdisk -q --label gpt "$img" >/dev/null <<EOF
start=1MiB, size=1MiB, type=21686148-6449-6E6F-744E-656564454649, name="bios-boot"
start=2MiB, size=64MiB, type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B, name="TSEFI"
start=66MiB, size=${root_mib}MiB, type=4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709, name="TSROOT"
start=$((66 + root_mib))MiB, size=128MiB, type=0FC63DAF-8483-4772-8E79-3D69D8477DE4, name="TSDATA"
EOF
  dd if="$esp" of="$img" bs=1M seek=2 conv=notrunc,sparse status=none
  dd if="$rootimg" of="$img" bs=1M seek=66 conv=notrunc,sparse status=none
  dd if="$dataimg" of="$img" bs=1M seek=$((66 + root_mib)) conv=notrunc,sparse status=none
  # legacy BIOS: GRUB's boot sector in the protective MBR, its core in the BIOS boot partition
  grub-mkimage -O i386-pc -o "$work/core.img" -p '(hd0,gpt3)/boot/grub' -c "$work/esp-grub.cfg" \
      biosdisk part_gpt ext2 search search_label normal linux configfile echo test gzio password_pbkdf2 >&2
  python3 "$HERE/bios-boot.py" "$img" /usr/lib/grub/i386-pc/boot.img "$work/core.img" 2048
  sfdisk -q --verify "$img" >&2 || true
  if command -v bmaptool >/dev/null; then
    bmaptool -q create -o "$work/out/thinspice-terminal.bmap" "$img"
  else
    die "bmaptool not found: install the Debian package bmap-tools"
  fi
  # The hybrid ISO for USB sticks (Rufus in DD mode, Etcher, dd): the same ESP, root and data file
  # systems as the raw image, appended behind a small ISO 9660 tree as MBR partitions 2, 3 and 4, so a
  # stick written with it is a terminal like a flashed disk (read-only root under the RAM overlay,
  # persistent TSDATA). Legacy BIOS: GRUB's hybrid MBR loads its El Torito core, which finds TSROOT by
  # label; UEFI: the firmware starts Debian's signed shim from the ESP (El Torito EFI entry = partition 2).
  # Burnt to an optical disc it does not boot: Linux reads no partitions on a CD.
  log "hybrid ISO (xorriso)…"
  mkdir -p "$work/iso/boot/grub"
  grub-mkimage -O i386-pc-eltorito -o "$work/iso/boot/grub/eltorito.img" -p '/boot/grub' -c "$work/esp-grub.cfg" \
      biosdisk iso9660 part_msdos part_gpt ext2 search search_label normal linux configfile echo test gzio password_pbkdf2 >&2
  # UEFI: Debian's signed GRUB, started from the El Torito EFI entry, cannot name the device it came from
  # ("file '/EFI/' not found"); its built-in config then looks for a disk with /.disk/info and reads
  # /boot/grub/grub.cfg there — the ISO 9660 tree, which therefore carries the same three lines as the ESP
  mkdir -p "$work/iso/.disk"
  echo "thinspice terminal" > "$work/iso/.disk/info"
  cp "$work/esp-grub.cfg" "$work/iso/boot/grub/grub.cfg"
  printf 'thinspice terminal (%s)\nWrite this whole file to a USB stick (Rufus: DD image mode; Etcher; dd).\nSee docs/technician.md.\n' \
      "$(dpkg-deb -f "$KIOSK_DEB" Version)" > "$work/iso/README.TXT"
  iso="$work/out/thinspice-terminal.iso"
  xorriso -as mkisofs -quiet -o "$iso" -V THINSPICE -J -r \
      --grub2-mbr /usr/lib/grub/i386-pc/boot_hybrid.img \
      -b boot/grub/eltorito.img -no-emul-boot -boot-load-size 4 -boot-info-table --grub2-boot-info \
      -append_partition 2 0xef "$esp_iso" -append_partition 3 0x83 "$rootimg" -append_partition 4 0x83 "$dataimg" \
      -eltorito-alt-boot -e --interval:appended_partition_2:all:: -no-emul-boot \
      "$work/iso" >&2
  log "compressing (zstd)…"
  zstd -q -T0 -8 --sparse -f "$img" -o "$work/out/thinspice-terminal.img.zst"
  {
    echo "kernel=$kver"
    echo "kiosk=$(dpkg-deb -f "$KIOSK_DEB" Package) $(dpkg-deb -f "$KIOSK_DEB" Version) ($deb_sum)"
    echo "launcher=$launcher"
    echo "controller=$CONTROLLER"
    echo "enrol_code_preseeded=$([[ -n "$ENROL_CODE" ]] && echo yes || echo no)"
    echo "root_mib=$root_mib"
    echo "raw_bytes=$(stat -c %s "$img")"
    echo "raw_allocated_bytes=$(( $(stat -c %b "$img") * 512 ))"
    echo "zst_bytes=$(stat -c %s "$work/out/thinspice-terminal.img.zst")"
    echo "iso_bytes=$(stat -c %s "$iso")"
    echo "built=$(date -u +%FT%TZ)"
  } > "$work/out/build.txt"
  mkdir -p "$(dirname "$art")"
  rm -rf "$art"
  mv -T "$work/out" "$art"
  # three images kept: this build and the two newest others (checkouts and helpers on one machine build
  # different images at once, and keeping only the newest made them delete each other's); each entry
  # is about 3 GB on disk (raw image sparse, ISO, .zst)
  ls -1dt "$CACHE/image"/*/ | tail -n +4 | while read -r old; do rm -rf -- "$old"; done
fi
t2=$(date +%s)
mkdir -p "$OUT"
for f in thinspice-terminal.img thinspice-terminal.bmap thinspice-terminal.img.zst thinspice-terminal.iso build.txt; do
  cp --sparse=always -f "$art/$f" "$OUT/$f"
done
echo "base_seconds=$((t1 - t0))" >> "$OUT/build.txt"
echo "terminal_seconds=$((t2 - t1))" >> "$OUT/build.txt"
log "image in $OUT: $(sed -n 's/^raw_bytes=//p' "$OUT/build.txt") bytes raw, $(sed -n 's/^zst_bytes=//p' "$OUT/build.txt") bytes compressed (.img.zst), ISO $(sed -n 's/^iso_bytes=//p' "$OUT/build.txt") bytes; base $((t1 - t0)) s, terminal $((t2 - t1)) s"
