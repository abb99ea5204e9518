package org.thinspice.engine.net;

import org.thinspice.engine.SpiceReason;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import java.net.Socket;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;

/**
 * The server-certificate checks of a SPICE client, in spice-common's order: the chain against the
 * trusted CAs (validity dates included), then either the subject against {@code host-subject} (when one is
 * given — it replaces the host-name check, since the host may be a gateway ticket or an address the
 * certificate does not name) or the host name ({@link HostNameCheck}). Each failure is a
 * {@link CertificateCheckException} naming its check. The JDK's own endpoint identification must stay off
 * for this to be the only identity check (see {@link TlsSupport}).
 */
final class SpiceTrustManager extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager chainCheck;
    private final HostSubject hostSubject;
    private final String host;

    /**
     * @param chainCheck  PKIX validation against the trusted CAs, without endpoint identification
     * @param hostSubject the expected subject, or null to check {@code host} instead
     * @param host        the host as the connection names it ({@code .vv} {@code host})
     */
    SpiceTrustManager(X509ExtendedTrustManager chainCheck, HostSubject hostSubject, String host) {
        this.chainCheck = chainCheck;
        this.hostSubject = hostSubject;
        this.host = host;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        try {
            chainCheck.checkServerTrusted(chain, authType, engine);
        } catch (CertificateException e) {
            throw chainFailure(chain, e);
        }
        checkIdentity(chain[0]);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        try {
            chainCheck.checkServerTrusted(chain, authType, socket);
        } catch (CertificateException e) {
            throw chainFailure(chain, e);
        }
        checkIdentity(chain[0]);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        try {
            chainCheck.checkServerTrusted(chain, authType);
        } catch (CertificateException e) {
            throw chainFailure(chain, e);
        }
        checkIdentity(chain[0]);
    }

    /** The subject check when a host-subject is given, else the host-name check. */
    void checkIdentity(X509Certificate cert) throws CertificateException {
        SpiceReason check = hostSubject != null ? SpiceReason.TLS_SUBJECT_MISMATCH : SpiceReason.TLS_HOST_NAME_MISMATCH;
        String why;
        try {
            why = hostSubject != null ? subjectMismatch(cert) : HostNameCheck.mismatch(cert, host);
        } catch (IllegalArgumentException e) {
            why = "the certificate's subject cannot be read: " + e.getMessage();
        }
        if (why != null) {
            throw new CertificateCheckException(check, why, null);
        }
    }

    private String subjectMismatch(X509Certificate cert) {
        DistinguishedName subject = DistinguishedName.parse(cert.getSubjectX500Principal().getEncoded());
        if (hostSubject.matches(subject)) {
            return null;
        }
        return hostSubject.invalidReason() != null
                ? "host-subject '" + hostSubject + "' is not valid: " + hostSubject.invalidReason()
                : "the certificate's subject is '" + HostSubject.format(subject) + "', host-subject is '"
                        + hostSubject + "' (same attributes in the same order)";
    }

    /** Out-of-date certificates get their own reason; every other chain failure is an untrusted chain. */
    static CertificateCheckException chainFailure(X509Certificate[] chain, CertificateException e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            boolean dates = c instanceof CertificateExpiredException || c instanceof CertificateNotYetValidException
                    || (c instanceof CertPathValidatorException v
                            && (v.getReason() == CertPathValidatorException.BasicReason.EXPIRED
                                    || v.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID));
            if (dates) {
                return new CertificateCheckException(SpiceReason.TLS_CERT_EXPIRED, validity(chain), e);
            }
        }
        return new CertificateCheckException(SpiceReason.TLS_CHAIN_UNTRUSTED, e.getMessage(), e);
    }

    private static String validity(X509Certificate[] chain) {
        for (X509Certificate c : chain) {
            try {
                c.checkValidity();
            } catch (CertificateException outOfDate) {
                return "'" + c.getSubjectX500Principal().getName() + "' is valid from " + c.getNotBefore().toInstant() + " to " + c.getNotAfter().toInstant();
            }
        }
        return "a certificate of the chain is out of date";
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("client side only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("client side only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("client side only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return chainCheck.getAcceptedIssuers();
    }
}
