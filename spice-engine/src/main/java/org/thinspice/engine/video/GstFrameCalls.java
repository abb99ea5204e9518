package org.thinspice.engine.video;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

/**
 * The GStreamer calls made for every frame, bound by JNA's direct mapping ({@code static native} methods
 * registered once per process) rather than through {@link GstLibrary}'s interface proxy: a proxied call
 * goes through reflection, boxes its arguments and allocates, and at a dozen calls a frame the JIT was still
 * compiling that machinery half a minute into a stream (measured with per-thread CPU in the session bench).
 * Rarely made calls (pipeline set-up, bus errors) stay in {@link GstLibrary}.
 *
 * <p>{@code GstMapInfo} is read from a block laid out as {@code gst/gstmemory.h} declares it: memory
 * (pointer), flags (int), data (pointer), size, maxsize (gsize), user_data[4], _gst_reserved[4].
 */
final class GstFrameCalls {
    /** Offsets in GstMapInfo: the int after the first pointer is padded to the next pointer. */
    static final long MAP_DATA = align(Native.POINTER_SIZE + 4L, Native.POINTER_SIZE);
    static final long MAP_SIZE = MAP_DATA + Native.POINTER_SIZE;
    /** The whole GstMapInfo, with room to spare. */
    static final long MAP_INFO_BYTES = MAP_SIZE + 2L * Native.SIZE_T_SIZE + 8L * Native.POINTER_SIZE + 64;

    private static boolean registered;

    private GstFrameCalls() {
    }

    private static long align(long n, int to) {
        return (n + to - 1) / to * to;
    }

    /**
     * Binds the methods below to the loaded libraries, once per process.
     *
     * @throws LinkageError a library or a function is missing
     */
    static synchronized void register(String coreLibrary) {
        if (!registered) {
            Native.register(Core.class, NativeLibrary.getInstance(coreLibrary));
            Native.register(App.class, NativeLibrary.getInstance("gstapp-1.0"));
            registered = true;
        }
    }

    /** A zeroed GstMapInfo for {@link Core#gst_buffer_map}. */
    static Memory newMapInfo() {
        Memory m = new Memory(MAP_INFO_BYTES);
        m.clear();
        return m;
    }

    /** A NUL-terminated C string kept for repeated calls (no conversion per call). */
    static Memory cString(String ascii) {
        byte[] b = ascii.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Memory m = new Memory(b.length + 1L);
        m.write(0, b, 0, b.length);
        m.setByte(b.length, (byte) 0);
        return m;
    }

    /** libgstreamer-1.0. */
    static final class Core {
        private Core() {
        }

        static native Pointer gst_buffer_new_allocate(Pointer allocator, NativeLong size, Pointer params);

        static native NativeLong gst_buffer_fill(Pointer buffer, NativeLong offset, byte[] src, NativeLong size);

        static native boolean gst_buffer_map(Pointer buffer, Pointer info, int flags);

        static native void gst_buffer_unmap(Pointer buffer, Pointer info);

        static native Pointer gst_sample_get_buffer(Pointer sample);

        static native Pointer gst_sample_get_caps(Pointer sample);

        static native Pointer gst_caps_get_structure(Pointer caps, int index);

        static native boolean gst_structure_get_int(Pointer structure, Pointer field, Pointer value);

        static native Pointer gst_bus_pop_filtered(Pointer bus, int types);

        static native void gst_mini_object_unref(Pointer object);
    }

    /** libgstapp-1.0. */
    static final class App {
        private App() {
        }

        /** Takes ownership of {@code buffer}. */
        static native int gst_app_src_push_buffer(Pointer appsrc, Pointer buffer);

        static native Pointer gst_app_sink_try_pull_sample(Pointer appsink, long timeoutNanos);
    }
}
