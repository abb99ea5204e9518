package org.thinspice.device.backends;

/**
 * One transfer the guest asked for. {@code id} is the usbredir packet id; {@code endpoint} has bit 7 set
 * for IN; {@code length} is the requested (IN) or given (OUT) byte count; {@code data} holds OUT bytes.
 * The setup fields are used by control transfers only.
 */
public record UsbTransfer(long id, Kind kind, int endpoint, int requestType, int request, int value, int index,
        int length, byte[] data) {
    public enum Kind { CONTROL, BULK, INTERRUPT, ISO }

    public boolean in() {
        return (endpoint & 0x80) != 0;
    }

    public static UsbTransfer bulk(long id, int endpoint, int length, byte[] data) {
        return new UsbTransfer(id, Kind.BULK, endpoint, 0, 0, 0, 0, length, data);
    }

    public static UsbTransfer control(long id, int requestType, int request, int value, int index, int length,
            byte[] data) {
        return new UsbTransfer(id, Kind.CONTROL, requestType & 0x80, requestType, request, value, index, length, data);
    }
}
