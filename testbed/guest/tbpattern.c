/*
 * tbpattern: draws deterministic test patterns on /dev/fb0 for the thinspice testbed.
 *   tbpattern bars   colour bars, gradients, photo-like noise, 1-px detail, glyphs, flat areas
 *   tbpattern photo  full-screen seeded value noise (smooth, photo-like)
 *   tbpattern anim   bars background with a moving photo block at ~25 fps, until killed; frame n (mod 65536)
 *                    is a pure function of n, which is drawn as a code of 24 black/white 16x16 cells
 *                    (16 bits of n, then 8 check bits) at (0, by - 16), just above the block's rows
 *   tbpattern scroll black pseudo-text on white, scrolled up one 16-px line 20 times a second (a terminal or a
 *                    document); step n shows text lines n .. n + H/16 - 1 and the code of n at the top right
 *   tbpattern MODE /dev/fbN   the same on another framebuffer (a second QXL head); the mode is set
 *                    first, since no console has done so on a framebuffer fbcon does not use
 * The same integer formulas live in org.thinspice.testbed.Patterns (Java) so tests know every pixel.
 */
#include <fcntl.h>
#include <linux/fb.h>
#include <linux/kd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

static uint32_t mix(uint32_t ix, uint32_t iy, uint32_t seed)
{
    uint32_t h = ix * 0x9E3779B1u ^ iy * 0x85EBCA77u ^ seed * 0xC2B2AE3Du;
    h ^= h >> 15;
    h *= 0x2C1B3C6Du;
    h ^= h >> 12;
    h *= 0x297A2D39u;
    h ^= h >> 15;
    return h;
}

/* Bilinear value noise, lattice spacing s, value 0..255. */
static uint32_t noise(int x, int y, int s, uint32_t seed)
{
    uint32_t ix = x / s, iy = y / s, fx = x % s, fy = y % s;
    uint32_t v00 = mix(ix, iy, seed) & 255, v10 = mix(ix + 1, iy, seed) & 255;
    uint32_t v01 = mix(ix, iy + 1, seed) & 255, v11 = mix(ix + 1, iy + 1, seed) & 255;
    uint32_t top = v00 * (s - fx) + v10 * fx;
    uint32_t bottom = v01 * (s - fx) + v11 * fx;
    return (top * (s - fy) + bottom * fy) / (s * s);
}

static uint32_t photo(int x, int y)
{
    uint32_t rgb = 0;
    for (uint32_t c = 0; c < 3; c++) {
        uint32_t v = (3 * noise(x, y, 64, c + 1) + noise(x, y, 16, c + 11)) / 4;
        rgb = (rgb << 8) | v;
    }
    return rgb;
}

static const uint32_t bar_colours[8] = {
    0xFFFFFF, 0xFFFF00, 0x00FFFF, 0x00FF00, 0xFF00FF, 0xFF0000, 0x0000FF, 0x000000};

static int band_start(int k, int n) { return (k * n + 3) / 4; }

static uint32_t bars(int x, int y, int w, int h)
{
    int band = y * 4 / h;
    if (band == 0)
        return bar_colours[x * 8 / w];
    if (band == 1) {
        if (x < w / 2) {
            int y0 = band_start(1, h), bh = band_start(2, h) - y0;
            uint32_t r = x * 255 / (w / 2 - 1), g = (y - y0) * 255 / (bh - 1);
            return r << 16 | g << 8 | 0x80;
        }
        return photo(x, y);
    }
    if (band == 2) {
        int q = x * 4 / w;
        if (q == 0)
            return ((x + y) & 1) ? 0xFFFFFF : 0x000000;
        if (q == 1)
            return (x & 1) ? 0x0000FF : 0xFF0000;
        if (q == 2)
            return (y & 1) ? 0x00FF00 : 0x000000;
        int lx = x - band_start(3, w), ly = y - band_start(2, h);
        int cx = lx / 8, cy = ly / 16, px = lx % 8, py = ly % 16;
        if (px == 0 || px == 7 || py < 2 || py > 13 || (mix(cx, cy, 9) & 7) == 0)
            return 0xFFFFFF;
        return ((mix(cx, cy * 16 + py, 7) >> px) & 1) ? 0x000000 : 0xFFFFFF;
    }
    return x < w / 2 ? 0x808080 : 0x204060;
}

struct fb {
    uint8_t *mem;
    int w, h, bpp, stride;
    struct fb_var_screeninfo var;
};

static uint32_t encode(const struct fb *fb, uint32_t rgb)
{
    uint32_t r = rgb >> 16 & 255, g = rgb >> 8 & 255, b = rgb & 255;
    const struct fb_var_screeninfo *v = &fb->var;
    return (r >> (8 - v->red.length)) << v->red.offset | (g >> (8 - v->green.length)) << v->green.offset |
           (b >> (8 - v->blue.length)) << v->blue.offset;
}

static void put_row(struct fb *fb, int y, int x0, int n, const uint32_t *rgb)
{
    uint8_t *row = fb->mem + (size_t)y * fb->stride;
    if (fb->bpp == 32) {
        uint32_t tmp[4096];
        for (int i = 0; i < n; i++)
            tmp[i] = encode(fb, rgb[i]);
        memcpy(row + (size_t)x0 * 4, tmp, (size_t)n * 4);
    } else {
        uint16_t tmp[4096];
        for (int i = 0; i < n; i++)
            tmp[i] = (uint16_t)encode(fb, rgb[i]);
        memcpy(row + (size_t)x0 * 2, tmp, (size_t)n * 2);
    }
}

static void draw_full(struct fb *fb, uint32_t (*f)(int, int, int, int))
{
    static uint32_t line[4096];
    for (int y = 0; y < fb->h; y++) {
        for (int x = 0; x < fb->w; x++)
            line[x] = f(x, y, fb->w, fb->h);
        put_row(fb, y, 0, fb->w, line);
    }
}

static uint32_t photo_full(int x, int y, int w, int h)
{
    (void)w;
    (void)h;
    return photo(x, y);
}

#define BLOCK_W 256
#define BLOCK_H 192
#define TEX_W 512

static void sleep_until(struct timespec *t, long step_ns)
{
    t->tv_nsec += step_ns;
    while (t->tv_nsec >= 1000000000L) {
        t->tv_nsec -= 1000000000L;
        t->tv_sec++;
    }
    clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, t, NULL);
}

#define CODE_CELL 16
#define CODE_CELLS 24

/* The frame code: bit i (0..15 the number, 16..23 check bits) as cell i, white = 1. */
static uint32_t code_check(uint32_t n) { return mix(n, 0, 77) & 255; }

static void draw_code(struct fb *fb, int x0, int y0, uint32_t n)
{
    static uint32_t line[CODE_CELLS * CODE_CELL];
    uint32_t bits = (n & 0xFFFF) | code_check(n & 0xFFFF) << 16;
    for (int i = 0; i < CODE_CELLS * CODE_CELL; i++)
        line[i] = (bits >> (i / CODE_CELL) & 1) ? 0xFFFFFF : 0x000000;
    for (int v = 0; v < CODE_CELL; v++)
        put_row(fb, y0 + v, x0, CODE_CELLS * CODE_CELL, line);
}

/* Scroll: text line k (any integer) at pixel row py (0..15) of its 16-px line and column x. */
static uint32_t text_pixel(uint32_t k, int x, int py)
{
    int col = x / 8, px = x % 8;
    int len = 20 + (int)(mix(k, 1, 31) % 100);
    if (col >= len || px == 0 || px == 7 || py < 2 || py > 13 || (mix(col, k, 9) & 7) == 0)
        return 0xFFFFFF;
    return ((mix(col + k * 131u, py, 7) >> px) & 1) ? 0x000000 : 0xFFFFFF;
}

static void scroll(struct fb *fb)
{
    static uint32_t line[4096];
    int rows = fb->h / 16, cx = fb->w - CODE_CELLS * CODE_CELL, bpp = fb->bpp / 8;
    if (cx < 0)
        return;
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    for (uint32_t n = 0;; n = (n + 1) & 0xFFFF) {
        if (n == 0) {
            for (int r = 0; r < rows; r++)
                for (int py = 0; py < 16; py++) {
                    for (int x = 0; x < fb->w; x++)
                        line[x] = text_pixel(r, x, py);
                    put_row(fb, r * 16 + py, 0, fb->w, line);
                }
            draw_code(fb, cx, 0, 0);
            sleep_until(&t, 50000000L);
            continue;
        }
        /* Step n shows lines n .. n + rows - 1: move everything up one line, draw the new bottom line and the code. */
        for (int y = 0; y + 16 < rows * 16; y++)
            memcpy(fb->mem + (size_t)y * fb->stride, fb->mem + (size_t)(y + 16) * fb->stride, (size_t)fb->w * bpp);
        for (int py = 0; py < 16; py++) {
            for (int x = 0; x < fb->w; x++)
                line[x] = text_pixel(n + rows - 1, x, py);
            put_row(fb, (rows - 1) * 16 + py, 0, fb->w, line);
        }
        draw_code(fb, cx, 0, n);
        sleep_until(&t, 50000000L);
    }
}

static void anim(struct fb *fb)
{
    static uint32_t tex[BLOCK_H][TEX_W];
    static uint32_t line[4096];
    int by = fb->h / 4 + 32, span = fb->w - BLOCK_W;
    if (span < 1 || by + BLOCK_H > fb->h || fb->w < CODE_CELLS * CODE_CELL)
        return;
    draw_full(fb, bars);
    for (int v = 0; v < BLOCK_H; v++)
        for (int u = 0; u < TEX_W; u++)
            tex[v][u] = photo(u, v + 1000);
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    int oldx = -1;
    for (unsigned frame = 0;; frame = (frame + 1) & 0xFFFF) {
        int pos = (frame * 8) % (2 * span);
        int bx = pos < span ? pos : 2 * span - pos;
        int phase = (frame * 4) % (TEX_W - BLOCK_W);
        int x0 = oldx < 0 ? bx : (oldx < bx ? oldx : bx);
        int x1 = (oldx > bx ? oldx : bx) + BLOCK_W;
        /* Only the block's rows change; rewrite the union of old and new block columns. */
        for (int v = 0; v < BLOCK_H; v++) {
            int y = by + v;
            for (int x = x0; x < x1; x++)
                line[x - x0] = (x >= bx && x < bx + BLOCK_W) ? tex[v][x - bx + phase] : bars(x, y, fb->w, fb->h);
            put_row(fb, y, x0, x1 - x0, line);
        }
        draw_code(fb, 0, by - CODE_CELL, frame);
        oldx = bx;
        sleep_until(&t, 40000000L);
    }
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "bars";
    const char *dev = argc > 2 ? argv[2] : "/dev/fb0";
    int fd = open(dev, O_RDWR);
    if (fd < 0) {
        perror(dev);
        return 1;
    }
    struct fb fb;
    struct fb_fix_screeninfo fix;
    if (ioctl(fd, FBIOGET_VSCREENINFO, &fb.var) < 0 || ioctl(fd, FBIOGET_FSCREENINFO, &fix) < 0) {
        perror("tbpattern: screeninfo");
        return 1;
    }
    if (argc > 2) {
        fb.var.activate = FB_ACTIVATE_NOW | FB_ACTIVATE_FORCE;
        if (ioctl(fd, FBIOPUT_VSCREENINFO, &fb.var) < 0) {
            perror("tbpattern: set mode");
            return 1;
        }
    }
    fb.w = fb.var.xres;
    fb.h = fb.var.yres;
    fb.bpp = fb.var.bits_per_pixel;
    fb.stride = fix.line_length;
    if ((fb.bpp != 32 && fb.bpp != 16) || fb.w > 4096 || fb.w < 16 || fb.h < 16) {
        fprintf(stderr, "tbpattern: unsupported fb %dx%d@%d\n", fb.w, fb.h, fb.bpp);
        return 1;
    }
    size_t len = (size_t)fb.stride * fb.h;
    fb.mem = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (fb.mem == MAP_FAILED) {
        perror("tbpattern: mmap");
        return 1;
    }
    /* Keep fbcon from drawing its cursor or text over the pattern. */
    int tty = open("/dev/tty1", O_RDWR);
    if (tty >= 0) {
        ioctl(tty, KDSETMODE, KD_GRAPHICS);
        close(tty);
    }
    printf("tbpattern: %s on %dx%d@%d stride %d (%s)\n", mode, fb.w, fb.h, fb.bpp, fb.stride, fix.id);
    fflush(stdout);
    if (strcmp(mode, "bars") == 0 || strcmp(mode, "photo") == 0) {
        draw_full(&fb, strcmp(mode, "bars") == 0 ? bars : photo_full);
        /*
         * The mmap'ed writes reach the device through fbdev's deferred I/O, which tracks written pages by
         * fault; on rare runs one page (one 1024-px row) never got flushed. write() marks the whole range
         * damaged without page tracking, so the still picture is certain to reach the screen.
         */
        if (pwrite(fd, fb.mem, len, 0) != (ssize_t)len)
            perror("tbpattern: write-through");
    }
    else if (strcmp(mode, "anim") == 0)
        anim(&fb);
    else if (strcmp(mode, "scroll") == 0)
        scroll(&fb);
    else {
        fprintf(stderr, "tbpattern: unknown pattern %s (bars|photo|anim|scroll)\n", mode);
        return 2;
    }
    munmap(fb.mem, len);
    close(fd);
    return 0;
}
