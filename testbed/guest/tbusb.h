/*
 * tbusb.h: finding a USB device by vendor and product id through sysfs and opening its usbfs node, for the
 * guest's usbfs drivers (tbloop, tbccid). Static functions: each program compiles it in.
 */
#ifndef TBUSB_H
#define TBUSB_H
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>

static int read_hex(const char *dir, const char *name, unsigned *out, int base) {
    char path[512], buf[32];
    snprintf(path, sizeof path, "/sys/bus/usb/devices/%s/%s", dir, name);
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    int ok = fgets(buf, sizeof buf, f) != NULL;
    fclose(f);
    if (!ok)
        return -1;
    *out = (unsigned) strtoul(buf, NULL, base);
    return 0;
}

static int open_device(unsigned vid, unsigned pid) {
    DIR *d = opendir("/sys/bus/usb/devices");
    struct dirent *e;
    if (!d)
        return -1;
    while ((e = readdir(d)) != NULL) {
        unsigned v, p, bus, dev;
        if (read_hex(e->d_name, "idVendor", &v, 16) || read_hex(e->d_name, "idProduct", &p, 16) || v != vid
                || p != pid || read_hex(e->d_name, "busnum", &bus, 10) || read_hex(e->d_name, "devnum", &dev, 10))
            continue;
        closedir(d);
        char node[64];
        snprintf(node, sizeof node, "/dev/bus/usb/%03u/%03u", bus, dev);
        return open(node, O_RDWR);
    }
    closedir(d);
    return -1;
}

#endif
