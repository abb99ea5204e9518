package org.thinspice.client.usb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thinspice.device.backends.UsbDevice;
import org.thinspice.device.backends.sim.MassStorageStick;

/**
 * Simulated USB sticks for the demo and helpdesk training, each backed by an image file (kept open while
 * the kiosk runs). To QEMU and the desktop they are real mass-storage devices.
 */
public final class SimulatedUsbSource implements UsbSource {
    private static final Logger LOG = LoggerFactory.getLogger(SimulatedUsbSource.class);
    private final Map<String, UsbDevice> sticks = new LinkedHashMap<>();
    private Problem problem;

    public SimulatedUsbSource(List<String> images) {
        for (String image : images) {
            Path p = Path.of(image);
            try {
                sticks.put("sim:" + p.toAbsolutePath(), MassStorageStick.ofImage(p, !Files.isWritable(p)));
            } catch (IOException | RuntimeException e) {
                LOG.warn("simulated USB stick {} not offered: {}", image, e.getMessage());
                problem = new Problem("usb.problem.simulated", image + ": " + e.getMessage());
            }
        }
    }

    @Override
    public Map<String, UsbDevice> scan() {
        return Collections.unmodifiableMap(sticks);
    }

    @Override
    public Problem problem() {
        return problem;
    }

    /** The sticks are fixed for the kiosk's lifetime: nothing to watch. */
    @Override
    public boolean announcesChanges() {
        return true;
    }

    @Override
    public boolean simulated() {
        return true;
    }

    @Override
    public void close() {
        for (UsbDevice d : sticks.values()) {
            try {
                ((MassStorageStick) d).store().close();
            } catch (IOException e) {
                LOG.warn("closing a simulated stick: {}", e.getMessage());
            }
        }
    }
}
