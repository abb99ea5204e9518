package org.thinspice.client.diagnostics;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.thinspice.client.core.Message;
import org.thinspice.client.core.SessionReport;
import org.thinspice.client.core.Strings;
import org.thinspice.client.shell.Widgets;

/** Diagnostics: facts and checks as tables, latency and codecs as charts, export to a chosen folder. */
public final class DiagnosticsView {
    /** Held here so that the weak listener on the locale lives exactly as long as this view. */
    private final javafx.beans.value.ChangeListener<java.util.Locale> relabel;
    private final DiagnosticsViewModel vm;
    private final Strings s;
    private final GridPane facts = new GridPane();
    private final GridPane checks = new GridPane();
    private final GridPane session = new GridPane();
    private final GridPane usb = new GridPane();
    private final XYChart.Series<String, Number> latency = new XYChart.Series<>();
    private final XYChart.Series<String, Number> codecs = new XYChart.Series<>();
    private final ScrollPane root;

    public DiagnosticsView(DiagnosticsViewModel vm, Strings s, Runnable back) {
        this.vm = vm;
        this.s = s;
        facts.getStyleClass().add("facts");
        facts.setId("diag-facts");
        checks.getStyleClass().add("facts");
        checks.setId("diag-checks");
        session.getStyleClass().add("facts");
        vm.facts().addListener((ListChangeListener<DiagnosticsViewModel.Fact>) c -> fill(facts, vm.facts()));
        vm.checks().addListener((ListChangeListener<DiagnosticsViewModel.Fact>) c -> fill(checks, vm.checks()));
        vm.latencies().addListener((ListChangeListener<Long>) c -> {
            latency.getData().clear();
            for (int i = 0; i < vm.latencies().size(); i++) {
                latency.getData().add(new XYChart.Data<>(Integer.toString(i + 1), Math.max(0, vm.latencies().get(i))));
            }
        });
        vm.lastSessionProperty().addListener((o, a, r) -> showSession(r));
        usb.getStyleClass().add("facts");
        usb.setId("diag-usb");
        usb.setHgap(14);
        vm.usbRows().addListener((ListChangeListener<org.thinspice.client.usb.UsbRow>) c -> showUsb());
        vm.usbProblems().addListener((ListChangeListener<org.thinspice.client.usb.UsbSource.Problem>) c -> showUsb());
        // the locale outlives this screen: listen weakly, so a closed diagnostics screen can go
        relabel = (o, a, b) -> {
            fill(facts, vm.facts());
            fill(checks, vm.checks());
            showSession(vm.lastSessionProperty().get());
            showUsb();
        };
        s.localeProperty().addListener(new javafx.beans.value.WeakChangeListener<>(relabel));
        CategoryAxis lx = new CategoryAxis();
        NumberAxis ly = new NumberAxis();
        ly.labelProperty().bind(s.bind("diag.ms"));
        LineChart<String, Number> latencyChart = new LineChart<>(lx, ly);
        latencyChart.getData().add(latency);
        latencyChart.titleProperty().bind(s.bind("diag.latencyChart"));
        latencyChart.setLegendVisible(false);
        latencyChart.setAnimated(false);
        latencyChart.setPrefSize(420, 220);
        CategoryAxis cx = new CategoryAxis();
        NumberAxis cy = new NumberAxis();
        BarChart<String, Number> codecChart = new BarChart<>(cx, cy);
        codecChart.getData().add(codecs);
        codecChart.titleProperty().bind(s.bind("diag.codecChart"));
        codecChart.setLegendVisible(false);
        codecChart.setAnimated(false);
        codecChart.setPrefSize(420, 220);
        ChoiceBox<Path> target = new ChoiceBox<>();
        target.setId("diag-export-target");
        target.getItems().setAll(vm.exportTargets());
        target.getSelectionModel().selectFirst();
        HBox exportRow = new HBox(10, Widgets.label(s, "diag.exportTo"), target,
                Widgets.button(s, "diag.export", "diag-export", () -> vm.exportLogs(target.getValue())));
        exportRow.setAlignment(Pos.CENTER_LEFT);
        HBox head = new HBox(12, Widgets.label(s, "diag.title", "title"),
                Widgets.button(s, "diag.refresh", "diag-refresh", vm::refresh), Widgets.button(s, "common.back", "diag-back", back));
        head.setAlignment(Pos.CENTER_LEFT);
        VBox left = new VBox(10, Widgets.label(s, "diag.terminal", "subtitle"), facts, Widgets.label(s, "diag.network", "subtitle"), checks);
        VBox right = new VBox(10, latencyChart, Widgets.label(s, "diag.lastSession", "subtitle"), session, codecChart);
        javafx.scene.control.Button tone = Widgets.button(s, "diag.testTone", "diag-test-tone", vm::playTestTone);
        tone.disableProperty().bind(vm.tonePlayingProperty());
        javafx.scene.control.ProgressBar mic = new javafx.scene.control.ProgressBar();
        mic.setId("diag-mic-level");
        mic.progressProperty().bind(vm.micLevelProperty());
        javafx.scene.control.Label noMic = Widgets.label(s, "diag.micNone");
        noMic.visibleProperty().bind(vm.micMissingProperty());
        javafx.scene.control.ToggleButton meter = new javafx.scene.control.ToggleButton();
        meter.setId("diag-mic-meter");
        meter.textProperty().bind(s.bind("diag.micLevel"));
        meter.selectedProperty().addListener((o, was, on) -> {
            if (on) {
                vm.startMicMeter();
            } else {
                vm.stopMicMeter();
            }
        });
        meter.sceneProperty().addListener((o, was, now) -> {
            if (now == null) {
                meter.setSelected(false); // leaving the screen closes the microphone
            }
        });
        HBox soundRow = new HBox(10, Widgets.label(s, "diag.sound", "subtitle"), tone, meter, mic, noMic);
        soundRow.setAlignment(Pos.CENTER_LEFT);
        VBox content = new VBox(16, head, new HBox(24, left, right), Widgets.label(s, "diag.usbPolicy", "subtitle"), usb, soundRow,
                exportRow,
                Widgets.label(s.bindKey(vm.messageProperty()), "diag-message", "message"));
        content.getStyleClass().add("card");
        root = new ScrollPane(content);
        root.setFitToWidth(true);
        root.getStyleClass().add("diag");
        showSession(vm.lastSessionProperty().get());
    }

    public Parent root() {
        return root;
    }

    private void fill(GridPane grid, java.util.List<DiagnosticsViewModel.Fact> list) {
        grid.getChildren().clear();
        int row = 0;
        for (DiagnosticsViewModel.Fact f : list) {
            Label v = new Label(f.value());
            v.setWrapText(true);
            v.setMaxWidth(360);
            if (f.ok() != null) {
                v.getStyleClass().add(f.ok() ? "good" : "bad");
            }
            grid.addRow(row++, new Label(s.get(f.key())), v);
        }
    }

    private void showUsb() {
        usb.getChildren().clear();
        int row = 0;
        for (org.thinspice.client.usb.UsbSource.Problem p : vm.usbProblems()) {
            Label l = new Label(s.get(p.key(), p.detail()));
            l.setId("diag-usb-problem-" + row);
            l.getStyleClass().add("bad");
            usb.add(l, 0, row++, 6, 1);
        }
        if (vm.usbRows().isEmpty()) {
            if (vm.usbProblems().isEmpty()) {
                usb.addRow(row, new Label(s.get("usb.none")));
            }
            return;
        }
        usb.addRow(row++, new Label(s.get("diag.usbDevice")), new Label("VID:PID"), new Label(s.get("diag.usbClass")),
                new Label(s.get("diag.usbSpeed")), new Label(s.get("diag.usbState")), new Label(s.get("diag.usbVerdict")));
        int i = 0;
        for (org.thinspice.client.usb.UsbRow r : vm.usbRows()) {
            String product = r.info().product() == null ? "" : r.info().product();
            Label verdict = new Label(s.get(r.verdictKey()));
            verdict.setId("diag-usb-verdict-" + i);
            verdict.setTooltip(new javafx.scene.control.Tooltip(r.decision().reason()));
            Label name = new Label(product + (r.simulated() ? " (" + s.get("usb.simulated") + ")" : ""));
            name.setId("diag-usb-name-" + i);
            usb.addRow(row++, name, new Label(r.info().id()),
                    new Label(String.format("%02x ", r.usbClass()) + s.get(r.classKey())), new Label(r.speed()),
                    new Label(s.get(r.stateKey())), verdict);
            i++;
        }
    }

    private void showSession(SessionReport r) {
        session.getChildren().clear();
        codecs.getData().clear();
        if (r == null) {
            session.addRow(0, new Label(s.get("diag.noSession")));
            return;
        }
        session.addRow(0, new Label(s.get("diag.desktop")), new Label(r.desktop()));
        session.addRow(1, new Label(s.get("diag.fps")), new Label(String.format(Locale.ROOT, "%.1f", r.fps())));
        session.addRow(2, new Label(s.get("diag.bandwidth")), new Label(String.format(Locale.ROOT, "%.2f Mbit/s", r.bytesPerSecond() * 8 / 1e6)));
        session.addRow(3, new Label(s.get("diag.connectTime")), new Label(r.connectMillis() + " ms / " + r.firstFrameMillis() + " ms"));
        session.addRow(4, new Label(s.get("diag.duration")), new Label(r.durationMillis() / 1000 + " s"));
        Message clip = DiagnosticsViewModel.clipboardCounts(r);
        Label clipboard = new Label(s.get(clip.key(), clip.args()));
        clipboard.setId("diag-clipboard");
        session.addRow(5, new Label(s.get("diag.clipboard")), clipboard);
        for (Map.Entry<String, Long> e : r.codecs().entrySet()) {
            codecs.getData().add(new XYChart.Data<>(e.getKey(), e.getValue()));
        }
    }
}
