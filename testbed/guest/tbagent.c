/*
 * tbagent: a minimal SPICE guest agent for the thinspice testbed.
 *
 *   /tbagent                 daemon: serves /dev/virtio-ports/com.redhat.spice.0, control FIFO
 *                            /tmp/tbagent.ctl, logs one "TBAG ..." line per event on stdout
 *   /tbagent ctl [-s SEL] CMD [ARG]   hands one command to the running daemon (exit 1 if none)
 *   /tbagent parse HEX...    offline: feeds each HEX argument to the parser as one port read, logs as
 *                            the daemon would (replies are logged as "sent" but go nowhere)
 *
 * Commands (SEL = selection, default 0; each is answered by a "TBAG ctl CMD ok|err reason=..." line):
 *   grab-text TEXT       own SEL with UTF-8 text (type 1) and send CLIPBOARD_GRAB; serve it on request
 *   grab-hex TYPE HEX    own SEL with bytes given as hex, of clipboard type TYPE
 *   grab-gen N           own SEL with N bytes of generated text ('a'..'z', '\n' every 64th byte)
 *   grab-png PATH        own SEL with a PNG file (type 2); grab-file TYPE PATH for any type
 *   request text|png|N   send CLIPBOARD_REQUEST (the answer is logged as a CLIPBOARD line)
 *   release              send CLIPBOARD_RELEASE and forget the owned data
 *   auto-request on|off  request text (else png) after every client grab (default on)
 *   regrab on|off        when a new client announces itself (ANNOUNCE_CAPABILITIES request=1), grab
 *                        again every selection we own, so what was copied while no client was
 *                        connected is offered to it (spice-server drops agent data without a client)
 *   caps HEX             set our capability word 0 and re-announce (request=0)
 *   announce             announce our caps with request=1
 *   raw HEX              send HEX bytes as the data of one client-port chunk (malformed messages)
 *   rawport HEX          write HEX bytes to the port as they are (chunk headers included)
 *
 * Wire: the port carries VDIChunkHeader{u32 port, u32 size} + data; the data of each port is a
 * stream of VDAgentMessage{u32 protocol=1, u32 type, u64 opaque, u32 size} + body (little endian).
 * Every line is written with one write() so it stays whole on the shared serial console.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define PORT_PATH "/dev/virtio-ports/com.redhat.spice.0"
#define CTL_PATH "/tmp/tbagent.ctl"
#define MAX_MSG (16u << 20)
#define MAX_CHUNK 2048u
#define CLIENT_PORT 1
#define SERVER_PORT 2

enum {
    MOUSE_STATE = 1, MONITORS_CONFIG, REPLY, CLIPBOARD, DISPLAY_CONFIG, ANNOUNCE_CAPABILITIES,
    CLIPBOARD_GRAB, CLIPBOARD_REQUEST, CLIPBOARD_RELEASE, FILE_XFER_START, FILE_XFER_STATUS,
    FILE_XFER_DATA, CLIENT_DISCONNECTED, MAX_CLIPBOARD, AUDIO_VOLUME_SYNC, GRAPHICS_DEVICE_INFO
};
static const char *type_names[] = {
    "NONE", "MOUSE_STATE", "MONITORS_CONFIG", "REPLY", "CLIPBOARD", "DISPLAY_CONFIG",
    "ANNOUNCE_CAPABILITIES", "CLIPBOARD_GRAB", "CLIPBOARD_REQUEST", "CLIPBOARD_RELEASE",
    "FILE_XFER_START", "FILE_XFER_STATUS", "FILE_XFER_DATA", "CLIENT_DISCONNECTED", "MAX_CLIPBOARD",
    "AUDIO_VOLUME_SYNC", "GRAPHICS_DEVICE_INFO"
};
#define CAP_REPLY 2
#define CAP_CLIPBOARD_SELECTION 6
#define CAP_CLIPBOARD_GRAB_SERIAL 17
/* MONITORS_CONFIG, REPLY, CLIPBOARD_BY_DEMAND, CLIPBOARD_SELECTION, GUEST_LINEEND_LF, MAX_CLIPBOARD,
 * MONITORS_CONFIG_POSITION, CLIPBOARD_NO_RELEASE_ON_REGRAB. */
#define DEFAULT_CAPS ((1u << 1) | (1u << 2) | (1u << 5) | (1u << 6) | (1u << 8) | (1u << 10) | (1u << 12) \
        | (1u << 16))

static int port_fd = -1;
static uint32_t our_caps = DEFAULT_CAPS;
static uint32_t client_caps;
static int auto_request = 1;
static int regrab;
static uint32_t grab_serial[4];

/* What we own per selection (0..3): data of one type, served on request. */
static struct {
    uint32_t type;
    uint8_t *data;
    uint32_t len;
} owned[4];

/* ---------- output ---------- */

static void out(const char *fmt, ...)
{
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof line - 1, fmt, ap);
    va_end(ap);
    if (n < 0) {
        return;
    }
    if (n > (int) sizeof line - 2) {
        n = sizeof line - 2;
    }
    line[n++] = '\n';
    ssize_t w = write(1, line, n);
    (void) w;
}

static const char *type_name(uint32_t t)
{
    static char buf[24];
    if (t < sizeof type_names / sizeof type_names[0]) {
        return type_names[t];
    }
    snprintf(buf, sizeof buf, "TYPE%u", t);
    return buf;
}

/* ---------- SHA-256 (FIPS 180-4), for logging clipboard contents compactly ---------- */

static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
};

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void sha256_block(uint32_t h[8], const uint8_t *p)
{
    uint32_t w[64];
    for (int i = 0; i < 16; i++) {
        w[i] = (uint32_t) p[4 * i] << 24 | (uint32_t) p[4 * i + 1] << 16 | (uint32_t) p[4 * i + 2] << 8 | p[4 * i + 3];
    }
    for (int i = 16; i < 64; i++) {
        uint32_t s0 = ROR(w[i - 15], 7) ^ ROR(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = ROR(w[i - 2], 17) ^ ROR(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
    for (int i = 0; i < 64; i++) {
        uint32_t t1 = k + (ROR(e, 6) ^ ROR(e, 11) ^ ROR(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i];
        uint32_t t2 = (ROR(a, 2) ^ ROR(a, 13) ^ ROR(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        k = g; g = f; f = e; e = d + t1; d = c; c = b; b = a; a = t1 + t2;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += k;
}

static void sha256_hex(const uint8_t *data, uint32_t len, char hex[65])
{
    uint32_t h[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    uint32_t i = 0;
    for (; i + 64 <= len; i += 64) {
        sha256_block(h, data + i);
    }
    uint8_t tail[128] = {0};
    uint32_t rest = len - i;
    memcpy(tail, data + i, rest);
    tail[rest] = 0x80;
    uint32_t blocks = rest + 9 <= 64 ? 1 : 2;
    uint64_t bits = (uint64_t) len * 8;
    for (int b = 0; b < 8; b++) {
        tail[blocks * 64 - 1 - b] = (uint8_t) (bits >> (8 * b));
    }
    for (uint32_t b = 0; b < blocks; b++) {
        sha256_block(h, tail + 64 * b);
    }
    for (int j = 0; j < 8; j++) {
        sprintf(hex + 8 * j, "%08x", h[j]);
    }
}

/* Text for a log line: printable ASCII as is, '"' '\\' and the rest as \xNN, cut at 160 bytes. */
static void quote(const uint8_t *data, uint32_t len, char *dst, size_t cap)
{
    size_t o = 0;
    for (uint32_t i = 0; i < len && o + 6 < cap; i++) {
        if (i == 160) {
            o += snprintf(dst + o, cap - o, "...");
            break;
        }
        uint8_t c = data[i];
        if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
            dst[o++] = c;
        } else {
            o += snprintf(dst + o, cap - o, "\\x%02x", c);
        }
    }
    dst[o] = 0;
}

static uint32_t rd32(const uint8_t *p)
{
    return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t) p[3] << 24;
}

static void wr32(uint8_t *p, uint32_t v)
{
    p[0] = v; p[1] = v >> 8; p[2] = v >> 16; p[3] = v >> 24;
}

/* ---------- sending ---------- */

static int write_all(const uint8_t *p, size_t n)
{
    if (port_fd < 0) {
        return 0;               /* "parse" mode: nothing to send to */
    }
    while (n > 0) {
        struct pollfd pfd = {port_fd, POLLOUT, 0};
        if (poll(&pfd, 1, 3000) <= 0) {
            out("TBAG senderr reason=timeout");
            return -1;
        }
        ssize_t w = write(port_fd, p, n);
        if (w < 0) {
            if (errno == EINTR || errno == EAGAIN) {
                continue;
            }
            out("TBAG senderr reason=%s", strerror(errno));
            return -1;
        }
        p += w;
        n -= w;
    }
    return 0;
}

/* Sends bytes as the data of one or more chunks for `port`, each at most MAX_CHUNK long. */
static int send_chunked(uint32_t port, const uint8_t *data, size_t len, size_t max_chunk)
{
    uint8_t buf[8 + MAX_CHUNK];
    do {
        size_t n = len < max_chunk ? len : max_chunk;
        wr32(buf, port);
        wr32(buf + 4, n);
        memcpy(buf + 8, data, n);
        if (write_all(buf, 8 + n) < 0) {
            return -1;
        }
        data += n;
        len -= n;
    } while (len > 0);
    return 0;
}

static int send_msg(uint32_t type, const uint8_t *body, uint32_t len)
{
    uint8_t *m = malloc(20 + (size_t) len);
    if (!m) {
        return -1;
    }
    memset(m, 0, 20);
    wr32(m, 1);
    wr32(m + 4, type);
    wr32(m + 16, len);
    if (len) {
        memcpy(m + 20, body, len);
    }
    int r = send_chunked(CLIENT_PORT, m, 20 + (size_t) len, MAX_CHUNK);
    free(m);
    return r;
}

static int has_cap(uint32_t caps, int bit)
{
    return (caps >> bit) & 1;
}

static int use_selection(void)
{
    return has_cap(client_caps, CAP_CLIPBOARD_SELECTION) && has_cap(our_caps, CAP_CLIPBOARD_SELECTION);
}

static int use_serial(void)
{
    return has_cap(client_caps, CAP_CLIPBOARD_GRAB_SERIAL) && has_cap(our_caps, CAP_CLIPBOARD_GRAB_SERIAL);
}

static void send_announce(int request)
{
    uint8_t b[8];
    wr32(b, request);
    wr32(b + 4, our_caps);
    if (send_msg(ANNOUNCE_CAPABILITIES, b, 8) == 0) {
        out("TBAG sent ANNOUNCE_CAPABILITIES request=%d caps=0x%x", request, our_caps);
    }
}

/* Clipboard body: optional selection header (u8 sel + 3 reserved), then `body`. */
static void send_clip(uint32_t type, int sel, const uint8_t *body, uint32_t len)
{
    size_t hdr = use_selection() ? 4 : 0;
    uint8_t *b = malloc(hdr + len + 1);
    if (!b) {
        return;
    }
    memset(b, 0, hdr);
    if (hdr) {
        b[0] = sel;
    }
    if (len) {
        memcpy(b + hdr, body, len);
    }
    send_msg(type, b, hdr + len);
    free(b);
}

static void send_grab(int sel)
{
    uint8_t b[8];
    uint32_t n = 0;
    if (use_serial()) {
        wr32(b, grab_serial[sel]++);
        n = 4;
    }
    wr32(b + n, owned[sel].type);
    send_clip(CLIPBOARD_GRAB, sel, b, n + 4);
    char sha[65];
    sha256_hex(owned[sel].data, owned[sel].len, sha);
    out("TBAG sent CLIPBOARD_GRAB sel=%d types=%u len=%u sha256=%s", sel, owned[sel].type, owned[sel].len, sha);
}

static void send_request(int sel, uint32_t type)
{
    uint8_t b[4];
    wr32(b, type);
    send_clip(CLIPBOARD_REQUEST, sel, b, 4);
    out("TBAG sent CLIPBOARD_REQUEST sel=%d type=%u", sel, type);
}

static void send_clipboard(int sel, uint32_t type)
{
    int have = owned[sel].data && owned[sel].type == type;
    uint32_t len = have ? owned[sel].len : 0;
    uint8_t *b = malloc(4 + (size_t) len);
    if (!b) {
        return;
    }
    wr32(b, have ? type : 0);
    if (len) {
        memcpy(b + 4, owned[sel].data, len);
    }
    send_clip(CLIPBOARD, sel, b, 4 + len);
    free(b);
    out("TBAG sent CLIPBOARD sel=%d type=%u len=%u", sel, have ? type : 0, len);
}

/* ---------- receiving ---------- */

static void log_clipboard(int sel, uint32_t type, const uint8_t *d, uint32_t len)
{
    char sha[65], text[700] = "";
    sha256_hex(d, len, sha);
    if (type == 1) {
        char q[660];
        quote(d, len, q, sizeof q);
        snprintf(text, sizeof text, " text=\"%s\"", q);
    }
    out("TBAG CLIPBOARD sel=%d type=%u len=%u sha256=%s%s", sel, type, len, sha, text);
}

static void on_clipboard_msg(uint32_t type, const uint8_t *d, uint32_t len)
{
    int sel = 0;
    if (use_selection()) {
        if (len < 4) {
            out("TBAG drop reason=short type=%s size=%u", type_name(type), len);
            return;
        }
        sel = d[0];
        d += 4;
        len -= 4;
        if (sel > 3) {
            out("TBAG drop reason=selection type=%s sel=%d", type_name(type), sel);
            return;
        }
    }
    if (type == CLIPBOARD_RELEASE) {
        out("TBAG CLIPBOARD_RELEASE sel=%d", sel);
        return;
    }
    if (type == CLIPBOARD_GRAB) {
        char serial[24] = "", types[256] = "";
        if (use_serial()) {
            if (len < 4) {
                out("TBAG drop reason=short type=CLIPBOARD_GRAB size=%u", len);
                return;
            }
            snprintf(serial, sizeof serial, " serial=%u", rd32(d));
            grab_serial[sel] = rd32(d) + 1;
            d += 4;
            len -= 4;
        }
        if (len % 4 != 0) {
            out("TBAG drop reason=short type=CLIPBOARD_GRAB size=%u", len);
            return;
        }
        uint32_t want = 0;
        size_t o = 0;
        for (uint32_t i = 0; i < len / 4 && o + 12 < sizeof types; i++) {
            uint32_t t = rd32(d + 4 * i);
            o += snprintf(types + o, sizeof types - o, "%s%u", i ? "," : "", t);
            if (t == 1 || (t == 2 && want == 0)) {
                want = t;
            }
        }
        free(owned[sel].data);
        owned[sel].data = NULL;
        out("TBAG CLIPBOARD_GRAB sel=%d types=%s%s", sel, o ? types : "-", serial);
        if (auto_request && want) {
            send_request(sel, want);
        }
        return;
    }
    if (len < 4) {
        out("TBAG drop reason=short type=%s size=%u", type_name(type), len);
        return;
    }
    uint32_t t = rd32(d);
    if (type == CLIPBOARD_REQUEST) {
        out("TBAG CLIPBOARD_REQUEST sel=%d type=%u", sel, t);
        send_clipboard(sel, t);
    } else {
        log_clipboard(sel, t, d + 4, len - 4);
    }
}

static void on_monitors(const uint8_t *d, uint32_t len)
{
    if (len < 8) {
        out("TBAG drop reason=short type=MONITORS_CONFIG size=%u", len);
        return;
    }
    uint32_t n = rd32(d), flags = rd32(d + 4);
    uint64_t need = 8 + (uint64_t) n * 20 + ((flags & 2) ? (uint64_t) n * 4 : 0);
    if (n > 64 || need > len) {
        out("TBAG drop reason=short type=MONITORS_CONFIG n=%u size=%u", n, len);
        return;
    }
    char line[900];
    size_t o = snprintf(line, sizeof line, "TBAG MONITORS_CONFIG n=%u flags=0x%x", n, flags);
    for (uint32_t i = 0; i < n && o + 80 < sizeof line; i++) {
        const uint8_t *m = d + 8 + 20 * i;
        o += snprintf(line + o, sizeof line - o, " %u:%ux%u%+d%+dd%u", i, rd32(m + 4), rd32(m), (int32_t) rd32(m + 12),
                (int32_t) rd32(m + 16), rd32(m + 8));
        if (flags & 2) {
            const uint8_t *mm = d + 8 + 20 * n + 4 * i;
            o += snprintf(line + o, sizeof line - o, "mm%ux%u", mm[2] | mm[3] << 8, mm[0] | mm[1] << 8);
        }
    }
    out("%s", line);
}

static void reply(uint32_t type, uint32_t error)
{
    if (has_cap(client_caps, CAP_REPLY)) {
        uint8_t b[8];
        wr32(b, type);
        wr32(b + 4, error);
        send_msg(REPLY, b, 8);
    }
}

static void on_message(uint32_t port, uint32_t type, const uint8_t *d, uint32_t len)
{
    switch (type) {
    case ANNOUNCE_CAPABILITIES:
        if (len < 8) {
            out("TBAG drop reason=short type=ANNOUNCE_CAPABILITIES size=%u", len);
            break;
        }
        client_caps = rd32(d + 4);
        /* A new capability exchange starts grab serials afresh on both sides, as spice-vdagent does. */
        memset(grab_serial, 0, sizeof grab_serial);
        out("TBAG ANNOUNCE_CAPABILITIES request=%u caps=0x%x words=%u", rd32(d), client_caps, (len - 4) / 4);
        if (rd32(d)) {
            send_announce(0);
            for (int sel = 0; regrab && sel < 4; sel++) {
                if (owned[sel].data) {
                    send_grab(sel);
                }
            }
        }
        break;
    case MONITORS_CONFIG:
        on_monitors(d, len);
        reply(MONITORS_CONFIG, 1);
        break;
    case CLIPBOARD_GRAB:
    case CLIPBOARD_REQUEST:
    case CLIPBOARD:
    case CLIPBOARD_RELEASE:
        on_clipboard_msg(type, d, len);
        break;
    case MOUSE_STATE:
        if (len < 13) {
            out("TBAG drop reason=short type=MOUSE_STATE size=%u", len);
        } else {
            out("TBAG MOUSE_STATE x=%u y=%u buttons=0x%x display=%u", rd32(d), rd32(d + 4), rd32(d + 8), d[12]);
        }
        break;
    case DISPLAY_CONFIG:
        out("TBAG DISPLAY_CONFIG flags=0x%x depth=%u", len >= 8 ? rd32(d) : 0, len >= 8 ? rd32(d + 4) : 0);
        reply(DISPLAY_CONFIG, 1);
        break;
    case MAX_CLIPBOARD:
        out("TBAG MAX_CLIPBOARD max=%d", len >= 4 ? (int32_t) rd32(d) : 0);
        break;
    case CLIENT_DISCONNECTED:
        client_caps = 0;
        memset(grab_serial, 0, sizeof grab_serial);
        out("TBAG CLIENT_DISCONNECTED");
        break;
    case REPLY:
    case FILE_XFER_START:
    case FILE_XFER_STATUS:
    case FILE_XFER_DATA:
    case AUDIO_VOLUME_SYNC:
    case GRAPHICS_DEVICE_INFO:
        out("TBAG %s size=%u port=%u", type_name(type), len, port);
        break;
    default:
        out("TBAG drop reason=unknown-type type=%u size=%u port=%u", type, len, port);
    }
}

/* Reassembles the message stream of one port; chunk boundaries mean nothing to it. */
struct stream {
    uint8_t hdr[20];
    uint32_t hdr_len;
    uint8_t *body;
    uint32_t size, got;
    uint32_t skip;             /* bytes of an oversized or broken message still to discard */
};
static struct stream streams[3];

static void feed(uint32_t port, const uint8_t *p, uint32_t n)
{
    struct stream *s = &streams[port];
    while (n > 0) {
        if (s->skip) {
            uint32_t k = n < s->skip ? n : s->skip;
            s->skip -= k;
            p += k;
            n -= k;
            continue;
        }
        if (s->hdr_len < 20) {
            uint32_t k = 20 - s->hdr_len < n ? 20 - s->hdr_len : n;
            memcpy(s->hdr + s->hdr_len, p, k);
            s->hdr_len += k;
            p += k;
            n -= k;
            if (s->hdr_len < 20) {
                return;
            }
            uint32_t proto = rd32(s->hdr), size = rd32(s->hdr + 16);
            if (proto != 1) {
                out("TBAG drop reason=protocol protocol=%u type=%u port=%u", proto, rd32(s->hdr + 4), port);
                s->hdr_len = 0;
                return;         /* the rest of this chunk cannot be trusted */
            }
            if (size > MAX_MSG) {
                out("TBAG drop reason=too-big type=%s size=%u", type_name(rd32(s->hdr + 4)), size);
                s->hdr_len = 0;
                s->skip = size;
                continue;
            }
            s->size = size;
            s->got = 0;
            s->body = malloc(size ? size : 1);
            if (!s->body) {
                out("TBAG drop reason=nomem size=%u", size);
                s->hdr_len = 0;
                s->skip = size;
                continue;
            }
        }
        uint32_t k = s->size - s->got < n ? s->size - s->got : n;
        memcpy(s->body + s->got, p, k);
        s->got += k;
        p += k;
        n -= k;
        if (s->got == s->size) {
            on_message(port, rd32(s->hdr + 4), s->body, s->size);
            free(s->body);
            s->body = NULL;
            s->hdr_len = 0;
        }
    }
}

/* Port byte stream -> chunks. */
static uint8_t cbuf[8 + 65536];
static uint32_t clen;

static void on_port_bytes(const uint8_t *p, size_t n)
{
    while (n > 0) {
        if (clen < 8) {
            size_t k = 8 - clen < n ? 8 - clen : n;
            memcpy(cbuf + clen, p, k);
            clen += k;
            p += k;
            n -= k;
            continue;
        }
        uint32_t port = rd32(cbuf), size = rd32(cbuf + 4);
        if (size > sizeof cbuf - 8 || (port != CLIENT_PORT && port != SERVER_PORT)) {
            out("TBAG drop reason=chunk port=%u size=%u", port, size);
            clen = 0;
            return;             /* lost framing: drop what this read brought */
        }
        size_t k = 8 + size - clen < n ? 8 + size - clen : n;
        memcpy(cbuf + clen, p, k);
        clen += k;
        p += k;
        n -= k;
        if (clen == 8 + size) {
            feed(port, cbuf + 8, size);
            clen = 0;
        }
    }
    if (clen >= 8 && rd32(cbuf + 4) == 0) {
        clen = 0;
    }
}

/* ---------- control ---------- */

static int unhex(const char *h, uint8_t **outp, uint32_t *len)
{
    size_t n = strlen(h);
    if (n % 2) {
        return -1;
    }
    uint8_t *b = malloc(n / 2 + 1);
    if (!b) {
        return -1;
    }
    for (size_t i = 0; i < n / 2; i++) {
        unsigned v;
        if (sscanf(h + 2 * i, "%2x", &v) != 1) {
            free(b);
            return -1;
        }
        b[i] = v;
    }
    *outp = b;
    *len = n / 2;
    return 0;
}

static int read_file(const char *path, uint8_t **data, uint32_t *len)
{
    int fd = open(path, O_RDONLY);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) < 0 || st.st_size > MAX_MSG - 64) {
        if (fd >= 0) {
            close(fd);
        }
        return -1;
    }
    uint8_t *b = malloc(st.st_size + 1);
    ssize_t got = b ? read(fd, b, st.st_size) : -1;
    close(fd);
    if (got != st.st_size) {
        free(b);
        return -1;
    }
    *data = b;
    *len = st.st_size;
    return 0;
}

static void own(int sel, uint32_t type, uint8_t *data, uint32_t len)
{
    free(owned[sel].data);
    owned[sel].type = type;
    owned[sel].data = data;
    owned[sel].len = len;
    send_grab(sel);
}

/* One FIFO line: "CMD SEL HEXARG" (the ctl client hex-encodes its argument). */
static void on_ctl(char *line)
{
    char cmd[32] = "", hexarg[4096] = "";
    int sel = 0;
    if (sscanf(line, "%31s %d %4095s", cmd, &sel, hexarg) < 2 || sel < 0 || sel > 3) {
        out("TBAG ctl err reason=syntax");
        return;
    }
    uint8_t *arg = NULL;
    uint32_t alen = 0;
    if (unhex(hexarg, &arg, &alen) < 0) {
        out("TBAG ctl %s err reason=hex", cmd);
        return;
    }
    arg[alen] = 0;
    const char *s = (const char *) arg;
    int ok = 1;
    if (!strcmp(cmd, "grab-text")) {
        own(sel, 1, arg, alen);
        arg = NULL;
    } else if (!strcmp(cmd, "grab-gen")) {
        uint32_t n = strtoul(s, NULL, 10);
        uint8_t *b = n <= MAX_MSG - 64 ? malloc(n + 1) : NULL;
        ok = b != NULL;
        if (ok) {
            for (uint32_t i = 0; i < n; i++) {
                b[i] = (i % 64 == 63) ? '\n' : 'a' + (i % 26);
            }
            own(sel, 1, b, n);
        }
    } else if (!strcmp(cmd, "grab-hex")) {
        /* "TYPE HEX": data of any type given as hex, e.g. UTF-8 text that a console cannot carry. */
        char *sp = strchr(s, ' ');
        uint8_t *b;
        uint32_t n;
        ok = sp && unhex(sp + 1, &b, &n) == 0;
        if (ok) {
            own(sel, strtoul(s, NULL, 10), b, n);
        }
    } else if (!strcmp(cmd, "grab-png") || !strcmp(cmd, "grab-file")) {
        uint32_t type = 2;
        const char *path = s;
        if (!strcmp(cmd, "grab-file")) {
            char *sp = strchr(s, ' ');
            type = strtoul(s, NULL, 10);
            path = sp ? sp + 1 : "";
        }
        uint8_t *b;
        uint32_t n;
        ok = read_file(path, &b, &n) == 0;
        if (ok) {
            own(sel, type, b, n);
        }
    } else if (!strcmp(cmd, "request")) {
        uint32_t type = !strcmp(s, "text") ? 1 : !strcmp(s, "png") ? 2 : strtoul(s, NULL, 10);
        send_request(sel, type);
    } else if (!strcmp(cmd, "release")) {
        free(owned[sel].data);
        owned[sel].data = NULL;
        send_clip(CLIPBOARD_RELEASE, sel, NULL, 0);
        out("TBAG sent CLIPBOARD_RELEASE sel=%d", sel);
    } else if (!strcmp(cmd, "auto-request")) {
        auto_request = !strcmp(s, "on");
    } else if (!strcmp(cmd, "regrab")) {
        regrab = !strcmp(s, "on");
    } else if (!strcmp(cmd, "caps")) {
        our_caps = strtoul(s, NULL, 16);
        send_announce(0);
    } else if (!strcmp(cmd, "announce")) {
        send_announce(1);
    } else if (!strcmp(cmd, "raw") || !strcmp(cmd, "rawport")) {
        /* The argument is itself hex: the bytes to send, as one client-port chunk or as-is. */
        uint8_t *bytes;
        uint32_t n;
        ok = unhex(s, &bytes, &n) == 0;
        if (ok) {
            ok = !strcmp(cmd, "raw") ? n <= MAX_CHUNK && send_chunked(CLIENT_PORT, bytes, n, MAX_CHUNK) == 0
                    : write_all(bytes, n) == 0;
            free(bytes);
        }
        if (ok) {
            out("TBAG sent %s len=%u", cmd, n);
        }
    } else {
        out("TBAG ctl %s err reason=unknown-command", cmd);
        free(arg);
        return;
    }
    free(arg);
    out(ok ? "TBAG ctl %s ok" : "TBAG ctl %s err reason=failed", cmd);
}

static int ctl_client(int argc, char **argv)
{
    int i = 2, sel = 0;
    if (i + 1 < argc && !strcmp(argv[i], "-s")) {
        sel = atoi(argv[i + 1]);
        i += 2;
    }
    if (i >= argc) {
        fprintf(stderr, "usage: tbagent ctl [-s SEL] CMD [ARG...]\n");
        return 2;
    }
    const char *cmd = argv[i++];
    char arg[2000] = "";
    size_t al = 0;
    for (; i < argc; i++) {  /* remaining words joined by one space, as the shell split them */
        size_t wl = strlen(argv[i]);
        if (al + wl + 2 > sizeof arg) {
            fprintf(stderr, "tbagent: argument too long\n");
            return 2;
        }
        if (al) {
            arg[al++] = ' ';
        }
        memcpy(arg + al, argv[i], wl);
        al += wl;
    }
    char line[4096 + 64];
    int o = snprintf(line, sizeof line, "%s %d ", cmd, sel);
    for (size_t k = 0; k < al; k++) {
        o += sprintf(line + o, "%02x", (uint8_t) arg[k]);
    }
    line[o++] = '\n';
    int fd = open(CTL_PATH, O_WRONLY | O_NONBLOCK);
    if (fd < 0) {
        fprintf(stderr, "tbagent: no daemon (%s: %s)\n", CTL_PATH, strerror(errno));
        return 1;
    }
    /* Below PIPE_BUF, so the line reaches the daemon in one piece. */
    int r = write(fd, line, o) == o ? 0 : 1;
    close(fd);
    return r;
}

int main(int argc, char **argv)
{
    if (argc >= 2 && !strcmp(argv[1], "ctl")) {
        return ctl_client(argc, argv);
    }
    if (argc >= 2 && !strcmp(argv[1], "parse")) {
        /* Offline: each HEX argument is one read from the port; logs what the daemon would. */
        for (int i = 2; i < argc; i++) {
            uint8_t *b;
            uint32_t n;
            if (unhex(argv[i], &b, &n) < 0) {
                fprintf(stderr, "tbagent: bad hex\n");
                return 2;
            }
            on_port_bytes(b, n);
            free(b);
        }
        return 0;
    }
    for (int i = 0; i < 200 && port_fd < 0; i++) {
        port_fd = open(PORT_PATH, O_RDWR | O_NONBLOCK | O_CLOEXEC);
        if (port_fd < 0) {
            struct timespec ts = {0, 50 * 1000 * 1000};
            nanosleep(&ts, NULL);
        }
    }
    if (port_fd < 0) {
        out("TBAG fatal reason=no-port %s", strerror(errno));
        return 1;
    }
    unlink(CTL_PATH);
    if (mkfifo(CTL_PATH, 0600) < 0) {
        out("TBAG fatal reason=fifo %s", strerror(errno));
        return 1;
    }
    /* O_RDWR keeps a writer open ourselves, so the FIFO never reports EOF between clients. */
    int ctl = open(CTL_PATH, O_RDWR | O_NONBLOCK | O_CLOEXEC);
    out("TBAG ready caps=0x%x", our_caps);
    send_announce(1);
    char ctlbuf[8192];
    size_t ctllen = 0;
    static uint8_t buf[65536];
    for (;;) {
        struct pollfd pfd[2] = {{port_fd, POLLIN, 0}, {ctl, POLLIN, 0}};
        if (poll(pfd, 2, -1) < 0) {
            if (errno == EINTR) {
                continue;
            }
            return 1;
        }
        if (pfd[0].revents & POLLIN) {
            ssize_t n = read(port_fd, buf, sizeof buf);
            if (n > 0) {
                on_port_bytes(buf, n);
            }
        } else if (pfd[0].revents & POLLHUP) {
            /* Host side closed (no client or spice-server reset): wait instead of spinning. */
            struct timespec ts = {0, 100 * 1000 * 1000};
            nanosleep(&ts, NULL);
        }
        if (pfd[1].revents & POLLIN) {
            ssize_t n = read(ctl, ctlbuf + ctllen, sizeof ctlbuf - 1 - ctllen);
            if (n > 0) {
                ctllen += n;
                char *nl;
                while ((nl = memchr(ctlbuf, '\n', ctllen)) != NULL) {
                    *nl = 0;
                    on_ctl(ctlbuf);
                    ctllen -= nl + 1 - ctlbuf;
                    memmove(ctlbuf, nl + 1, ctllen);
                }
                if (ctllen == sizeof ctlbuf - 1) {
                    ctllen = 0;
                }
            }
        }
    }
}
