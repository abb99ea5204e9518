package org.thinspice.device.piv;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thinspice.device.smartcard.ApduTransport;
import org.thinspice.device.smartcard.SmartcardException;

/**
 * The PIV card application over any {@link ApduTransport} (PC/SC, or an in-memory card in tests): SELECT,
 * VERIFY PIN (with tries left and the blocked state), GET DATA for a slot's certificate, GENERAL AUTHENTICATE
 * to sign a challenge with RSA-2048 or ECC P-256. Answers of {@code 61xx} are followed by GET RESPONSE; command
 * data over 255 bytes goes out with ISO command chaining (CLA bit 0x10), which every PIV card accepts (extended
 * Lc is not universal). The PIN is held in a {@code char[]} the caller owns, copied into one APDU buffer that
 * is wiped after sending, and never logged or put into an exception message.
 */
public final class PivClient {
    private static final Logger LOG = LoggerFactory.getLogger(PivClient.class);
    /** PIV application identifier (RID A0 00 00 03 08, PIX 00 00 10 00 01 00). */
    static final byte[] PIV_AID = {(byte) 0xA0, 0x00, 0x00, 0x03, 0x08, 0x00, 0x00, 0x10, 0x00, 0x01, 0x00};
    /** Upper bound on a certificate object (YubiKey's limit is 3 KiB; leave room). */
    static final int MAX_OBJECT = 16384;
    private static final int MAX_GET_RESPONSES = 64;
    /** SHA-256 DigestInfo prefix (PKCS#1 v1.5, RFC 8017 §9.2 note 1). */
    private static final byte[] SHA256_DIGEST_INFO = {0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, (byte) 0x86, 0x48,
        0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20};

    private final ApduTransport card;

    public PivClient(ApduTransport card) {
        this.card = card;
    }

    /** Selects the PIV application; a card without it is {@link PivException.Reason#NOT_SUPPORTED_UKEY}. */
    public void select() throws PivException {
        byte[] cmd = new byte[5 + PIV_AID.length + 1];
        cmd[1] = (byte) 0xA4;
        cmd[2] = 0x04;
        cmd[4] = (byte) PIV_AID.length;
        System.arraycopy(PIV_AID, 0, cmd, 5, PIV_AID.length);
        ResponseApdu r = send(cmd, "select the PIV application");
        if (!r.ok()) {
            throw new PivException(PivException.Reason.NOT_SUPPORTED_UKEY, String.format(
                    "this card is not a supported UKEY: it has no PIV application (SELECT answered %04X)", r.sw()));
        }
    }

    /** Tries left before the PIN blocks, without spending one; -1 when the PIN is already verified. */
    public int pinTriesLeft() throws PivException {
        ResponseApdu r = send(new byte[] {0x00, 0x20, 0x00, (byte) 0x80}, "read the PIN status");
        if (r.ok()) {
            return -1;
        }
        if ((r.sw() & 0xFFF0) == 0x63C0) {
            return r.sw() & 0x0F;
        }
        if (r.sw() == 0x6983) {
            return 0;
        }
        throw cardError("read the PIN status", r.sw());
    }

    /**
     * Verifies the PIV application PIN (reference 80). Wrong: {@link PivException.Reason#WRONG_PIN} with the tries
     * left; no tries left: {@link PivException.Reason#PIN_BLOCKED}. {@code pin} is not modified.
     */
    public void verifyPin(char[] pin) throws PivException {
        if (pin == null || pin.length < 1 || pin.length > 8) {
            throw new PivException(PivException.Reason.PIN_FORMAT, "a UKEY PIN has 1 to 8 characters");
        }
        byte[] cmd = new byte[5 + 8];
        try {
            cmd[1] = 0x20;
            cmd[3] = (byte) 0x80;
            cmd[4] = 8;
            Arrays.fill(cmd, 5, 13, (byte) 0xFF);
            for (int i = 0; i < pin.length; i++) {
                if (pin[i] < 0x20 || pin[i] > 0x7E) {
                    throw new PivException(PivException.Reason.PIN_FORMAT, "a UKEY PIN has only printable ASCII characters");
                }
                cmd[5 + i] = (byte) pin[i];
            }
            ResponseApdu r = send(cmd, "verify the PIN");
            if (r.ok()) {
                LOG.debug("PIN verified");
                return;
            }
            if ((r.sw() & 0xFFF0) == 0x63C0) {
                int left = r.sw() & 0x0F;
                if (left == 0) {
                    throw blocked();
                }
                throw new PivException(PivException.Reason.WRONG_PIN,
                        "wrong PIN: " + left + (left == 1 ? " try" : " tries") + " left before the UKEY blocks", left, null);
            }
            if (r.sw() == 0x6983) {
                throw blocked();
            }
            throw cardError("verify the PIN", r.sw());
        } finally {
            Arrays.fill(cmd, (byte) 0);
        }
    }

    /** The certificate in {@code slot}'s data object. */
    public X509Certificate readCertificate(PivSlot slot) throws PivException {
        int o = slot.certificateObject;
        byte[] cmd = {0x00, (byte) 0xCB, 0x3F, (byte) 0xFF, 0x05, 0x5C, 0x03,
            (byte) (o >> 16), (byte) (o >> 8), (byte) o, 0x00};
        ResponseApdu r = send(cmd, "read the certificate");
        if (r.sw() == 0x6A82) {
            throw new PivException(PivException.Reason.NO_CERTIFICATE,
                    String.format("the UKEY has no certificate in slot %02X", slot.keyReference));
        }
        if (!r.ok()) {
            throw cardError("read the certificate", r.sw());
        }
        return parseCertificateObject(r.data());
    }

    /** Parses a certificate data object: {@code 53 { 70 cert, 71 compression, FE lrc }}. Public for the fuzz target. */
    public static X509Certificate parseCertificateObject(byte[] object) throws PivException {
        Tlv.Element outer = Tlv.read(object, 0, object.length);
        if (outer.tag() != 0x53) {
            throw new PivException(PivException.Reason.MALFORMED_RESPONSE, "the certificate object is not tagged 53");
        }
        byte[] der = Tlv.find(object, outer.valueOffset(), outer.end(), 0x70);
        if (der == null || der.length == 0) {
            throw new PivException(PivException.Reason.NO_CERTIFICATE, "the UKEY's certificate object is empty");
        }
        byte[] info = Tlv.find(object, outer.valueOffset(), outer.end(), 0x71);
        if (info != null && info.length == 1 && info[0] == 0x01) {
            der = gunzip(der);
        }
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException | RuntimeException e) {
            throw new PivException(PivException.Reason.MALFORMED_RESPONSE, "the UKEY's certificate does not parse", e);
        }
    }

    private static byte[] gunzip(byte[] gz) throws PivException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            byte[] out = in.readNBytes(MAX_OBJECT + 1);
            if (out.length > MAX_OBJECT) {
                throw new PivException(PivException.Reason.MALFORMED_RESPONSE, "the compressed certificate is too large");
            }
            return out;
        } catch (IOException e) {
            throw new PivException(PivException.Reason.MALFORMED_RESPONSE, "the compressed certificate is damaged", e);
        }
    }

    /**
     * Signs {@code message} with the key in {@code slot}: SHA-256 of it, then for RSA-2048 the PKCS#1 v1.5 block
     * the card exponentiates raw, for P-256 the hash itself. The result verifies with
     * {@code Signature.getInstance(algorithm.jcaSignature)} and the slot's certificate. Needs a verified PIN.
     */
    public byte[] sign(PivSlot slot, PivAlgorithm algorithm, byte[] message) throws PivException {
        byte[] hash;
        try {
            hash = MessageDigest.getInstance("SHA-256").digest(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
        byte[] input = algorithm == PivAlgorithm.RSA_2048 ? pkcs1(hash, 256) : hash;
        byte[] template = Tlv.encode(0x7C, concat(new byte[] {(byte) 0x82, 0x00}, Tlv.encode(0x81, input)));
        ResponseApdu r = sendChained(0x87, algorithm.id, slot.keyReference, template, "sign with the UKEY");
        if (r.sw() == 0x6982) {
            throw new PivException(PivException.Reason.PIN_REQUIRED, "the UKEY wants its PIN before it signs");
        }
        if (r.sw() == 0x6983) {
            throw blocked();
        }
        if (r.sw() == 0x6A82 || r.sw() == 0x6A88) {
            throw new PivException(PivException.Reason.NO_CERTIFICATE,
                    String.format("the UKEY has no key in slot %02X", slot.keyReference));
        }
        if (!r.ok()) {
            throw cardError("sign with the UKEY", r.sw());
        }
        return parseSignature(r.data());
    }

    /** Parses {@code 7C { 82 signature }}. Public for the fuzz target. */
    public static byte[] parseSignature(byte[] data) throws PivException {
        byte[] body = Tlv.only(data, 0x7C);
        byte[] sig = Tlv.find(body, 0, body.length, 0x82);
        if (sig == null || sig.length == 0) {
            throw new PivException(PivException.Reason.MALFORMED_RESPONSE, "the UKEY's answer holds no signature");
        }
        return sig;
    }

    static byte[] pkcs1(byte[] sha256, int k) {
        byte[] block = new byte[k];
        int t = SHA256_DIGEST_INFO.length + sha256.length;
        block[0] = 0x00;
        block[1] = 0x01;
        Arrays.fill(block, 2, k - t - 1, (byte) 0xFF);
        block[k - t - 1] = 0x00;
        System.arraycopy(SHA256_DIGEST_INFO, 0, block, k - t, SHA256_DIGEST_INFO.length);
        System.arraycopy(sha256, 0, block, k - sha256.length, sha256.length);
        return block;
    }

    /** Sends {@code data} in pieces of at most 255 bytes, all but the last with CLA 0x10; returns the last answer. */
    private ResponseApdu sendChained(int ins, int p1, int p2, byte[] data, String doing) throws PivException {
        int at = 0;
        while (true) {
            int n = Math.min(255, data.length - at);
            boolean last = at + n == data.length;
            byte[] cmd = new byte[5 + n + (last ? 1 : 0)];
            cmd[0] = (byte) (last ? 0x00 : 0x10);
            cmd[1] = (byte) ins;
            cmd[2] = (byte) p1;
            cmd[3] = (byte) p2;
            cmd[4] = (byte) n;
            System.arraycopy(data, at, cmd, 5, n);
            ResponseApdu r = send(cmd, doing);
            if (last) {
                return r;
            }
            if (!r.ok()) {
                return r;
            }
            at += n;
        }
    }

    /** One command, then GET RESPONSE while the card says {@code 61xx}; the data are joined (bounded). */
    private ResponseApdu send(byte[] cmd, String doing) throws PivException {
        ResponseApdu r = transmit(cmd, doing);
        if (r.sw1() != 0x61) {
            return r;
        }
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.write(r.data(), 0, r.data().length);
        for (int i = 0; r.sw1() == 0x61; i++) {
            if (i == MAX_GET_RESPONSES || all.size() > MAX_OBJECT) {
                throw new PivException(PivException.Reason.MALFORMED_RESPONSE,
                        "the UKEY's answer does not end (over " + MAX_OBJECT + " bytes)");
            }
            r = transmit(new byte[] {0x00, (byte) 0xC0, 0x00, 0x00, (byte) (r.sw() & 0xFF)}, doing);
            all.write(r.data(), 0, r.data().length);
        }
        return new ResponseApdu(all.toByteArray(), r.sw());
    }

    private ResponseApdu transmit(byte[] cmd, String doing) throws PivException {
        try {
            return ResponseApdu.parse(card.transmit(cmd));
        } catch (SmartcardException e) {
            if (e.kind() == SmartcardException.Kind.CARD_REMOVED || e.kind() == SmartcardException.Kind.NO_CARD) {
                throw new PivException(PivException.Reason.CARD_REMOVED,
                        "the UKEY was removed while trying to " + doing, e);
            }
            throw new PivException(PivException.Reason.READER_ERROR, "cannot " + doing + ": " + e.getMessage(), e);
        }
    }

    private static PivException blocked() {
        return new PivException(PivException.Reason.PIN_BLOCKED,
                "the UKEY's PIN is blocked (no tries left); an administrator must unblock it", 0, null);
    }

    private static PivException cardError(String doing, int sw) {
        return new PivException(PivException.Reason.CARD_ERROR, String.format("cannot %s: the UKEY answered %04X", doing, sw));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
