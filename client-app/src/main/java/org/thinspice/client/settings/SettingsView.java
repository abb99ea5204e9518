package org.thinspice.client.settings;

import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.PasswordField;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.thinspice.client.core.Strings;
import org.thinspice.client.shell.Widgets;

/** The PIN gate, then the settings form. */
public final class SettingsView {
    private final VBox root;

    public SettingsView(SettingsViewModel vm, Strings s, Runnable back) {
        PasswordField pin = new PasswordField();
        pin.setId("settings-pin");
        pin.promptTextProperty().bind(s.bind("settings.pin"));
        Button unlock = Widgets.button(s, "settings.unlock", "settings-unlock", () -> {
            vm.unlock(pin.getText());
            pin.clear();
        });
        unlock.setDefaultButton(true);
        VBox gate = new VBox(12, Widgets.label(s, "settings.pinTitle", "subtitle"), pin, unlock);
        gate.visibleProperty().bind(Bindings.not(vm.unlockedProperty()));
        gate.managedProperty().bind(gate.visibleProperty());

        TextField address = new TextField();
        address.setId("settings-address");
        address.textProperty().bindBidirectional(vm.addressProperty());
        ChoiceBox<String> language = new ChoiceBox<>();
        language.getItems().addAll("zh-CN", "en");
        language.setConverter(new StringConverter<>() {
            @Override
            public String toString(String tag) {
                return tag == null ? "" : tag.equals("en") ? "English" : "简体中文";
            }

            @Override
            public String fromString(String x) {
                return null;
            }
        });
        language.valueProperty().bindBidirectional(vm.languageProperty());
        ChoiceBox<String> scaling = new ChoiceBox<>();
        scaling.getItems().addAll("fit", "one-to-one", "follow");
        scaling.setConverter(new StringConverter<>() {
            @Override
            public String toString(String k) {
                return k == null ? "" : s.get("scaling." + k);
            }

            @Override
            public String fromString(String x) {
                return null;
            }
        });
        scaling.valueProperty().bindBidirectional(vm.scalingProperty());
        CheckBox auto = new CheckBox();
        auto.textProperty().bind(s.bind("settings.autoConnect"));
        auto.selectedProperty().bindBidirectional(vm.autoConnectProperty());
        Spinner<Integer> idle = new Spinner<>(0, 600, 10);
        idle.getValueFactory().valueProperty().addListener((o, a, b) -> vm.idleMinutesProperty().set(b));
        vm.idleMinutesProperty().addListener((o, a, b) -> idle.getValueFactory().setValue(b.intValue()));
        ChoiceBox<String> output = deviceChoice(s, org.thinspice.client.sound.TerminalAudio.outputDevices(),
                vm.audioOutputProperty().get());
        output.setId("settings-audio-output");
        output.valueProperty().bindBidirectional(vm.audioOutputProperty());
        ChoiceBox<String> input = deviceChoice(s, org.thinspice.client.sound.TerminalAudio.inputDevices(),
                vm.audioInputProperty().get());
        input.setId("settings-audio-input");
        input.valueProperty().bindBidirectional(vm.audioInputProperty());
        javafx.scene.control.Slider outLevel = level(vm.outputLevelProperty(), "settings-output-level");
        javafx.scene.control.Slider inLevel = level(vm.inputLevelProperty(), "settings-input-level");
        PasswordField newPin = new PasswordField();
        newPin.textProperty().bindBidirectional(vm.newPinProperty());
        GridPane form = new GridPane();
        form.getStyleClass().add("form");
        form.addRow(0, Widgets.label(s, "enrol.address"), address);
        form.addRow(1, Widgets.label(s, "settings.language"), language);
        form.addRow(2, Widgets.label(s, "settings.display"), scaling);
        form.addRow(3, Widgets.label(s, "settings.idle"), idle);
        form.addRow(4, Widgets.label(s, "settings.newPin"), newPin);
        form.add(auto, 1, 5);
        form.addRow(6, Widgets.label(s, "settings.audioOutput"), output);
        form.addRow(7, Widgets.label(s, "settings.outputLevel"), outLevel);
        form.addRow(8, Widgets.label(s, "settings.audioInput"), input);
        form.addRow(9, Widgets.label(s, "settings.inputLevel"), inLevel);
        Button save = Widgets.button(s, "settings.save", "settings-save", vm::save);
        save.getStyleClass().add("primary");
        Button reset = Widgets.button(s, "settings.reset", "settings-reset", vm::askReset);
        reset.getStyleClass().add("danger");
        Button exit = Widgets.button(s, "settings.exit", "settings-exit", vm::exitKiosk);
        VBox confirm = new VBox(8, Widgets.label(s, "settings.resetConfirm"),
                new HBox(10, Widgets.button(s, "common.confirm", "settings-reset-yes", vm::resetEnrolment),
                        Widgets.button(s, "common.cancel", "settings-reset-no", () -> vm.confirmResetProperty().set(false))));
        confirm.getStyleClass().add("dialog");
        confirm.visibleProperty().bind(vm.confirmResetProperty());
        confirm.managedProperty().bind(confirm.visibleProperty());
        VBox open = new VBox(14, form, new HBox(10, save, reset, exit), confirm);
        open.visibleProperty().bind(vm.unlockedProperty());
        open.managedProperty().bind(open.visibleProperty());
        HBox head = new HBox(12, Widgets.label(s, "settings.title", "title"), Widgets.button(s, "common.back", "settings-back", () -> {
            vm.lock();
            back.run();
        }));
        head.setAlignment(Pos.CENTER_LEFT);
        root = new VBox(18, head, gate, open, Widgets.label(s.bindKey(vm.messageProperty()), "settings-message", "message"));
        root.getStyleClass().add("card");
        root.setMaxWidth(640);
    }

    /** Devices by name, the empty name first as "system default"; a saved device that is absent now stays listed. */
    private static ChoiceBox<String> deviceChoice(Strings s, java.util.List<String> names, String saved) {
        ChoiceBox<String> box = new ChoiceBox<>();
        box.getItems().add("");
        box.getItems().addAll(names);
        if (saved != null && !saved.isEmpty() && !box.getItems().contains(saved)) {
            box.getItems().add(saved);
        }
        box.setConverter(new StringConverter<>() {
            @Override
            public String toString(String name) {
                return name == null || name.isEmpty() ? s.get("settings.defaultDevice") : name;
            }

            @Override
            public String fromString(String x) {
                return null;
            }
        });
        return box;
    }

    private static javafx.scene.control.Slider level(javafx.beans.property.IntegerProperty p, String id) {
        javafx.scene.control.Slider slider = new javafx.scene.control.Slider(0, 100, p.get());
        slider.setId(id);
        slider.setShowTickMarks(true);
        slider.setMajorTickUnit(25);
        slider.valueProperty().addListener((o, a, b) -> p.set((int) Math.round(b.doubleValue())));
        p.addListener((o, a, b) -> slider.setValue(b.doubleValue()));
        return slider;
    }

    public Parent root() {
        return root;
    }
}
