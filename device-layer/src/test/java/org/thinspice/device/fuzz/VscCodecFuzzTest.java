package org.thinspice.device.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.thinspice.device.vsc.VscCodec;
import org.thinspice.device.vsc.VscMessage;
import org.thinspice.device.vsc.VscProtocolException;

/**
 * Jazzer target for the VSC decoder (the smartcard channel's parser). First byte: bit 0 picks the byte order
 * (SPICE little-endian / chardev network order), the rest how the stream is split into reads. The only allowed
 * failure is {@link VscProtocolException}; and whatever decodes must re-encode to bytes that decode to the same
 * messages. Seeds: {@code VscCodecFuzzTestInputs/stream/}.
 */
class VscCodecFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void stream(byte[] in) throws Exception {
        if (in.length == 0) {
            return;
        }
        ByteOrder order = (in[0] & 1) == 0 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        int split = 1 + ((in[0] & 0xFF) >> 1) * 13;
        VscCodec codec = new VscCodec(order);
        List<VscMessage> got = new ArrayList<>();
        try {
            for (int at = 1; at < in.length; at += split) {
                got.addAll(codec.decode(in, at, Math.min(split, in.length - at)));
            }
        } catch (VscProtocolException rejected) {
            // the channel would be closed here
        }
        VscCodec enc = new VscCodec(order);
        for (VscMessage m : got) {
            byte[] bytes = enc.encode(m);
            List<VscMessage> again = new VscCodec(order).decode(bytes, 0, bytes.length);
            assertEquals(List.of(m), again, "re-encoding changed " + m);
        }
    }
}
