package org.thinspice.qmp;

import java.io.IOException;

/** A QMP {@code "error"} reply: {@link #errorClass()} is QMP's {@code class}, the message its {@code desc}. */
public final class QmpException extends IOException {
    private static final long serialVersionUID = 1L;
    private final String errorClass;

    public QmpException(String command, String errorClass, String desc) {
        super(command + ": " + errorClass + ": " + desc);
        this.errorClass = errorClass;
    }

    public String errorClass() {
        return errorClass;
    }
}
