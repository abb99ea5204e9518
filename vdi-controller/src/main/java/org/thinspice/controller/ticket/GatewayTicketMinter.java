package org.thinspice.controller.ticket;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.thinspice.controller.auth.Secrets;

/**
 * Mints {@code tsg1.<payload>.<signature>} tickets for the gateway: the payload is the claims as
 * UTF-8 JSON in lower-case unpadded base32, the signature Ed25519 over {@code tsg1.<payload>} in hex.
 * Valid {@link #LIFETIME_SECONDS} from issue.
 */
public final class GatewayTicketMinter {
    public static final String PREFIX = "tsg1";
    public static final long LIFETIME_SECONDS = 60;
    private final String kid;
    private final PrivateKey key;
    private final Clock clock;

    public GatewayTicketMinter(String kid, PrivateKey key, Clock clock) {
        if (!kid.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("kid must be 1..64 of [A-Za-z0-9._-]: " + kid);
        }
        this.kid = kid;
        this.key = key;
        this.clock = clock;
    }

    /** A fresh ticket for {@code user} at {@code terminal} (may be "") to {@code host}:{@code ports} of desktop {@code desktop}. */
    public String mint(String user, String terminal, String desktop, String host, List<Integer> ports) {
        return mint(user, terminal, desktop, host, ports, null);
    }

    /** {@link #mint} through an upstream CONNECT proxy {@code via} ({@code host:port}, null = direct). */
    public String mint(String user, String terminal, String desktop, String host, List<Integer> ports, String via) {
        long now = clock.millis() / 1000;
        return encode(new TicketClaims(kid, Secrets.hex(16), user, terminal, desktop, host, ports, now,
                now + LIFETIME_SECONDS, via), key);
    }

    /** The ticket string for given claims (deterministic: Ed25519 signatures are). */
    public static String encode(TicketClaims c, PrivateKey key) {
        String signed = PREFIX + "." + Base32.encode(payload(c).getBytes(StandardCharsets.UTF_8));
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(key);
            s.update(signed.getBytes(StandardCharsets.US_ASCII));
            return signed + "." + HexFormat.of().formatHex(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    /** The payload JSON, fields in the contract's order. */
    public static String payload(TicketClaims c) {
        JsonObject o = new JsonObject();
        o.addProperty("kid", c.kid());
        o.addProperty("jti", c.jti());
        o.addProperty("sub", c.sub());
        o.addProperty("term", c.term());
        o.addProperty("dsk", c.dsk());
        o.addProperty("host", c.host());
        JsonArray ports = new JsonArray();
        c.ports().forEach(ports::add);
        o.add("ports", ports);
        o.addProperty("iat", c.iat());
        o.addProperty("exp", c.exp());
        if (c.via() != null) {
            o.addProperty("via", c.via());
        }
        return o.toString();
    }

    /** Reads a PKCS#8 PEM Ed25519 private key. */
    public static PrivateKey readPrivateKey(Path pem) throws IOException, GeneralSecurityException {
        String text = Files.readString(pem, StandardCharsets.US_ASCII);
        String b64 = text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(b64)));
    }

    /**
     * Generates a key pair and writes {@code pem} (PKCS#8, mode 600 where supported) and
     * {@code <pem>.pub} (SubjectPublicKeyInfo) for the gateways.
     */
    public static PrivateKey generate(Path pem) throws IOException, GeneralSecurityException {
        KeyPair kp = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        if (pem.getParent() != null) {
            Files.createDirectories(pem.getParent());
        }
        Files.writeString(pem, pem("PRIVATE KEY", kp.getPrivate().getEncoded()), StandardCharsets.US_ASCII);
        try {
            Files.setPosixFilePermissions(pem, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system; the operator secures the directory
        }
        Files.writeString(pem.resolveSibling(pem.getFileName() + ".pub"), pem("PUBLIC KEY", kp.getPublic().getEncoded()),
                StandardCharsets.US_ASCII);
        return kp.getPrivate();
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
