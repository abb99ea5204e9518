package org.thinspice.client.core;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.value.ObservableValue;

/**
 * Every string a person sees, from the {@code messages} bundles (zh_CN and en). The locale is a
 * property: bindings made with {@link #bind} follow a switch at runtime.
 */
public final class Strings {
    public static final Locale ZH_CN = Locale.SIMPLIFIED_CHINESE;
    public static final Locale EN = Locale.ENGLISH;
    private static final String BUNDLE = "org.thinspice.client.messages";

    private final ObjectProperty<Locale> locale = new SimpleObjectProperty<>(EN);

    public Strings(Locale initial) {
        locale.set(initial);
    }

    /** The language tag a config stores ({@code zh-CN} or {@code en}) to a supported locale. */
    public static Locale forTag(String tag) {
        return tag != null && tag.toLowerCase(Locale.ROOT).startsWith("zh") ? ZH_CN : EN;
    }

    public static String tag(Locale l) {
        return l.getLanguage().equals("zh") ? "zh-CN" : "en";
    }

    public ObjectProperty<Locale> localeProperty() {
        return locale;
    }

    public Locale locale() {
        return locale.get();
    }

    /** The text for {@code key} now, with {@link MessageFormat} arguments. */
    public String get(String key, Object... args) {
        ResourceBundle b = ResourceBundle.getBundle(BUNDLE, locale.get(), ResourceBundle.Control.getNoFallbackControl(
                ResourceBundle.Control.FORMAT_PROPERTIES));
        String pattern;
        try {
            pattern = b.getString(key);
        } catch (MissingResourceException e) {
            pattern = "!" + key + "!";
        }
        return args.length == 0 ? pattern : new MessageFormat(pattern, locale.get()).format(args);
    }

    /** A binding that re-reads {@code key} whenever the locale changes. */
    public StringBinding bind(String key, Object... args) {
        return Bindings.createStringBinding(() -> get(key, args), locale);
    }

    /**
     * A binding to a key held in an observable (a view model's status), re-read on a locale change too.
     * A null key gives the empty string.
     */
    public StringBinding bindKey(ObservableValue<? extends Message> message) {
        return Bindings.createStringBinding(() -> {
            Message m = message.getValue();
            return m == null ? "" : get(m.key(), m.args());
        }, locale, message);
    }
}
