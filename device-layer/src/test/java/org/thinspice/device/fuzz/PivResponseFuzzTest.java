package org.thinspice.device.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import org.thinspice.device.piv.PivAlgorithm;
import org.thinspice.device.piv.PivClient;
import org.thinspice.device.piv.PivException;
import org.thinspice.device.piv.PivSlot;
import org.thinspice.device.piv.ResponseApdu;
import org.thinspice.device.smartcard.SmartcardException;

/**
 * Jazzer target for everything a card's answers reach in the PIV client. The first byte picks the mode:
 * 0 the response-APDU split, 1 the certificate object parser ({@code 53 {70 …}}), 2 the signature template
 * parser ({@code 7C {82 …}}), anything else a whole scripted card — the rest is a sequence of answers, each a
 * 2-byte big-endian length and bytes, fed to {@link PivClient} for SELECT, PIN status, VERIFY, GET DATA (with
 * GET RESPONSE) and GENERAL AUTHENTICATE (with chaining). The only allowed failure is {@link PivException}.
 * Seeds: {@code PivResponseFuzzTestInputs/responses/} — the virtual PIV card's real answers.
 */
class PivResponseFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void responses(byte[] in) throws Exception {
        if (in.length == 0) {
            return;
        }
        byte[] rest = Arrays.copyOfRange(in, 1, in.length);
        try {
            switch (in[0]) {
                case 0 -> ResponseApdu.parse(rest);
                case 1 -> PivClient.parseCertificateObject(rest);
                case 2 -> PivClient.parseSignature(rest);
                default -> scripted(rest);
            }
        } catch (PivException expected) {
            // typed refusal: the kiosk shows it
        }
    }

    private static void scripted(byte[] script) throws PivException {
        int[] at = {0};
        PivClient piv = new PivClient(cmd -> {
            if (at[0] + 2 > script.length) {
                throw new SmartcardException(SmartcardException.Kind.CARD_REMOVED, "script ended");
            }
            int len = ((script[at[0]] & 0xFF) << 8) | (script[at[0] + 1] & 0xFF);
            int from = at[0] + 2;
            int to = Math.min(script.length, from + len);
            at[0] = to;
            return Arrays.copyOfRange(script, from, to);
        });
        piv.select();
        try {
            piv.readCertificate(PivSlot.AUTHENTICATION);
        } catch (PivException ignored) {
            // keep going: the later steps parse other answers
        }
        try {
            piv.pinTriesLeft();
            piv.verifyPin("123456".toCharArray());
        } catch (PivException ignored) {
            // as above
        }
        piv.sign(PivSlot.AUTHENTICATION, script.length % 2 == 0 ? PivAlgorithm.RSA_2048 : PivAlgorithm.EC_P256,
                new byte[] {1, 2, 3});
    }
}
