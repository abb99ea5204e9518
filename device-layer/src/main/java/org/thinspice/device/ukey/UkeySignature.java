package org.thinspice.device.ukey;

import java.security.cert.X509Certificate;
import org.thinspice.device.piv.PivAlgorithm;

/**
 * What the terminal sends the controller after a UKEY step: the card's 9A certificate, the algorithm and the
 * signature over the challenge (verifiable with {@code Signature.getInstance(algorithm.jcaSignature)}).
 */
public record UkeySignature(X509Certificate certificate, PivAlgorithm algorithm, byte[] signature) {
    public UkeySignature {
        signature = signature.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }
}
