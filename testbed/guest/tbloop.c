/*
 * tbloop: drives a vendor-class bulk loopback USB device through usbfs (no kernel driver needed).
 *   tbloop VID PID MIB CHUNK
 * Waits up to 60 s for the device to be enumerated.
 * Writes MIB MiB of pseudo-random data to bulk OUT 0x01 in CHUNK-byte transfers, reading each chunk
 * back from bulk IN 0x81 and comparing it; prints one line:
 *   TB-LOOP mib=N chunk=C out_crc=XXXXXXXX in_crc=XXXXXXXX mismatches=M ms=T
 * (CRC-32 as zlib computes it, over everything sent and everything received). Exit 1 on any error.
 */
#include <dirent.h>
#include <fcntl.h>
#include <linux/usbdevice_fs.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "tbusb.h"

static uint32_t crc_table[256];

static void crc_init(void) {
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++)
            c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        crc_table[i] = c;
    }
}

static uint32_t crc_update(uint32_t crc, const unsigned char *p, size_t n) {
    crc = ~crc;
    while (n--)
        crc = crc_table[(crc ^ *p++) & 0xFF] ^ (crc >> 8);
    return ~crc;
}

int main(int argc, char **argv) {
    if (argc != 5) {
        fprintf(stderr, "usage: tbloop VID PID MIB CHUNK\n");
        return 2;
    }
    unsigned vid = strtoul(argv[1], NULL, 16), pid = strtoul(argv[2], NULL, 16);
    long mib = atol(argv[3]), chunk = atol(argv[4]);
    if (mib <= 0 || chunk <= 0 || chunk > (1 << 20)) {
        fprintf(stderr, "tbloop: bad size\n");
        return 2;
    }
    crc_init();
    int fd = -1;
    for (int i = 0; i < 300 && fd < 0; i++) {
        fd = open_device(vid, pid);
        if (fd < 0)
            usleep(200000);
    }
    if (fd < 0) {
        printf("TB-LOOP error=no-device\n");
        return 1;
    }
    int iface = 0;
    if (ioctl(fd, USBDEVFS_CLAIMINTERFACE, &iface) < 0) {
        printf("TB-LOOP error=claim\n");
        return 1;
    }
    unsigned char *out = malloc(chunk), *in = malloc(chunk);
    uint32_t x = 2463534242u, out_crc = 0, in_crc = 0;
    long mismatches = 0, total = mib << 20;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (long done = 0; done < total; done += chunk) {
        long n = total - done < chunk ? total - done : chunk;
        for (long i = 0; i < n; i++) {
            x ^= x << 13; x ^= x >> 17; x ^= x << 5;
            out[i] = (unsigned char) x;
        }
        struct usbdevfs_bulktransfer w = {.ep = 0x01, .len = (unsigned) n, .timeout = 20000, .data = out};
        if (ioctl(fd, USBDEVFS_BULK, &w) != n) {
            printf("TB-LOOP error=write at=%ld\n", done);
            return 1;
        }
        out_crc = crc_update(out_crc, out, n);
        long got = 0;
        while (got < n) {
            struct usbdevfs_bulktransfer r = {.ep = 0x81, .len = (unsigned) (n - got), .timeout = 20000,
                .data = in + got};
            int k = ioctl(fd, USBDEVFS_BULK, &r);
            if (k <= 0) {
                printf("TB-LOOP error=read at=%ld\n", done + got);
                return 1;
            }
            got += k;
        }
        in_crc = crc_update(in_crc, in, n);
        if (memcmp(in, out, n) != 0)
            mismatches++;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    long ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
    printf("TB-LOOP mib=%ld chunk=%ld out_crc=%08x in_crc=%08x mismatches=%ld ms=%ld\n", mib, chunk, out_crc, in_crc,
            mismatches, ms);
    return mismatches ? 1 : 0;
}
