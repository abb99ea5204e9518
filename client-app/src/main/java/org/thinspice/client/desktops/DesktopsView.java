package org.thinspice.client.desktops;

import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.thinspice.client.api.Desktop;
import org.thinspice.client.core.Strings;
import org.thinspice.client.shell.Widgets;

/** The desktops: one card each with its state, connect and power buttons; a confirmation panel. */
public final class DesktopsView {
    private final DesktopsViewModel vm;
    private final Strings s;
    private final VBox list = new VBox(12);
    private final VBox root;

    public DesktopsView(DesktopsViewModel vm, Strings s) {
        this.vm = vm;
        this.s = s;
        list.setId("desktops-list");
        vm.items().addListener((ListChangeListener<DesktopItem>) c -> rebuild());
        rebuild();
        Label user = new Label();
        user.textProperty().bind(s.bind("desktops.signedInAs", vm.username()));
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox head = new HBox(12, Widgets.label(s, "desktops.title", "title"), grow, user,
                Widgets.button(s, "desktops.refresh", "desktops-refresh", vm::refresh),
                Widgets.button(s, "desktops.signOut", "desktops-signout", vm::signOut));
        head.setAlignment(Pos.CENTER_LEFT);
        root = new VBox(18, head, list, confirmation(), Widgets.label(s.bindKey(vm.messageProperty()), "desktops-message", "message"));
        root.getStyleClass().add("card");
        root.setMaxWidth(900);
    }

    public Parent root() {
        return root;
    }

    private void rebuild() {
        list.getChildren().clear();
        for (DesktopItem item : vm.items()) {
            list.getChildren().add(card(item));
        }
    }

    private Parent card(DesktopItem item) {
        Label name = new Label();
        name.getStyleClass().add("desktop-name");
        name.textProperty().bind(Bindings.createStringBinding(() -> item.desktopProperty().get().name(), item.desktopProperty()));
        Label state = new Label();
        state.setId("desktop-state-" + item.id());
        state.getStyleClass().add("desktop-state");
        state.textProperty().bind(Bindings.createStringBinding(() -> s.get("state." + item.desktopProperty().get().state()),
                item.desktopProperty(), s.localeProperty()));
        Label progress = Widgets.label(s.bindKey(item.progressProperty()), "desktop-progress-" + item.id(), "progress");
        ProgressIndicator spin = new ProgressIndicator();
        spin.setMaxSize(24, 24);
        spin.visibleProperty().bind(item.busyProperty());
        Button connect = Widgets.button(s, "desktops.connect", "desktop-connect-" + item.id(), () -> vm.connect(item));
        connect.getStyleClass().add("primary");
        connect.disableProperty().bind(Bindings.createBooleanBinding(
                () -> item.busyProperty().get() || !item.desktopProperty().get().isRunning(), item.busyProperty(), item.desktopProperty()));
        HBox actions = new HBox(8, connect);
        for (String action : new String[] {"start", "shutdown", "reboot", "stop"}) {
            Button b = Widgets.button(s, "action." + action, "desktop-" + action + "-" + item.id(), () -> vm.ask(item, action));
            b.disableProperty().bind(Bindings.createBooleanBinding(() -> item.busyProperty().get()
                    || !enabled(item.desktopProperty().get(), action), item.busyProperty(), item.desktopProperty()));
            actions.getChildren().add(b);
        }
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox row = new HBox(14, new VBox(4, name, state, progress), grow, spin, actions);
        row.setAlignment(Pos.CENTER_LEFT);
        row.getStyleClass().add("desktop-card");
        return row;
    }

    static boolean enabled(Desktop d, String action) {
        if (!d.allows(action)) {
            return false;
        }
        return action.equals("start") ? !d.isRunning() : d.isRunning();
    }

    private Parent confirmation() {
        Label question = new Label();
        question.setId("confirm-question");
        question.textProperty().bind(Bindings.createStringBinding(() -> {
            DesktopsViewModel.PendingAction p = vm.pendingProperty().get();
            return p == null ? "" : s.get("confirm." + p.action(), p.item().desktopProperty().get().name());
        }, vm.pendingProperty(), s.localeProperty()));
        Button yes = Widgets.button(s, "common.confirm", "confirm-yes", vm::confirm);
        yes.getStyleClass().add("primary");
        Button no = Widgets.button(s, "common.cancel", "confirm-no", vm::cancel);
        VBox box = new VBox(10, question, new HBox(10, yes, no));
        box.getStyleClass().add("dialog");
        box.visibleProperty().bind(vm.pendingProperty().isNotNull());
        box.managedProperty().bind(box.visibleProperty());
        return box;
    }
}
