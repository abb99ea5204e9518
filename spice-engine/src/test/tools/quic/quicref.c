/*
 * Test-fixture tool, not part of thinspice: drives spice-common's own QUIC coder (common/quic.c,
 * linked from a spice-common checkout, see make-quic-synthetic.sh) so fixtures for every QUIC image
 * type can be produced by the reference implementation, and captured streams can be decoded by it.
 *
 *   quicref encode TYPE WIDTH HEIGHT in.raw out.quic   (in.raw: rows top-down in QUIC's pixel layout:
 *                                                       GRAY 1 byte, RGB16 u16 LE x555, RGB24 B,G,R,
 *                                                       RGB32 B,G,R,pad, RGBA B,G,R,A)
 *   quicref decode in.quic out.argb                    (out: u32 LE 0xAARRGGBB per pixel, alpha 0xFF
 *                                                       unless RGBA, grey replicated)
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <setjmp.h>
#include "common/quic.h"

static jmp_buf failed;

static void on_error(QuicUsrContext *usr, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    longjmp(failed, 1);
}

static void on_note(QuicUsrContext *usr, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
}

static void *on_malloc(QuicUsrContext *usr, int size) { return malloc(size); }
static void on_free(QuicUsrContext *usr, void *ptr) { free(ptr); }
static int no_more_space(QuicUsrContext *usr, uint32_t **io_ptr, int rows) { return 0; }
static int no_more_lines(QuicUsrContext *usr, uint8_t **lines) { return 0; }

static QuicUsrContext usr = {
    on_error, on_note, on_note, on_malloc, on_free, no_more_space, no_more_lines
};

static unsigned char *slurp(const char *path, long *size)
{
    FILE *f = fopen(path, "rb");
    if (!f) { perror(path); exit(2); }
    fseek(f, 0, SEEK_END);
    *size = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *buf = malloc(*size + 4);
    if (fread(buf, 1, *size, f) != (size_t)*size) { perror(path); exit(2); }
    fclose(f);
    return buf;
}

static void spit(const char *path, const void *buf, size_t size)
{
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(buf, 1, size, f) != size) { perror(path); exit(2); }
    fclose(f);
}

static const int bytes_per_pixel[] = {0, 1, 2, 3, 4, 4};

int main(int argc, char **argv)
{
    QuicContext *quic = quic_create(&usr);
    if (setjmp(failed)) {
        return 1;
    }
    if (argc == 7 && strcmp(argv[1], "encode") == 0) {
        int type = atoi(argv[2]), width = atoi(argv[3]), height = atoi(argv[4]);
        long size;
        unsigned char *pixels = slurp(argv[5], &size);
        int stride = width * bytes_per_pixel[type];
        if (type < 1 || type > 5 || size != (long)stride * height) {
            fprintf(stderr, "raw size %ld does not fit %dx%d type %d\n", size, width, height, type);
            return 2;
        }
        unsigned int words = (unsigned int)(size / 4 + width * height + 4096);
        uint32_t *out = malloc(words * 4);
        int used = quic_encode(quic, type, width, height, pixels, height, stride, out, words);
        if (used <= 0) { fprintf(stderr, "encode failed\n"); return 1; }
        spit(argv[6], out, (size_t)used * 4);
        return 0;
    }
    if (argc == 4 && strcmp(argv[1], "decode") == 0) {
        long size;
        uint32_t *in = (uint32_t *)slurp(argv[2], &size);
        QuicImageType type;
        int width, height;
        if (quic_decode_begin(quic, in, size / 4, &type, &width, &height) != QUIC_OK) { return 1; }
        uint32_t *argb = malloc((size_t)width * height * 4);
        if (type == QUIC_IMAGE_TYPE_GRAY) {
            uint8_t *gray = malloc((size_t)width * height);
            quic_decode(quic, type, gray, width);
            for (long i = 0; i < (long)width * height; i++) { argb[i] = 0xFF000000u | gray[i] * 0x010101u; }
        } else {
            QuicImageType as = type == QUIC_IMAGE_TYPE_RGBA ? QUIC_IMAGE_TYPE_RGBA : QUIC_IMAGE_TYPE_RGB32;
            if (quic_decode(quic, as, (uint8_t *)argb, width * 4) != QUIC_OK) { return 1; }
            if (as != QUIC_IMAGE_TYPE_RGBA) {
                for (long i = 0; i < (long)width * height; i++) { argb[i] |= 0xFF000000u; }
            }
        }
        spit(argv[3], argb, (size_t)width * height * 4);
        printf("%d %d %d\n", type, width, height);
        return 0;
    }
    fprintf(stderr, "usage: quicref encode TYPE W H in.raw out.quic | quicref decode in.quic out.argb\n");
    return 2;
}
