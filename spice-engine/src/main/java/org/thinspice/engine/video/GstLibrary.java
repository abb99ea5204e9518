package org.thinspice.engine.video;

import com.sun.jna.Library;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * The few GStreamer 1.x core functions (libgstreamer-1.0) one decoding pipeline needs, mapped by JNA. Object
 * pointers stay opaque; only {@link MapInfo} is laid out, as {@code gst/gstmemory.h} declares it.
 */
public interface GstLibrary extends Library {
    int STATE_NULL = 1;
    int STATE_PLAYING = 4;
    int STATE_CHANGE_FAILURE = 0;
    int MAP_READ = 1;
    int MESSAGE_ERROR = 1 << 1;
    int MESSAGE_WARNING = 1 << 2;

    boolean gst_init_check(Pointer argc, Pointer argv, PointerByReference error);

    Pointer gst_parse_launch(String description, PointerByReference error);

    Pointer gst_bin_get_by_name(Pointer bin, String name);

    int gst_element_set_state(Pointer element, int state);

    Pointer gst_element_get_bus(Pointer element);

    Pointer gst_bus_pop_filtered(Pointer bus, int types);

    void gst_message_parse_error(Pointer message, PointerByReference error, PointerByReference debug);

    void gst_object_unref(Pointer object);

    void gst_mini_object_unref(Pointer object);

    Pointer gst_element_factory_find(String name);

    Pointer gst_buffer_new_allocate(Pointer allocator, NativeLong size, Pointer params);

    NativeLong gst_buffer_fill(Pointer buffer, NativeLong offset, byte[] src, NativeLong size);

    boolean gst_buffer_map(Pointer buffer, MapInfo info, int flags);

    void gst_buffer_unmap(Pointer buffer, MapInfo info);

    Pointer gst_sample_get_buffer(Pointer sample);

    Pointer gst_sample_get_caps(Pointer sample);

    Pointer gst_caps_get_structure(Pointer caps, int index);

    boolean gst_structure_get_int(Pointer structure, String field, IntByReference value);

    /** GstMapInfo: memory, flags, data, size, maxsize, user_data[4], _gst_reserved[4]. */
    @Structure.FieldOrder({"memory", "flags", "data", "size", "maxsize", "userData", "reserved"})
    class MapInfo extends Structure {
        public Pointer memory;
        public int flags;
        public Pointer data;
        public NativeLong size;
        public NativeLong maxsize;
        public Pointer[] userData = new Pointer[4];
        public Pointer[] reserved = new Pointer[4];
    }

    /** libgstapp-1.0: the application source and sink. */
    interface App extends Library {
        /** Takes ownership of {@code buffer}. */
        int gst_app_src_push_buffer(Pointer appsrc, Pointer buffer);

        Pointer gst_app_sink_try_pull_sample(Pointer appsink, long timeoutNanos);
    }

    /** libglib-2.0: freeing what GStreamer hands back. */
    interface GLib extends Library {
        void g_error_free(Pointer error);

        void g_free(Pointer p);
    }
}
