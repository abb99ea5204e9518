package org.thinspice.device.host;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.thinspice.device.backends.UsbDevice;
import org.thinspice.device.backends.UsbDeviceInfo;
import org.thinspice.device.backends.UsbTransfer;
import org.thinspice.device.usbredir.UsbStatus;
import org.thinspice.device.usbredir.UsbredirPacket;
import org.thinspice.device.usbredir.UsbredirPacket.BufferedBulkPacket;
import org.thinspice.device.usbredir.UsbredirPacket.BulkReceivingStatus;
import org.thinspice.device.usbredir.UsbredirPacket.IsoPacket;
import org.thinspice.device.usbredir.UsbredirPacket.IsoStreamStatus;
import org.thinspice.device.usbredir.UsbredirPacket.StartBulkReceiving;
import org.thinspice.device.usbredir.UsbredirPacket.StartIsoStream;

/**
 * The streams a usbredir host runs on its own for the guest: bulk receiving (start_bulk_receiving;
 * the host keeps bulk IN transfers going and sends buffered_bulk_packets) and isochronous streams
 * (start_iso_stream; IN: the host keeps iso transfers going and sends iso_packets, OUT: the guest's
 * iso_packets are submitted as they come, dropped when the stream's depth is full, as iso allows).
 * Sizes from the guest are bounded as libusbredirhost bounds them. Called under the host's lock.
 */
final class HostStreams {
    /** Transfers (or iso URBs) one stream may ask for: libusbredirhost's MAX_TRANSFER_COUNT. */
    static final int MAX_TRANSFERS = 16;
    /** libusbredirhost's MAX_PACKETS_PER_TRANSFER. */
    static final int MAX_ISO_PACKETS_PER_URB = 32;
    /**
     * Largest bulk-receiving transfer this host accepts (QEMU 7.2 asked for 512 bytes in
     * UsbBulkReceivingIT). Stricter than libusbredirhost, so that 16 transfers on every IN endpoint stay
     * within 30 MiB with a backend that allocates them up front.
     */
    static final int MAX_BULK_RECEIVING_TRANSFER = 128 * 1024;

    /** Sends one packet to the guest with the given id. */
    @FunctionalInterface
    interface Sender {
        void send(long id, UsbredirPacket p);
    }

    private final Object lock;
    private final Sender sender;
    private final ReceivingStream.IdSource ids = new ReceivingStream.IdSource();
    private final Map<Integer, ReceivingStream> bulkReceiving = new HashMap<>();
    private final Map<Integer, ReceivingStream> isoIn = new HashMap<>();
    private final Map<Integer, IsoOut> isoOut = new HashMap<>();
    private long isoOutDropped;
    private long bufferedBulkPackets;
    private long isoPacketsIn;

    /** An iso OUT stream: how many of the guest's packets may be at the device at once, and which are. */
    private static final class IsoOut {
        final int depth;
        final Set<Long> inFlight = new HashSet<>();

        IsoOut(int depth) {
            this.depth = depth;
        }
    }

    HostStreams(Object lock, Sender sender) {
        this.lock = lock;
        this.sender = sender;
    }

    /** Whether a transfer id is one of this host's own (a guest may not use it). */
    static boolean internalId(long id) {
        return id < 0;
    }

    /** Iso packets from the guest dropped because its OUT stream was full. */
    long isoOutDropped() {
        return isoOutDropped;
    }

    /** buffered_bulk_packets and iso IN packets sent to the guest so far. */
    long bufferedBulkPackets() {
        return bufferedBulkPackets;
    }

    long isoPacketsIn() {
        return isoPacketsIn;
    }

    int bulkReceivingCount() {
        return bulkReceiving.size();
    }

    int isoStreamCount() {
        return isoIn.size() + isoOut.size();
    }

    /** start_bulk_receiving: answers bulk_receiving_status, then the data follows as it comes. */
    void startBulkReceiving(UsbDevice d, long id, StartBulkReceiving s) {
        int ep = s.endpoint();
        int status = bulkReceivingStatus(d, s);
        sender.send(id, new BulkReceivingStatus(s.streamId(), ep, status));
        if (status != UsbStatus.SUCCESS) {
            return;
        }
        ReceivingStream r = new ReceivingStream(lock, d, UsbTransfer.Kind.BULK, ep, s.streamId(),
                (int) s.bytesPerTransfer(), s.noTransfers(), ids, this::bulkReceived);
        bulkReceiving.put(ep, r);
        r.pump();
    }

    private int bulkReceivingStatus(UsbDevice d, StartBulkReceiving s) {
        UsbDeviceInfo.Endpoint e = d == null ? null : endpoint(d.info(), s.endpoint());
        if (e == null || e.type() != UsbredirPacket.EpInfo.TYPE_BULK || (s.endpoint() & 0x80) == 0
                || bulkReceiving.containsKey(s.endpoint())) {
            return UsbStatus.INVAL;
        }
        int mps = packetBytes(e.maxPacketSize());
        long bytes = s.bytesPerTransfer();
        if (bytes <= 0 || bytes > MAX_BULK_RECEIVING_TRANSFER || mps == 0 || bytes % mps != 0
                || s.noTransfers() < 1 || s.noTransfers() > MAX_TRANSFERS) {
            return UsbStatus.INVAL;
        }
        return UsbStatus.SUCCESS;
    }

    private boolean bulkReceived(ReceivingStream r, int status, int actual, byte[] data) {
        if (status == UsbStatus.CANCELLED) {
            return true;
        }
        if (status != UsbStatus.SUCCESS) {
            // As libusbredirhost: the stream ends with an unsolicited status the guest can act on.
            bulkReceiving.remove(r.endpoint());
            sender.send(r.takePacketId(true), new BulkReceivingStatus(r.streamId(), r.endpoint(), UsbStatus.STALL));
            return false;
        }
        byte[] payload = trim(data, actual);
        bufferedBulkPackets++;
        sender.send(r.takePacketId(false), new BufferedBulkPacket(r.streamId(), payload.length, r.endpoint(),
                UsbStatus.SUCCESS, payload));
        return true;
    }

    /** stop_bulk_receiving: always succeeds (stopping what is not running is no error). */
    void stopBulkReceiving(long id, long streamId, int endpoint) {
        ReceivingStream r = bulkReceiving.remove(endpoint);
        if (r != null) {
            r.stop();
        }
        sender.send(id, new BulkReceivingStatus(streamId, endpoint, UsbStatus.SUCCESS));
    }

    /** start_iso_stream: answers iso_stream_status; an IN stream starts sending at once. */
    void startIso(UsbDevice d, long id, StartIsoStream s) {
        int ep = s.endpoint();
        UsbDeviceInfo.Endpoint e = d == null ? null : endpoint(d.info(), ep);
        boolean valid = e != null && e.type() == UsbredirPacket.EpInfo.TYPE_ISO && !isoIn.containsKey(ep)
                && !isoOut.containsKey(ep) && packetBytes(e.maxPacketSize()) > 0
                && s.pktsPerUrb() >= 1 && s.pktsPerUrb() <= MAX_ISO_PACKETS_PER_URB
                && s.noUrbs() >= 1 && s.noUrbs() <= MAX_TRANSFERS;
        sender.send(id, new IsoStreamStatus(valid ? UsbStatus.SUCCESS : UsbStatus.INVAL, ep));
        if (!valid) {
            return;
        }
        int depth = s.pktsPerUrb() * s.noUrbs();
        if ((ep & 0x80) == 0) {
            isoOut.put(ep, new IsoOut(depth));
            return;
        }
        ReceivingStream r = new ReceivingStream(lock, d, UsbTransfer.Kind.ISO, ep, 0,
                packetBytes(e.maxPacketSize()), depth, ids, this::isoReceived);
        isoIn.put(ep, r);
        r.pump();
    }

    private boolean isoReceived(ReceivingStream r, int status, int actual, byte[] data) {
        if (status == UsbStatus.CANCELLED) {
            return true;
        }
        byte[] payload = status == UsbStatus.SUCCESS ? trim(data, actual) : new byte[0];
        // A failed iso packet is reported and the stream goes on, except a stall, which ends it.
        boolean stalled = status == UsbStatus.STALL;
        isoPacketsIn++;
        sender.send(r.takePacketId(stalled), new IsoPacket(r.endpoint(), status, payload.length, payload));
        if (stalled) {
            isoIn.remove(r.endpoint());
            sender.send(0, new IsoStreamStatus(UsbStatus.STALL, r.endpoint()));
            return false;
        }
        return true;
    }

    /** An iso_packet from the guest for an OUT stream; anything else is ignored, as libusbredirhost does. */
    void isoFromGuest(UsbDevice d, IsoPacket p) {
        IsoOut o = isoOut.get(p.endpoint());
        if (o == null || d == null || (p.endpoint() & 0x80) != 0) {
            return;
        }
        if (o.inFlight.size() >= o.depth) {
            isoOutDropped++;
            return;
        }
        long tid = ids.next();
        o.inFlight.add(tid);
        d.submit(new UsbTransfer(tid, UsbTransfer.Kind.ISO, p.endpoint(), 0, 0, 0, 0, p.data().length, p.data()),
                (t, status, actual, in) -> {
                    synchronized (lock) {
                        o.inFlight.remove(t.id());
                    }
                });
    }

    /** stop_iso_stream: always succeeds. */
    void stopIso(UsbDevice d, long id, int endpoint) {
        ReceivingStream r = isoIn.remove(endpoint);
        if (r != null) {
            r.stop();
        }
        IsoOut o = isoOut.remove(endpoint);
        if (o != null && d != null) {
            o.inFlight.forEach(d::cancel);
        }
        sender.send(id, new IsoStreamStatus(UsbStatus.SUCCESS, endpoint));
    }

    /** Ends every stream without telling the guest (detach, reset, a new configuration). */
    void stopAll(UsbDevice d) {
        bulkReceiving.values().forEach(ReceivingStream::stop);
        bulkReceiving.clear();
        isoIn.values().forEach(ReceivingStream::stop);
        isoIn.clear();
        if (d != null) {
            isoOut.values().forEach(o -> o.inFlight.forEach(d::cancel));
        }
        isoOut.clear();
    }

    private static UsbDeviceInfo.Endpoint endpoint(UsbDeviceInfo info, int address) {
        for (UsbDeviceInfo.Endpoint e : info.endpoints()) {
            if (e.address() == address) {
                return e;
            }
        }
        return null;
    }

    /** Bytes per (micro)frame: wMaxPacketSize's size bits times its high-bandwidth multiplier. */
    static int packetBytes(int maxPacketSize) {
        return (maxPacketSize & 0x7FF) * (1 + ((maxPacketSize >> 11) & 3));
    }

    private static byte[] trim(byte[] data, int actual) {
        int n = Math.max(0, Math.min(actual, data.length));
        return n == data.length ? data : java.util.Arrays.copyOf(data, n);
    }
}
