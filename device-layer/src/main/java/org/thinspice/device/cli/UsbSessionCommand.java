package org.thinspice.device.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.thinspice.device.backends.UsbDevice;
import org.thinspice.device.backends.UsbDeviceInfo;
import org.thinspice.device.backends.sim.MassStorageStick;
import org.thinspice.device.host.HostEvents;
import org.thinspice.device.host.UsbredirChannelPort;
import org.thinspice.engine.cli.SessionCommand;

/**
 * {@code session … --usb-stick IMAGE}: the engine's headless session, with a simulated USB stick backed
 * by IMAGE redirected on the first usbredir channel the desktop offers. What happens to the stick is
 * reported on stderr, one {@code usb-stick:} line per event; the session's JSON goes to stdout as usual.
 * With {@code --vv}, the file's USB policy decides first ({@link ConnectionUsbPolicy}).
 */
public final class UsbSessionCommand {
    private UsbSessionCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** The image named by {@code --usb-stick} and the remaining arguments for the engine's session. */
    record Split(Path image, List<String> rest) {
    }

    static Split split(String[] args) {
        Path image = null;
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--usb-stick")) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("option --usb-stick needs a disk image file");
                }
                image = Path.of(args[++i]);
            } else if (a.startsWith("--usb-stick=")) {
                image = Path.of(a.substring("--usb-stick=".length()));
            } else {
                rest.add(a);
            }
        }
        if (image == null) {
            throw new IllegalArgumentException("--usb-stick IMAGE is required");
        }
        return new Split(image, rest);
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, new HostEvents() { });
    }

    /**
     * As {@link #run(String[], PrintStream, PrintStream)}, telling {@code also} what happens to the device
     * besides the stderr lines (a kiosk reports it to the controller's audit this way). A device the
     * connection file's USB policy refuses is never opened; its channel stays free.
     */
    public static int run(String[] args, PrintStream out, PrintStream err, HostEvents also) {
        Split s;
        MassStorageStick stick;
        try {
            s = split(args);
            if (!Files.isRegularFile(s.image())) {
                throw new IllegalArgumentException("--usb-stick: no such file: " + s.image());
            }
            stick = MassStorageStick.ofImage(s.image(), !Files.isWritable(s.image()));
        } catch (IllegalArgumentException | IOException e) {
            err.println("session: " + e.getMessage());
            return 2;
        }
        java.util.concurrent.atomic.AtomicBoolean refused = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicReference<UsbredirChannelPort> taken =
                new java.util.concurrent.atomic.AtomicReference<>();
        HostEvents report = new HostEvents() {
            @Override
            public void onConnected(UsbDeviceInfo d) {
                err.println("usb-stick: redirected " + d.id() + " (" + s.image() + ", "
                        + stick.store().blocks() * 512 / 1024 + " KiB)");
                also.onConnected(d);
            }

            @Override
            public void onRefused(UsbDeviceInfo d, String reason) {
                err.println("usb-stick: not redirected: " + reason);
                also.onRefused(d, reason);
            }

            @Override
            public void onDisconnected(UsbDeviceInfo d, String reason) {
                err.println("usb-stick: returned: " + reason);
                also.onDisconnected(d, reason);
            }
        };
        try {
            int code = SessionCommand.run(s.rest().toArray(String[]::new), out, err,
                    b -> {
                        UsbDevice admitted = ConnectionUsbPolicy.admit(b, stick, report);
                        refused.set(admitted == null);
                        b.usbredir(id -> {
                            UsbredirChannelPort p = new UsbredirChannelPort(id, admitted, report);
                            return taken.compareAndSet(null, p) ? p : null;
                        });
                    });
            if (taken.get() == null && code == 0 && !refused.get()) {
                err.println("usb-stick: the desktop offered no usbredir channel (QEMU needs -device usb-redir "
                        + "on a spicevmc chardev)");
            }
            return code;
        } finally {
            // The channel's own close may still be on its way through the event loop: return the stick now,
            // before its image is closed (the host ignores the second close).
            UsbredirChannelPort p = taken.get();
            if (p != null && p.host() != null) {
                p.host().close();
            }
            try {
                stick.store().close();
            } catch (IOException e) {
                err.println("usb-stick: closing " + s.image() + ": " + e.getMessage());
            }
        }
    }
}
