package org.thinspice.device.bench;

import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Locale;
import org.thinspice.device.piv.PivAlgorithm;
import org.thinspice.device.piv.PivClient;
import org.thinspice.device.piv.PivSlot;
import org.thinspice.device.smartcard.ApduTransport;
import org.thinspice.device.smartcard.Pcsc;
import org.thinspice.device.smartcard.PcscSocket;
import org.thinspice.device.smartcard.SmartcardConnection;
import org.thinspice.testbed.Pcscd;
import org.thinspice.testbed.VirtualPivCard;
import org.thinspice.testbed.VpcdCard;

/**
 * {@code ./thinspice bench ukey [ROUNDS]}: the terminal's half of a UKEY login, timed per round, for an RSA-2048
 * and a P-256 virtual PIV card behind Debian's pcscd + vpcd (testbed's {@link Pcscd}, root):
 * <ul>
 *   <li>{@code login}: connect, SELECT, VERIFY PIN, read the 9A certificate, sign a fresh 32-byte challenge,
 *   disconnect (what the kiosk will do per login);</li>
 *   <li>{@code sign}: GENERAL AUTHENTICATE alone on an open, verified connection;</li>
 *   <li>{@code sign in memory}: the same signature with the card called directly (no PC/SC) — the card's own
 *   cost, so the difference is PC/SC + vpcd.</li>
 * </ul>
 * Every signature is verified with the certificate (outside the timing). Prints p50 / p99 / max in ms after
 * a warm-up of ROUNDS/10. The controller's side (challenge, check, token) is not part of it yet.
 */
public final class UkeyBench {
    private UkeyBench() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int warm = Math.max(5, rounds / 10);
        try (Pcscd pcscd = Pcscd.start()) {
            PcscSocket.use(pcscd.socket());
            Pcsc pcsc = Pcsc.system();
            int slot = 0;
            for (VirtualPivCard.KeyAlgorithm alg : VirtualPivCard.KeyAlgorithm.values()) {
                VirtualPivCard card = new VirtualPivCard(alg, "123456", 3);
                try (VpcdCard in = VpcdCard.insert(card, pcscd.slotPort(slot))) {
                    awaitCard(pcsc, pcscd.readerName(slot));
                    String reader = pcscd.readerName(slot);
                    report(alg + " login", time(warm, rounds, () -> {
                        try (SmartcardConnection c = pcsc.connect(reader)) {
                            PivClient piv = new PivClient(c);
                            piv.select();
                            piv.verifyPin("123456".toCharArray());
                            X509Certificate cert = piv.readCertificate(PivSlot.AUTHENTICATION);
                            PivAlgorithm pa = PivAlgorithm.of(cert.getPublicKey());
                            byte[] challenge = challenge();
                            return new Signed(cert, pa, challenge, piv.sign(PivSlot.AUTHENTICATION, pa, challenge));
                        }
                    }));
                    try (SmartcardConnection c = pcsc.connect(reader)) {
                        report(alg + " sign", signOnly(c, warm, rounds));
                    }
                    // a card of its own: pcscd powers the inserted one down when idle, which resets it
                    VirtualPivCard alone = new VirtualPivCard(alg, "123456", 3);
                    report(alg + " sign in memory", signOnly(alone::process, warm, rounds));
                }
                slot++;
            }
        }
    }

    private static double[] signOnly(ApduTransport t, int warm, int rounds) throws Exception {
        PivClient piv = new PivClient(t);
        piv.select();
        piv.verifyPin("123456".toCharArray());
        X509Certificate cert = piv.readCertificate(PivSlot.AUTHENTICATION);
        PivAlgorithm pa = PivAlgorithm.of(cert.getPublicKey());
        return time(warm, rounds, () -> {
            byte[] challenge = challenge();
            return new Signed(cert, pa, challenge, piv.sign(PivSlot.AUTHENTICATION, pa, challenge));
        });
    }

    record Signed(X509Certificate cert, PivAlgorithm alg, byte[] challenge, byte[] signature) {
        void check() throws Exception {
            Signature v = Signature.getInstance(alg.jcaSignature);
            v.initVerify(cert);
            v.update(challenge);
            if (!v.verify(signature)) {
                throw new IllegalStateException("a signature did not verify");
            }
        }
    }

    interface Round {
        Signed run() throws Exception;
    }

    private static double[] time(int warm, int rounds, Round r) throws Exception {
        for (int i = 0; i < warm; i++) {
            r.run().check();
        }
        double[] ms = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            long t0 = System.nanoTime();
            Signed s = r.run();
            ms[i] = (System.nanoTime() - t0) / 1e6;
            s.check();
        }
        return ms;
    }

    private static byte[] challenge() {
        byte[] c = new byte[32];
        new SecureRandom().nextBytes(c);
        return c;
    }

    private static void report(String what, double[] ms) {
        double[] s = ms.clone();
        Arrays.sort(s);
        System.out.printf(Locale.ROOT, "%-26s n=%d  p50 %7.2f ms  p99 %7.2f ms  max %7.2f ms%n", what, s.length,
                s[(int) Math.floor(0.5 * (s.length - 1))], s[(int) Math.ceil(0.99 * (s.length - 1))], s[s.length - 1]);
    }

    private static void awaitCard(Pcsc pcsc, String reader) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (pcsc.readers().stream().anyMatch(r -> r.name().equals(reader) && r.cardPresent())) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the virtual card did not appear in " + reader);
    }
}
