package org.thinspice.client.usb;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thinspice.client.api.ControllerApi;
import org.thinspice.client.api.ControllerException;
import org.thinspice.device.backends.UsbDeviceInfo;

/**
 * The kiosk's USB events sent to the controller's audit ({@code POST /desktops/{id}/usb-events}) for the
 * session's desktop, off the caller's thread, and logged as well. A report that cannot be sent (controller
 * unreachable, no desktop known) is logged, never thrown: the device's own fate does not depend on it.
 */
public final class ControllerUsbAudit implements UsbAudit {
    private static final Logger LOG = LoggerFactory.getLogger(ControllerUsbAudit.class);

    private final Supplier<ControllerApi> api;
    private final Executor io;
    private volatile String desktopId;

    public ControllerUsbAudit(Supplier<ControllerApi> api, Executor io) {
        this.api = Objects.requireNonNull(api);
        this.io = Objects.requireNonNull(io);
    }

    @Override
    public void sessionStarted(String desktopId) {
        this.desktopId = desktopId;
    }

    @Override
    public void onRedirected(UsbDeviceInfo device) {
        UsbAudit.LOG.onRedirected(device);
        send(org.thinspice.client.api.UsbAudit.Action.REDIRECTED, device, "");
    }

    @Override
    public void onRefused(UsbDeviceInfo device, String reason) {
        UsbAudit.LOG.onRefused(device, reason);
        send(org.thinspice.client.api.UsbAudit.Action.REFUSED, device, reason);
    }

    @Override
    public void onReturned(UsbDeviceInfo device, String reason) {
        UsbAudit.LOG.onReturned(device, reason);
        send(org.thinspice.client.api.UsbAudit.Action.RETURNED, device, reason);
    }

    private void send(org.thinspice.client.api.UsbAudit.Action action, UsbDeviceInfo device, String reason) {
        String desktop = desktopId;
        if (desktop == null) {
            LOG.warn("usb {} {} not reported to the controller: no desktop session", action.wire(), device.id());
            return;
        }
        io.execute(() -> {
            try {
                ControllerApi a = api.get();
                if (!(a instanceof org.thinspice.client.api.UsbAudit audit)) {
                    LOG.warn("usb {} {} not reported: this controller client has no audit", action.wire(), device.id());
                    return;
                }
                audit.report(org.thinspice.client.api.UsbAudit.UsbEvent.of(desktop, action, device, reason));
            } catch (ControllerException | RuntimeException e) {
                LOG.warn("usb {} {} not reported to the controller: {}", action.wire(), device.id(), e.getMessage());
            }
        });
    }
}
