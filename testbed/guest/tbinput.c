/*
 * tbinput: input echo for the thinspice testbed. Reads every /dev/input/event* (rescanned every
 * 250 ms, so late devices are picked up) and prints one line per event on stdout, each line with a
 * single write() so it never interleaves with other writers of the console:
 *
 *   TBIN dev event2 name="QEMU Virtio Tablet" abs x=0..32767 y=0..32767   (device opened)
 *   TBIN key code=<linux keycode> scan=0x1e down|up|repeat
 *        scan= only when the device reported EV_MSC/MSC_SCAN in the same frame. For the i8042
 *        keyboard (translated set 2) that is the PC/AT set-1 make code; atkbd marks E0-prefixed
 *        keys with bit 7 and we print them as 0xe0NN (NN = set-1 code without the prefix), e.g.
 *        Right Ctrl scan=0xe01d, Up scan=0xe048. Release codes are not printed: the action word says it.
 *        atkbd folds multi-byte keys: PrintScreen (E0 2A E0 37) gives 0xe037, Pause (E1 1D 45 ...)
 *        gives 0xe045 (down and up, although the keyboard sends no break code for Pause).
 *   TBIN btn left|right|middle|side|extra|code=<n> down|up
 *   TBIN wheel v=+1|-1   (REL_WHEEL; BTN_GEAR_UP/DOWN give the same), TBIN wheel h=+1|-1 (REL_HWHEEL)
 *   TBIN rel dx=<n> dy=<n>                        (summed over one SYN frame)
 *   TBIN abs x=<raw> y=<raw> xmin= xmax= ymin= ymax= sx=<px> sy=<px> sw=<fb width> sh=<fb height>
 *        sx = round((x - xmin) * sw / (xmax - xmin)), the inverse of QEMU's own scaling
 *   TBIN ev type=<n> code=<n> value=<n>           (anything else, e.g. type=17 code=1 value=1: the
 *                                                  kernel set the Caps Lock LED)
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/input.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_DEVS 32

struct dev {
    int fd;
    int scan;                  /* MSC_SCAN of this frame, -1 if none */
    int x, y, abs_changed;
    struct input_absinfo ax, ay;
    int dx, dy, rel_changed;
};

static struct dev devs[MAX_DEVS];

static void out(const char *fmt, ...)
{
    char line[512];
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
    /* One write per line: the tty layer keeps a single write() together. */
    ssize_t w = write(1, line, n);
    (void) w;
}

static int test_bit(const unsigned long *bits, int bit)
{
    return (bits[bit / (8 * sizeof(long))] >> (bit % (8 * sizeof(long)))) & 1;
}

static void open_dev(int i)
{
    char path[64], name[128] = "";
    snprintf(path, sizeof path, "/dev/input/event%d", i);
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        return;
    }
    struct dev *d = &devs[i];
    memset(d, 0, sizeof *d);
    d->fd = fd;
    d->scan = -1;
    ioctl(fd, EVIOCGNAME(sizeof name - 1), name);
    unsigned long absbits[(ABS_MAX + 1) / (8 * sizeof(long)) + 1];
    memset(absbits, 0, sizeof absbits);
    ioctl(fd, EVIOCGBIT(EV_ABS, sizeof absbits), absbits);
    char absdesc[96] = "";
    if (test_bit(absbits, ABS_X) && test_bit(absbits, ABS_Y)
            && ioctl(fd, EVIOCGABS(ABS_X), &d->ax) == 0 && ioctl(fd, EVIOCGABS(ABS_Y), &d->ay) == 0) {
        snprintf(absdesc, sizeof absdesc, " abs x=%d..%d y=%d..%d", d->ax.minimum, d->ax.maximum,
                d->ay.minimum, d->ay.maximum);
        d->x = d->ax.value;
        d->y = d->ay.value;
    }
    for (char *c = name; *c; c++) {
        if (*c == '"' || *c < ' ') {
            *c = '_';
        }
    }
    out("TBIN dev event%d name=\"%s\"%s", i, name, absdesc);
}

static void scan_devs(void)
{
    for (int i = 0; i < MAX_DEVS; i++) {
        if (devs[i].fd < 0) {
            open_dev(i);
        }
    }
}

static void fb_size(int *w, int *h)
{
    *w = *h = 0;
    FILE *f = fopen("/sys/class/graphics/fb0/virtual_size", "r");
    if (f) {
        if (fscanf(f, "%d,%d", w, h) != 2) {
            *w = *h = 0;
        }
        fclose(f);
    }
}

static int scale(int v, const struct input_absinfo *a, int size)
{
    long range = (long) a->maximum - a->minimum;
    if (range <= 0 || size <= 0) {
        return -1;
    }
    return (int) (((long) (v - a->minimum) * size + range / 2) / range);
}

static const char *action(int value)
{
    return value == 0 ? "up" : value == 1 ? "down" : "repeat";
}

static void on_key(struct dev *d, int code, int value)
{
    static const char *buttons[] = {"left", "right", "middle", "side", "extra"};
    if (code >= BTN_LEFT && code <= BTN_EXTRA) {
        out("TBIN btn %s %s", buttons[code - BTN_LEFT], action(value));
    } else if (code == BTN_GEAR_UP || code == BTN_GEAR_DOWN) {
        if (value == 1) {
            out("TBIN wheel v=%s", code == BTN_GEAR_UP ? "+1" : "-1");
        }
    } else if (code >= BTN_MISC && code < KEY_OK) {
        out("TBIN btn code=%d %s", code, action(value));
    } else if (d->scan < 0) {
        out("TBIN key code=%d %s", code, action(value));
    } else if (d->scan & 0x80) {
        out("TBIN key code=%d scan=0xe0%02x %s", code, d->scan & 0x7f, action(value));
    } else {
        out("TBIN key code=%d scan=0x%02x %s", code, d->scan, action(value));
    }
    d->scan = -1;
}

static void on_event(struct dev *d, const struct input_event *e)
{
    switch (e->type) {
    case EV_SYN:
        if (e->code != SYN_REPORT) {
            break;
        }
        if (d->rel_changed) {
            out("TBIN rel dx=%d dy=%d", d->dx, d->dy);
        }
        if (d->abs_changed) {
            int w, h;
            fb_size(&w, &h);
            out("TBIN abs x=%d y=%d xmin=%d xmax=%d ymin=%d ymax=%d sx=%d sy=%d sw=%d sh=%d", d->x, d->y,
                    d->ax.minimum, d->ax.maximum, d->ay.minimum, d->ay.maximum, scale(d->x, &d->ax, w),
                    scale(d->y, &d->ay, h), w, h);
        }
        d->dx = d->dy = d->rel_changed = d->abs_changed = 0;
        d->scan = -1;
        break;
    case EV_MSC:
        if (e->code == MSC_SCAN) {
            d->scan = e->value;
        }
        break;
    case EV_KEY:
        on_key(d, e->code, e->value);
        break;
    case EV_REL:
        if (e->code == REL_X) {
            d->dx += e->value;
            d->rel_changed = 1;
        } else if (e->code == REL_Y) {
            d->dy += e->value;
            d->rel_changed = 1;
        } else if (e->code == REL_WHEEL) {
            out("TBIN wheel v=%+d", e->value);
        } else if (e->code == REL_HWHEEL) {
            out("TBIN wheel h=%+d", e->value);
        } else if (e->code != REL_WHEEL_HI_RES && e->code != REL_HWHEEL_HI_RES) {
            out("TBIN ev type=%d code=%d value=%d", e->type, e->code, e->value);
        }
        break;
    case EV_ABS:
        if (e->code == ABS_X) {
            d->x = e->value;
            d->abs_changed = 1;
        } else if (e->code == ABS_Y) {
            d->y = e->value;
            d->abs_changed = 1;
        } else {
            out("TBIN ev type=%d code=%d value=%d", e->type, e->code, e->value);
        }
        break;
    default:
        out("TBIN ev type=%d code=%d value=%d", e->type, e->code, e->value);
    }
}

int main(void)
{
    struct pollfd pfd[MAX_DEVS];
    int idx[MAX_DEVS];
    for (int i = 0; i < MAX_DEVS; i++) {
        devs[i].fd = -1;
    }
    scan_devs();
    out("TBIN ready");
    for (;;) {
        int n = 0;
        for (int i = 0; i < MAX_DEVS; i++) {
            if (devs[i].fd >= 0) {
                pfd[n].fd = devs[i].fd;
                pfd[n].events = POLLIN;
                idx[n++] = i;
            }
        }
        int r = poll(pfd, n, 250);
        if (r < 0 && errno != EINTR) {
            return 1;
        }
        if (r <= 0) {
            scan_devs();
            continue;
        }
        for (int k = 0; k < n; k++) {
            if (!(pfd[k].revents & (POLLIN | POLLERR | POLLHUP))) {
                continue;
            }
            struct dev *d = &devs[idx[k]];
            struct input_event ev[64];
            ssize_t got = read(d->fd, ev, sizeof ev);
            if (got < 0 && errno != EAGAIN && errno != EINTR) {
                out("TBIN gone event%d", idx[k]);
                close(d->fd);
                d->fd = -1;
                continue;
            }
            for (ssize_t j = 0; j < got / (ssize_t) sizeof ev[0]; j++) {
                on_event(d, &ev[j]);
            }
        }
    }
}
