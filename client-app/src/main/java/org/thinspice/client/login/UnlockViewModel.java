package org.thinspice.client.login;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thinspice.client.core.Message;
import org.thinspice.client.core.Ui;

/**
 * A session locked because the UKEY was pulled (removal policy "lock"). It unlocks when the same card
 * (same certificate as at sign-in) signs a fresh random text after its PIN, checked here with the
 * certificate's key — proof the card and its PIN are back, without a round trip to the controller.
 */
public final class UnlockViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(UnlockViewModel.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Ui ui;
    private final SecondFactorResponder responder;
    private final String certificate;
    private final Runnable unlocked;
    private final StringProperty pin = new SimpleStringProperty("");
    private final ObjectProperty<Message> message = new SimpleObjectProperty<>(Message.of("ukey.lockedHint"));
    private boolean busy;

    public UnlockViewModel(Ui ui, SecondFactorResponder responder, String certificate, Runnable unlocked) {
        this.ui = ui;
        this.responder = responder;
        this.certificate = certificate;
        this.unlocked = unlocked;
    }

    public StringProperty pinProperty() {
        return pin;
    }

    public ObjectProperty<Message> messageProperty() {
        return message;
    }

    public void submit() {
        String typed = pin.get();
        pin.set("");
        if (typed.isEmpty() || busy) {
            return;
        }
        busy = true;
        char[] p = typed.toCharArray();
        byte[] nonce = new byte[32];
        RANDOM.nextBytes(nonce);
        String text = "thinspice-unlock\n" + HexFormat.of().formatHex(nonce);
        message.set(Message.of("login.checkingPin"));
        ui.call(() -> {
            try {
                return responder.respond(text, p);
            } finally {
                java.util.Arrays.fill(p, '\0');
            }
        }, a -> {
            busy = false;
            if (!a.certificate().equals(certificate) || !verifies(a, text)) {
                message.set(Message.of("ukey.unlockWrongCard"));
                return;
            }
            LOG.info("session unlocked with the UKEY");
            unlocked.run();
        }, e -> {
            busy = false;
            if (e instanceof SecondFactorResponder.UkeyFailure f) {
                message.set(switch (f.kind()) {
                    case WRONG_PIN -> Message.of("ukey.wrongPin", f.triesLeft());
                    case BLOCKED -> Message.of("ukey.blocked");
                    case NO_UKEY -> Message.of("ukey.insert");
                    case REMOVED -> Message.of("ukey.removed");
                    case NOT_SUPPORTED -> Message.of("ukey.notSupported");
                    case PIN_FORMAT -> Message.of("ukey.pinFormat");
                    case READER -> Message.of("ukey.readerError", String.valueOf(f.getMessage()));
                });
            } else {
                message.set(Message.of("ukey.readerError", String.valueOf(e.getMessage())));
            }
        });
    }

    private static boolean verifies(SecondFactorResponder.UkeyAnswer a, String text) {
        try {
            X509Certificate c = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                    new java.io.ByteArrayInputStream(Base64.getDecoder().decode(a.certificate())));
            Signature s = Signature.getInstance(c.getPublicKey().getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA");
            s.initVerify(c.getPublicKey());
            s.update(text.getBytes(StandardCharsets.UTF_8));
            return s.verify(Base64.getDecoder().decode(a.signature()));
        } catch (java.security.GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
