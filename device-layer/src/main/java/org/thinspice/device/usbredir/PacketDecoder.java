package org.thinspice.device.usbredir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

import org.thinspice.device.usbredir.UsbredirPacket.*;

/** Turns one packet body (type header + payload, length already checked) into its record. */
final class PacketDecoder {
    private PacketDecoder() {
    }

    static UsbredirPacket decode(PacketType t, byte[] body, Negotiation n, Role sender)
            throws UsbredirProtocolException {
        ByteBuffer b = ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN);
        return switch (t) {
            case HELLO -> hello(body);
            case DEVICE_CONNECT -> new DeviceConnect(u8(b), u8(b), u8(b), u8(b), u16(b), u16(b),
                    b.remaining() >= 2 ? u16(b) : 0);
            case DEVICE_DISCONNECT -> new DeviceDisconnect();
            case RESET -> new Reset();
            case INTERFACE_INFO -> interfaceInfo(b);
            case EP_INFO -> epInfo(b, n);
            case SET_CONFIGURATION -> new SetConfiguration(u8(b));
            case GET_CONFIGURATION -> new GetConfiguration();
            case CONFIGURATION_STATUS -> new ConfigurationStatus(u8(b), u8(b));
            case SET_ALT_SETTING -> new SetAltSetting(u8(b), u8(b));
            case GET_ALT_SETTING -> new GetAltSetting(u8(b));
            case ALT_SETTING_STATUS -> new AltSettingStatus(u8(b), u8(b), u8(b));
            case START_ISO_STREAM -> new StartIsoStream(u8(b), u8(b), u8(b));
            case STOP_ISO_STREAM -> new StopIsoStream(u8(b));
            case ISO_STREAM_STATUS -> new IsoStreamStatus(u8(b), u8(b));
            case START_INTERRUPT_RECEIVING -> new StartInterruptReceiving(inEndpoint(u8(b), t));
            case STOP_INTERRUPT_RECEIVING -> new StopInterruptReceiving(inEndpoint(u8(b), t));
            case INTERRUPT_RECEIVING_STATUS -> new InterruptReceivingStatus(u8(b), u8(b));
            case ALLOC_BULK_STREAMS -> new AllocBulkStreams(u32(b), u32(b));
            case FREE_BULK_STREAMS -> new FreeBulkStreams(u32(b));
            case BULK_STREAMS_STATUS -> new BulkStreamsStatus(u32(b), u32(b), u8(b));
            case CANCEL_DATA_PACKET -> new CancelDataPacket();
            case FILTER_REJECT -> new FilterReject();
            case FILTER_FILTER -> filter(body);
            case DEVICE_DISCONNECT_ACK -> new DeviceDisconnectAck();
            case START_BULK_RECEIVING -> new StartBulkReceiving(u32(b), u32(b), inEndpoint(u8(b), t), u8(b));
            case STOP_BULK_RECEIVING -> new StopBulkReceiving(u32(b), u8(b));
            case BULK_RECEIVING_STATUS -> new BulkReceivingStatus(u32(b), u8(b), u8(b));
            case CONTROL_PACKET -> {
                int ep = u8(b);
                int request = u8(b);
                int requestType = u8(b);
                int status = u8(b);
                int value = u16(b);
                int index = u16(b);
                int length = u16(b);
                yield new ControlPacket(ep, request, requestType, status, value, index, length,
                        payload(t, body, b, ep, length, sender));
            }
            case BULK_PACKET -> {
                int ep = u8(b);
                int status = u8(b);
                long length = u16(b);
                long stream = u32(b);
                if (n.both(UsbredirCaps.BULK_LENGTH_32BITS)) {
                    length |= (long) u16(b) << 16;
                }
                yield new BulkPacket(ep, status, length, stream, payload(t, body, b, ep, length, sender));
            }
            case ISO_PACKET -> {
                int ep = u8(b);
                int status = u8(b);
                int length = u16(b);
                yield new IsoPacket(ep, status, length, payload(t, body, b, ep, length, sender));
            }
            case INTERRUPT_PACKET -> {
                int ep = u8(b);
                int status = u8(b);
                int length = u16(b);
                yield new InterruptPacket(ep, status, length, payload(t, body, b, ep, length, sender));
            }
            case BUFFERED_BULK_PACKET -> {
                long stream = u32(b);
                long length = u32(b);
                int ep = u8(b);
                int status = u8(b);
                yield new BufferedBulkPacket(stream, length, ep, status, payload(t, body, b, ep, length, sender));
            }
        };
    }

    private static Hello hello(byte[] body) throws UsbredirProtocolException {
        int capBytes = body.length - 64;
        if (capBytes % 4 != 0) {
            throw new UsbredirProtocolException("usbredir hello with " + capBytes + " capability bytes (not whole words)");
        }
        int caps = capBytes >= 4 ? ByteBuffer.wrap(body, 64, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() : 0;
        return new Hello(UsbredirParser.cString(body, 0, 64), caps);
    }

    private static FilterFilter filter(byte[] body) throws UsbredirProtocolException {
        if (body.length == 0 || body[body.length - 1] != 0) {
            throw new UsbredirProtocolException("usbredir filter_filter string is not NUL-terminated");
        }
        return new FilterFilter(UsbredirParser.cString(body, 0, body.length));
    }

    private static InterfaceInfo interfaceInfo(ByteBuffer b) throws UsbredirProtocolException {
        long count = u32(b);
        if (count > UsbredirPacket.MAX_INTERFACES) {
            throw new UsbredirProtocolException("usbredir interface_info with " + count + " interfaces (max 32)");
        }
        return new InterfaceInfo((int) count, u8s(b), u8s(b), u8s(b), u8s(b));
    }

    private static EpInfo epInfo(ByteBuffer b, Negotiation n) {
        int[] type = u8s(b);
        int[] interval = u8s(b);
        int[] iface = u8s(b);
        int[] mps = new int[UsbredirPacket.MAX_ENDPOINTS];
        long[] streams = new long[UsbredirPacket.MAX_ENDPOINTS];
        if (n.both(UsbredirCaps.EP_INFO_MAX_PACKET_SIZE)) {
            for (int i = 0; i < mps.length; i++) {
                mps[i] = u16(b);
            }
        }
        if (n.both(UsbredirCaps.BULK_STREAMS)) {
            for (int i = 0; i < streams.length; i++) {
                streams[i] = u32(b);
            }
        }
        return new EpInfo(type, interval, iface, mps, streams);
    }

    /**
     * The payload travels exactly when the data flows from the sender: IN endpoints from the host, OUT
     * endpoints from the guest; then it must be as long as the header says, otherwise absent.
     */
    private static byte[] payload(PacketType t, byte[] body, ByteBuffer b, int ep, long length, Role sender)
            throws UsbredirProtocolException {
        int rest = b.remaining();
        boolean in = (ep & 0x80) != 0;
        boolean carries = in == (sender == Role.HOST);
        if (carries && rest != length) {
            throw new UsbredirProtocolException("usbredir " + t + " on endpoint 0x" + Integer.toHexString(ep)
                    + " says " + length + " bytes but carries " + rest);
        }
        if (!carries && rest != 0) {
            throw new UsbredirProtocolException("usbredir " + t + " on endpoint 0x" + Integer.toHexString(ep)
                    + " carries " + rest + " bytes against the data direction");
        }
        return Arrays.copyOfRange(body, b.position(), body.length);
    }

    private static int inEndpoint(int ep, PacketType t) throws UsbredirProtocolException {
        if ((ep & 0x80) == 0) {
            throw new UsbredirProtocolException("usbredir " + t + " on OUT endpoint 0x" + Integer.toHexString(ep));
        }
        return ep;
    }

    private static int[] u8s(ByteBuffer b) {
        int[] a = new int[32];
        for (int i = 0; i < a.length; i++) {
            a[i] = u8(b);
        }
        return a;
    }

    private static int u8(ByteBuffer b) {
        return b.get() & 0xFF;
    }

    private static int u16(ByteBuffer b) {
        return b.getShort() & 0xFFFF;
    }

    private static long u32(ByteBuffer b) {
        return b.getInt() & 0xFFFFFFFFL;
    }
}
