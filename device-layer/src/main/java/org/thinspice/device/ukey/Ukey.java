package org.thinspice.device.ukey;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.thinspice.device.piv.PivAlgorithm;
import org.thinspice.device.piv.PivClient;
import org.thinspice.device.piv.PivException;
import org.thinspice.device.piv.PivSlot;
import org.thinspice.device.smartcard.Pcsc;
import org.thinspice.device.smartcard.ReaderState;
import org.thinspice.device.smartcard.SmartcardConnection;
import org.thinspice.device.smartcard.SmartcardException;

/**
 * The terminal's UKEY operations, as the kiosk will call them: {@link #signChallenge} (one connection: SELECT,
 * certificate, PIN, signature, disconnect with reset) and {@link #diagnose} (every reader, its card and whether
 * the card answers PIV, without spending a PIN try). PC/SC failures arrive as {@link PivException} with reason
 * {@code READER_ERROR} or {@code CARD_REMOVED}.
 */
public final class Ukey {
    private final Pcsc pcsc;

    public Ukey(Pcsc pcsc) {
        this.pcsc = pcsc;
    }

    /** Signs {@code challenge} with the 9A key of the card in {@code reader} after verifying {@code pin}. */
    public UkeySignature signChallenge(String reader, char[] pin, byte[] challenge) throws PivException {
        try (SmartcardConnection c = connect(reader)) {
            PivClient piv = new PivClient(c);
            piv.select();
            X509Certificate cert = piv.readCertificate(PivSlot.AUTHENTICATION);
            PivAlgorithm alg = PivAlgorithm.of(cert.getPublicKey());
            piv.verifyPin(pin);
            return new UkeySignature(cert, alg, piv.sign(PivSlot.AUTHENTICATION, alg, challenge));
        }
    }

    /** The first reader holding a card (PIV or not), or null: where "insert your UKEY" ends. */
    public String firstReaderWithCard() throws PivException {
        try {
            return pcsc.readers().stream().filter(ReaderState::cardPresent).map(ReaderState::name).findFirst().orElse(null);
        } catch (SmartcardException e) {
            throw new PivException(PivException.Reason.READER_ERROR, e.getMessage(), e);
        }
    }

    /** One report per reader; an unreadable card is a report with a problem, not an exception. */
    public List<ReaderReport> diagnose() throws PivException {
        List<ReaderState> readers;
        try {
            readers = pcsc.readers();
        } catch (SmartcardException e) {
            throw new PivException(PivException.Reason.READER_ERROR, e.getMessage(), e);
        }
        List<ReaderReport> out = new ArrayList<>();
        for (ReaderState r : readers) {
            if (!r.cardPresent()) {
                out.add(new ReaderReport(r.name(), false, null, false, null, -1, null));
                continue;
            }
            String atr = null;
            try (SmartcardConnection c = connect(r.name())) {
                atr = HexFormat.of().withUpperCase().formatHex(c.atr());
                PivClient piv = new PivClient(c);
                piv.select();
                String subject = null;
                String problem = null;
                try {
                    subject = piv.readCertificate(PivSlot.AUTHENTICATION).getSubjectX500Principal().getName();
                } catch (PivException e) {
                    problem = e.getMessage();
                }
                out.add(new ReaderReport(r.name(), true, atr, true, subject, piv.pinTriesLeft(), problem));
            } catch (PivException e) {
                boolean piv = e.reason() != PivException.Reason.NOT_SUPPORTED_UKEY
                        && e.reason() != PivException.Reason.READER_ERROR && e.reason() != PivException.Reason.CARD_REMOVED;
                out.add(new ReaderReport(r.name(), true, atr, piv, null, -1, e.getMessage()));
            }
        }
        return out;
    }

    private SmartcardConnection connect(String reader) throws PivException {
        try {
            return pcsc.connect(reader);
        } catch (SmartcardException e) {
            PivException.Reason reason = e.kind() == SmartcardException.Kind.CARD_REMOVED
                    || e.kind() == SmartcardException.Kind.NO_CARD ? PivException.Reason.CARD_REMOVED
                    : PivException.Reason.READER_ERROR;
            throw new PivException(reason, e.getMessage(), e);
        }
    }
}
