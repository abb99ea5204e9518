package org.thinspice.engine.vv;

import org.thinspice.engine.SpiceConnectOptions;
import org.thinspice.engine.SpiceException;
import org.thinspice.engine.SpiceReason;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;

/** Connection options from a {@code .vv} file, as remote-viewer reads them. */
public final class VvConnect {
    private VvConnect() {
    }

    /** Options from a parsed file; {@code SPICE_PROXY} is not consulted (the file's proxy wins). */
    public static SpiceConnectOptions.Builder options(VvFile vv) throws SpiceException {
        if (vv.unixPath().isPresent() && vv.host().isEmpty()) {
            throw new SpiceException(SpiceReason.BAD_CONNECTION_FILE, "unix-path connections are not supported");
        }
        SpiceConnectOptions.Builder b = SpiceConnectOptions.builder()
                .host(vv.host().orElseThrow(() -> new SpiceException(SpiceReason.BAD_CONNECTION_FILE, "no host")));
        vv.port().ifPresent(b::port);
        vv.tlsPort().ifPresent(b::tlsPort);
        vv.password().ifPresent(b::password);
        vv.ca().ifPresent(b::caPem);
        vv.hostSubject().ifPresent(b::hostSubject);
        vv.tlsCiphers().ifPresent(b::tlsCiphers);
        if (vv.proxy().isPresent()) {
            b.proxy(vv.proxy().get());
        }
        b.secureChannels(new LinkedHashSet<>(vv.secureChannels()));
        try {
            b.clipboardPolicy(org.thinspice.engine.agent.ClipboardPolicy.parse(
                    vv.get("thinspice", "clipboard").orElse(null)));
            b.profile(org.thinspice.engine.ConnectionProfile.parse(vv.get("thinspice", "profile").orElse(null)));
            b.smartcardPolicy(org.thinspice.engine.smartcard.SmartcardPolicy.parse(
                    vv.get("thinspice", "smartcard").orElse(null)));
            b.microphoneAllowed(microphonePolicy(vv.get("thinspice", "microphone").orElse(null)));
        } catch (IllegalArgumentException e) {
            throw new SpiceException(SpiceReason.BAD_CONNECTION_FILE, "[thinspice] " + e.getMessage());
        }
        b.disabledChannels(new LinkedHashSet<>(vv.disableChannels()));
        b.usbRedirectSettings(new org.thinspice.engine.usbredir.UsbRedirectSettings(vv.enableUsbredir().orElse(null),
                vv.enableUsbAutoshare().orElse(null), vv.usbFilter().orElse(null)));
        return b;
    }

    /**
     * {@code [thinspice] microphone=}: {@code allow} (also the default when absent) or {@code deny}. Some sites
     * forbid microphones in desktops; the engine then never opens the record channel.
     */
    public static boolean microphonePolicy(String value) {
        if (value == null || value.isBlank()) {
            return true;
        }
        return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "allow" -> true;
            case "deny" -> false;
            default -> throw new IllegalArgumentException("microphone must be allow or deny, not '" + value + "'");
        };
    }

    /**
     * Reads a file (or standard input for {@code -}). When the file asks to be deleted
     * ({@code delete-this-file=1}, it holds a one-time password) it is deleted after reading.
     */
    public static SpiceConnectOptions.Builder fromFile(Path file) throws SpiceException {
        VvFile vv;
        if (file.toString().equals("-")) {
            vv = VvFile.parse(new java.io.InputStreamReader(System.in, StandardCharsets.UTF_8));
        } else {
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                vv = VvFile.parse(r);
            } catch (IOException e) {
                throw new SpiceException(SpiceReason.BAD_CONNECTION_FILE, "cannot read " + file + ": " + e.getMessage());
            }
            if (vv.deleteThisFile()) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    // The connection still works; the one-time password expires on its own.
                }
            }
        }
        String env = System.getenv("SPICE_PROXY");
        SpiceConnectOptions.Builder b = options(vv);
        if (vv.proxy().isEmpty() && env != null && !env.isBlank()) {
            b.proxy(env);
        }
        return b;
    }
}
