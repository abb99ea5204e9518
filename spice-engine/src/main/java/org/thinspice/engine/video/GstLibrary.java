package org.thinspice.engine.video;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

/**
 * The GStreamer 1.x core functions (libgstreamer-1.0) a decoding pipeline needs to be set up, probed and torn
 * down, mapped by JNA's interface proxy; object pointers stay opaque. The calls made for every frame are in
 * {@link GstFrameCalls} (direct mapping).
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

    void gst_message_parse_error(Pointer message, PointerByReference error, PointerByReference debug);

    void gst_object_unref(Pointer object);

    Pointer gst_element_factory_find(String name);

    /** libglib-2.0: freeing what GStreamer hands back. */
    interface GLib extends Library {
        void g_error_free(Pointer error);

        void g_free(Pointer p);
    }
}
