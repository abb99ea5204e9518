package org.thinspice.client.diagnostics;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.thinspice.client.api.ControllerApi;
import org.thinspice.client.api.HttpControllerClient;
import org.thinspice.client.core.KioskModel;
import org.thinspice.client.core.Message;
import org.thinspice.client.core.SessionReport;
import org.thinspice.client.core.TerminalConfig;
import org.thinspice.client.core.Ui;
import org.thinspice.client.usb.UsbManager;
import org.thinspice.client.usb.UsbRow;
import org.thinspice.client.usb.UsbSource;

/**
 * Diagnostics, reachable from every screen (before enrolment too): the terminal's identity and
 * network, the controller's and gateway's reachability, latency and clock skew, devices present, the
 * last session's statistics, and log export.
 */
public final class DiagnosticsViewModel {
    public static final int LATENCY_SAMPLES = 10;

    /** One line: a label key and a value (already a plain string: addresses, numbers). */
    public record Fact(String key, String value, Boolean ok) {
    }

    private final KioskModel model;
    private final Ui ui;
    private final SystemProbe probe;
    private final String version;
    private final ObservableList<Fact> facts = FXCollections.observableArrayList();
    private final ObservableList<Fact> checks = FXCollections.observableArrayList();
    private final ObservableList<Long> latencies = FXCollections.observableArrayList();
    private final ObjectProperty<SessionReport> lastSession = new SimpleObjectProperty<>();
    private final ObjectProperty<Message> message = new SimpleObjectProperty<>();
    private final BooleanProperty busy = new SimpleBooleanProperty();
    private final javafx.beans.property.DoubleProperty micLevel = new javafx.beans.property.SimpleDoubleProperty();
    private final BooleanProperty micMissing = new SimpleBooleanProperty();
    private final BooleanProperty tonePlaying = new SimpleBooleanProperty();
    private volatile AutoCloseable micMeter;

    private final UsbManager usb;
    private final ObservableList<UsbRow> usbRows = FXCollections.observableArrayList();
    private final ObservableList<UsbSource.Problem> usbProblems = FXCollections.observableArrayList();

    public DiagnosticsViewModel(KioskModel model, Ui ui, SystemProbe probe, String version) {
        this(model, ui, probe, version, UsbManager.none());
    }

    public DiagnosticsViewModel(KioskModel model, Ui ui, SystemProbe probe, String version, UsbManager usb) {
        this.model = model;
        this.ui = ui;
        this.probe = probe;
        this.version = version;
        this.usb = usb;
    }

    /** Every USB device the kiosk could redirect, with class, VID:PID, speed and the policy's verdict. */
    public ObservableList<UsbRow> usbRows() {
        return usbRows;
    }

    /** Why there may be none: no USB subsystem, the USB library failed, a simulated stick's image. */
    public ObservableList<UsbSource.Problem> usbProblems() {
        return usbProblems;
    }

    public ObservableList<Fact> facts() {
        return facts;
    }

    public ObservableList<Fact> checks() {
        return checks;
    }

    /** Round trips to the controller in ms (-1: no answer), for the chart. */
    public ObservableList<Long> latencies() {
        return latencies;
    }

    /** The last session's clipboard line: how many transfers crossed each way. */
    public static Message clipboardCounts(SessionReport r) {
        return Message.of("diag.clipboardCounts", r.clipboardToTerminal(), r.clipboardToDesktop());
    }

    public ObjectProperty<SessionReport> lastSessionProperty() {
        return lastSession;
    }

    public ObjectProperty<Message> messageProperty() {
        return message;
    }

    public BooleanProperty busyProperty() {
        return busy;
    }

    /** The microphone's peak level, 0..1, while the meter runs. */
    public javafx.beans.property.DoubleProperty micLevelProperty() {
        return micLevel;
    }

    /** The microphone could not be opened. */
    public BooleanProperty micMissingProperty() {
        return micMissing;
    }

    public BooleanProperty tonePlayingProperty() {
        return tonePlaying;
    }

    /** Plays a one-second 1 kHz test tone on the configured output. */
    public void playTestTone() {
        if (tonePlaying.get()) {
            return;
        }
        tonePlaying.set(true);
        org.thinspice.client.sound.TerminalAudio audio = new org.thinspice.client.sound.TerminalAudio(model.config());
        ui.call(() -> {
            audio.playTestTone(1000);
            return true;
        }, ok -> tonePlaying.set(false), e -> tonePlaying.set(false));
    }

    /** Opens the microphone and shows its level until {@link #stopMicMeter()}. */
    public void startMicMeter() {
        org.thinspice.client.sound.TerminalAudio audio = new org.thinspice.client.sound.TerminalAudio(model.config());
        ui.call(() -> audio.meterMicrophone(v -> ui.fx().execute(() -> micLevel.set(v))), meter -> {
            micMeter = meter;
            micMissing.set(false);
        }, e -> {
            micMissing.set(true);
            micLevel.set(0);
        });
    }

    public void stopMicMeter() {
        AutoCloseable m = micMeter;
        micMeter = null;
        if (m != null) {
            ui.io().execute(() -> {
                try {
                    m.close();
                } catch (Exception e) {
                    // closing the line anyway
                }
            });
        }
        micLevel.set(0);
    }

    private record Result(List<Fact> facts, List<Fact> checks, List<Long> latencies) {
    }

    public void refresh() {
        if (busy.get()) {
            return;
        }
        busy.set(true);
        lastSession.set(model.lastSession());
        TerminalConfig c = model.config();
        ui.call(() -> {
            usb.rescan();
            return usb.rows();
        }, rows -> {
            usbRows.setAll(rows);
            usbProblems.setAll(usb.problems());
        }, e -> message.set(Message.of("error.refused", String.valueOf(e.getMessage()))));
        ui.call(() -> gather(c), r -> {
            busy.set(false);
            facts.setAll(r.facts());
            checks.setAll(r.checks());
            latencies.setAll(r.latencies());
        }, e -> {
            busy.set(false);
            message.set(Message.of("error.refused", String.valueOf(e.getMessage())));
        });
    }

    private Result gather(TerminalConfig c) {
        List<Fact> f = new ArrayList<>();
        f.add(new Fact("diag.terminalId", c.isEnrolled() ? c.terminalId : "-", null));
        f.add(new Fact("diag.terminalName", c.terminalName.isEmpty() ? "-" : c.terminalName, null));
        f.add(new Fact("diag.version", version, null));
        SystemProbe.Network n = probe.network();
        f.add(new Fact("diag.ip", join(n.addresses()), null));
        f.add(new Fact("diag.mac", join(n.macs()), null));
        f.add(new Fact("diag.dns", join(n.dns()), null));
        f.add(new Fact("diag.gateway", n.defaultGateway().isEmpty() ? "-" : n.defaultGateway(), null));
        f.add(new Fact("diag.usb", join(probe.usbDevices()), null));
        f.add(new Fact("diag.readers", join(probe.smartcardReaders()), null));
        // which decoder each video codec gets on this terminal (GStreamer / VA-API / TurboJPEG / Java), found once
        f.add(new Fact("diag.videoDecoders", org.thinspice.engine.SpiceSession.videoDecoders(), null));
        List<Fact> k = new ArrayList<>();
        List<Long> lat = new ArrayList<>();
        if (c.controllerUrl.isEmpty()) {
            k.add(new Fact("diag.controller", "-", null));
        } else {
            URI u = HttpControllerClient.parseAddress(c.controllerUrl);
            int port = u.getPort() > 0 ? u.getPort() : u.getScheme().equals("https") ? 443 : 80;
            long tcp = probe.tcpConnectMillis(u.getHost(), port);
            k.add(new Fact("diag.controllerPort", u.getHost() + ":" + port + (tcp >= 0 ? "  " + tcp + " ms" : ""), tcp >= 0));
            ControllerApi api = model.apiFor(c);
            for (int i = 0; i < LATENCY_SAMPLES; i++) {
                try {
                    lat.add(api.health());
                } catch (Exception e) {
                    lat.add(-1L);
                }
            }
            long ok = lat.stream().filter(x -> x >= 0).count();
            k.add(new Fact("diag.controller", ok + "/" + lat.size() + (ok > 0 ? "  " + median(lat) + " ms" : ""), ok > 0));
            try {
                long skew = api.clockSkewMillis();
                k.add(new Fact("diag.clockSkew", String.format(java.util.Locale.ROOT, "%+.1f s", skew / 1000.0),
                        Math.abs(skew) < 60_000));
            } catch (Exception e) {
                k.add(new Fact("diag.clockSkew", "-", false));
            }
        }
        if (!c.gateway.isEmpty() && c.gateway.contains(":")) {
            String host = c.gateway.substring(0, c.gateway.lastIndexOf(':'));
            int port = Integer.parseInt(c.gateway.substring(c.gateway.lastIndexOf(':') + 1));
            long tcp = probe.tcpConnectMillis(host, port);
            k.add(new Fact("diag.gatewayPort", c.gateway + (tcp >= 0 ? "  " + tcp + " ms" : ""), tcp >= 0));
        }
        return new Result(f, k, lat);
    }

    static long median(List<Long> xs) {
        List<Long> ok = xs.stream().filter(x -> x >= 0).sorted().toList();
        return ok.isEmpty() ? -1 : ok.get(ok.size() / 2);
    }

    private static String join(List<String> xs) {
        return xs.isEmpty() ? "-" : String.join(", ", xs);
    }

    /** Folders a person would export to: mounted USB sticks first, then the home folder. */
    public List<Path> exportTargets() {
        List<Path> out = new ArrayList<>();
        for (String root : new String[] {"/media", "/run/media", "/mnt"}) {
            Path p = Path.of(root);
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p, 2)) {
                    s.filter(x -> !x.equals(p) && Files.isDirectory(x) && Files.isWritable(x)).forEach(out::add);
                } catch (java.io.IOException | java.io.UncheckedIOException e) {
                    // unreadable mount points are not offered
                }
            }
        }
        out.add(Path.of(System.getProperty("user.home")));
        return out;
    }

    /** Writes the archive; the message says where it went. */
    public void exportLogs(Path folder) {
        String summary = summary();
        TerminalConfig c = model.config();
        ui.call(() -> LogExporter.export(model.store().dir(), summary, folder, c.terminalName.isEmpty() ? "terminal" : c.terminalName),
                zip -> message.set(Message.of("diag.exported", zip.toString())),
                e -> message.set(Message.of("diag.exportFailed", String.valueOf(e.getMessage()))));
    }

    private String summary() {
        StringBuilder b = new StringBuilder();
        for (Fact f : facts) {
            b.append(f.key()).append(": ").append(f.value()).append('\n');
        }
        for (Fact f : checks) {
            b.append(f.key()).append(": ").append(f.value()).append(f.ok() == null ? "" : f.ok() ? " ok" : " FAILED").append('\n');
        }
        for (UsbSource.Problem p : usbProblems) {
            b.append("usb: ").append(p.detail()).append('\n');
        }
        for (UsbRow r : usbRows) {
            b.append("usb: ").append(r.info().id()).append(' ').append(r.info().product()).append(String.format(
                    " class %02x, %s, %s, %s", r.usbClass(), r.speed(), r.state(), r.decision().verdict())).append('\n');
        }
        b.append("latencies: ").append(latencies).append('\n');
        SessionReport r = lastSession.get();
        if (r != null) {
            b.append("last session: ").append(r).append('\n');
        }
        return b.toString();
    }
}
