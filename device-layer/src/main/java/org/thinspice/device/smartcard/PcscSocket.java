package org.thinspice.device.smartcard;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.nio.file.Path;

/**
 * Points libpcsclite at a pcscd socket other than {@code /run/pcscd/pcscd.comm} by setting
 * {@code PCSCLITE_CSOCK_NAME} in the process environment (setenv(3) through JNA; Java cannot change its own
 * environment). libpcsclite reads the variable once, on the first PC/SC call of the process, so this must run
 * before any PC/SC use and cannot change the path afterwards.
 */
public final class PcscSocket {
    private static Path chosen;

    private PcscSocket() {
    }

    interface LibC extends Library {
        int setenv(String name, String value, int overwrite);
    }

    /** Uses {@code socket} for this process. Throws if another path was chosen before. */
    public static synchronized void use(Path socket) {
        Path abs = socket.toAbsolutePath();
        if (chosen != null) {
            if (!chosen.equals(abs)) {
                throw new IllegalStateException("libpcsclite already uses " + chosen + "; it reads the socket path once per process");
            }
            return;
        }
        LibC c = Native.load("c", LibC.class);
        if (c.setenv("PCSCLITE_CSOCK_NAME", abs.toString(), 1) != 0) {
            throw new IllegalStateException("setenv(PCSCLITE_CSOCK_NAME) failed");
        }
        chosen = abs;
    }
}
