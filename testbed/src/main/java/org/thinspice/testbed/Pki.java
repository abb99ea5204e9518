package org.thinspice.testbed;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Test certificates made with the {@code openssl} CLI, in the x509-dir layout QEMU's SPICE wants:
 * {@code ca-cert.pem}, {@code server-cert.pem}, {@code server-key.pem}. The server certificate has
 * subject {@code C=XX, O=thinspice, CN=127.0.0.1} and SAN {@code IP:127.0.0.1, DNS:localhost}.
 * A second, unrelated CA ({@code other-ca-cert.pem}) serves wrong-CA tests. Keys are RSA 2048.
 */
public final class Pki {
    private static final String SUBJECT = "/C=XX/O=thinspice/CN=127.0.0.1";
    private static final Duration OPENSSL_TIMEOUT = Duration.ofSeconds(30);

    private final Path dir;

    private Pki(Path dir) {
        this.dir = dir;
    }

    /** Generates a fresh CA, server key+cert and another CA into {@code dir} (created if needed). */
    public static Pki generate(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("server-ext.cnf"), String.join("\n",
                "basicConstraints=critical,CA:FALSE",
                "keyUsage=critical,digitalSignature,keyEncipherment",
                "extendedKeyUsage=serverAuth",
                "subjectAltName=IP:127.0.0.1,DNS:localhost", ""));
        makeCa(dir, "ca", "/C=XX/O=thinspice/CN=thinspice test CA");
        makeCa(dir, "other-ca", "/C=XX/O=elsewhere/CN=unrelated test CA");
        Commands.run(List.of("openssl", "req", "-new", "-newkey", "rsa:2048", "-nodes",
                "-keyout", "server-key.pem", "-out", "server.csr", "-subj", SUBJECT), dir, OPENSSL_TIMEOUT);
        Commands.run(List.of("openssl", "x509", "-req", "-in", "server.csr", "-CA", "ca-cert.pem",
                "-CAkey", "ca-key.pem", "-CAcreateserial", "-days", "3650", "-sha256",
                "-extfile", "server-ext.cnf", "-out", "server-cert.pem"), dir, OPENSSL_TIMEOUT);
        return new Pki(dir);
    }

    private static void makeCa(Path dir, String name, String subject) throws IOException {
        Commands.run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                "-keyout", name + "-key.pem", "-out", name + "-cert.pem", "-days", "3650", "-sha256",
                "-subj", subject,
                "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign"), dir, OPENSSL_TIMEOUT);
    }

    /** The x509 dir to pass to QEMU ({@code x509-dir=}). */
    public Path dir() {
        return dir;
    }

    public Path caCert() {
        return dir.resolve("ca-cert.pem");
    }

    public Path serverCert() {
        return dir.resolve("server-cert.pem");
    }

    public Path serverKey() {
        return dir.resolve("server-key.pem");
    }

    /** PEM text of the CA that signed the server certificate. */
    public String caPem() {
        return read(caCert());
    }

    /** A CA certificate that did NOT sign the server certificate. */
    public Path otherCaCert() {
        return dir.resolve("other-ca-cert.pem");
    }

    /** PEM text of {@link #otherCaCert()}. */
    public String otherCaPem() {
        return read(otherCaCert());
    }

    /**
     * The server subject in remote-viewer's {@code host-subject} form, in certificate order
     * (most significant RDN first, comma-separated, no spaces): {@code "C=XX,O=thinspice,CN=127.0.0.1"}.
     */
    public String serverSubject() {
        return "C=XX,O=thinspice,CN=127.0.0.1";
    }

    /** The same subject in RFC 2253 order as Java's {@code X500Principal.getName()} gives it: {@code "CN=127.0.0.1,O=thinspice,C=XX"}. */
    public String serverSubjectRfc2253() {
        return "CN=127.0.0.1,O=thinspice,C=XX";
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
