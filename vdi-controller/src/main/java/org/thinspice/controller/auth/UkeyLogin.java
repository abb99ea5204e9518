package org.thinspice.controller.auth;

import java.security.cert.X509Certificate;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.thinspice.controller.ControllerConfig;
import org.thinspice.controller.store.LoginChallenge;
import org.thinspice.controller.store.Store;
import org.thinspice.controller.store.UkeyCertificate;
import org.thinspice.controller.store.UkeyPolicies;
import org.thinspice.controller.store.UkeyPolicy;
import org.thinspice.controller.store.User;

/**
 * The UKEY half of sign-in: the effective policy of a user, whether they have a UKEY enrolled, and the
 * check of an answer to a challenge. Every refusal is a {@link Refusal} with its own API code and audit
 * reason, so the kiosk and the audit log can tell a wrong signature from an unenrolled certificate.
 */
public final class UkeyLogin {
    private final Store store;
    private final UkeyPolicy defaults;

    public UkeyLogin(Store store, ControllerConfig.Auth config) {
        this.store = store;
        if (!UkeyPolicy.LOGIN.contains(config.ukeyLogin) || !UkeyPolicy.REMOVAL.contains(config.ukeyRemoval)) {
            throw new IllegalArgumentException("auth.ukeyLogin must be one of " + UkeyPolicy.LOGIN + " and auth.ukeyRemoval one of "
                    + UkeyPolicy.REMOVAL);
        }
        this.defaults = new UkeyPolicy(config.ukeyLogin, config.ukeyRemoval, config.ukeySelfEnrol);
    }

    /** The user's own setting where set, else the strictest of their groups', else the controller's default. */
    public UkeyPolicy effective(User u) throws SQLException {
        UkeyPolicy groups = UkeyPolicy.unset();
        for (String g : u.groups()) {
            groups = groups.stricter(store.ukeyPolicies().of(UkeyPolicies.GROUP, g));
        }
        return store.ukeyPolicies().of(UkeyPolicies.USER, u.username()).over(groups).over(defaults);
    }

    /** Whether the user has a certificate (or a bare public key, the older path) to answer with. */
    public boolean enrolled(User u) throws SQLException {
        return u.secondFactorKey() != null || !store.ukeyCertificates().of(u.username()).isEmpty();
    }

    /**
     * Checks the answer to {@code c}: {@code certificateB64} (from the card) names the enrolled
     * certificate to verify {@code signatureB64} with. Without a certificate, the user's bare public
     * key (if any) is used. Returns the fingerprint of the certificate used ("" for a bare key).
     */
    public String check(User u, LoginChallenge c, String certificateB64, String signatureB64, long now) throws SQLException {
        String text = UkeyResponse.signedText(c.id(), c.nonce(), c.terminalId());
        if (certificateB64 == null) {
            if (u.secondFactorKey() != null && UkeyResponse.verify(u.secondFactorKey(), text, signatureB64)) {
                return "";
            }
            throw new Refusal(u.secondFactorKey() == null ? Reason.UNENROLLED_CERTIFICATE : Reason.WRONG_SIGNATURE, "");
        }
        X509Certificate cert;
        try {
            cert = UkeyCertificateCheck.parse(certificateB64);
        } catch (IllegalArgumentException e) {
            throw new Refusal(Reason.UNENROLLED_CERTIFICATE, e.getMessage());
        }
        String fingerprint = UkeyCertificateCheck.fingerprint(cert);
        Optional<UkeyCertificate> enrolled = store.ukeyCertificates().find(fingerprint)
                .filter(e -> e.username().equals(u.username()));
        if (enrolled.isEmpty()) {
            throw new Refusal(Reason.UNENROLLED_CERTIFICATE, "certificate " + fingerprint.substring(0, 16) + "…");
        }
        // the stored copy is the one checked, not the one the terminal sent (they are equal by fingerprint)
        X509Certificate stored = UkeyCertificateCheck.parse(enrolled.get().certificate());
        Optional<UkeyCertificateCheck.Problem> problem = UkeyCertificateCheck.problem(stored, now);
        if (problem.isPresent()) {
            throw new Refusal(problem.get() == UkeyCertificateCheck.Problem.EXPIRED ? Reason.EXPIRED_CERTIFICATE
                    : Reason.UNUSABLE_CERTIFICATE, problem.get().words());
        }
        if (!UkeyCertificateCheck.verifies(stored, text, signatureB64)) {
            throw new Refusal(Reason.WRONG_SIGNATURE, "certificate " + fingerprint.substring(0, 16) + "…");
        }
        return fingerprint;
    }

    /** The reasons a UKEY answer is refused: API code, audit words, and whether it counts towards the lockout. */
    public enum Reason {
        WRONG_SIGNATURE("ukey_wrong_signature", "wrong signature", true,
                "the UKEY's signature does not verify"),
        UNENROLLED_CERTIFICATE("ukey_not_enrolled", "unenrolled certificate", true,
                "this UKEY's certificate is not enrolled for the user"),
        EXPIRED_CERTIFICATE("ukey_certificate_expired", "expired certificate", false,
                "the UKEY's certificate has expired"),
        UNUSABLE_CERTIFICATE("ukey_certificate_unusable", "unusable certificate", false,
                "the UKEY's certificate cannot be used for sign-in"),
        BLOCKED_CARD("ukey_blocked", "blocked card (reported by the terminal)", false,
                "the UKEY is blocked"),
        EXPIRED_CHALLENGE("challenge_expired", "expired challenge", false,
                "the challenge has expired: sign in again"),
        REPLAYED_CHALLENGE("challenge_replayed", "replayed challenge", false,
                "the challenge was already answered: sign in again");

        public static final List<String> CODES = java.util.Arrays.stream(values()).map(Reason::code).toList();
        private final String code;
        private final String audit;
        private final boolean counts;
        private final String message;

        Reason(String code, String audit, boolean counts, String message) {
            this.code = code;
            this.audit = audit;
            this.counts = counts;
            this.message = message;
        }

        public String code() {
            return code;
        }

        public String audit() {
            return audit;
        }

        public boolean countsAsFailure() {
            return counts;
        }

        public String message() {
            return message;
        }
    }

    /** A refused UKEY answer; {@code detail} goes to the audit line only. */
    public static final class Refusal extends RuntimeException {
        private final Reason reason;
        private final String detail;

        public Refusal(Reason reason, String detail) {
            super(reason.audit(), null, false, false);
            this.reason = reason;
            this.detail = detail;
        }

        public Reason reason() {
            return reason;
        }

        public String detail() {
            return detail;
        }
    }
}
