package org.thinspice.device.smartcard;

import javax.smartcardio.Card;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CardTerminals;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;

/**
 * One connected card on its own PC/SC context. {@link #transmit} goes over the basic channel as given, and
 * jnasmartcardio answers {@code 61xx} with GET RESPONSE and {@code 6Cxx} with a resend itself; {@link #transparent()}
 * is the same card without that help, for a driver that does it on its own (the desktop's). Contents are never
 * logged: a VERIFY carries the PIN.
 * {@link #close()} disconnects with a card reset (a verified PIN does not outlive us) and releases the context.
 */
public final class SmartcardConnection implements ApduTransport, AutoCloseable {
    /** How long an answer without status word waits for pcscd to see the card gone. */
    private static final long REMOVAL_GRACE_MS = 3000;

    private final CardTerminals context;
    private final CardTerminal terminal;
    private final Card card;
    private final CardChannel channel;
    /** Made on first use: its two direct buffers (about 128 KiB) serve only the desktop's transparent path. */
    private RawTransmit raw;
    private boolean closed;

    SmartcardConnection(CardTerminals context, CardTerminal terminal, Card card) {
        this.context = context;
        this.terminal = terminal;
        this.card = card;
        this.channel = card.getBasicChannel();
    }

    /**
     * This card as a transport that hands each command to {@code SCardTransmit} once and returns the answer as the
     * card gave it: {@code 61xx} and {@code 6Cxx} reach the caller. A driver inside the desktop expects exactly
     * that (it sends its own GET RESPONSE); were the answer assembled here, a long one would not fit QEMU's CCID
     * reader (384-byte bulk-in buffer) and the driver would see an answer it never asked for.
     */
    public ApduTransport transparent() {
        return this::transmitTransparent;
    }

    public String reader() {
        return terminal.getName();
    }

    /** The card's answer to reset. */
    public byte[] atr() {
        return card.getATR().getBytes();
    }

    @Override
    public synchronized byte[] transmit(byte[] command) throws SmartcardException {
        if (closed) {
            throw new SmartcardException(SmartcardException.Kind.OTHER, "the card connection is closed");
        }
        CommandAPDU apdu;
        try {
            apdu = new CommandAPDU(command);
        } catch (IllegalArgumentException e) {
            throw new SmartcardException(SmartcardException.Kind.OTHER, "malformed command APDU: " + e.getMessage(), e);
        }
        try {
            ResponseAPDU r = channel.transmit(apdu);
            return r.getBytes();
        } catch (CardException | IllegalStateException e) {
            SmartcardException mapped = Errors.map(e, "the card stopped answering");
            if (mapped.kind() != SmartcardException.Kind.CARD_REMOVED && !cardStillThere()) {
                return rethrowRemoved(e);
            }
            throw mapped;
        } catch (IllegalArgumentException e) {
            // jnasmartcardio builds a ResponseAPDU from what pcscd returned: an answer shorter than a status
            // word ends up here. vpcd's driver reports a card that vanished mid-command as success with no bytes,
            // and pcscd notices the absence only at its next presence poll: wait for that (bounded, blocking).
            if (goneWithin(REMOVAL_GRACE_MS)) {
                return rethrowRemoved(e);
            }
            throw new SmartcardException(SmartcardException.Kind.OTHER, "the card's answer is malformed: " + e.getMessage(), e);
        }
    }

    private synchronized byte[] transmitTransparent(byte[] command) throws SmartcardException {
        if (closed) {
            throw new SmartcardException(SmartcardException.Kind.OTHER, "the card connection is closed");
        }
        if (command.length < 4 || command.length > RawTransmit.MAX_COMMAND) {
            throw new SmartcardException(SmartcardException.Kind.OTHER, "malformed command APDU: " + command.length
                    + " bytes (4 to " + RawTransmit.MAX_COMMAND + ")");
        }
        if (raw == null) {
            try {
                raw = new RawTransmit(channel);
            } catch (IllegalStateException e) {
                throw new SmartcardException(SmartcardException.Kind.OTHER, e.getMessage(), e);
            }
        }
        byte[] answer;
        try {
            answer = raw.transmit(command);
        } catch (CardException e) {
            SmartcardException mapped = Errors.map(e, "the card stopped answering");
            if (mapped.kind() != SmartcardException.Kind.CARD_REMOVED && !cardStillThere()) {
                return rethrowRemoved(e);
            }
            throw mapped;
        }
        if (answer.length < 2) {
            // vpcd reports a card pulled mid-command as success with no bytes (see transmit)
            if (goneWithin(REMOVAL_GRACE_MS)) {
                return rethrowRemoved(null);
            }
            throw new SmartcardException(SmartcardException.Kind.OTHER, "the card answered " + answer.length
                    + " bytes, fewer than a status word");
        }
        return answer;
    }

    private byte[] rethrowRemoved(Throwable e) throws SmartcardException {
        throw new SmartcardException(SmartcardException.Kind.CARD_REMOVED,
                "the card stopped answering: the card was removed from \"" + terminal.getName() + "\"", e);
    }

    private boolean goneWithin(long ms) {
        try {
            return terminal.waitForCardAbsent(ms);
        } catch (CardException | RuntimeException e) {
            return true;
        }
    }

    private boolean cardStillThere() {
        try {
            return terminal.isCardPresent();
        } catch (CardException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            card.disconnect(true);
        } catch (CardException | RuntimeException ignored) {
            // the card or pcscd is already gone; the context release below still runs
        } finally {
            Pcsc.release(context);
        }
    }
}
