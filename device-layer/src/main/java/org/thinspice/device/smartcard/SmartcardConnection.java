package org.thinspice.device.smartcard;

import javax.smartcardio.Card;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CardTerminals;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;

/**
 * One connected card on its own PC/SC context. APDUs go over the basic channel as given (jnasmartcardio
 * answers {@code 61xx} with GET RESPONSE itself). Contents are never logged: a VERIFY carries the PIN.
 * {@link #close()} disconnects with a card reset (a verified PIN does not outlive us) and releases the context.
 */
public final class SmartcardConnection implements ApduTransport, AutoCloseable {
    /** How long an answer without status word waits for pcscd to see the card gone. */
    private static final long REMOVAL_GRACE_MS = 3000;

    private final CardTerminals context;
    private final CardTerminal terminal;
    private final Card card;
    private final CardChannel channel;
    private boolean closed;

    SmartcardConnection(CardTerminals context, CardTerminal terminal, Card card) {
        this.context = context;
        this.terminal = terminal;
        this.card = card;
        this.channel = card.getBasicChannel();
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
