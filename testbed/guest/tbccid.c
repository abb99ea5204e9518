/*
 * tbccid: talks CCID to QEMU's usb-ccid reader (08e6:4433) through usbfs, no kernel driver, no pcscd.
 *   tbccid STEP...
 * Steps, run in order; each prints one line starting with "TB-CCID":
 *   present      wait (up to 60 s) until the slot holds a card (GetSlotStatus)
 *   on           IccPowerOn: "TB-CCID on status=S error=E atr=HEX"
 *   apdu:HEX     one XfrBlock: "TB-CCID apdu status=S error=E answer=HEX" (the card's answer as it came)
 *   long:HEX     XfrBlock, then GET RESPONSE while the card says 61xx:
 *                "TB-CCID long rounds=N first_sw=XXXX answer=HEX" (data of all rounds + the last status word)
 *   absent       wait (up to 60 s) until the slot is empty; reports the NotifySlotChange seen on the
 *                interrupt endpoint: "TB-CCID absent notify=HEX status=S"
 * bStatus S: bits 0-1 ICC state (0 active, 1 inactive, 2 none), bits 6-7 command status (0 ok, 1 failed).
 * Exit 1 on a USB error or a timeout.
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

#define EP_INT_IN 0x81
#define EP_BULK_IN 0x82
#define EP_BULK_OUT 0x03
#define MAX_MSG 4096

static int fd = -1;
static unsigned char seq;

static void hex(const unsigned char *p, int n) {
    for (int i = 0; i < n; i++)
        printf("%02x", p[i]);
}

static int unhex(const char *s, unsigned char *out, int max) {
    int n = 0;
    while (s[0] && s[1] && n < max) {
        unsigned v;
        if (sscanf(s, "%2x", &v) != 1)
            return -1;
        out[n++] = (unsigned char) v;
        s += 2;
    }
    return *s ? -1 : n;
}

/* Sends one PC_to_RDR message and reads its answer; returns the answer's length, -1 on error. */
static int exchange(unsigned char type, const unsigned char *data, int n, unsigned char *ans) {
    unsigned char msg[10 + MAX_MSG];
    memset(msg, 0, 10);
    msg[0] = type;
    msg[1] = n & 0xFF; msg[2] = (n >> 8) & 0xFF; msg[3] = (n >> 16) & 0xFF; msg[4] = (n >> 24) & 0xFF;
    msg[6] = seq++;
    memcpy(msg + 10, data, n);
    struct usbdevfs_bulktransfer w = {.ep = EP_BULK_OUT, .len = (unsigned) (10 + n), .timeout = 20000, .data = msg};
    if (ioctl(fd, USBDEVFS_BULK, &w) != 10 + n)
        return -1;
    int got = 0;
    for (;;) {
        struct usbdevfs_bulktransfer r = {.ep = EP_BULK_IN, .len = 10 + MAX_MSG - got, .timeout = 30000,
            .data = ans + got};
        int k = ioctl(fd, USBDEVFS_BULK, &r);
        if (k < 0)
            return -1;
        got += k;
        if (got >= 10) {
            unsigned len = ans[1] | ans[2] << 8 | ans[3] << 16 | (unsigned) ans[4] << 24;
            if (len > MAX_MSG)
                return -1;
            if (got >= (int) (10 + len))
                return got;
        }
        if (k == 0)
            return -1;
    }
}

static int slot_status(void) {
    unsigned char ans[10 + MAX_MSG];
    if (exchange(0x65, NULL, 0, ans) < 10)
        return -1;
    return ans[7];
}

static int wait_slot(int want_present, unsigned char *notify, int *notified) {
    for (int i = 0; i < 300; i++) {
        if (notify) {
            struct usbdevfs_bulktransfer r = {.ep = EP_INT_IN, .len = 8, .timeout = 200, .data = notify};
            int k = ioctl(fd, USBDEVFS_BULK, &r);
            if (k > 0)
                *notified = k;
        } else {
            usleep(200000);
        }
        int s = slot_status();
        if (s < 0)
            return -1;
        if (((s & 3) != 2) == want_present)
            return s;
    }
    return -2;
}

static int xfr(const unsigned char *apdu, int n, unsigned char *ans) {
    int k = exchange(0x6F, apdu, n, ans);
    if (k < 10 || ans[0] != 0x80)
        return -1;
    return k;
}

int main(int argc, char **argv) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    for (int i = 0; i < 300 && fd < 0; i++) {
        fd = open_device(0x08e6, 0x4433);
        if (fd < 0)
            usleep(200000);
    }
    if (fd < 0) {
        printf("TB-CCID error=no-device\n");
        return 1;
    }
    int iface = 0;
    if (ioctl(fd, USBDEVFS_CLAIMINTERFACE, &iface) < 0) {
        printf("TB-CCID error=claim\n");
        return 1;
    }
    unsigned char ans[10 + MAX_MSG], apdu[MAX_MSG];
    for (int a = 1; a < argc; a++) {
        const char *step = argv[a];
        if (!strcmp(step, "present")) {
            int s = wait_slot(1, NULL, NULL);
            if (s < 0) {
                printf("TB-CCID error=%s\n", s == -2 ? "no-card" : "usb");
                return 1;
            }
            printf("TB-CCID present status=%d\n", s);
        } else if (!strcmp(step, "absent")) {
            unsigned char notify[8] = {0};
            int notified = 0;
            int s = wait_slot(0, notify, &notified);
            if (s < 0) {
                printf("TB-CCID error=%s\n", s == -2 ? "card-stayed" : "usb");
                return 1;
            }
            printf("TB-CCID absent notify=");
            hex(notify, notified);
            printf(" status=%d\n", s);
        } else if (!strcmp(step, "on")) {
            int k = exchange(0x62, NULL, 0, ans);
            if (k < 10) {
                printf("TB-CCID error=usb\n");
                return 1;
            }
            printf("TB-CCID on status=%d error=%d atr=", ans[7], ans[8]);
            hex(ans + 10, k - 10);
            printf("\n");
        } else if (!strncmp(step, "apdu:", 5) || !strncmp(step, "long:", 5)) {
            int n = unhex(step + 5, apdu, MAX_MSG);
            if (n < 4) {
                printf("TB-CCID error=bad-apdu\n");
                return 2;
            }
            int k = xfr(apdu, n, ans);
            if (k < 0) {
                printf("TB-CCID error=usb\n");
                return 1;
            }
            if (step[0] == 'a') {
                printf("TB-CCID apdu status=%d error=%d answer=", ans[7], ans[8]);
                hex(ans + 10, k - 10);
                printf("\n");
                continue;
            }
            static unsigned char all[65536];
            int total = 0, rounds = 1;
            unsigned first_sw = k >= 12 ? (ans[k - 2] << 8 | ans[k - 1]) : 0;
            for (;;) {
                if (k < 12 || total + k - 12 > (int) sizeof all) {
                    printf("TB-CCID error=short-answer\n");
                    return 1;
                }
                memcpy(all + total, ans + 10, k - 12);
                total += k - 12;
                unsigned char sw1 = ans[k - 2], sw2 = ans[k - 1];
                if (sw1 != 0x61 || rounds >= 64) {
                    all[total++] = sw1;
                    all[total++] = sw2;
                    break;
                }
                unsigned char get[5] = {0x00, 0xC0, 0x00, 0x00, sw2};
                k = xfr(get, 5, ans);
                rounds++;
                if (k < 0) {
                    printf("TB-CCID error=usb\n");
                    return 1;
                }
            }
            printf("TB-CCID long rounds=%d first_sw=%04x answer=", rounds, first_sw);
            hex(all, total);
            printf("\n");
        } else {
            printf("TB-CCID error=unknown-step %s\n", step);
            return 2;
        }
    }
    return 0;
}
