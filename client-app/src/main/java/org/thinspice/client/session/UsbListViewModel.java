package org.thinspice.client.session;

import java.time.Duration;
import java.util.List;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.thinspice.client.core.Scheduler;
import org.thinspice.client.core.Ui;
import org.thinspice.client.usb.UsbManager;
import org.thinspice.client.usb.UsbRow;
import org.thinspice.client.usb.UsbSource;

/**
 * The session bar's USB list: every local device with its state, one command to redirect or return it,
 * and why there may be none (no USB subsystem). Plug and unplug come from the sources themselves where
 * they can say (usb4java with libusb hotplug events); otherwise the list is rescanned every 2 s while
 * the session runs.
 */
public final class UsbListViewModel {
    public static final Duration RESCAN = Duration.ofSeconds(2);
    private final UsbManager usb;
    private final Ui ui;
    private final ObservableList<UsbRow> rows = FXCollections.observableArrayList();
    private final ObservableList<UsbSource.Problem> problems = FXCollections.observableArrayList();
    private final BooleanProperty shown = new SimpleBooleanProperty();
    private final Runnable changed;
    private Scheduler.Cancel polling;

    public UsbListViewModel(UsbManager usb, Ui ui) {
        this.usb = usb;
        this.ui = ui;
        this.changed = () -> ui.fx().execute(this::reload);
    }

    public ObservableList<UsbRow> rows() {
        return rows;
    }

    public ObservableList<UsbSource.Problem> problems() {
        return problems;
    }

    public BooleanProperty shownProperty() {
        return shown;
    }

    public UsbManager manager() {
        return usb;
    }

    public void start() {
        usb.addListener(changed);
        reload();
        if (polling == null && usb.needsRescan()) {
            polling = ui.timer().every(RESCAN, () -> ui.io().execute(usb::rescan));
        }
    }

    public void stop() {
        usb.removeListener(changed);
        if (polling != null) {
            polling.cancel();
            polling = null;
        }
    }

    public void toggle() {
        shown.set(!shown.get());
        if (shown.get()) {
            ui.io().execute(usb::rescan);
        }
    }

    public void redirect(UsbRow row) {
        ui.io().execute(() -> usb.redirect(row.key()));
    }

    public void giveBack(UsbRow row) {
        ui.io().execute(() -> usb.giveBack(row.key()));
    }

    private void reload() {
        List<UsbRow> now = usb.rows();
        if (!now.equals(rows)) {
            rows.setAll(now);
        }
        List<UsbSource.Problem> p = usb.problems();
        if (!p.equals(problems)) {
            problems.setAll(p);
        }
    }
}
