package org.thinspice.controller.tls;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The certificate the controller serves HTTPS with: PEM files an administrator gives (chain leaf
 * first, and an unencrypted PKCS#8 or traditional RSA/EC key), or — when both files are missing —
 * a self-signed EC P-256 certificate generated on first start and kept in them. Terminals pin it
 * at enrolment; {@link #fingerprint()} is what a technician compares.
 */
public final class ControllerCertificate {
    private static final Duration GENERATED_VALIDITY = Duration.ofDays(3650);

    private final List<X509Certificate> chain;
    private final PrivateKey key;

    private ControllerCertificate(List<X509Certificate> chain, PrivateKey key) {
        this.chain = List.copyOf(chain);
        this.key = key;
    }

    /**
     * Reads the pair, or generates and writes it when neither file exists.
     *
     * @param names host names and addresses the generated certificate names (subjectAltName)
     */
    public static ControllerCertificate loadOrGenerate(Path certFile, Path keyFile, List<String> names)
            throws IOException, GeneralSecurityException {
        boolean cert = Files.exists(certFile);
        boolean key = Files.exists(keyFile);
        if (cert && key) {
            return read(certFile, keyFile);
        }
        if (cert || key) {
            throw new IOException("TLS: " + (cert ? keyFile : certFile) + " is missing; give both the certificate and its"
                    + " key, or neither (then the controller generates a pair)");
        }
        ControllerCertificate generated = generate(names);
        generated.write(certFile, keyFile);
        return generated;
    }

    /** A new self-signed certificate naming {@code names}. */
    public static ControllerCertificate generate(List<String> names) throws GeneralSecurityException, IOException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = g.generateKeyPair();
        X500Name subject = new X500Name("CN=thinspice controller,O=thinspice");
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, new BigInteger(64, new SecureRandom()),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(GENERATED_VALIDITY)), subject, pair.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(altNames(names)));
        try {
            X509CertificateHolder holder = b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()));
            return new ControllerCertificate(List.of(new JcaX509CertificateConverter().getCertificate(holder)),
                    pair.getPrivate());
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot sign the certificate: " + e.getMessage(), e);
        }
    }

    private static GeneralName[] altNames(List<String> names) {
        List<GeneralName> out = new ArrayList<>();
        for (String n : names) {
            boolean address = n.contains(":") || n.matches("[0-9.]+");
            GeneralName name = new GeneralName(address ? GeneralName.iPAddress : GeneralName.dNSName, n);
            if (!out.contains(name)) {
                out.add(name);
            }
        }
        return out.toArray(GeneralName[]::new);
    }

    private static ControllerCertificate read(Path certFile, Path keyFile) throws IOException, GeneralSecurityException {
        List<X509Certificate> chain = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        try (Reader r = Files.newBufferedReader(certFile, StandardCharsets.US_ASCII); PEMParser p = new PEMParser(r)) {
            for (Object o = p.readObject(); o != null; o = p.readObject()) {
                if (o instanceof X509CertificateHolder h) {
                    chain.add(converter.getCertificate(h));
                }
            }
        }
        if (chain.isEmpty()) {
            throw new IOException("TLS: no PEM certificate in " + certFile);
        }
        PrivateKey key;
        try (Reader r = Files.newBufferedReader(keyFile, StandardCharsets.US_ASCII); PEMParser p = new PEMParser(r)) {
            Object o = p.readObject();
            JcaPEMKeyConverter keys = new JcaPEMKeyConverter();
            if (o instanceof PEMKeyPair pair) {
                key = keys.getPrivateKey(pair.getPrivateKeyInfo());
            } else if (o instanceof PrivateKeyInfo info) {
                key = keys.getPrivateKey(info);
            } else {
                throw new IOException("TLS: " + keyFile + " holds no unencrypted private key (PKCS#8 or RSA/EC PEM)");
            }
        }
        return new ControllerCertificate(chain, key);
    }

    private void write(Path certFile, Path keyFile) throws IOException {
        Files.createDirectories(keyFile.toAbsolutePath().getParent());
        Files.deleteIfExists(keyFile);
        try {
            Files.createFile(keyFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(keyFile);
        }
        try (Writer w = Files.newBufferedWriter(keyFile, StandardCharsets.US_ASCII); JcaPEMWriter pem = new JcaPEMWriter(w)) {
            // PKCS#8 ("BEGIN PRIVATE KEY"): the EC curve travels with the key
            pem.writeObject(new JcaPKCS8Generator(key, null));
        }
        Files.createDirectories(certFile.toAbsolutePath().getParent());
        try (Writer w = Files.newBufferedWriter(certFile, StandardCharsets.US_ASCII); JcaPEMWriter pem = new JcaPEMWriter(w)) {
            for (X509Certificate c : chain) {
                pem.writeObject(c);
            }
        }
    }

    /** The served (leaf) certificate. */
    public X509Certificate leaf() {
        return chain.get(0);
    }

    /** SHA-256 of the leaf certificate's DER, as colon-separated upper-case hex pairs. */
    public String fingerprint() {
        return fingerprint(leaf());
    }

    /** SHA-256 of {@code cert}'s DER, as colon-separated upper-case hex pairs. */
    public static String fingerprint(X509Certificate cert) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(d);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    /** Jetty's server-side TLS with this certificate (TLS 1.2 and 1.3 only, as Jetty excludes the rest). */
    public SslContextFactory.Server sslContextFactory() throws GeneralSecurityException, IOException {
        char[] password = HexFormat.of().formatHex(new SecureRandom().generateSeed(16)).toCharArray();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("controller", key, password, chain.toArray(X509Certificate[]::new));
        SslContextFactory.Server f = new SslContextFactory.Server();
        f.setKeyStore(ks);
        f.setKeyStorePassword(new String(password));
        f.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        // the kiosk pins the certificate; names it is dialled by need not match (Jetty's SNI check off)
        f.setSniRequired(false);
        f.setEndpointIdentificationAlgorithm(null);
        return f;
    }

    @Override
    public String toString() {
        return leaf().getSubjectX500Principal().getName() + " SHA-256 " + fingerprint();
    }
}
