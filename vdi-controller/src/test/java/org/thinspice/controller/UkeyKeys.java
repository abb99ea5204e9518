package org.thinspice.controller;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A UKEY in software for the controller's own tests: a key pair and a self-signed certificate with the
 * validity and key usage a test asks for, signing as a PIV card does (SHA256withRSA / SHA256withECDSA
 * over the text). The PC/SC tests use the virtual card in testbed instead.
 */
public record UkeyKeys(KeyPair keys, X509Certificate certificate) {
    public static UkeyKeys ec() throws Exception {
        return make("EC", Instant.now().minusSeconds(60), Instant.now().plusSeconds(86_400), KeyUsage.digitalSignature);
    }

    public static UkeyKeys rsa() throws Exception {
        return make("RSA", Instant.now().minusSeconds(60), Instant.now().plusSeconds(86_400), KeyUsage.digitalSignature);
    }

    public static UkeyKeys make(String kind, Instant notBefore, Instant notAfter, int keyUsage) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance(kind);
        if (kind.equals("EC")) {
            g.initialize(new ECGenParameterSpec("secp256r1"));
        } else {
            g.initialize(2048);
        }
        KeyPair kp = g.generateKeyPair();
        X500Name name = new X500Name("CN=ukey-test-" + System.nanoTime());
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(System.nanoTime()),
                Date.from(notBefore), Date.from(notAfter), name, kp.getPublic());
        b.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
        X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder(kind.equals("EC") ? "SHA256withECDSA" : "SHA256withRSA").build(kp.getPrivate())));
        return new UkeyKeys(kp, cert);
    }

    public String certificateB64() throws Exception {
        return Base64.getEncoder().encodeToString(certificate.getEncoded());
    }

    public String sign(String text) throws Exception {
        Signature s = Signature.getInstance(keys.getPublic().getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA");
        s.initSign(keys.getPrivate());
        s.update(text.getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(s.sign());
    }
}
