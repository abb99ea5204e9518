package org.thinspice.client.usb;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thinspice.device.backends.UsbBackendException;
import org.thinspice.device.backends.UsbDeviceBusyException;
import org.thinspice.device.backends.UsbDeviceInfo;
import org.thinspice.device.host.HostEvents;
import org.thinspice.device.host.UsbredirChannelPort;
import org.thinspice.device.policy.UsbFilter;
import org.thinspice.device.policy.UsbFilterException;
import org.thinspice.engine.SpiceException;
import org.thinspice.engine.usbredir.UsbredirOutput;
import org.thinspice.engine.usbredir.UsbredirStream;

/**
 * One usbredir channel of a session, carrying at most one device: the channel's usbredir host reports
 * what becomes of it, and the manager's rows and audit follow. State is guarded by the manager's lock,
 * never held while calling into the host.
 */
final class UsbSlot implements UsbredirStream, HostEvents {
    private static final Logger LOG = LoggerFactory.getLogger(UsbSlot.class);
    private final UsbManager manager;
    final int channelId;
    final UsbredirChannelPort port;
    volatile boolean opened;
    volatile UsbFilter guestFilter;
    TrackedDevice holding;

    UsbSlot(UsbManager manager, int channelId) {
        this.manager = manager;
        this.channelId = channelId;
        this.port = new UsbredirChannelPort(channelId, null, this);
    }

    @Override
    public void onOpened(UsbredirOutput out) {
        port.onOpened(out);
        manager.opened(this);
    }

    @Override
    public void onData(byte[] data, int offset, int length) throws SpiceException {
        port.onData(data, offset, length);
    }

    @Override
    public void onClosed() {
        port.onClosed();
        manager.closed(this);
    }

    void attach(TrackedDevice t) {
        try {
            port.host().attach(t.device);
        } catch (UsbBackendException e) {
            LOG.info("usbredir channel {}: {} not redirected: {}", channelId, t.device.info().id(), e.getMessage());
            synchronized (manager) {
                if (t.slot == this) {
                    t.slot = null;
                    holding = null;
                    t.state = e instanceof UsbDeviceBusyException ? UsbRow.State.IN_USE : UsbRow.State.LOCAL;
                    t.note = e.getMessage();
                }
            }
            manager.changed();
        }
    }

    void detach(String reason) {
        if (port.host() != null) {
            port.host().detach(reason);
        }
        // a device still waiting for the desktop's hello leaves without device_disconnect: no event comes
        synchronized (manager) {
            TrackedDevice t = holding;
            if (t != null && t.state == UsbRow.State.CONNECTING) {
                t.slot = null;
                t.state = UsbRow.State.LOCAL;
                holding = null;
            }
        }
        manager.changed();
    }

    @Override
    public void onGuestFilter(String rules) {
        try {
            guestFilter = UsbFilter.parse(rules);
        } catch (UsbFilterException e) {
            guestFilter = null; // the host has refused the filter already and says so
        }
    }

    @Override
    public void onConnected(UsbDeviceInfo d) {
        synchronized (manager) {
            if (holding != null) {
                holding.state = UsbRow.State.REDIRECTED;
                holding.note = null;
            }
        }
        manager.audit.onRedirected(d);
        manager.changed();
    }

    @Override
    public void onRefused(UsbDeviceInfo d, String reason) {
        synchronized (manager) {
            if (holding != null) {
                holding.slot = null;
                holding.state = UsbRow.State.REFUSED;
                holding.note = reason;
                holding = null;
            }
        }
        manager.audit.onRefused(d, reason);
        manager.changed();
    }

    @Override
    public void onDisconnected(UsbDeviceInfo d, String reason) {
        synchronized (manager) {
            if (holding != null) {
                holding.slot = null;
                holding.state = UsbRow.State.LOCAL;
                holding.note = null;
                holding = null;
            }
        }
        manager.audit.onReturned(d, reason);
        manager.changed();
    }
}
