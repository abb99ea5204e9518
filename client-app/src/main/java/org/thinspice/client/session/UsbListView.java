package org.thinspice.client.session;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.thinspice.client.core.Strings;

/**
 * The session bar's USB device list, under the bar: problems first (no USB subsystem), then each device
 * with its name, VID:PID, state and one button to redirect or return it. Stays open until closed.
 */
final class UsbListView {
    private final Strings strings;
    private final Parent panel;
    /** Held here so that the weak listener on the locale lives exactly as long as this view. */
    private final javafx.beans.value.ChangeListener<java.util.Locale> relabel;

    UsbListView(UsbListViewModel u, Strings strings, Runnable refocus) {
        this.strings = strings;
        Label title = new Label();
        title.getStyleClass().add("bar-title");
        title.textProperty().bind(strings.bind("session.usb"));
        Region grow = new Region();
        HBox.setHgrow(grow, javafx.scene.layout.Priority.ALWAYS);
        Button close = new Button("✕");
        close.setId("usb-close");
        close.setOnAction(e -> {
            u.shownProperty().set(false);
            refocus.run();
        });
        HBox head = new HBox(12, title, grow, close);
        head.setAlignment(Pos.CENTER_LEFT);
        javafx.scene.layout.GridPane items = new javafx.scene.layout.GridPane();
        items.setId("usb-items");
        items.setHgap(14);
        items.setVgap(8);
        Runnable fill = () -> fillUsb(items, u);
        u.rows().addListener((javafx.collections.ListChangeListener<org.thinspice.client.usb.UsbRow>) c -> fill.run());
        u.problems().addListener((javafx.collections.ListChangeListener<org.thinspice.client.usb.UsbSource.Problem>) c -> fill.run());
        // the locale outlives every session: listen weakly, or each session's view (and its picture) stays
        // reachable from it for the kiosk's life
        relabel = (o, a, b) -> fill.run();
        strings.localeProperty().addListener(new javafx.beans.value.WeakChangeListener<>(relabel));
        fill.run();
        VBox panel = new VBox(10, head, items);
        panel.setId("usb-list");
        panel.getStyleClass().addAll("session-bar", "usb-list");
        panel.setPadding(new Insets(10, 14, 12, 14));
        panel.setMaxSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
        panel.setMinWidth(560);
        StackPane.setAlignment(panel, Pos.TOP_CENTER);
        StackPane.setMargin(panel, new Insets(52, 0, 0, 0));
        panel.visibleProperty().bind(u.shownProperty());
        this.panel = panel;
    }

    Parent root() {
        return panel;
    }

    private void fillUsb(javafx.scene.layout.GridPane items, UsbListViewModel u) {
        items.getChildren().clear();
        int row = 0;
        for (org.thinspice.client.usb.UsbSource.Problem p : u.problems()) {
            Label l = new Label(strings.get(p.key(), p.detail()));
            l.setId("usb-problem-" + row);
            l.setWrapText(true);
            l.setMaxWidth(640);
            items.add(l, 0, row++, 4, 1);
        }
        if (u.rows().isEmpty() && u.problems().isEmpty()) {
            Label none = new Label(strings.get("usb.none"));
            none.setId("usb-none");
            items.add(none, 0, row++, 4, 1);
        }
        int i = 0;
        for (org.thinspice.client.usb.UsbRow r : u.rows()) {
            String product = r.info().product() == null || r.info().product().isEmpty() ? r.info().id() : r.info().product();
            Label name = new Label(product + (r.simulated() ? " (" + strings.get("usb.simulated") + ")" : ""));
            name.setId("usb-name-" + i);
            Label id = new Label(r.info().id());
            id.setId("usb-id-" + i);
            Label state = new Label(strings.get(r.stateKey()));
            state.setId("usb-state-" + i);
            state.getStyleClass().add("usb-state-" + r.state().name().toLowerCase(java.util.Locale.ROOT));
            if (r.note() != null) {
                state.setTooltip(new javafx.scene.control.Tooltip(r.note()));
            }
            Button action = new Button(strings.get(r.canReturn() ? "usb.return" : "usb.redirect"));
            action.setId("usb-action-" + i);
            action.setDisable(!r.canReturn() && !r.canRedirect() || r.state() == org.thinspice.client.usb.UsbRow.State.CONNECTING);
            action.setOnAction(e -> {
                if (r.canReturn()) {
                    u.giveBack(r);
                } else {
                    u.redirect(r);
                }
            });
            items.addRow(row++, name, id, state, action);
            i++;
        }
    }

}
