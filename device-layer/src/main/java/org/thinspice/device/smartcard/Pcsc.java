package org.thinspice.device.smartcard;

import java.util.ArrayList;
import java.util.List;
import javax.smartcardio.Card;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CardTerminals;
import javax.smartcardio.TerminalFactory;
import jnasmartcardio.Smartcardio;

/**
 * PC/SC for the terminal, through jnasmartcardio as the {@code javax.smartcardio} provider (JNA to
 * {@code libpcsclite.so.1}; no global provider registration). Every operation takes its own PC/SC context
 * ({@code factory.terminals()} establishes a fresh one in jnasmartcardio) and releases it, so a restarted pcscd
 * is picked up by the next call and nothing leaks: {@link #readers()} closes its context before returning, a
 * {@link SmartcardConnection} and a {@link ReaderWatcher} each own one and close it in {@code close()}.
 */
public final class Pcsc {
    private final TerminalFactory factory;

    private Pcsc(TerminalFactory factory) {
        this.factory = factory;
    }

    /** PC/SC over the system's libpcsclite (socket: {@link PcscSocket} or the default). */
    public static Pcsc system() throws SmartcardException {
        try {
            return new Pcsc(TerminalFactory.getInstance("PC/SC", null, new Smartcardio()));
        } catch (java.security.NoSuchAlgorithmException | LinkageError e) {
            throw new SmartcardException(SmartcardException.Kind.NO_SERVICE,
                    "PC/SC is not available on this terminal (libpcsclite1 missing?)", e);
        }
    }

    /** A new PC/SC context; the caller closes it with {@link #release(CardTerminals)}. */
    CardTerminals openContext() throws SmartcardException {
        try {
            return factory.terminals();
        } catch (RuntimeException e) {
            throw Errors.map(e, "cannot reach the smartcard service (pcscd)");
        }
    }

    static void release(CardTerminals terminals) {
        if (terminals instanceof Smartcardio.JnaCardTerminals jna) {
            try {
                jna.close();
            } catch (CardException ignored) {
                // the context is gone either way (pcscd restarted); nothing to release
            }
        }
    }

    /** The readers there are now, each with whether a card is in it. Empty when there is no reader. */
    public List<ReaderState> readers() throws SmartcardException {
        CardTerminals t = openContext();
        try {
            return snapshot(t);
        } finally {
            release(t);
        }
    }

    static List<ReaderState> snapshot(CardTerminals t) throws SmartcardException {
        List<ReaderState> out = new ArrayList<>();
        try {
            for (CardTerminal term : t.list()) {
                out.add(new ReaderState(term.getName(), term.isCardPresent()));
            }
        } catch (CardException e) {
            if (Errors.code(e) == Errors.SCARD_E_NO_READERS_AVAILABLE) {
                return out;
            }
            throw Errors.map(e, "cannot list the smartcard readers");
        }
        return out;
    }

    /** Connects to the card in {@code reader} (any protocol, shared). */
    public SmartcardConnection connect(String reader) throws SmartcardException {
        CardTerminals t = openContext();
        try {
            CardTerminal term = t.getTerminal(reader);
            if (term == null) {
                throw new SmartcardException(SmartcardException.Kind.NO_READER, "the reader \"" + reader + "\" is not connected");
            }
            Card card;
            try {
                card = term.connect("*");
            } catch (CardException e) {
                throw Errors.map(e, "cannot connect to the card in \"" + reader + "\"");
            }
            return new SmartcardConnection(t, term, card);
        } catch (SmartcardException | RuntimeException e) {
            release(t);
            throw e;
        }
    }

    /** Starts a watcher thread on its own context; events go to {@code listener} on that thread. */
    public ReaderWatcher watch(ReaderWatcher.Listener listener) {
        return ReaderWatcher.start(this, listener, java.time.Duration.ofMillis(1000));
    }
}
