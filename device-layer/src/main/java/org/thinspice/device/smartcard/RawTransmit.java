package org.thinspice.device.smartcard;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CardException;

/**
 * One {@code SCardTransmit} on a jnasmartcardio channel, without the library's {@code 61xx}/{@code 6Cxx} handling.
 * jnasmartcardio 0.2.7 has exactly this as its private {@code JnaCardChannel.transmitRaw(ByteBuffer, ByteBuffer)}
 * (the protocol's PCI, the handle, the lengths) and calls it from its public transmit in a loop; it offers no
 * switch to stop the loop. We call that method by reflection: the version is pinned in the parent POM, and
 * {@code SmartcardChannelIT} fails if the method changes or starts to assemble answers.
 */
final class RawTransmit {
    /** An extended command: 4 header bytes, 3 for Lc, 65535 of data, 2 for Le. */
    static final int MAX_COMMAND = 4 + 3 + 65535 + 2;
    /** pcsc-lite's MAX_BUFFER_SIZE_EXTENDED: 64 KiB of data, the status word and room for the protocol. */
    static final int MAX_ANSWER = 4 + 3 + (1 << 16) + 3 + 2;

    private final Method transmitRaw;
    private final CardChannel channel;
    private final ByteBuffer command = ByteBuffer.allocateDirect(MAX_COMMAND);
    private final ByteBuffer answer = ByteBuffer.allocateDirect(MAX_ANSWER);

    /** @throws IllegalStateException when the jnasmartcardio on the class path has no such method */
    RawTransmit(CardChannel channel) {
        this.transmitRaw = find();
        this.channel = channel;
    }

    private static Method find() {
        try {
            Class<?> c = Class.forName("jnasmartcardio.Smartcardio$JnaCardChannel");
            Method m = c.getDeclaredMethod("transmitRaw", ByteBuffer.class, ByteBuffer.class);
            m.setAccessible(true);
            return m;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("jnasmartcardio has no JnaCardChannel.transmitRaw(ByteBuffer, ByteBuffer):"
                    + " the pinned version (0.2.7) is not the one on the class path", e);
        }
    }

    /** Sends {@code apdu} once; the answer is what the card gave, status word included. Not thread-safe. */
    byte[] transmit(byte[] apdu) throws CardException {
        command.clear();
        command.put(apdu).flip();
        answer.clear();
        try {
            transmitRaw.invoke(channel, command, answer);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof CardException ce) {
                throw ce;
            }
            throw new CardException("SCardTransmit failed: " + e.getCause(), e.getCause());
        } catch (IllegalAccessException e) {
            throw new CardException("SCardTransmit is not reachable", e);
        }
        answer.flip();
        byte[] out = new byte[answer.remaining()];
        answer.get(out);
        return out;
    }
}
