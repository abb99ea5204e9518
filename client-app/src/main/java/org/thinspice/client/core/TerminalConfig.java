package org.thinspice.client.core;

/**
 * What the terminal keeps between runs (config.json in its data folder). The private key lives in a
 * file of its own beside it ({@link TerminalIdentity}).
 */
public final class TerminalConfig {
    /** Controller base address, e.g. {@code http://127.0.0.1:8480}. */
    public String controllerUrl = "";
    /** {@code zh-CN} or {@code en}. */
    public String language = "zh-CN";
    public String terminalId = "";
    /**
     * SHA-256 fingerprint of the controller's certificate, fixed at enrolment (or pre-seeded in the
     * terminal image): over https the kiosk trusts that certificate and no other.
     */
    public String controllerCertSha256 = "";
    public String terminalName = "";
    /** PBKDF2 hash of the administrator PIN ({@link AdminPin}); empty means the default PIN. */
    public String adminPinHash = "";
    /** fit, one-to-one or follow. */
    public String scaling = "fit";
    /** Connect at once when the user has exactly one desktop. */
    public boolean autoConnectSingle = true;
    /** Sign out after this many minutes without keyboard or mouse outside a session (0: never). */
    public int idleLogoutMinutes = 10;
    /** Gateway host:port to check in diagnostics (empty: none). */
    public String gateway = "";
    /** Image files of simulated USB sticks the kiosk offers besides real devices (demo, helpdesk training). */
    public java.util.List<String> simulatedUsbSticks = new java.util.ArrayList<>();
    /** Sound output and input device names (empty: the system's default) and their levels, 0..100. */
    public String audioOutput = "";
    public String audioInput = "";
    public int outputLevel = 80;
    public int inputLevel = 100;

    public boolean isEnrolled() {
        return !terminalId.isEmpty();
    }

    public TerminalConfig copy() {
        TerminalConfig c = new TerminalConfig();
        c.controllerUrl = controllerUrl;
        c.language = language;
        c.terminalId = terminalId;
        c.terminalName = terminalName;
        c.adminPinHash = adminPinHash;
        c.scaling = scaling;
        c.autoConnectSingle = autoConnectSingle;
        c.idleLogoutMinutes = idleLogoutMinutes;
        c.gateway = gateway;
        c.controllerCertSha256 = controllerCertSha256;
        c.simulatedUsbSticks = simulatedUsbSticks == null ? new java.util.ArrayList<>() : new java.util.ArrayList<>(simulatedUsbSticks);
        c.audioOutput = audioOutput;
        c.audioInput = audioInput;
        c.outputLevel = outputLevel;
        c.inputLevel = inputLevel;
        return c;
    }
}
