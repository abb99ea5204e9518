package org.thinspice.device.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.thinspice.device.backends.UsbBackendException;
import org.thinspice.device.backends.UsbDevice;
import org.thinspice.device.backends.UsbDeviceInfo;
import org.thinspice.device.backends.sim.MassStorageStick;
import org.thinspice.device.backends.usb4java.LibUsbCalls;
import org.thinspice.device.backends.usb4java.Usb4JavaBackend;
import org.thinspice.device.host.HostEvents;
import org.thinspice.device.host.UsbredirChannelPort;
import org.thinspice.engine.cli.SessionCommand;

/**
 * {@code session … --usb-stick IMAGE} or {@code session … --usb VID:PID}: the engine's headless session,
 * with a simulated USB stick backed by IMAGE, or the real device VID:PID through usb4java, redirected on
 * the first usbredir channel the desktop offers. What happens to the device is reported on stderr, one
 * {@code usb-stick:} (or {@code usb:}) line per event; the session's JSON goes to stdout as usual.
 * With {@code --vv}, the file's USB policy decides first ({@link ConnectionUsbPolicy}).
 */
public final class UsbSessionCommand {
    private UsbSessionCommand() {
    }

    /** Opens the real USB backend (a seam: tests stand in for libusb and for the computer's sysfs). */
    @FunctionalInterface
    interface BackendOpener {
        Usb4JavaBackend open() throws UsbBackendException;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** The image named by {@code --usb-stick} or the id named by {@code --usb}, and the engine's arguments. */
    record Split(Path image, String usbId, List<String> rest) {
    }

    static Split split(String[] args) {
        Path image = null;
        String id = null;
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--usb-stick") || a.equals("--usb")) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("option " + a + " needs "
                            + (a.equals("--usb") ? "a device id VID:PID" : "a disk image file"));
                }
                if (a.equals("--usb")) {
                    id = args[++i];
                } else {
                    image = Path.of(args[++i]);
                }
            } else if (a.startsWith("--usb-stick=")) {
                image = Path.of(a.substring("--usb-stick=".length()));
            } else if (a.startsWith("--usb=")) {
                id = a.substring("--usb=".length());
            } else {
                rest.add(a);
            }
        }
        if ((image == null) == (id == null)) {
            throw new IllegalArgumentException("one of --usb-stick IMAGE or --usb VID:PID is required");
        }
        if (id != null && !id.matches("[0-9a-fA-F]{4}:[0-9a-fA-F]{4}")) {
            throw new IllegalArgumentException("--usb: a device id is four hex digits, a colon and four hex digits "
                    + "(e.g. 0781:5567), not " + id);
        }
        return new Split(image, id == null ? null : id.toLowerCase(java.util.Locale.ROOT), rest);
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, Usb4JavaBackend::open, new HostEvents() { });
    }

    /**
     * As {@link #run(String[], PrintStream, PrintStream)}, telling {@code also} what happens to the device
     * besides the stderr lines (a kiosk reports it to the controller's audit this way). A device the
     * connection file's USB policy refuses is never opened; its channel stays free.
     */
    public static int run(String[] args, PrintStream out, PrintStream err, HostEvents also) {
        return run(args, out, err, Usb4JavaBackend::open, also);
    }

    static int run(String[] args, PrintStream out, PrintStream err, BackendOpener usb) {
        return run(args, out, err, usb, new HostEvents() { });
    }

    static int run(String[] args, PrintStream out, PrintStream err, BackendOpener usb, HostEvents also) {
        Split s;
        UsbDevice device;
        String tag;
        String what;
        Usb4JavaBackend backend = null;
        try {
            s = split(args);
            if (s.image() != null) {
                if (!Files.isRegularFile(s.image())) {
                    throw new IllegalArgumentException("--usb-stick: no such file: " + s.image());
                }
                MassStorageStick stick = MassStorageStick.ofImage(s.image(), !Files.isWritable(s.image()));
                device = stick;
                tag = "usb-stick";
                what = s.image() + ", " + stick.store().blocks() * 512 / 1024 + " KiB";
            } else {
                backend = usb.open();
                device = find(backend, s.usbId());
                tag = "usb";
                what = device.info().product() == null ? "a real device" : device.info().product();
            }
        } catch (IllegalArgumentException | IOException e) {
            err.println("session: " + e.getMessage());
            return 2;
        } catch (UsbBackendException e) {
            if (backend != null) {
                backend.close();
            }
            err.println("session: --usb " + idOf(args) + ": " + e.getMessage());
            return 2;
        }
        return serve(s, device, tag, what, backend, out, err, also);
    }

    private static String idOf(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--usb") && i + 1 < args.length) {
                return args[i + 1];
            } else if (args[i].startsWith("--usb=")) {
                return args[i].substring(6);
            }
        }
        return "";
    }

    /** The device {@code id} on the bus, or a sentence naming what is there instead. */
    static UsbDevice find(Usb4JavaBackend backend, String id) throws UsbBackendException {
        List<LibUsbCalls.Found> all = backend.devices();
        for (LibUsbCalls.Found f : all) {
            if (f.info().id().equals(id)) {
                return backend.device(f);
            }
        }
        throw new UsbBackendException("no such device: no USB device " + id + " is connected to this computer"
                + (all.isEmpty() ? " (none is)." : " (connected: " + String.join(", ",
                        all.stream().map(f -> f.info().id()).toList()) + ")."));
    }

    private static int serve(Split s, UsbDevice device, String tag, String what, Usb4JavaBackend backend, PrintStream out,
            PrintStream err, HostEvents also) {
        java.util.concurrent.atomic.AtomicBoolean refused = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicReference<UsbredirChannelPort> taken =
                new java.util.concurrent.atomic.AtomicReference<>();
        HostEvents report = new HostEvents() {
            @Override
            public void onConnected(UsbDeviceInfo d) {
                err.println(tag + ": redirected " + d.id() + " (" + what + ")");
                also.onConnected(d);
            }

            @Override
            public void onRefused(UsbDeviceInfo d, String reason) {
                err.println(tag + ": not redirected: " + reason);
                also.onRefused(d, reason);
            }

            @Override
            public void onDisconnected(UsbDeviceInfo d, String reason) {
                err.println(tag + ": returned: " + reason);
                also.onDisconnected(d, reason);
            }
        };
        try {
            int code = SessionCommand.run(s.rest().toArray(String[]::new), out, err,
                    b -> {
                        UsbDevice admitted = ConnectionUsbPolicy.admit(b, device, report);
                        refused.set(admitted == null);
                        b.usbredir(id -> {
                            UsbredirChannelPort p = new UsbredirChannelPort(id, admitted, report);
                            return taken.compareAndSet(null, p) ? p : null;
                        });
                    });
            if (taken.get() == null && code == 0 && !refused.get()) {
                err.println(tag + ": the desktop offered no usbredir channel (QEMU needs -device usb-redir "
                        + "on a spicevmc chardev)");
            }
            return code;
        } finally {
            // The channel's own close may still be on its way through the event loop: return the device now,
            // before its image (or libusb) is closed (the host ignores the second close).
            UsbredirChannelPort p = taken.get();
            if (p != null && p.host() != null) {
                p.host().close();
            }
            if (device instanceof MassStorageStick stick) {
                try {
                    stick.store().close();
                } catch (IOException e) {
                    err.println(tag + ": closing " + s.image() + ": " + e.getMessage());
                }
            }
            if (backend != null) {
                backend.close();
            }
        }
    }
}
