#!/usr/bin/env python3
"""Legacy-BIOS boot for a GPT disk image without loop devices: GRUB's boot.img goes into the
protective MBR (its code only; the partition table stays) and core.img into the BIOS boot partition
at LBA CORE_LBA; both are patched with where the rest of GRUB lies, as grub-bios-setup would.

usage: bios-boot.py DISK.img boot.img core.img CORE_LBA
"""
import struct
import sys

SECTOR = 512
# boot.img (GRUB 2, i386-pc): where the first sector of core.img lies, the boot drive, the drive check
KERNEL_SECTOR = 0x5C
BOOT_DRIVE = 0x64
DRIVE_CHECK = 0x66
# diskboot.img (core.img's first sector): its last block list entry, 12 bytes before its end
BLOCKLIST = SECTOR - 12


def main(disk, boot, core, core_lba):
    core_lba = int(core_lba)
    boot_img = bytearray(open(boot, "rb").read())
    core_img = bytearray(open(core, "rb").read())
    if len(boot_img) != SECTOR:
        sys.exit(f"boot.img is {len(boot_img)} bytes, expected {SECTOR}")
    if len(core_img) % SECTOR:
        core_img += bytes(SECTOR - len(core_img) % SECTOR)
    sectors = len(core_img) // SECTOR
    if sectors > 2048:
        sys.exit(f"core.img has {sectors} sectors; the BIOS boot partition holds 2048")
    struct.pack_into("<Q", boot_img, KERNEL_SECTOR, core_lba)
    boot_img[BOOT_DRIVE] = 0xFF          # the drive the BIOS booted from
    struct.pack_into("<H", boot_img, DRIVE_CHECK, 0x9090)  # no floppy probing
    start, length, segment = struct.unpack_from("<QHH", core_img, BLOCKLIST)
    struct.pack_into("<QHH", core_img, BLOCKLIST, core_lba + 1, sectors - 1, segment)
    with open(disk, "r+b") as f:
        mbr = bytearray(f.read(SECTOR))
        if mbr[510:512] != b"\x55\xaa":
            sys.exit("the disk has no MBR signature (write the partition table first)")
        # boot code only: bytes 0..439; disk signature, partition table and 55 AA stay
        mbr[0:440] = boot_img[0:440]
        f.seek(0)
        f.write(mbr)
        f.seek(core_lba * SECTOR)
        f.write(core_img)


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    main(*sys.argv[1:])
