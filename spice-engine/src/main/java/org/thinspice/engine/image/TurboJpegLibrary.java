package org.thinspice.engine.image;

import com.sun.jna.Library;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;

/** The part of libjpeg-turbo's TurboJPEG C API (turbojpeg.h, 2.1.x) that decoding needs, mapped by JNA. */
public interface TurboJpegLibrary extends Library {
    int TJFLAG_FASTUPSAMPLE = 256;
    int TJFLAG_FASTDCT = 2048;
    int TJPF_BGRA = 8;
    int TJPF_ARGB = 10;
    int TJERR_WARNING = 0;

    Pointer tjInitDecompress();

    int tjDecompressHeader3(Pointer handle, Pointer jpegBuf, NativeLong jpegSize, IntByReference width,
                            IntByReference height, IntByReference subsamp, IntByReference colorspace);

    int tjDecompress2(Pointer handle, Pointer jpegBuf, NativeLong jpegSize, Pointer dstBuf, int width, int pitch,
                      int height, int pixelFormat, int flags);

    int tjDestroy(Pointer handle);

    String tjGetErrorStr2(Pointer handle);

    int tjGetErrorCode(Pointer handle);
}
