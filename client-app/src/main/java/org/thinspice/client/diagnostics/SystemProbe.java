package org.thinspice.client.diagnostics;

import java.util.List;

/** What diagnostics reads from the terminal itself; {@link LinuxProbe} is the real one. */
public interface SystemProbe {
    record Network(List<String> addresses, List<String> macs, List<String> dns, String defaultGateway) {
    }

    Network network();

    /** USB devices present, as "vvvv:pppp name". */
    List<String> usbDevices();

    /** PC/SC smartcard readers present. */
    List<String> smartcardReaders();

    /** Milliseconds to open a TCP connection, or -1 when it cannot be opened. */
    long tcpConnectMillis(String host, int port);
}
