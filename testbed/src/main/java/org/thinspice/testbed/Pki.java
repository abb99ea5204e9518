package org.thinspice.testbed;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Test certificates made with the {@code openssl} CLI, in the x509-dir layout QEMU's SPICE wants:
 * {@code ca-cert.pem}, {@code server-cert.pem}, {@code server-key.pem}. The server certificate has
 * subject {@code C=XX, O=thinspice, CN=127.0.0.1} and SAN {@code IP:127.0.0.1, DNS:localhost}.
 * A second, unrelated CA ({@code other-ca-cert.pem}) serves wrong-CA tests. Keys are RSA 2048.
 * {@link #issue} makes further server certificates from the same CA (any subject, with or without
 * subjectAltName, any validity dates — expired ones included), each in an x509-dir of its own.
 */
public final class Pki {
    private static final String SUBJECT = "/C=XX/O=thinspice/CN=127.0.0.1";
    private static final Duration OPENSSL_TIMEOUT = Duration.ofSeconds(30);
    private static final DateTimeFormatter CA_DATE = DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final Path dir;
    /** The server certificate's subject in openssl's {@code -subj} form. */
    private final String subject;

    private Pki(Path dir, String subject) {
        this.dir = dir;
        this.subject = subject;
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
        return new Pki(dir, SUBJECT);
    }

    /**
     * Issues another server certificate from this CA (with this Pki's server key) into {@code dir()/name}, laid
     * out as an x509-dir for QEMU (with copies of both CA certificates), and returns that Pki.
     *
     * @param subject         openssl {@code -subj} form, most significant first: {@code "/O=Thin Corp/CN=desk.example"}
     * @param subjectAltNames openssl form ({@code "IP:127.0.0.1"}, {@code "DNS:desk.example"}); empty: no
     *                        subjectAltName extension at all
     * @param notBefore       start of validity
     * @param notAfter        end of validity (in the past for an expired certificate)
     */
    public Pki issue(String name, String subject, List<String> subjectAltNames, Instant notBefore, Instant notAfter)
            throws IOException {
        Path out = Files.createDirectories(dir.resolve(name));
        List<String> ext = new ArrayList<>(List.of("[server]", "basicConstraints=critical,CA:FALSE",
                "keyUsage=critical,digitalSignature,keyEncipherment", "extendedKeyUsage=serverAuth"));
        if (!subjectAltNames.isEmpty()) {
            ext.add("subjectAltName=" + String.join(",", subjectAltNames));
        }
        ext.add("");
        Files.writeString(out.resolve("ext.cnf"), String.join("\n", ext));
        // `openssl ca` rather than `x509 -req`: only it takes explicit start and end dates (OpenSSL 3.0)
        Path db = Files.createDirectories(out.resolve("ca-db"));
        Files.writeString(db.resolve("index.txt"), "");
        Files.writeString(db.resolve("serial"), String.format("%016X%n", System.nanoTime()));
        Files.writeString(out.resolve("ca.cnf"), String.join("\n", "[ca]", "default_ca=test", "[test]",
                "database=ca-db/index.txt", "new_certs_dir=ca-db", "serial=ca-db/serial", "default_md=sha256",
                "policy=any", "unique_subject=no", "copy_extensions=none", "[any]", ""));
        Commands.run(List.of("openssl", "req", "-new", "-key", serverKey().toString(), "-out", "server.csr",
                "-subj", subject), out, OPENSSL_TIMEOUT);
        Commands.run(List.of("openssl", "ca", "-batch", "-config", "ca.cnf", "-cert", caCert().toString(),
                "-keyfile", dir.resolve("ca-key.pem").toString(), "-in", "server.csr", "-out", "server-cert.pem",
                "-startdate", CA_DATE.format(notBefore), "-enddate", CA_DATE.format(notAfter),
                "-extfile", "ext.cnf", "-extensions", "server", "-notext", "-preserveDN"), out, OPENSSL_TIMEOUT);
        Files.copy(serverKey(), out.resolve("server-key.pem"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(caCert(), out.resolve("ca-cert.pem"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(otherCaCert(), out.resolve("other-ca-cert.pem"), StandardCopyOption.REPLACE_EXISTING);
        return new Pki(out, subject);
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
        return String.join(",", rdns());
    }

    /** The same subject in RFC 2253 order as Java's {@code X500Principal.getName()} gives it: {@code "CN=127.0.0.1,O=thinspice,C=XX"}. */
    public String serverSubjectRfc2253() {
        List<String> r = rdns();
        Collections.reverse(r);
        return String.join(",", r);
    }

    private List<String> rdns() {
        return new ArrayList<>(List.of(subject.substring(1).split("/")));
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
