package org.thinspice.device.backends;

/**
 * One USB device as a backend offers it to the usbredir host: a real one (usb4java) or a simulated
 * one. The host calls these from one thread at a time; completions may come from any thread.
 */
public interface UsbDevice {
    /** Descriptor facts the guest needs before it enumerates the device. */
    UsbDeviceInfo info();

    /** Takes the device for redirection (a real backend detaches kernel drivers and claims interfaces). */
    void open(UsbDeviceListener listener) throws UsbBackendException;

    /** Resets the device; afterwards it is unaddressed and unconfigured as far as the guest knows. */
    void reset() throws UsbBackendException;

    /** Selects a configuration; returns a usbredir status code. */
    int setConfiguration(int configuration);

    int configuration();

    /** Selects an alternate setting; returns a usbredir status code. */
    int setAltSetting(int interfaceNumber, int alt);

    /** The current alternate setting of an interface, or -1 when it has none. */
    int altSetting(int interfaceNumber);

    /**
     * Starts a control, bulk, interrupt or isochronous transfer (an isochronous one is one packet);
     * {@code done} is called exactly once unless cancelled.
     */
    void submit(UsbTransfer transfer, TransferDone done);

    /** Cancels a submitted transfer; after this its completion, if any, is ignored. */
    void cancel(long transferId);

    /**
     * Starts polling interrupt IN endpoint {@code endpoint} on the host side (usbredir
     * start_interrupt_receiving): every report goes to {@code sink} until stopped. Returns a usbredir
     * status; a device without such an endpoint says {@code inval}.
     */
    default int startInterruptReceiving(int endpoint, InterruptSink sink) {
        return org.thinspice.device.usbredir.UsbStatus.INVAL;
    }

    default void stopInterruptReceiving(int endpoint) {
    }

    /** Receives the reports of an interrupt endpoint being polled. */
    @FunctionalInterface
    interface InterruptSink {
        void report(int status, byte[] data);

        /** The device stopped polling on its own (a stall, repeated errors), with this usbredir status. */
        default void stopped(int status) {
        }
    }

    /** Gives the device back (a real backend releases interfaces and re-attaches kernel drivers). */
    void close();

    /** How a transfer ended: usbredir status, bytes moved, and for IN transfers the data. */
    @FunctionalInterface
    interface TransferDone {
        void completed(UsbTransfer transfer, int status, int actualLength, byte[] inData);
    }
}
