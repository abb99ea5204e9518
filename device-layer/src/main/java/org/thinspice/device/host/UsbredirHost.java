package org.thinspice.device.host;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thinspice.device.backends.UsbBackendException;
import org.thinspice.device.backends.UsbDevice;
import org.thinspice.device.backends.UsbDeviceInfo;
import org.thinspice.device.backends.UsbTransfer;
import org.thinspice.device.policy.UsbFilter;
import org.thinspice.device.policy.UsbFilterException;
import org.thinspice.device.usbredir.Negotiation;
import org.thinspice.device.usbredir.Role;
import org.thinspice.device.usbredir.UsbStatus;
import org.thinspice.device.usbredir.UsbredirCaps;
import org.thinspice.device.usbredir.UsbredirPacket;
import org.thinspice.device.usbredir.UsbredirPacket.*;
import org.thinspice.device.usbredir.UsbredirParser;
import org.thinspice.device.usbredir.UsbredirProtocolException;
import org.thinspice.device.usbredir.UsbredirWriter;

/**
 * The usb-host end of one usbredir connection, exporting at most one device at a time (as
 * libusbredirhost): hello at {@link #start}, then interface_info, ep_info and device_connect once the
 * guest's hello is in (and any earlier disconnect is acknowledged); guest requests go to the
 * {@link UsbDevice}, completions go back with the request's id. Thread-safe: every entry point locks
 * the host, so device completions may arrive from any thread.
 */
public final class UsbredirHost {
    private static final Logger LOG = LoggerFactory.getLogger(UsbredirHost.class);
    /** In-flight transfers a guest may have at once before it is treated as hostile. */
    static final int MAX_IN_FLIGHT = 4096;
    /** Cancels for unknown ids in a row before the guest is treated as hostile (a few are normal races). */
    static final int MAX_STRAY_CANCELS = 1024;

    private final String name;
    private final Consumer<byte[]> output;
    private final HostEvents events;
    private final Negotiation negotiation = new Negotiation(UsbredirCaps.HOST_DEFAULT);
    private final UsbredirWriter writer = new UsbredirWriter(Role.HOST, negotiation);
    private final UsbredirParser parser;
    private final Map<Long, DataPacket> inFlight = new LinkedHashMap<>();
    private UsbFilter guestFilter;
    private UsbDevice device;
    private UsbDevice pending;
    private boolean connected;
    private boolean awaitingAck;
    private int strayCancels;
    /** Per interrupt IN endpoint being received: the next id this host numbers its packets with. */
    private final Map<Integer, Long> interruptIds = new java.util.HashMap<>();
    /** Bulk receiving and iso streams. */
    private final HostStreams streams = new HostStreams(this, this::send);
    private boolean closed;

    /**
     * @param name for log lines, e.g. "usbredir channel 0"
     * @param output receives every byte sequence to send to the guest, in order
     */
    public UsbredirHost(String name, Consumer<byte[]> output, HostEvents events, int maxPayload) {
        this.name = name;
        this.output = output;
        this.events = events;
        this.parser = new UsbredirParser(Role.HOST, negotiation, maxPayload, this::onPacket);
    }

    public UsbredirHost(String name, Consumer<byte[]> output, HostEvents events) {
        this(name, output, events, UsbredirParser.DEFAULT_MAX_PAYLOAD);
    }

    /** Sends hello. */
    public synchronized void start() {
        output.accept(writer.write(0, new Hello("thinspice usbredir host", negotiation.ours())));
    }

    public Negotiation negotiation() {
        return negotiation;
    }

    /** The guest's filter, or null when it sent none. */
    public synchronized UsbFilter guestFilter() {
        return guestFilter;
    }

    public synchronized boolean connected() {
        return connected;
    }

    /** Transfers submitted to the device and not yet completed or cancelled. */
    public synchronized int inFlight() {
        return inFlight.size();
    }

    /** Bulk-receiving and iso streams running (both directions). */
    public synchronized int streamsRunning() {
        return streams.bulkReceivingCount() + streams.isoStreamCount();
    }

    /** buffered_bulk_packets sent so far (bulk receiving). */
    public synchronized long bufferedBulkPacketsSent() {
        return streams.bufferedBulkPackets();
    }

    /** iso_packets sent so far (iso IN streams). */
    public synchronized long isoPacketsSent() {
        return streams.isoPacketsIn();
    }

    /** The guest's iso OUT packets dropped because the device had its stream's depth in hand already. */
    public synchronized long isoPacketsDropped() {
        return streams.isoOutDropped();
    }

    /** Bytes from the guest, split anywhere. A protocol error is final: close the connection. */
    public synchronized void receive(byte[] b, int off, int len) throws UsbredirProtocolException {
        if (!closed) {
            parser.feed(b, off, len);
        }
    }

    /**
     * Offers {@code d} to the guest: opens it, then connects it as soon as the protocol allows. Any
     * device already attached is detached first.
     */
    public synchronized void attach(UsbDevice d) throws UsbBackendException {
        if (device != null || pending != null) {
            detach("replaced by another device");
        }
        d.open(reason -> gone(d, reason));
        try {
            d.reset(); // the guest resets first anyway; doing it now saves a slow round trip
        } catch (UsbBackendException e) {
            d.close();
            throw e;
        }
        pending = d;
        connectPending();
    }

    /** Takes the device back from the guest (cancels transfers, device_disconnect, closes it). */
    public synchronized void detach(String reason) {
        if (pending != null) {
            pending.close();
            pending = null;
        }
        if (device == null) {
            return;
        }
        UsbDevice d = device;
        cancelAll(d);
        device = null;
        if (connected && !closed) {
            send(0, new DeviceDisconnect());
            awaitingAck = negotiation.peerHas(UsbredirCaps.DEVICE_DISCONNECT_ACK);
        }
        connected = false;
        d.close();
        events.onDisconnected(d.info(), reason);
    }

    /** The connection ended: release the device without talking to the guest. */
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        detach("the usbredir channel closed");
    }

    private synchronized void gone(UsbDevice d, String reason) {
        if (d == device || d == pending) {
            LOG.info("{}: {}", name, reason);
            detach(reason);
        }
    }

    private void connectPending() {
        if (pending == null || closed || !negotiation.peerHelloSeen() || awaitingAck) {
            return;
        }
        UsbDevice d = pending;
        pending = null;
        UsbDeviceInfo info = d.info();
        if (guestFilter != null && !guestFilter.allows(info)) {
            d.close();
            LOG.info("{}: {} {} refused by the guest's filter", name, info.id(), info.product());
            events.onRefused(info, "refused by the desktop's USB filter");
            return;
        }
        device = d;
        send(0, interfaceInfo(info));
        send(0, epInfo(info));
        send(0, new DeviceConnect(info.speed(), info.deviceClass(), info.deviceSubclass(), info.deviceProtocol(),
                info.vendorId(), info.productId(), info.deviceVersionBcd()));
        connected = true;
        LOG.info("{}: {} {} connected", name, info.id(), info.product());
        events.onConnected(info);
    }

    static InterfaceInfo interfaceInfo(UsbDeviceInfo info) {
        int n = Math.min(info.interfaces().size(), UsbredirPacket.MAX_INTERFACES);
        int[] num = new int[32];
        int[] cls = new int[32];
        int[] sub = new int[32];
        int[] proto = new int[32];
        for (int i = 0; i < n; i++) {
            UsbDeviceInfo.Interface f = info.interfaces().get(i);
            num[i] = f.number();
            cls[i] = f.interfaceClass();
            sub[i] = f.interfaceSubclass();
            proto[i] = f.interfaceProtocol();
        }
        return new InterfaceInfo(n, num, cls, sub, proto);
    }

    static EpInfo epInfo(UsbDeviceInfo info) {
        int[] type = new int[32];
        int[] interval = new int[32];
        int[] iface = new int[32];
        int[] mps = new int[32];
        java.util.Arrays.fill(type, EpInfo.TYPE_INVALID);
        type[0] = EpInfo.TYPE_CONTROL;
        type[16] = EpInfo.TYPE_CONTROL;
        mps[0] = 64;
        mps[16] = 64;
        for (UsbDeviceInfo.Endpoint e : info.endpoints()) {
            int i = UsbredirPacket.endpointIndex(e.address());
            type[i] = e.type();
            interval[i] = e.interval();
            iface[i] = e.interfaceNumber();
            mps[i] = e.maxPacketSize();
        }
        return new EpInfo(type, interval, iface, mps, new long[32]);
    }

    /** Payloads at least this big leave as their own array after the headers, not copied into one packet. */
    static final int SEPARATE_PAYLOAD = 4096;

    private void send(long id, UsbredirPacket p) {
        if (p instanceof DataPacket d && d.data().length >= SEPARATE_PAYLOAD) {
            output.accept(writer.writeHeaders(id, d));
            output.accept(d.data());
        } else {
            output.accept(writer.write(id, p));
        }
    }

    private void onPacket(long id, UsbredirPacket p) throws UsbredirProtocolException {
        if (!(p instanceof CancelDataPacket)) {
            strayCancels = 0;
        }
        if (p instanceof Hello h) {
            LOG.debug("{}: guest hello '{}' caps 0x{}", name, h.version(), Integer.toHexString(h.caps()));
            events.onGuestHello(h.version(), h.caps());
            connectPending();
        } else if (p instanceof FilterFilter f) {
            filter(f.rules());
        } else if (p instanceof FilterReject) {
            rejected();
        } else if (p instanceof DeviceDisconnectAck) {
            awaitingAck = false;
            connectPending();
        } else if (p instanceof CancelDataPacket) {
            cancel(id);
        } else if (p instanceof DataPacket d) {
            data(id, d);
        } else {
            control(id, p);
        }
    }

    private void filter(String rules) {
        try {
            guestFilter = UsbFilter.parse(rules);
            events.onGuestFilter(rules);
        } catch (UsbFilterException e) {
            // libusbredirhost also keeps going without a filter it cannot read
            LOG.warn("{}: ignoring the guest's unreadable filter '{}': {}", name, rules, e.getMessage());
        }
    }

    private void rejected() {
        if (device == null) {
            return;
        }
        UsbDevice d = device;
        cancelAll(d);
        device = null;
        connected = false; // the guest treats it as disconnected already: no device_disconnect
        d.close();
        LOG.info("{}: the guest rejected {}", name, d.info().id());
        events.onRefused(d.info(), "rejected by the desktop");
    }

    /** Requests that are not data transfers: configuration, alt settings, streams, reset. */
    private void control(long id, UsbredirPacket p) {
        UsbDevice d = device;
        if (p instanceof Reset) {
            streams.stopAll(d);
            if (d != null) {
                try {
                    d.reset();
                } catch (UsbBackendException e) {
                    gone(d, "reset failed: " + e.getMessage());
                }
            }
        } else if (p instanceof SetConfiguration s) {
            streams.stopAll(d);
            int status = d == null ? UsbStatus.IOERROR : d.setConfiguration(s.configuration());
            if (d != null && status == UsbStatus.SUCCESS) {
                send(0, interfaceInfo(d.info()));
                send(0, epInfo(d.info()));
            }
            send(id, new ConfigurationStatus(status, d == null ? 0 : d.configuration()));
        } else if (p instanceof GetConfiguration) {
            send(id, new ConfigurationStatus(d == null ? UsbStatus.IOERROR : UsbStatus.SUCCESS,
                    d == null ? 0 : d.configuration()));
        } else if (p instanceof SetAltSetting s) {
            streams.stopAll(d);
            int status = d == null ? UsbStatus.IOERROR : d.setAltSetting(s.interfaceNumber(), s.alt());
            if (d != null && status == UsbStatus.SUCCESS) {
                send(0, interfaceInfo(d.info()));
                send(0, epInfo(d.info()));
            }
            send(id, new AltSettingStatus(status, s.interfaceNumber(), d == null ? 0 : d.altSetting(s.interfaceNumber())));
        } else if (p instanceof GetAltSetting g) {
            int alt = d == null ? -1 : d.altSetting(g.interfaceNumber());
            send(id, new AltSettingStatus(alt < 0 ? UsbStatus.INVAL : UsbStatus.SUCCESS, g.interfaceNumber(),
                    Math.max(alt, 0)));
        } else if (p instanceof StartIsoStream s) {
            streams.startIso(connected ? d : null, id, s);
        } else if (p instanceof StopIsoStream s) {
            streams.stopIso(d, id, s.endpoint());
        } else if (p instanceof StartInterruptReceiving s) {
            int status = UsbStatus.IOERROR;
            if (d != null) {
                interruptIds.put(s.endpoint(), 0L);
                int ep = s.endpoint();
                status = d.startInterruptReceiving(ep, new UsbDevice.InterruptSink() {
                    @Override
                    public void report(int st, byte[] data) {
                        interruptReport(d, ep, st, data);
                    }

                    @Override
                    public void stopped(int st) {
                        interruptStopped(d, ep, st);
                    }
                });
                if (status != UsbStatus.SUCCESS) {
                    interruptIds.remove(s.endpoint());
                }
            }
            send(id, new InterruptReceivingStatus(status, s.endpoint()));
        } else if (p instanceof StopInterruptReceiving s) {
            if (d != null && interruptIds.remove(s.endpoint()) != null) {
                d.stopInterruptReceiving(s.endpoint());
            }
            send(id, new InterruptReceivingStatus(UsbStatus.SUCCESS, s.endpoint()));
        } else if (p instanceof StartBulkReceiving s) {
            streams.startBulkReceiving(connected ? d : null, id, s);
        } else if (p instanceof StopBulkReceiving s) {
            streams.stopBulkReceiving(id, s.streamId(), s.endpoint());
        } else {
            LOG.debug("{}: ignoring {}", name, p.type());
        }
    }

    private void data(long id, DataPacket p) throws UsbredirProtocolException {
        UsbDevice d = device;
        if (p instanceof IsoPacket iso) {
            streams.isoFromGuest(connected ? d : null, iso); // iso data is never answered
            return;
        }
        if (p instanceof BufferedBulkPacket) {
            return; // host to guest only; the parser does not deliver it
        }
        if (d == null || !connected) {
            send(id, reply(p, UsbStatus.IOERROR, 0, new byte[0]));
            return;
        }
        if (inFlight.size() >= MAX_IN_FLIGHT) {
            throw new UsbredirProtocolException("more than " + MAX_IN_FLIGHT + " transfers in flight");
        }
        if (HostStreams.internalId(id)) {
            throw new UsbredirProtocolException("transfer id " + Long.toUnsignedString(id)
                    + " is at or above 2^63, where this host numbers its own stream transfers");
        }
        if (inFlight.containsKey(id)) {
            throw new UsbredirProtocolException("transfer id " + id + " reused while in flight");
        }
        inFlight.put(id, p);
        UsbTransfer t;
        if (p instanceof ControlPacket c) {
            t = UsbTransfer.control(id, c.requestType(), c.request(), c.value(), c.index(), (int) c.length(), c.data());
        } else {
            UsbTransfer.Kind kind = p instanceof BulkPacket ? UsbTransfer.Kind.BULK : UsbTransfer.Kind.INTERRUPT;
            t = new UsbTransfer(id, kind, p.endpoint(), 0, 0, 0, 0, (int) p.length(), p.data());
        }
        d.submit(t, (tr, status, actual, in) -> completed(d, tr.id(), status, actual, in));
    }

    private synchronized void completed(UsbDevice d, long id, int status, int actual, byte[] in) {
        if (d != device || closed) {
            return;
        }
        DataPacket p = inFlight.remove(id);
        if (p == null) {
            return; // cancelled meanwhile
        }
        send(id, reply(p, status, actual, (p.endpoint() & 0x80) != 0 ? in : new byte[0]));
    }

    /** A report from an endpoint being received: host-numbered ids from 0, restarting after a stall. */
    private synchronized void interruptReport(UsbDevice d, int endpoint, int status, byte[] data) {
        Long next = interruptIds.get(endpoint);
        if (d != device || closed || next == null) {
            return;
        }
        interruptIds.put(endpoint, status == UsbStatus.STALL ? 0L : next + 1);
        send(next, new InterruptPacket(endpoint, status, data.length, data));
    }

    /**
     * The device stopped receiving on its own: the guest is told with an unsolicited
     * interrupt_receiving_status (after a stall QEMU starts receiving again once the halt is cleared).
     */
    private synchronized void interruptStopped(UsbDevice d, int endpoint, int status) {
        if (d != device || closed || interruptIds.remove(endpoint) == null) {
            return;
        }
        send(0, new InterruptReceivingStatus(status, endpoint));
    }

    private void cancel(long id) throws UsbredirProtocolException {
        DataPacket p = inFlight.remove(id);
        if (p == null) {
            if (++strayCancels > MAX_STRAY_CANCELS) {
                throw new UsbredirProtocolException("a flood of " + strayCancels
                        + " cancels for transfers that do not exist");
            }
            return; // it completed already
        }
        device.cancel(id);
        send(id, reply(p, UsbStatus.CANCELLED, 0, new byte[0]));
    }

    private void cancelAll(UsbDevice d) {
        streams.stopAll(d);
        for (Long id : inFlight.keySet()) {
            d.cancel(id);
        }
        inFlight.clear();
        for (Integer ep : interruptIds.keySet()) {
            d.stopInterruptReceiving(ep);
        }
        interruptIds.clear();
    }

    /** The answer to a data packet: same type and endpoint, the new status and length, data for IN. */
    private static DataPacket reply(DataPacket p, int status, int actual, byte[] data) {
        byte[] payload = (p.endpoint() & 0x80) != 0 ? trim(data, actual) : new byte[0];
        long length = (p.endpoint() & 0x80) != 0 ? payload.length : actual;
        if (p instanceof ControlPacket c) {
            return new ControlPacket(c.endpoint(), c.request(), c.requestType(), status, c.value(), c.index(), length,
                    payload);
        }
        if (p instanceof BulkPacket b) {
            return new BulkPacket(b.endpoint(), status, length, b.streamId(), payload);
        }
        if (p instanceof InterruptPacket i) {
            return new InterruptPacket(i.endpoint(), status, length, payload);
        }
        return new IsoPacket(p.endpoint(), status, length, payload);
    }

    private static byte[] trim(byte[] data, int actual) {
        return data.length == actual ? data : java.util.Arrays.copyOf(data, Math.max(0, Math.min(actual, data.length)));
    }
}
