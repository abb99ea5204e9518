package org.thinspice.client.x11;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;

/**
 * The part of Xlib (libX11.so.6, Xlib.h) the X11 presentation path needs, mapped by JNA. XIDs and
 * {@code unsigned long} are Java {@code long}: the kiosk runs on LP64 Linux (x86-64, arm64) only.
 */
public interface Xlib extends Library {
    int ZPIXMAP = 2;
    int EXPOSE = 12;
    long EXPOSURE_MASK = 1L << 15;
    /** Size of the XEvent union on LP64 (24 longs). */
    int XEVENT_SIZE = 192;
    /** Size of XWindowAttributes on LP64, and the offsets of the fields read. */
    int XWINDOWATTRIBUTES_SIZE = 136;
    int WA_WIDTH = 8;
    int WA_HEIGHT = 12;
    int WA_DEPTH = 20;
    int WA_VISUAL = 24;
    /** Offsets in Visual: red, green and blue masks. */
    int VISUAL_RED_MASK = 24;
    int VISUAL_GREEN_MASK = 32;
    int VISUAL_BLUE_MASK = 40;

    Pointer XOpenDisplay(String name);

    int XCloseDisplay(Pointer display);

    int XGetWindowAttributes(Pointer display, long window, Pointer attributes);

    long XCreateSimpleWindow(Pointer display, long parent, int x, int y, int width, int height, int borderWidth,
                             long border, long background);

    int XSelectInput(Pointer display, long window, long mask);

    int XMapRaised(Pointer display, long window);

    int XUnmapWindow(Pointer display, long window);

    int XMoveResizeWindow(Pointer display, long window, int x, int y, int width, int height);

    int XDestroyWindow(Pointer display, long window);

    Pointer XCreateGC(Pointer display, long drawable, long valueMask, Pointer values);

    int XFreeGC(Pointer display, Pointer gc);

    Pointer XCreateImage(Pointer display, Pointer visual, int depth, int format, int offset, Pointer data, int width,
                         int height, int bitmapPad, int bytesPerLine);

    int XPutImage(Pointer display, long drawable, Pointer gc, Pointer image, int srcX, int srcY, int dstX, int dstY,
                  int width, int height);

    int XPending(Pointer display);

    int XNextEvent(Pointer display, Pointer event);

    int XFlush(Pointer display);

    int XSync(Pointer display, boolean discard);

    int XFree(Pointer data);

    long XCreatePixmap(Pointer display, long drawable, int width, int height, int depth);

    long XDefaultRootWindow(Pointer display);

    long XInternAtom(Pointer display, String name, boolean onlyIfExists);

    int XFreePixmap(Pointer display, long pixmap);

    /** System V shared memory (libc), for MIT-SHM. */
    interface SysV extends Library {
        int IPC_PRIVATE = 0;
        int IPC_CREAT = 01000;
        int IPC_RMID = 0;

        int shmget(int key, long size, int flags);

        Pointer shmat(int id, Pointer address, int flags);

        int shmdt(Pointer address);

        int shmctl(int id, int command, Pointer buffer);
    }

    /** libXrender (X11/extensions/Xrender.h): the X server scales the picture, as cairo does for spice-gtk. */
    interface Xrender extends Library {
        int PICT_OP_SRC = 1;
        long CP_REPEAT = 1;
        int REPEAT_PAD = 3;
        /** Size of XRenderPictureAttributes on LP64 (repeat is its first int), rounded up. */
        int PICTURE_ATTRIBUTES_SIZE = 96;

        boolean XRenderQueryExtension(Pointer display, IntByReference eventBase, IntByReference errorBase);

        Pointer XRenderFindVisualFormat(Pointer display, Pointer visual);

        long XRenderCreatePicture(Pointer display, long drawable, Pointer format, long valueMask, Pointer attributes);

        void XRenderFreePicture(Pointer display, long picture);

        /** {@code transform}: 3x3 XFixed (16.16) row-major, mapping destination to source positions. */
        void XRenderSetPictureTransform(Pointer display, long picture, int[] transform);

        void XRenderSetPictureFilter(Pointer display, long picture, String filter, Pointer params, int count);

        void XRenderComposite(Pointer display, int op, long src, long mask, long dst, int srcX, int srcY, int maskX,
                              int maskY, int dstX, int dstY, int width, int height);
    }

    /** libXfixes (X11/extensions/Xfixes.h): events when a selection changes owner. */
    interface Xfixes extends Library {
        /** XFixesSelectionNotify, added to the extension's event base. */
        int SELECTION_NOTIFY = 0;
        long SET_SELECTION_OWNER_NOTIFY_MASK = 1;

        boolean XFixesQueryExtension(Pointer display, IntByReference eventBase, IntByReference errorBase);

        void XFixesSelectSelectionInput(Pointer display, long window, long selection, long eventMask);
    }

    /** libXext's SHAPE extension (X11/extensions/shape.h) and MIT-SHM (X11/extensions/XShm.h). */
    interface Xext extends Library {
        /** Size of XShmSegmentInfo on LP64 (ShmSeg shmseg; int shmid; char *shmaddr; Bool readOnly), and offsets. */
        int SHM_INFO_SIZE = 32;
        int SHM_INFO_SHMID = 8;
        int SHM_INFO_SHMADDR = 16;

        boolean XShmQueryExtension(Pointer display);

        Pointer XShmCreateImage(Pointer display, Pointer visual, int depth, int format, Pointer data, Pointer shmInfo,
                                int width, int height);

        boolean XShmAttach(Pointer display, Pointer shmInfo);

        boolean XShmDetach(Pointer display, Pointer shmInfo);

        boolean XShmPutImage(Pointer display, long drawable, Pointer gc, Pointer image, int srcX, int srcY, int dstX,
                             int dstY, int width, int height, boolean sendEvent);

        int SHAPE_INPUT = 2;
        int SHAPE_SET = 0;
        int UNSORTED = 0;

        boolean XShapeQueryExtension(Pointer display, IntByReference eventBase, IntByReference errorBase);

        void XShapeCombineRectangles(Pointer display, long window, int kind, int x, int y, Pointer rectangles,
                                     int count, int op, int ordering);
    }
}
