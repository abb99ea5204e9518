package org.thinspice.client.core;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thinspice.client.api.ControllerApi;
import org.thinspice.client.api.HttpControllerClient;
import org.thinspice.client.api.TerminalIdentity;

/**
 * The terminal's state shared by the screens: its config and data folder, the strings, the controller
 * client of the signed-in user, and the last session's statistics.
 */
public final class KioskModel {
    private static final Logger LOG = LoggerFactory.getLogger(KioskModel.class);
    private final javafx.beans.property.SimpleObjectProperty<String> certificateChanged = new javafx.beans.property.SimpleObjectProperty<>();
    private final TerminalStore store;
    private final Strings strings;
    private final Function<TerminalConfig, ControllerApi> apiFactory;
    private TerminalConfig config;
    private ControllerApi api;
    private volatile SessionReport lastSession;
    private String signedInUser = "";

    public KioskModel(TerminalStore store, TerminalConfig config, Strings strings, Function<TerminalConfig, ControllerApi> apiFactory) {
        this.store = store;
        this.config = config;
        this.strings = strings;
        this.apiFactory = apiFactory;
    }

    /** The production factory: an HTTP client signed with the key in the store (when enrolled). */
    public static Function<TerminalConfig, ControllerApi> httpApi(TerminalStore store) {
        return c -> {
            TerminalIdentity id = null;
            if (c.isEnrolled() && Files.exists(store.keyFile())) {
                try {
                    id = TerminalIdentity.load(store.keyFile());
                } catch (IOException e) {
                    LOG.warn("terminal key unreadable: {}", e.getMessage());
                }
            }
            return new HttpControllerClient(HttpControllerClient.parseAddress(c.controllerUrl), c.terminalId, id,
                    Duration.ofSeconds(8), c.controllerCertSha256);
        };
    }

    /** The presented fingerprint once the controller showed another certificate than the pinned one (else null). */
    public javafx.beans.property.ReadOnlyObjectProperty<String> certificateChangedProperty() {
        return certificateChanged;
    }

    /** A call met another certificate than the pinned one ({@code presented}): the kiosk must stop. */
    public void certificateChanged(String presented) {
        certificateChanged.set(presented);
    }

    public TerminalStore store() {
        return store;
    }

    public Strings strings() {
        return strings;
    }

    public synchronized TerminalConfig config() {
        return config;
    }

    /**
     * Replaces and saves the config. The controller client (and with it a signed-in user's token) is kept
     * unless what it is made from changed: a new language or scaling must not sign anyone out.
     */
    public synchronized void update(TerminalConfig c) throws IOException {
        store.save(c);
        boolean sameController = c.controllerUrl.equals(config.controllerUrl) && c.terminalId.equals(config.terminalId)
                && c.controllerCertSha256.equals(config.controllerCertSha256);
        config = c;
        if (!sameController) {
            api = null;
        }
        strings.localeProperty().set(Strings.forTag(c.language));
    }

    /** The controller client for the current config (kept while signed in: it holds the token). */
    public synchronized ControllerApi api() {
        if (api == null) {
            api = apiFactory.apply(config);
        }
        return api;
    }

    /** A fresh client for another address (enrolment, diagnostics before enrolment). */
    public ControllerApi apiFor(TerminalConfig c) {
        return apiFactory.apply(c);
    }

    public synchronized void signedIn(String user) {
        signedInUser = user;
    }

    public synchronized String signedInUser() {
        return signedInUser;
    }

    /** Forgets the session token: the next call starts signed out. */
    public synchronized void signedOut() {
        signedInUser = "";
        api = null;
    }

    public SessionReport lastSession() {
        return lastSession;
    }

    public void setLastSession(SessionReport r) {
        lastSession = r;
    }
}
