package org.thinspice.device.smartcard;

/** A change seen by {@link ReaderWatcher}. */
public record PcscEvent(Type type, String reader) {
    public enum Type {
        READER_ADDED, READER_REMOVED, CARD_INSERTED, CARD_REMOVED,
        /** pcscd stopped answering; the watcher keeps retrying (reader is null). */
        SERVICE_LOST,
        /** pcscd answers again after {@link #SERVICE_LOST} (reader is null). */
        SERVICE_BACK
    }
}
