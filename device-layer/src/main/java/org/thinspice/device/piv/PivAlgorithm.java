package org.thinspice.device.piv;

import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;

/** The PIV key algorithms this client signs with, with their algorithm ids and JCA verification names. */
public enum PivAlgorithm {
    RSA_2048(0x07, "SHA256withRSA"),
    EC_P256(0x11, "SHA256withECDSA");

    public final int id;
    /** The JCA {@code Signature} algorithm that verifies what {@link PivClient#sign} returns. */
    public final String jcaSignature;

    PivAlgorithm(int id, String jcaSignature) {
        this.id = id;
        this.jcaSignature = jcaSignature;
    }

    private static boolean isP256(java.security.spec.ECParameterSpec spec) {
        try {
            java.security.AlgorithmParameters p = java.security.AlgorithmParameters.getInstance("EC");
            p.init(new java.security.spec.ECGenParameterSpec("secp256r1"));
            java.security.spec.ECParameterSpec p256 = p.getParameterSpec(java.security.spec.ECParameterSpec.class);
            return p256.getCurve().equals(spec.getCurve()) && p256.getOrder().equals(spec.getOrder())
                    && p256.getGenerator().equals(spec.getGenerator());
        } catch (java.security.GeneralSecurityException e) {
            return false;
        }
    }

    /** The algorithm of {@code key}, or throws when it is neither RSA-2048 nor P-256. */
    public static PivAlgorithm of(PublicKey key) throws PivException {
        if (key instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() == 2048) {
            return RSA_2048;
        }
        if (key instanceof ECPublicKey ec && isP256(ec.getParams())) {
            return EC_P256;
        }
        throw new PivException(PivException.Reason.NOT_SUPPORTED_UKEY,
                "this card is not a supported UKEY: its key is " + key.getAlgorithm() + ", not RSA-2048 or ECC P-256");
    }
}
