package org.thinspice.engine.image;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;

/**
 * {@link TurboJpegLibrary} through JNA's direct mapping (native methods bound to the library's symbols), not its
 * interface proxy: a call then costs about a JNI call, where the proxy's reflection and argument conversion cost
 * several microseconds a call, two calls per video frame. One library per JVM (the methods are bound once).
 */
final class TurboJpegDirect implements TurboJpegLibrary {
    private static String bound;

    private TurboJpegDirect() {
    }

    /**
     * The library {@code name} through direct mapping; the interface proxy when this JVM already bound another
     * library here (tests that switch libraries).
     *
     * @throws UnsatisfiedLinkError when the library or one of its symbols is missing
     */
    static synchronized TurboJpegLibrary load(String name) {
        if (bound == null) {
            Native.register(Natives.class, NativeLibrary.getInstance(name));
            bound = name;
        }
        return bound.equals(name) ? new TurboJpegDirect() : Native.load(name, TurboJpegLibrary.class);
    }

    /** The C functions, bound by {@link Native#register}. */
    private static final class Natives {
        static native Pointer tjInitDecompress();

        static native int tjDecompressHeader3(Pointer handle, Pointer jpegBuf, NativeLong jpegSize, IntByReference width,
                                              IntByReference height, IntByReference subsamp, IntByReference colorspace);

        static native int tjDecompress2(Pointer handle, Pointer jpegBuf, NativeLong jpegSize, Pointer dstBuf, int width,
                                        int pitch, int height, int pixelFormat, int flags);

        static native int tjDestroy(Pointer handle);

        static native String tjGetErrorStr2(Pointer handle);

        static native int tjGetErrorCode(Pointer handle);
    }

    @Override
    public Pointer tjInitDecompress() {
        return Natives.tjInitDecompress();
    }

    @Override
    public int tjDecompressHeader3(Pointer handle, Pointer jpegBuf, NativeLong jpegSize, IntByReference width,
                                   IntByReference height, IntByReference subsamp, IntByReference colorspace) {
        return Natives.tjDecompressHeader3(handle, jpegBuf, jpegSize, width, height, subsamp, colorspace);
    }

    @Override
    public int tjDecompress2(Pointer handle, Pointer jpegBuf, NativeLong jpegSize, Pointer dstBuf, int width, int pitch,
                             int height, int pixelFormat, int flags) {
        return Natives.tjDecompress2(handle, jpegBuf, jpegSize, dstBuf, width, pitch, height, pixelFormat, flags);
    }

    @Override
    public int tjDestroy(Pointer handle) {
        return Natives.tjDestroy(handle);
    }

    @Override
    public String tjGetErrorStr2(Pointer handle) {
        return Natives.tjGetErrorStr2(handle);
    }

    @Override
    public int tjGetErrorCode(Pointer handle) {
        return Natives.tjGetErrorCode(handle);
    }
}
