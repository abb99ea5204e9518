package org.thinspice.client.shell;

import java.time.Duration;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.input.InputEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thinspice.client.core.IdleTimer;
import org.thinspice.client.core.KioskModel;
import org.thinspice.client.core.SessionReport;
import org.thinspice.client.core.Strings;
import org.thinspice.client.core.TerminalConfig;
import org.thinspice.client.core.Ui;
import org.thinspice.client.desktops.ConnectRequest;
import org.thinspice.client.desktops.DesktopsView;
import org.thinspice.client.desktops.DesktopsViewModel;
import org.thinspice.client.diagnostics.DiagnosticsView;
import org.thinspice.client.diagnostics.DiagnosticsViewModel;
import org.thinspice.client.diagnostics.SystemProbe;
import org.thinspice.client.enrol.EnrolView;
import org.thinspice.client.enrol.EnrolViewModel;
import org.thinspice.client.login.LoginView;
import org.thinspice.client.login.LoginViewModel;
import org.thinspice.client.login.SecondFactorResponder;
import org.thinspice.client.login.UnlockView;
import org.thinspice.client.login.UnlockViewModel;
import org.thinspice.client.session.Scaling;
import org.thinspice.client.session.SessionConnector;
import org.thinspice.client.session.SessionView;
import org.thinspice.client.session.SessionViewModel;
import org.thinspice.client.settings.SettingsView;
import org.thinspice.client.settings.SettingsViewModel;
import org.thinspice.client.usb.UsbManager;

/**
 * The kiosk's one window: a header (language, diagnostics, settings) over the current screen, and
 * the moves between screens. Builds each screen's view model and view when it is shown.
 */
public final class KioskShell {
    private static final Logger LOG = LoggerFactory.getLogger(KioskShell.class);

    /** Which screen is showing (tests and screenshots read it). */
    public enum Screen { ENROL, LOGIN, DESKTOPS, SESSION, DIAGNOSTICS, SETTINGS, ERROR, CERTIFICATE_CHANGED }

    private final KioskModel model;
    private final Ui ui;
    private final SessionConnector connector;
    private final SystemProbe probe;
    private final SecondFactorResponder responder;
    private final Runnable exit;
    private final String version;
    private final BorderPane root = new BorderPane();
    /** The kiosk under an optional UKEY lock. */
    private final StackPane layers = new StackPane(root);
    /** The removal policy of the current UKEY sign-in (nothing / lock / end); null when signed in without a UKEY. */
    private String ukeyRemoval;
    private String ukeyCertificate;
    private Parent lock;
    private final StackPane body = new StackPane();
    private final HBox header;
    private final IdleTimer idle;
    /** Written on the FX thread once the screen's view is in the scene; read from any thread. */
    private volatile Screen screen;
    private Runnable backFromSide;
    private boolean vvOnly;
    private EnrolViewModel enrolVm;
    private LoginViewModel loginVm;
    private DesktopsViewModel desktopsVm;
    private SessionViewModel sessionVm;
    private SessionView sessionView;
    private DiagnosticsViewModel diagnosticsVm;
    private SettingsViewModel settingsVm;
    private UsbManager usb = UsbManager.none();
    private org.thinspice.client.session.CardShare cardShare = org.thinspice.client.session.CardShare.none();

    public KioskShell(KioskModel model, Ui ui, SessionConnector connector, SystemProbe probe, SecondFactorResponder responder,
            String version, Runnable exit) {
        this.model = model;
        this.ui = ui;
        this.connector = connector;
        this.probe = probe;
        this.responder = responder;
        this.version = version;
        this.exit = exit;
        Strings s = model.strings();
        Label brand = new Label("thinspice");
        brand.getStyleClass().add("brand");
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        Button lang = new Button();
        lang.setId("header-language");
        lang.textProperty().bind(s.bind("header.otherLanguage"));
        lang.setOnAction(e -> switchLanguage());
        header = new HBox(12, brand, grow, lang, Widgets.button(s, "diag.title", "header-diagnostics", this::showDiagnostics),
                Widgets.button(s, "settings.title", "header-settings", this::showSettings));
        header.getStyleClass().add("header");
        header.setAlignment(Pos.CENTER_LEFT);
        header.setPadding(new Insets(8, 16, 8, 16));
        root.setTop(header);
        root.setCenter(body);
        root.getStyleClass().add("kiosk");
        root.addEventFilter(InputEvent.ANY, e -> idleTouch());
        idle = new IdleTimer(ui.timer(), Duration.ofMinutes(model.config().idleLogoutMinutes), this::idleSignOut);
        // never a silent fallback: any call that meets another certificate stops the kiosk here
        model.certificateChangedProperty().addListener((o, was, presented) -> {
            if (presented != null) {
                showCertificateChanged(presented);
            }
        });
        // one watcher for the kiosk's life: the sign-in screen shows it, the removal policy acts on it
        responder.watch(p -> ui.fx().execute(() -> ukeyPresence(p)));
    }

    public Parent root() {
        return layers;
    }

    /** Whether a UKEY lock covers the kiosk. */
    public boolean locked() {
        return lock != null;
    }

    private void ukeyPresence(SecondFactorResponder.Presence p) {
        if (screen == Screen.LOGIN && loginVm != null) {
            loginVm.presenceChanged(p);
        }
        boolean inSession = screen == Screen.DESKTOPS || screen == Screen.SESSION;
        if (p == SecondFactorResponder.Presence.READY || ukeyRemoval == null || !inSession || lock != null) {
            return;
        }
        switch (ukeyRemoval) {
            case "end" -> {
                LOG.info("UKEY removed: ending the session (policy end)");
                ukeyRemoval = null;
                ui.call(() -> {
                    model.api().logout();
                    return null;
                }, x -> { }, e -> LOG.info("sign-out after UKEY removal: {}", e.toString()));
                showLogin();
                loginVm.messageProperty().set(org.thinspice.client.core.Message.of("ukey.sessionEnded"));
            }
            case "lock" -> {
                LOG.info("UKEY removed: locking the session (policy lock)");
                UnlockViewModel vm = new UnlockViewModel(ui, responder, ukeyCertificate, this::unlock);
                lock = new UnlockView(vm, model.strings()).root();
                layers.getChildren().add(lock);
            }
            default -> LOG.info("UKEY removed: the session goes on (policy nothing)");
        }
    }

    private void unlock() {
        if (lock != null) {
            layers.getChildren().remove(lock);
            lock = null;
        }
    }

    public Screen screen() {
        return screen;
    }

    public KioskModel model() {
        return model;
    }

    public EnrolViewModel enrolVm() {
        return enrolVm;
    }

    public LoginViewModel loginVm() {
        return loginVm;
    }

    public DesktopsViewModel desktopsVm() {
        return desktopsVm;
    }

    /** The terminal's USB devices (the session bar's list, diagnostics); none until {@link #setUsb}. */
    public UsbManager usb() {
        return usb;
    }

    public void setUsb(UsbManager usb) {
        this.usb = usb;
    }

    /** The terminal's smartcard for desktops whose policy shares it; none until set. */
    public void setCardShare(org.thinspice.client.session.CardShare cardShare) {
        this.cardShare = cardShare;
    }

    public SessionViewModel sessionVm() {
        return sessionVm;
    }

    public SessionView sessionView() {
        return sessionView;
    }

    public DiagnosticsViewModel diagnosticsVm() {
        return diagnosticsVm;
    }

    public SettingsViewModel settingsVm() {
        return settingsVm;
    }

    /** First screen: a .vv straight into the session (technicians), else enrolment or sign-in. */
    public void start(String vv) {
        if (vv != null) {
            vvOnly = true;
            showSession(new ConnectRequest(null, vv, null));
        } else if (!model.config().isEnrolled()) {
            showEnrol();
        } else {
            showLogin();
        }
    }

    private void switchLanguage() {
        TerminalConfig c = model.config().copy();
        c.language = Strings.tag(model.strings().locale()).equals("en") ? "zh-CN" : "en";
        try {
            model.update(c);
        } catch (java.io.IOException e) {
            LOG.warn("language not saved: {}", e.getMessage());
            model.strings().localeProperty().set(Strings.forTag(c.language));
        }
    }

    private void show(Screen next, Parent view) {
        LOG.info("screen {}", next);
        if (screen == Screen.SESSION && next != Screen.SESSION && sessionView != null) {
            sessionView.stop();
        }
        if (view instanceof Region r && next != Screen.SESSION && next != Screen.DIAGNOSTICS) {
            // Cards keep their own height, centred, rather than stretching over the screen.
            r.setMaxHeight(Region.USE_PREF_SIZE);
        }
        body.getChildren().setAll(view);
        header.setVisible(next != Screen.SESSION);
        header.setManaged(next != Screen.SESSION);
        screen = next;
        if (next == Screen.DESKTOPS) {
            idle.setLimit(Duration.ofMinutes(model.config().idleLogoutMinutes));
            idle.arm();
        } else if (next != Screen.DIAGNOSTICS && next != Screen.SETTINGS) {
            idle.disarm();
        }
    }

    public void showEnrol() {
        enrolVm = new EnrolViewModel(model, ui, this::showLogin);
        show(Screen.ENROL, new EnrolView(enrolVm, model.strings()).root());
    }

    public void showLogin() {
        unlock();
        ukeyRemoval = null;
        LoginViewModel vm = new LoginViewModel(model, ui, responder, signedIn -> {
            ukeyRemoval = signedIn.ukeyRemoval();
            ukeyCertificate = loginVmCertificate();
            showDesktops(true);
        });
        loginVm = vm;
        show(Screen.LOGIN, new LoginView(loginVm, model.strings()).root());
    }

    private String loginVmCertificate() {
        return loginVm == null ? null : loginVm.usedCertificate();
    }

    public void showDesktops(boolean autoConnect) {
        if (desktopsVm != null) {
            desktopsVm.close();
        }
        desktopsVm = new DesktopsViewModel(model, ui, this::showSession, this::showLogin);
        show(Screen.DESKTOPS, new DesktopsView(desktopsVm, model.strings()).root());
        desktopsVm.open(autoConnect);
    }

    public void showSession(ConnectRequest request) {
        sessionVm = new SessionViewModel(ui, connector, request, this::sessionEnded, usb, cardShare);
        sessionVm.scalingProperty().set(Scaling.parse(model.config().scaling));
        sessionVm.setAudio(new org.thinspice.client.sound.TerminalAudio(model.config()));
        sessionView = new SessionView(sessionVm, model.strings());
        show(Screen.SESSION, sessionView.root());
        sessionView.start();
    }

    private void sessionEnded(SessionReport report) {
        model.setLastSession(report);
        LOG.info("session ended: {}", report);
        if (vvOnly) {
            exit.run();
        } else {
            showDesktops(false);
        }
    }

    public void showDiagnostics() {
        Runnable back = backTo();
        diagnosticsVm = new DiagnosticsViewModel(model, ui, probe, version, usb);
        show(Screen.DIAGNOSTICS, new DiagnosticsView(diagnosticsVm, model.strings(), back).root());
        diagnosticsVm.refresh();
    }

    public void showSettings() {
        Runnable back = backTo();
        settingsVm = new SettingsViewModel(model, this::showEnrol, exit);
        show(Screen.SETTINGS, new SettingsView(settingsVm, model.strings(), back).root());
    }

    /** Where "back" from diagnostics or settings goes: the screen that was showing, kept as it was. */
    private Runnable backTo() {
        if (screen == Screen.DIAGNOSTICS || screen == Screen.SETTINGS) {
            return backFromSide;
        }
        Screen was = screen;
        Parent view = body.getChildren().isEmpty() ? null : (Parent) body.getChildren().get(0);
        backFromSide = () -> {
            if (was == null || view == null || was == Screen.ERROR) {
                start(null);
            } else if (!model.config().isEnrolled()) {
                showEnrol();
            } else {
                show(was, view);
            }
        };
        return backFromSide;
    }

    public void showError(Throwable t) {
        if (sessionVm != null && screen == Screen.SESSION) {
            sessionVm.disconnect();
        }
        show(Screen.ERROR, new ErrorView(model.strings(), String.valueOf(t), () -> {
            model.signedOut();
            start(null);
        }).root());
    }

    /** The controller presented {@code presented} instead of the pinned certificate. */
    public void showCertificateChanged(String presented) {
        if (sessionVm != null && screen == Screen.SESSION) {
            sessionVm.disconnect();
        }
        if (desktopsVm != null) {
            desktopsVm.close();
        }
        model.signedOut();
        show(Screen.CERTIFICATE_CHANGED, new CertificateChangedView(model.strings(), model.config().controllerCertSha256,
                presented).root());
    }

    private void idleTouch() {
        idle.touch();
    }

    private void idleSignOut() {
        if (screen == Screen.DESKTOPS && desktopsVm != null) {
            LOG.info("idle: signing out");
            desktopsVm.signOut();
        }
    }
}
