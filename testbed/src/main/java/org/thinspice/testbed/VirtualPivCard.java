package org.thinspice.testbed;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Date;
import javax.crypto.Cipher;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A PIV card application in memory (the subset of NIST SP 800-73-4 a UKEY login uses), sans-I/O:
 * {@link #process(byte[])} takes a command APDU and returns response data plus status word. {@link VpcdCard}
 * puts it behind vsmartcard's vpcd reader so pcscd and every PC/SC client see a real card.
 *
 * <p>Holds one key in slot 9A (RSA-2048 or ECC P-256, generated at construction) and a self-signed
 * certificate for it in object 5FC105; a PIN (reference 80) with a retry counter that blocks at zero.
 * Supports SELECT (by the PIV AID or any prefix of it from the RID on), VERIFY (status query, check,
 * {@code 63Cx}, {@code 6983}), GET DATA (5FC105; other objects {@code 6A82}), GENERAL AUTHENTICATE
 * (raw RSA / ECDSA over the given block or hash, PIN required), ISO command chaining (CLA bit 0x10),
 * extended-length commands and responses, and {@code 61xx} + GET RESPONSE for long short-APDU answers.
 * Power off and reset clear the PIN state and the selection.
 */
public final class VirtualPivCard implements VirtualCard {
    /** The full PIV application identifier. */
    public static final byte[] PIV_AID = hex("A000000308000010000100");
    /** A T=1 ATR whose historical bytes spell "TSPIV" (TS, T0, TD1, TD2, history, TCK). */
    public static final byte[] ATR = atr("TSPIV".getBytes(StandardCharsets.US_ASCII));

    /** Key algorithms the card can hold in 9A, with their PIV algorithm ids. */
    public enum KeyAlgorithm {
        RSA_2048(0x07), EC_P256(0x11);

        public final int pivId;

        KeyAlgorithm(int pivId) {
            this.pivId = pivId;
        }
    }

    private static final int SW_OK = 0x9000;
    private static final int MAX_CHAINED = 8192;

    private final KeyAlgorithm algorithm;
    private final KeyPair keyPair;
    private final X509Certificate certificate;
    private final byte[] certObject;
    private final byte[] pin;
    private final int maxTries;
    private int triesLeft;
    private boolean selected;
    private boolean pinVerified;
    private final ByteArrayOutputStream chain = new ByteArrayOutputStream();
    private int chainHeader = -1;
    private byte[] pending = new byte[0];
    private volatile int commands;

    /** A card with a fresh key of {@code algorithm}, PIN {@code pin} (ASCII digits, 6–8) and {@code tries} retries. */
    public VirtualPivCard(KeyAlgorithm algorithm, String pin, int tries) {
        if (pin.length() < 1 || pin.length() > 8) {
            throw new IllegalArgumentException("a PIV PIN has 1 to 8 characters");
        }
        this.algorithm = algorithm;
        this.pin = pad(pin.getBytes(StandardCharsets.US_ASCII));
        this.maxTries = tries;
        this.triesLeft = tries;
        try {
            KeyPairGenerator gen;
            if (algorithm == KeyAlgorithm.RSA_2048) {
                gen = KeyPairGenerator.getInstance("RSA");
                gen.initialize(2048);
            } else {
                gen = KeyPairGenerator.getInstance("EC");
                gen.initialize(new ECGenParameterSpec("secp256r1"));
            }
            keyPair = gen.generateKeyPair();
            certificate = selfSigned(keyPair, algorithm);
            certObject = tlv(0x53, concat(tlv(0x70, certificate.getEncoded()), hex("710100"), hex("FE00")));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot make the virtual card's key and certificate", e);
        }
    }

    public KeyAlgorithm algorithm() {
        return algorithm;
    }

    /** The certificate in object 5FC105 (slot 9A). */
    public X509Certificate certificate() {
        return certificate;
    }

    public synchronized int triesLeft() {
        return triesLeft;
    }

    public synchronized boolean blocked() {
        return triesLeft == 0;
    }

    /** How many command APDUs the card has answered (tests wait on it). */
    public int commands() {
        return commands;
    }

    @Override
    public byte[] atr() {
        return ATR.clone();
    }

    /** Power off or reset: the PIN must be verified again and the application selected again. */
    @Override
    public synchronized void reset() {
        selected = false;
        pinVerified = false;
        pending = new byte[0];
        chain.reset();
        chainHeader = -1;
    }

    @Override
    public synchronized byte[] process(byte[] apdu) {
        commands++;
        Command c;
        try {
            c = Command.parse(apdu);
        } catch (IllegalArgumentException e) {
            return sw(0x6700);
        }
        if ((c.cla & 0xE0) != 0 && c.cla != 0x10) {
            return sw(0x6E00);
        }
        if (c.ins != 0xC0) {
            pending = new byte[0];
        }
        boolean chained = (c.cla & 0x10) != 0;
        if (chained || chainHeader >= 0) {
            int header = (c.ins << 16) | (c.p1 << 8) | c.p2;
            if (chainHeader >= 0 && chainHeader != header) {
                chain.reset();
                chainHeader = -1;
                return sw(0x6883); // last command of the chain expected
            }
            if (chain.size() + c.data.length > MAX_CHAINED) {
                chain.reset();
                chainHeader = -1;
                return sw(0x6700);
            }
            chain.write(c.data, 0, c.data.length);
            if (chained) {
                chainHeader = header;
                return sw(SW_OK);
            }
            c = new Command(c.cla & ~0x10, c.ins, c.p1, c.p2, chain.toByteArray(), c.le, c.extended);
            chain.reset();
            chainHeader = -1;
        }
        byte[] out;
        try {
            out = dispatch(c);
        } catch (RuntimeException e) {
            return sw(0x6F00);
        }
        return answer(out, c);
    }

    private byte[] dispatch(Command c) {
        switch (c.ins) {
            case 0xA4:
                return select(c);
            case 0xC0:
                return getResponse(c);
            default:
                break;
        }
        if (!selected) {
            return sw(0x6D00);
        }
        switch (c.ins) {
            case 0x20:
                return verify(c);
            case 0xCB:
                return getData(c);
            case 0x87:
                return generalAuthenticate(c);
            default:
                return sw(0x6D00);
        }
    }

    private byte[] select(Command c) {
        if (c.p1 != 0x04) {
            selected = false;
            return sw(0x6A82);
        }
        if (c.data.length < 5 || c.data.length > PIV_AID.length
                || !Arrays.equals(c.data, Arrays.copyOf(PIV_AID, c.data.length))) {
            selected = false;
            return sw(0x6A82);
        }
        selected = true;
        byte[] apt = tlv(0x61, concat(tlv(0x4F, Arrays.copyOfRange(PIV_AID, 5, PIV_AID.length)),
                tlv(0x79, tlv(0x4F, Arrays.copyOf(PIV_AID, 5))),
                tlv(0x50, "thinspice virtual PIV".getBytes(StandardCharsets.US_ASCII)),
                tlv(0xAC, concat(tlv(0x80, new byte[] {(byte) algorithm.pivId}), tlv(0x06, new byte[0])))));
        return withSw(apt, SW_OK);
    }

    private byte[] verify(Command c) {
        if (c.p1 != 0x00 && c.p1 != 0xFF || c.p2 != 0x80) {
            return sw(0x6A88);
        }
        if (c.p1 == 0xFF) { // reset the security status
            pinVerified = false;
            return sw(SW_OK);
        }
        if (triesLeft == 0) {
            return sw(0x6983);
        }
        if (c.data.length == 0) {
            return sw(pinVerified ? SW_OK : 0x63C0 | triesLeft);
        }
        if (c.data.length != 8) {
            return sw(0x6A80);
        }
        if (java.security.MessageDigest.isEqual(c.data, pin)) {
            triesLeft = maxTries;
            pinVerified = true;
            return sw(SW_OK);
        }
        pinVerified = false;
        triesLeft--;
        return sw(triesLeft == 0 ? 0x6983 : 0x63C0 | triesLeft);
    }

    private byte[] getData(Command c) {
        if (c.p1 != 0x3F || c.p2 != 0xFF) {
            return sw(0x6A86);
        }
        if (c.data.length < 2 || (c.data[0] & 0xFF) != 0x5C || (c.data[1] & 0xFF) != c.data.length - 2) {
            return sw(0x6A80);
        }
        byte[] tag = Arrays.copyOfRange(c.data, 2, c.data.length);
        if (Arrays.equals(tag, hex("5FC105"))) {
            return withSw(certObject, SW_OK);
        }
        return sw(0x6A82);
    }

    private byte[] generalAuthenticate(Command c) {
        if (c.p2 != 0x9A) {
            return sw(0x6A88);
        }
        if (c.p1 != algorithm.pivId) {
            return sw(0x6A80);
        }
        if (!pinVerified) {
            return sw(0x6982);
        }
        // 7C L { 82 00, 81 L challenge } in any order
        byte[][] template = Tlv.single(c.data, 0x7C);
        if (template == null) {
            return sw(0x6A80);
        }
        byte[] challenge = null;
        boolean responseRequested = false;
        int at = 0;
        byte[] body = template[0];
        while (at < body.length) {
            int[] hdr = Tlv.header(body, at);
            if (hdr == null) {
                return sw(0x6A80);
            }
            byte[] value = Arrays.copyOfRange(body, hdr[1], hdr[1] + hdr[2]);
            if (hdr[0] == 0x81) {
                challenge = value;
            } else if (hdr[0] == 0x82 && value.length == 0) {
                responseRequested = true;
            }
            at = hdr[1] + hdr[2];
        }
        if (challenge == null || !responseRequested) {
            return sw(0x6A80);
        }
        try {
            byte[] signature;
            if (algorithm == KeyAlgorithm.RSA_2048) {
                if (challenge.length != 256) {
                    return sw(0x6A80);
                }
                Cipher raw = Cipher.getInstance("RSA/ECB/NoPadding");
                raw.init(Cipher.ENCRYPT_MODE, keyPair.getPrivate());
                signature = raw.doFinal(challenge);
            } else {
                if (challenge.length > 32) {
                    return sw(0x6A80);
                }
                Signature ecdsa = Signature.getInstance("NONEwithECDSA");
                ecdsa.initSign(keyPair.getPrivate());
                ecdsa.update(challenge);
                signature = ecdsa.sign();
            }
            return withSw(tlv(0x7C, tlv(0x82, signature)), SW_OK);
        } catch (GeneralSecurityException e) {
            return sw(0x6F00);
        }
    }

    /** The next at most Le bytes of the answer left over (Le=00 is 256 in a short APDU); 61xx while more is left. */
    private byte[] getResponse(Command c) {
        if (pending.length == 0) {
            return sw(0x6985);
        }
        int n = Math.min(pending.length, c.le);
        byte[] now = Arrays.copyOf(pending, n);
        pending = Arrays.copyOfRange(pending, n, pending.length);
        if (pending.length == 0) {
            return withSw(now, SW_OK);
        }
        int next = Math.min(pending.length, 256);
        return withSw(now, 0x6100 | (next == 256 ? 0 : next));
    }

    /** Splits a long answer for a short-Le command into 61xx + GET RESPONSE pieces. */
    private byte[] answer(byte[] out, Command c) {
        int dataLen = out.length - 2;
        int max = c.extended ? 65536 : (c.le == 0 ? 256 : c.le);
        if (dataLen <= max || (out[dataLen] & 0xFF) != 0x90) {
            return out;
        }
        byte[] now = Arrays.copyOf(out, max);
        pending = Arrays.copyOfRange(out, max, dataLen);
        int next = Math.min(pending.length, 256);
        return withSw(now, 0x6100 | (next == 256 ? 0 : next));
    }

    private static X509Certificate selfSigned(KeyPair kp, KeyAlgorithm alg)
            throws OperatorCreationException, IOException, CertificateException {
        Instant now = Instant.now();
        X500Name name = new X500Name("CN=thinspice virtual UKEY " + alg + ",O=thinspice testbed");
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name,
                BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minus(1, ChronoUnit.DAYS)),
                Date.from(now.plus(365, ChronoUnit.DAYS)), name, kp.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        String sigAlg = alg == KeyAlgorithm.RSA_2048 ? "SHA256withRSA" : "SHA256withECDSA";
        byte[] der = b.build(new JcaContentSignerBuilder(sigAlg).build(kp.getPrivate())).getEncoded();
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new java.io.ByteArrayInputStream(der));
    }

    // --- small byte helpers -------------------------------------------------------------------------

    /** One parsed command APDU (ISO 7816-4 cases 1–4, short or extended). */
    record Command(int cla, int ins, int p1, int p2, byte[] data, int le, boolean extended) {
        static Command parse(byte[] a) {
            if (a.length < 4) {
                throw new IllegalArgumentException("short");
            }
            int cla = a[0] & 0xFF;
            int ins = a[1] & 0xFF;
            int p1 = a[2] & 0xFF;
            int p2 = a[3] & 0xFF;
            int n = a.length - 4;
            if (n == 0) {
                return new Command(cla, ins, p1, p2, new byte[0], 256, false);
            }
            int b0 = a[4] & 0xFF;
            if (n == 1) {
                return new Command(cla, ins, p1, p2, new byte[0], b0 == 0 ? 256 : b0, false);
            }
            if (b0 != 0 || n < 3) { // short Lc
                if (b0 == 0 || n < 1 + b0) {
                    throw new IllegalArgumentException("Lc");
                }
                byte[] data = Arrays.copyOfRange(a, 5, 5 + b0);
                if (n == 1 + b0) {
                    return new Command(cla, ins, p1, p2, data, 256, false);
                }
                if (n == 2 + b0) {
                    int le = a[5 + b0] & 0xFF;
                    return new Command(cla, ins, p1, p2, data, le == 0 ? 256 : le, false);
                }
                throw new IllegalArgumentException("length");
            }
            int l = ((a[5] & 0xFF) << 8) | (a[6] & 0xFF);
            if (n == 3) { // extended Le only
                return new Command(cla, ins, p1, p2, new byte[0], l == 0 ? 65536 : l, true);
            }
            if (l == 0 || n < 3 + l) {
                throw new IllegalArgumentException("Lc");
            }
            byte[] data = Arrays.copyOfRange(a, 7, 7 + l);
            if (n == 3 + l) {
                return new Command(cla, ins, p1, p2, data, 65536, true);
            }
            if (n == 5 + l) {
                int le = ((a[7 + l] & 0xFF) << 8) | (a[8 + l] & 0xFF);
                return new Command(cla, ins, p1, p2, data, le == 0 ? 65536 : le, true);
            }
            throw new IllegalArgumentException("length");
        }
    }

    /** BER-TLV with one- or two-byte tags (enough for PIV). */
    static final class Tlv {
        /** {tag, valueStart, valueLength} or null if malformed. */
        static int[] header(byte[] b, int at) {
            if (at >= b.length) {
                return null;
            }
            int tag = b[at++] & 0xFF;
            if ((tag & 0x1F) == 0x1F) {
                if (at >= b.length) {
                    return null;
                }
                tag = (tag << 8) | (b[at++] & 0xFF);
            }
            if (at >= b.length) {
                return null;
            }
            int len = b[at++] & 0xFF;
            if (len > 0x80) {
                int n = len & 0x7F;
                if (n > 3 || at + n > b.length) {
                    return null;
                }
                len = 0;
                for (int i = 0; i < n; i++) {
                    len = (len << 8) | (b[at++] & 0xFF);
                }
            } else if (len == 0x80) {
                return null;
            }
            if (len > b.length - at) {
                return null;
            }
            return new int[] {tag, at, len};
        }

        /** The value of {@code b} if it is exactly one TLV with {@code tag}; else null. */
        static byte[][] single(byte[] b, int tag) {
            int[] h = header(b, 0);
            if (h == null || h[0] != tag || h[1] + h[2] != b.length) {
                return null;
            }
            return new byte[][] {Arrays.copyOfRange(b, h[1], h[1] + h[2])};
        }
    }

    static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        if (tag > 0xFFFF) {
            o.write(tag >> 16);
        }
        if (tag > 0xFF) {
            o.write(tag >> 8);
        }
        o.write(tag);
        int n = value.length;
        if (n < 0x80) {
            o.write(n);
        } else if (n < 0x100) {
            o.write(0x81);
            o.write(n);
        } else {
            o.write(0x82);
            o.write(n >> 8);
            o.write(n);
        }
        o.write(value, 0, n);
        return o.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            o.write(p, 0, p.length);
        }
        return o.toByteArray();
    }

    private static byte[] pad(byte[] pin) {
        byte[] out = new byte[8];
        Arrays.fill(out, (byte) 0xFF);
        System.arraycopy(pin, 0, out, 0, pin.length);
        return out;
    }

    private static byte[] sw(int sw) {
        return new byte[] {(byte) (sw >> 8), (byte) sw};
    }

    private static byte[] withSw(byte[] data, int sw) {
        byte[] out = Arrays.copyOf(data, data.length + 2);
        out[data.length] = (byte) (sw >> 8);
        out[data.length + 1] = (byte) sw;
        return out;
    }

    static byte[] hex(String s) {
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    private static byte[] atr(byte[] history) {
        byte[] a = new byte[4 + history.length + 1];
        a[0] = 0x3B;
        a[1] = (byte) (0x80 | history.length);
        a[2] = (byte) 0x80;
        a[3] = 0x01;
        System.arraycopy(history, 0, a, 4, history.length);
        int tck = 0;
        for (int i = 1; i < a.length - 1; i++) {
            tck ^= a[i] & 0xFF;
        }
        a[a.length - 1] = (byte) tck;
        return a;
    }
}
