package org.thinspice.client.usb;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thinspice.device.backends.UsbBackendException;
import org.thinspice.device.backends.UsbDevice;
import org.thinspice.device.backends.usb4java.LibUsbCalls;
import org.thinspice.device.backends.usb4java.Usb4JavaBackend;
import org.thinspice.device.backends.usb4java.Usb4JavaCalls;

/**
 * The terminal's own USB devices through libusb. On a computer without a USB subsystem (no
 * {@code /sys/bus/usb}) or where libusb cannot start it offers nothing and says why, once, instead of
 * failing; the kiosk shows that sentence. Where libusb has hotplug events the source announces plug and
 * unplug itself; otherwise the manager rescans it.
 */
public final class Usb4JavaSource implements UsbSource {
    private static final Logger LOG = LoggerFactory.getLogger(Usb4JavaSource.class);
    private final Usb4JavaBackend backend;
    private final Map<String, UsbDevice> known = new HashMap<>();
    private volatile Problem problem;

    public Usb4JavaSource() {
        this(Path.of("/sys/bus/usb"), Usb4JavaCalls::new);
    }

    public Usb4JavaSource(Path sysBusUsb, Supplier<LibUsbCalls> libusb) {
        Usb4JavaBackend b = null;
        try {
            b = Usb4JavaBackend.open(sysBusUsb, libusb);
        } catch (UsbBackendException e) {
            problem = new Problem(Files.isDirectory(sysBusUsb) ? "usb.problem.library" : "usb.problem.noSubsystem",
                    e.getMessage());
            LOG.info("no real USB devices: {}", e.getMessage());
        }
        backend = b;
    }

    @Override
    public synchronized Map<String, UsbDevice> scan() {
        Map<String, UsbDevice> now = new LinkedHashMap<>();
        if (backend == null) {
            return now;
        }
        try {
            for (LibUsbCalls.Found f : backend.devices()) {
                String key = "usb:" + f.bus() + "-" + f.address() + ":" + f.info().id();
                now.put(key, known.containsKey(key) ? known.get(key) : backend.device(f));
            }
            problem = null;
        } catch (UsbBackendException e) {
            problem = new Problem("usb.problem.library", e.getMessage());
        }
        known.keySet().retainAll(now.keySet());
        known.putAll(now);
        return now;
    }

    /** With libusb's hotplug events (or with no USB at all, where nothing can change). */
    @Override
    public boolean announcesChanges() {
        return backend == null || backend.hotplug();
    }

    @Override
    public void onChange(Runnable changed) {
        if (backend == null || !backend.hotplug()) {
            return;
        }
        backend.watch(new Usb4JavaBackend.BusListener() {
            @Override
            public void arrived(LibUsbCalls.Found found) {
                changed.run();
            }

            @Override
            public void left(LibUsbCalls.Found found) {
                changed.run();
            }
        });
    }

    @Override
    public Problem problem() {
        return problem;
    }

    @Override
    public boolean simulated() {
        return false;
    }

    @Override
    public void close() {
        if (backend != null) {
            backend.close();
        }
    }
}
