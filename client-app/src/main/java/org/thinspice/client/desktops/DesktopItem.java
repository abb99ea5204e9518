package org.thinspice.client.desktops;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.thinspice.client.api.Desktop;
import org.thinspice.client.core.Message;

/** One row of the desktops screen: the desktop's latest state, and what this terminal is doing with it. */
public final class DesktopItem {
    private final ObjectProperty<Desktop> desktop;
    private final BooleanProperty busy = new SimpleBooleanProperty();
    private final ObjectProperty<Message> progress = new SimpleObjectProperty<>();

    DesktopItem(Desktop d) {
        this.desktop = new SimpleObjectProperty<>(d);
    }

    public String id() {
        return desktop.get().id();
    }

    public ObjectProperty<Desktop> desktopProperty() {
        return desktop;
    }

    public BooleanProperty busyProperty() {
        return busy;
    }

    public ObjectProperty<Message> progressProperty() {
        return progress;
    }
}
