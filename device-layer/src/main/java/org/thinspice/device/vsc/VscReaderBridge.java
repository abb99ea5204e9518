package org.thinspice.device.vsc;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
import org.thinspice.device.smartcard.ApduTransport;
import org.thinspice.device.smartcard.SmartcardException;

/**
 * One terminal reader shown to the desktop over VSC, sans-I/O: the smartcard channel feeds the host's bytes to
 * {@link #receive}, and this writes its own messages to {@code out} (already encoded). It behaves like
 * spice-gtk's smartcard channel:
 * <ul>
 *   <li>control messages (ReaderAdd, ATR, CardRemove, ReaderRemove) go out one at a time, each waiting for the
 *   host's {@code Error} acknowledgement; the ack of ReaderAdd carries the reader id used from then on;</li>
 *   <li>APDUs from the host go to the card through {@link ApduTransport} and the answer goes back as an APDU —
 *   or as {@code Error(GENERAL_ERROR)} when there is no card or the card fails; not serialised;</li>
 *   <li>{@code Flush} is answered with {@code FlushComplete}; {@code Init} is ignored.</li>
 * </ul>
 * {@link #receive} calls the card synchronously: run it off any event loop. Not thread-safe; one caller thread.
 */
public final class VscReaderBridge {
    /** What the bridge tells its owner. */
    public interface Events {
        /** The host refused a control message (e.g. CANNOT_ADD_MORE_READERS for ReaderAdd). */
        default void onRefused(VscType what, long code) {
        }

        /** The host acknowledged a control message with {@code Error(SUCCESS)}. */
        default void onAcknowledged(VscType what) {
        }

        /** The host assigned our reader id. */
        default void onReaderAdded(long readerId) {
        }
    }

    private record Pending(VscType type, byte[] payload) {
    }

    private final String readerName;
    private final VscCodec codec;
    private final Consumer<byte[]> out;
    private final Events events;
    private final Deque<Pending> queue = new ArrayDeque<>();
    private Pending inFlight;
    private long readerId = VscMessage.UNDEFINED_READER;
    private ApduTransport card;

    public VscReaderBridge(String readerName, VscCodec codec, Consumer<byte[]> out, Events events) {
        this.readerName = readerName;
        this.codec = codec;
        this.out = out;
        this.events = events;
    }

    /** Announces the reader (ReaderAdd). */
    public void start() {
        control(VscType.READER_ADD, VscMessage.readerAdd(readerName).payload());
    }

    /** A card went in: it answers the host's APDUs from now on; its ATR goes to the host. */
    public void cardInserted(byte[] atr, ApduTransport card) {
        this.card = card;
        control(VscType.ATR, atr);
    }

    /** The card went out. */
    public void cardRemoved() {
        this.card = null;
        control(VscType.CARD_REMOVE, new byte[0]);
    }

    /** The reader goes away. */
    public void stop() {
        this.card = null;
        control(VscType.READER_REMOVE, new byte[0]);
    }

    /** The reader id the host assigned, or {@link VscMessage#UNDEFINED_READER} before the ReaderAdd ack. */
    public long readerId() {
        return readerId;
    }

    /** Bytes from the host. */
    public void receive(byte[] b, int off, int len) throws VscProtocolException {
        List<VscMessage> msgs = codec.decode(b, off, len);
        for (VscMessage m : msgs) {
            switch (m.type()) {
                case ERROR -> acknowledged(m);
                case APDU -> apdu(m);
                case FLUSH -> send(VscMessage.flushComplete(readerId));
                case INIT -> {
                    // spice-server filters Init; a direct chardev peer sends one: nothing to answer
                }
                default -> throw new VscProtocolException("the host sent " + m.type() + ", which only card owners send");
            }
        }
    }

    private void acknowledged(VscMessage m) throws VscProtocolException {
        if (inFlight == null) {
            throw new VscProtocolException("an Error/ack from the host with nothing waiting for one");
        }
        Pending done = inFlight;
        inFlight = null;
        if (m.errorCode() != VscMessage.SUCCESS) {
            events.onRefused(done.type(), m.errorCode());
        } else {
            if (done.type() == VscType.READER_ADD) {
                readerId = m.readerId();
                events.onReaderAdded(readerId);
            }
            events.onAcknowledged(done.type());
        }
        next();
    }

    private void apdu(VscMessage m) {
        ApduTransport c = card;
        if (c == null) {
            send(VscMessage.error(readerId, VscMessage.GENERAL_ERROR));
            return;
        }
        try {
            send(VscMessage.apdu(readerId, c.transmit(m.payload())));
        } catch (SmartcardException e) {
            send(VscMessage.error(readerId, VscMessage.GENERAL_ERROR));
        }
    }

    private void control(VscType type, byte[] payload) {
        queue.add(new Pending(type, payload));
        if (inFlight == null) {
            next();
        }
    }

    private void next() {
        Pending p = queue.poll();
        if (p == null) {
            return;
        }
        inFlight = p;
        send(new VscMessage(p.type(), p.type() == VscType.READER_ADD ? VscMessage.UNDEFINED_READER : readerId, p.payload()));
    }

    private void send(VscMessage m) {
        out.accept(codec.encode(m));
    }
}
