package org.thinspice.device.host;

import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thinspice.device.backends.UsbBackendException;
import org.thinspice.device.backends.UsbDevice;
import org.thinspice.device.backends.UsbDeviceInfo;
import org.thinspice.device.usbredir.UsbredirPacket.EpInfo;
import org.thinspice.device.usbredir.UsbredirProtocolException;
import org.thinspice.engine.SpiceException;
import org.thinspice.engine.SpiceProtocolException;
import org.thinspice.engine.usbredir.UsbredirOutput;
import org.thinspice.engine.usbredir.UsbredirStream;

/**
 * Serves one SPICE usbredir channel with a {@link UsbredirHost}: hello as soon as the channel is up, the
 * given device attached once it is. A usbredir protocol error closes this channel only, with one log
 * line naming it; the session and other channels stay up.
 */
public final class UsbredirChannelPort implements UsbredirStream {
    private static final Logger LOG = LoggerFactory.getLogger(UsbredirChannelPort.class);

    private final int channelId;
    private final HostEvents events;
    private final AtomicReference<UsbDevice> initial;
    private volatile UsbredirHost host;

    /** @param device attached when the channel opens, or null to leave the channel free */
    public UsbredirChannelPort(int channelId, UsbDevice device, HostEvents events) {
        this.channelId = channelId;
        this.events = events;
        this.initial = new AtomicReference<>(device);
    }

    /** The host, once the channel is open (null before). */
    public UsbredirHost host() {
        return host;
    }

    @Override
    public void onOpened(UsbredirOutput out) {
        UsbredirHost h = new UsbredirHost("usbredir channel " + channelId, out::write, isoAware(out));
        host = h;
        h.start();
        UsbDevice d = initial.getAndSet(null);
        if (d != null) {
            try {
                h.attach(d);
            } catch (UsbBackendException e) {
                LOG.warn("usbredir channel {}: cannot redirect {}: {}", channelId, d.info().id(), e.getMessage());
                events.onRefused(d.info(), e.getMessage());
            }
        }
    }

    /** The events, and LZ4 off on the channel while a device with an isochronous endpoint is connected. */
    private HostEvents isoAware(UsbredirOutput out) {
        return new HostEvents() {
            @Override
            public void onGuestHello(String version, int caps) {
                events.onGuestHello(version, caps);
            }

            @Override
            public void onGuestFilter(String rules) {
                events.onGuestFilter(rules);
            }

            @Override
            public void onConnected(UsbDeviceInfo d) {
                out.compress(d.endpoints().stream().noneMatch(e -> e.type() == EpInfo.TYPE_ISO));
                events.onConnected(d);
            }

            @Override
            public void onRefused(UsbDeviceInfo d, String reason) {
                events.onRefused(d, reason);
            }

            @Override
            public void onDisconnected(UsbDeviceInfo d, String reason) {
                out.compress(true);
                events.onDisconnected(d, reason);
            }
        };
    }

    @Override
    public void onData(byte[] data, int offset, int length) throws SpiceException {
        try {
            host.receive(data, offset, length);
        } catch (UsbredirProtocolException e) {
            LOG.warn("usbredir channel {}: closing it, the desktop broke the usbredir protocol: {}", channelId,
                    e.getMessage());
            throw new SpiceProtocolException("usbredir channel " + channelId + ": " + e.getMessage());
        }
    }

    @Override
    public void onClosed() {
        UsbredirHost h = host;
        if (h != null) {
            h.close();
        }
    }
}
