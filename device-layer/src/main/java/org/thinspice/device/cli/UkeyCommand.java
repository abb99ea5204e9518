package org.thinspice.device.cli;

import java.io.Console;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.thinspice.device.piv.PivException;
import org.thinspice.device.smartcard.Pcsc;
import org.thinspice.device.smartcard.SmartcardException;
import org.thinspice.device.ukey.ReaderReport;
import org.thinspice.device.ukey.Ukey;
import org.thinspice.device.ukey.UkeySignature;

/**
 * {@code ukey diagnose}: one line per PC/SC reader (card, ATR, PIV or not, certificate subject, PIN tries left,
 * problem). {@code ukey sign [--reader NAME] CHALLENGE_HEX}: asks for the PIN on the terminal (not echoed, never
 * an argument), signs with the 9A key and prints the algorithm, the certificate and the signature (base64).
 * Exit codes: 0 done, 1 the card or reader refused (the reason on stderr), 2 usage.
 */
public final class UkeyCommand {
    private UkeyCommand() {
    }

    /** Reads the PIN; the console in real use, a fixed one in tests. */
    interface PinSource {
        char[] read(String prompt);
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, prompt -> {
            Console c = System.console();
            if (c == null) {
                throw new IllegalStateException("ukey sign needs a terminal to read the PIN from");
            }
            return c.readPassword("%s", prompt);
        }));
    }

    static int run(String[] args, PrintStream out, PrintStream err, PinSource pins) {
        List<String> a = List.of(args);
        try {
            if (a.size() == 1 && a.get(0).equals("diagnose")) {
                Ukey ukey = new Ukey(Pcsc.system());
                List<ReaderReport> reports = ukey.diagnose();
                if (reports.isEmpty()) {
                    out.println("no smartcard reader");
                }
                for (ReaderReport r : reports) {
                    out.println(line(r));
                }
                return 0;
            }
            if (!a.isEmpty() && a.get(0).equals("sign") && (a.size() == 2 || a.size() == 4 && a.get(1).equals("--reader"))) {
                byte[] challenge = HexFormat.of().parseHex(a.get(a.size() - 1));
                Ukey ukey = new Ukey(Pcsc.system());
                String reader = a.size() == 4 ? a.get(2) : ukey.firstReaderWithCard();
                if (reader == null) {
                    err.println("ukey: insert your UKEY (no card in any reader)");
                    return 1;
                }
                char[] pin = pins.read("PIN for the UKEY in " + reader + ": ");
                try {
                    UkeySignature s = ukey.signChallenge(reader, pin, challenge);
                    Base64.Encoder b64 = Base64.getEncoder();
                    out.println("algorithm " + s.algorithm().jcaSignature);
                    out.println("certificate " + b64.encodeToString(s.certificate().getEncoded()));
                    out.println("signature " + b64.encodeToString(s.signature()));
                    return 0;
                } finally {
                    Arrays.fill(pin, '\0');
                }
            }
            err.println("usage: ukey diagnose | ukey sign [--reader NAME] CHALLENGE_HEX");
            return 2;
        } catch (PivException e) {
            err.println("ukey: " + e.getMessage());
            return 1;
        } catch (SmartcardException e) {
            err.println("ukey: " + e.getMessage());
            return 1;
        } catch (IllegalArgumentException e) {
            err.println("ukey: the challenge must be hex (" + e.getMessage() + ")");
            return 2;
        } catch (java.security.cert.CertificateEncodingException e) {
            err.println("ukey: the card's certificate cannot be encoded: " + e.getMessage());
            return 1;
        }
    }

    static String line(ReaderReport r) {
        StringBuilder b = new StringBuilder(r.reader()).append(": ");
        if (!r.cardPresent()) {
            return b.append("no card").toString();
        }
        b.append("card, ATR ").append(r.atr()).append(r.piv() ? ", PIV" : ", not PIV");
        if (r.certificateSubject() != null) {
            b.append(", 9A certificate ").append(r.certificateSubject());
        }
        if (r.pinTriesLeft() >= 0) {
            b.append(", ").append(r.pinTriesLeft()).append(" PIN tries left");
        }
        if (r.problem() != null) {
            b.append(" (").append(r.problem()).append(')');
        }
        return b.toString();
    }
}
