package org.thinspice.client.ukey;

import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thinspice.client.login.SecondFactorResponder;
import org.thinspice.device.piv.PivException;
import org.thinspice.device.smartcard.Pcsc;
import org.thinspice.device.smartcard.PcscEvent;
import org.thinspice.device.smartcard.ReaderState;
import org.thinspice.device.smartcard.ReaderWatcher;
import org.thinspice.device.smartcard.SmartcardException;
import org.thinspice.device.ukey.ReaderReport;
import org.thinspice.device.ukey.Ukey;
import org.thinspice.device.ukey.UkeySignature;

/**
 * The kiosk's UKEY over PC/SC (device-layer): one {@link ReaderWatcher} for the reader state the
 * sign-in screen and the session's removal policy follow, and {@link Ukey} for signing. Card failures
 * become {@link SecondFactorResponder.UkeyFailure}s with the PIV reason sorted into what a person is
 * told. Nothing here logs the PIN.
 */
public final class PcscUkey implements SecondFactorResponder, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PcscUkey.class);
    private final Pcsc pcsc;
    private final Ukey ukey;
    private final List<Consumer<Presence>> listeners = new CopyOnWriteArrayList<>();
    private volatile ReaderWatcher watcher;

    public PcscUkey(Pcsc pcsc) {
        this.pcsc = pcsc;
        this.ukey = new Ukey(pcsc);
    }

    /** The desktop's share of this terminal's card, over the same PC/SC. */
    public PcscCardShare cardShare() {
        return new PcscCardShare(pcsc);
    }

    /** The system's PC/SC, or {@link SecondFactorResponder#NONE} with a log line when libpcsclite cannot load. */
    public static SecondFactorResponder system() {
        try {
            return new PcscUkey(Pcsc.system());
        } catch (SmartcardException | LinkageError e) {
            LOG.warn("no PC/SC on this terminal, UKEY sign-in unavailable: {}", e.toString());
            return NONE;
        }
    }

    @Override
    public UkeyAnswer respond(String signText, char[] pin) throws UkeyFailure {
        String reader = readerWithCard();
        try {
            UkeySignature s = ukey.signChallenge(reader, pin, signText.getBytes(StandardCharsets.UTF_8));
            return new UkeyAnswer(Base64.getEncoder().encodeToString(s.certificate().getEncoded()),
                    Base64.getEncoder().encodeToString(s.signature()));
        } catch (PivException e) {
            throw failure(e);
        } catch (CertificateEncodingException e) {
            throw new UkeyFailure(UkeyFailure.Kind.NOT_SUPPORTED, "the card's certificate cannot be encoded", -1);
        }
    }

    private String readerWithCard() throws UkeyFailure {
        try {
            String reader = ukey.firstReaderWithCard();
            if (reader == null) {
                throw new UkeyFailure(UkeyFailure.Kind.NO_UKEY, "no card in any reader", -1);
            }
            return reader;
        } catch (PivException e) {
            throw failure(e);
        }
    }

    static UkeyFailure failure(PivException e) {
        UkeyFailure.Kind kind = switch (e.reason()) {
            case WRONG_PIN -> UkeyFailure.Kind.WRONG_PIN;
            case PIN_BLOCKED -> UkeyFailure.Kind.BLOCKED;
            case NOT_SUPPORTED_UKEY, NO_CERTIFICATE -> UkeyFailure.Kind.NOT_SUPPORTED;
            case CARD_REMOVED -> UkeyFailure.Kind.REMOVED;
            case PIN_FORMAT -> UkeyFailure.Kind.PIN_FORMAT;
            default -> UkeyFailure.Kind.READER;
        };
        return new UkeyFailure(kind, e.getMessage(), e.triesLeft());
    }

    @Override
    public Presence presence() {
        try {
            List<ReaderState> readers = pcsc.readers();
            if (readers.isEmpty()) {
                return Presence.NO_READER;
            }
            return readers.stream().anyMatch(ReaderState::cardPresent) ? Presence.READY : Presence.NO_CARD;
        } catch (SmartcardException e) {
            return e.kind() == SmartcardException.Kind.NO_SERVICE ? Presence.NO_SERVICE : Presence.NO_READER;
        }
    }

    @Override
    public int triesLeft() {
        try {
            return ukey.diagnose().stream().filter(r -> r.cardPresent() && r.piv()).mapToInt(ReaderReport::pinTriesLeft)
                    .findFirst().orElse(-1);
        } catch (PivException e) {
            return -1;
        }
    }

    @Override
    public List<String> describeReaders() {
        try {
            return ukey.diagnose().stream().map(PcscUkey::line).toList();
        } catch (PivException e) {
            return List.of("PC/SC: " + e.getMessage());
        }
    }

    static String line(ReaderReport r) {
        if (!r.cardPresent()) {
            return r.reader() + ": —";
        }
        StringBuilder b = new StringBuilder(r.reader()).append(": ATR ").append(r.atr() == null ? "?" : r.atr())
                .append(", PIV ").append(r.piv() ? "✓" : "✗");
        if (r.certificateSubject() != null) {
            b.append(", ").append(r.certificateSubject());
        }
        if (r.pinTriesLeft() >= 0) {
            b.append(", PIN ").append(r.pinTriesLeft()).append("/…");
        }
        if (r.problem() != null) {
            b.append(" (").append(r.problem()).append(')');
        }
        return b.toString();
    }

    @Override
    public synchronized void watch(Consumer<Presence> listener) {
        listeners.add(listener);
        if (watcher == null) {
            watcher = pcsc.watch(this::changed);
        }
    }

    private void changed(PcscEvent e) {
        Presence p = e.type() == PcscEvent.Type.SERVICE_LOST ? Presence.NO_SERVICE : presence();
        for (Consumer<Presence> l : listeners) {
            l.accept(p);
        }
    }

    @Override
    public synchronized void close() {
        if (watcher != null) {
            watcher.close();
            watcher = null;
        }
    }
}
