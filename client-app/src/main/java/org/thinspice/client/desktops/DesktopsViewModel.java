package org.thinspice.client.desktops;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thinspice.client.api.ControllerApi;
import org.thinspice.client.api.ControllerException;
import org.thinspice.client.api.Desktop;
import org.thinspice.client.core.KioskModel;
import org.thinspice.client.core.Message;
import org.thinspice.client.core.Scheduler;
import org.thinspice.client.core.Ui;

/**
 * The user's desktops with live state (polled), power actions behind a confirmation with progress,
 * and connecting with visible steps: looking up, minting the connection; the session view shows the
 * rest (linking channels, first frame).
 */
public final class DesktopsViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(DesktopsViewModel.class);
    static final Duration POLL = Duration.ofSeconds(5);
    static final Duration TASK_POLL = Duration.ofSeconds(1);

    /** A power action waiting for the person to confirm it. */
    public record PendingAction(DesktopItem item, String action) {
    }

    private final KioskModel model;
    private final Ui ui;
    private final Consumer<ConnectRequest> onConnect;
    private final Runnable onSignedOut;
    private final ObservableList<DesktopItem> items = FXCollections.observableArrayList();
    private final ObjectProperty<PendingAction> pending = new SimpleObjectProperty<>();
    private final ObjectProperty<Message> message = new SimpleObjectProperty<>();
    private Scheduler.Cancel polling;
    private boolean autoConnectDone;
    private boolean loadedOnce;

    public DesktopsViewModel(KioskModel model, Ui ui, Consumer<ConnectRequest> onConnect, Runnable onSignedOut) {
        this.model = model;
        this.ui = ui;
        this.onConnect = onConnect;
        this.onSignedOut = onSignedOut;
    }

    public ObservableList<DesktopItem> items() {
        return items;
    }

    public ObjectProperty<PendingAction> pendingProperty() {
        return pending;
    }

    public ObjectProperty<Message> messageProperty() {
        return message;
    }

    public String username() {
        return model.signedInUser();
    }

    /** Starts showing the list; {@code autoConnect} is false when coming back from a session. */
    public void open(boolean autoConnect) {
        autoConnectDone = !autoConnect;
        refresh();
        if (polling == null) {
            polling = ui.timer().every(POLL, this::refresh);
        }
    }

    public void close() {
        if (polling != null) {
            polling.cancel();
            polling = null;
        }
    }

    public void refresh() {
        ControllerApi api = model.api();
        ui.call(api::desktops, this::show, this::failed);
    }

    private void show(List<Desktop> list) {
        for (Desktop d : list) {
            DesktopItem item = find(d.id());
            if (item == null) {
                items.add(new DesktopItem(d));
            } else {
                item.desktopProperty().set(d);
            }
        }
        items.removeIf(i -> list.stream().noneMatch(d -> d.id().equals(i.id())));
        if (!loadedOnce && list.isEmpty()) {
            message.set(Message.of("desktops.none"));
        } else if (message.get() != null && message.get().key().equals("error.unreachable")) {
            message.set(null);
        }
        loadedOnce = true;
        if (!autoConnectDone) {
            autoConnectDone = true;
            if (model.config().autoConnectSingle && items.size() == 1 && items.get(0).desktopProperty().get().isRunning()) {
                LOG.info("one desktop assigned: connecting on its own");
                connect(items.get(0));
            }
        }
    }

    private DesktopItem find(String id) {
        return items.stream().filter(i -> i.id().equals(id)).findFirst().orElse(null);
    }

    /** Asks for confirmation of a power action (start, shutdown, reboot, stop). */
    public void ask(DesktopItem item, String action) {
        if (!item.desktopProperty().get().allows(action)) {
            message.set(Message.of("desktops.notAllowed"));
            return;
        }
        pending.set(new PendingAction(item, action));
    }

    public void cancel() {
        pending.set(null);
    }

    public void confirm() {
        PendingAction p = pending.get();
        pending.set(null);
        if (p == null) {
            return;
        }
        DesktopItem item = p.item();
        item.busyProperty().set(true);
        item.progressProperty().set(Message.of("desktops.progress." + p.action()));
        ControllerApi api = model.api();
        ui.call(() -> api.power(item.id(), p.action()), task -> watchTask(item, task), e -> {
            item.busyProperty().set(false);
            item.progressProperty().set(null);
            failed(e);
        });
    }

    private void watchTask(DesktopItem item, String taskId) {
        ControllerApi api = model.api();
        ui.timer().after(TASK_POLL, () -> ui.call(() -> api.taskState(taskId), state -> {
            if (state.equals("running")) {
                watchTask(item, taskId);
                return;
            }
            item.busyProperty().set(false);
            item.progressProperty().set(state.equals("ok") ? null : Message.of("desktops.actionFailed"));
            refresh();
        }, e -> {
            item.busyProperty().set(false);
            item.progressProperty().set(null);
            failed(e);
        }));
    }

    /** Looks the desktop up again, mints a one-time connection, and hands it to the session view. */
    public void connect(DesktopItem item) {
        if (item.busyProperty().get()) {
            return;
        }
        item.busyProperty().set(true);
        item.progressProperty().set(Message.of("connect.lookingUp"));
        ControllerApi api = model.api();
        String id = item.id();
        ui.call(() -> api.desktops().stream().filter(d -> d.id().equals(id)).findFirst().orElse(null), d -> {
            if (d == null || !d.isRunning()) {
                item.busyProperty().set(false);
                item.progressProperty().set(null);
                if (d != null) {
                    item.desktopProperty().set(d);
                }
                message.set(Message.of("desktops.notRunning"));
                return;
            }
            item.desktopProperty().set(d);
            item.progressProperty().set(Message.of("connect.minting"));
            ui.call(() -> api.connection(id), vv -> {
                item.busyProperty().set(false);
                item.progressProperty().set(null);
                close();
                onConnect.accept(new ConnectRequest(d, vv, () -> api.connection(id)));
            }, e -> {
                item.busyProperty().set(false);
                item.progressProperty().set(null);
                failed(e);
            });
        }, e -> {
            item.busyProperty().set(false);
            item.progressProperty().set(null);
            failed(e);
        });
    }

    public void signOut() {
        close();
        ControllerApi api = model.api();
        ui.call(() -> {
            api.logout();
            return true;
        }, ok -> done(), e -> done());
    }

    private void done() {
        model.signedOut();
        items.clear();
        onSignedOut.run();
    }

    private void failed(Exception e) {
        LOG.info("desktops: {}", e.toString());
        if (e instanceof ControllerException ce) {
            switch (ce.kind()) {
                case UNREACHABLE -> message.set(Message.of("error.unreachable"));
                case SIGNED_OUT, TERMINAL_REFUSED -> {
                    close();
                    done();
                }
                case CERTIFICATE_CHANGED -> {
                    close();
                    message.set(Message.of("error.certificateChanged"));
                    model.certificateChanged(ce.getMessage());
                }
                default -> message.set(Message.of("error.refused", ce.getMessage()));
            }
        } else {
            message.set(Message.of("error.refused", String.valueOf(e.getMessage())));
        }
    }
}
