package org.thinspice.client.enrol;

import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.thinspice.client.core.Strings;
import org.thinspice.client.shell.Widgets;

/** First-run screen: controller address, language, enrolment code, terminal name. */
public final class EnrolView {
    private final VBox root;

    public EnrolView(EnrolViewModel vm, Strings s) {
        TextField address = Widgets.field(s, "enrol.addressHint", "enrol-address");
        address.textProperty().bindBidirectional(vm.addressProperty());
        ChoiceBox<String> language = new ChoiceBox<>();
        language.setId("enrol-language");
        language.getItems().addAll("zh-CN", "en");
        language.setConverter(languageNames());
        language.valueProperty().bindBidirectional(vm.languageProperty());
        TextField code = Widgets.field(s, "enrol.codeHint", "enrol-code");
        code.textProperty().bindBidirectional(vm.codeProperty());
        TextField name = Widgets.field(s, "enrol.nameHint", "enrol-name");
        name.textProperty().bindBidirectional(vm.nameProperty());
        GridPane form = new GridPane();
        form.getStyleClass().add("form");
        form.addRow(0, Widgets.label(s, "enrol.address"), address);
        form.addRow(1, Widgets.label(s, "settings.language"), language);
        form.addRow(2, Widgets.label(s, "enrol.code"), code);
        form.addRow(3, Widgets.label(s, "enrol.name"), name);
        Button go = Widgets.button(s, "enrol.submit", "enrol-submit", vm::enrol);
        go.setDefaultButton(true);
        go.disableProperty().bind(vm.busyProperty());
        Label fp = new Label();
        fp.setId("enrol-fingerprint");
        fp.getStyleClass().add("detail");
        fp.setWrapText(true);
        fp.textProperty().bind(vm.fingerprintProperty());
        Button confirm = Widgets.button(s, "enrol.confirm", "enrol-confirm", vm::confirm);
        confirm.getStyleClass().add("primary");
        VBox pin = new VBox(8, Widgets.label(s, "enrol.fingerprint"), fp, confirm);
        pin.visibleProperty().bind(vm.confirmingProperty());
        pin.managedProperty().bind(vm.confirmingProperty());
        root = new VBox(18, Widgets.label(s, "enrol.title", "title"), Widgets.label(s, "enrol.explain", "explain"), form, go,
                Widgets.label(s.bindKey(vm.messageProperty()), "enrol-message", "message"), pin);
        root.setAlignment(Pos.CENTER);
        root.getStyleClass().add("card");
        root.setMaxWidth(640);
    }

    static StringConverter<String> languageNames() {
        return new StringConverter<>() {
            @Override
            public String toString(String tag) {
                return tag == null ? "" : tag.equals("en") ? "English" : "简体中文";
            }

            @Override
            public String fromString(String s) {
                return null;
            }
        };
    }

    public Parent root() {
        return root;
    }
}
