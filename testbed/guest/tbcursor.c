/*
 * tbcursor: sets a hardware cursor through the DRM legacy cursor ioctl on /dev/dri/card0, so the qxl
 * KMS driver sends it to spice-server's cursor channel.
 *   tbcursor        64x64 ARGB test cursor, hotspot (5,7), at (100,50); stays until killed
 * Pixel (x,y) for x < 32: A=0xFF R=x*8 G=y*4 B=0x80; x >= 32: A=0x80 R=G=B=0x40 (translucent
 * grey). The same formula lives in the Java test that checks it.
 * DRM uapi structures are declared here: the build host has no libdrm headers.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

struct card_res {
    uint64_t fb_id_ptr, crtc_id_ptr, connector_id_ptr, encoder_id_ptr;
    uint32_t count_fbs, count_crtcs, count_connectors, count_encoders;
    uint32_t min_width, max_width, min_height, max_height;
};
struct create_dumb {
    uint32_t height, width, bpp, flags, handle, pitch;
    uint64_t size;
};
struct map_dumb {
    uint32_t handle, pad;
    uint64_t offset;
};
struct cursor2 {
    uint32_t flags, crtc_id;
    int32_t x, y;
    uint32_t width, height, handle;
    int32_t hot_x, hot_y;
};

#define IOCTL_SET_MASTER _IO('d', 0x1e)
#define IOCTL_GETRESOURCES _IOWR('d', 0xA0, struct card_res)
#define IOCTL_CREATE_DUMB _IOWR('d', 0xB2, struct create_dumb)
#define IOCTL_MAP_DUMB _IOWR('d', 0xB3, struct map_dumb)
#define IOCTL_CURSOR2 _IOWR('d', 0xBB, struct cursor2)
#define CURSOR_BO 1
#define CURSOR_MOVE 2

int main(void)
{
    int fd = open("/dev/dri/card0", O_RDWR);
    if (fd < 0) {
        perror("tbcursor: /dev/dri/card0");
        return 1;
    }
    ioctl(fd, IOCTL_SET_MASTER, 0); /* the first opener is master already; harmless otherwise */
    uint32_t crtcs[8];
    struct card_res res;
    memset(&res, 0, sizeof res);
    if (ioctl(fd, IOCTL_GETRESOURCES, &res) < 0 || res.count_crtcs == 0) {
        perror("tbcursor: GETRESOURCES");
        return 1;
    }
    if (res.count_crtcs > 8) {
        res.count_crtcs = 8;
    }
    res.crtc_id_ptr = (uint64_t)(uintptr_t)crtcs;
    res.count_fbs = res.count_connectors = res.count_encoders = 0;
    if (ioctl(fd, IOCTL_GETRESOURCES, &res) < 0) {
        perror("tbcursor: GETRESOURCES ids");
        return 1;
    }
    struct create_dumb dumb = { .height = 64, .width = 64, .bpp = 32 };
    if (ioctl(fd, IOCTL_CREATE_DUMB, &dumb) < 0) {
        perror("tbcursor: CREATE_DUMB");
        return 1;
    }
    struct map_dumb map = { .handle = dumb.handle };
    if (ioctl(fd, IOCTL_MAP_DUMB, &map) < 0) {
        perror("tbcursor: MAP_DUMB");
        return 1;
    }
    uint8_t *bo = mmap(0, dumb.size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, (off_t)map.offset);
    if (bo == MAP_FAILED) {
        perror("tbcursor: mmap");
        return 1;
    }
    for (int y = 0; y < 64; y++) {
        uint32_t *row = (uint32_t *)(bo + (size_t)y * dumb.pitch);
        for (int x = 0; x < 64; x++) {
            row[x] = x < 32 ? 0xFF000000u | (uint32_t)(x * 8) << 16 | (uint32_t)(y * 4) << 8 | 0x80u : 0x80404040u;
        }
    }
    struct cursor2 c = { .flags = CURSOR_BO | CURSOR_MOVE, .crtc_id = crtcs[0], .x = 100, .y = 50,
                         .width = 64, .height = 64, .handle = dumb.handle, .hot_x = 5, .hot_y = 7 };
    if (ioctl(fd, IOCTL_CURSOR2, &c) < 0) {
        perror("tbcursor: CURSOR2");
        return 1;
    }
    printf("tbcursor: set\n");
    fflush(stdout);
    for (;;) {
        pause();
    }
}
