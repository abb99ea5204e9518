package org.thinspice.device.usbredir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import org.thinspice.device.usbredir.UsbredirPacket.*;

/**
 * Encodes packets for the side {@code role} under a connection's {@link Negotiation}. Hello may be
 * written at any time; anything else only after the peer's hello, because its layout depends on both
 * capability sets.
 */
public final class UsbredirWriter {
    private final Role role;
    private final Negotiation negotiation;

    public UsbredirWriter(Role role, Negotiation negotiation) {
        this.role = role;
        this.negotiation = negotiation;
    }

    public Negotiation negotiation() {
        return negotiation;
    }

    /** The packet's bytes, header included. */
    public byte[] write(long id, UsbredirPacket p) {
        return encode(id, p, true);
    }

    /**
     * The packet's headers only, for a data packet whose payload the caller sends right after as it is
     * ({@link UsbredirPacket.DataPacket#data()}): saves copying a large payload.
     */
    public byte[] writeHeaders(long id, UsbredirPacket.DataPacket p) {
        return encode(id, p, false);
    }

    private byte[] encode(long id, UsbredirPacket p, boolean withPayload) {
        PacketType t = p.type();
        if (!t.sentBy(role)) {
            throw new IllegalArgumentException(t + " is not sent by the usb-" + role);
        }
        boolean hello = t == PacketType.HELLO;
        if (!hello && !negotiation.peerHelloSeen()) {
            throw new IllegalStateException(t + " before the peer's hello");
        }
        int headerLength = hello ? 12 : negotiation.headerLength();
        int typeHeader = negotiation.typeHeaderLength(t);
        byte[] extra = extra(p);
        int length = typeHeader + extra.length;
        ByteBuffer b = ByteBuffer.allocate(headerLength + (withPayload ? length : typeHeader))
                .order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(t.wire()).putInt(length);
        if (headerLength == 16) {
            b.putLong(id);
        } else {
            b.putInt((int) id);
        }
        typeHeader(b, p);
        if (b.position() != headerLength + typeHeader) {
            throw new IllegalStateException(t + " type header is " + (b.position() - headerLength) + " bytes, not "
                    + typeHeader);
        }
        if (withPayload) {
            b.put(extra);
        }
        return b.array();
    }

    private byte[] extra(UsbredirPacket p) {
        if (p instanceof Hello h) {
            return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(h.caps()).array();
        }
        if (p instanceof FilterFilter f) {
            byte[] s = f.rules().getBytes(StandardCharsets.US_ASCII);
            byte[] z = new byte[s.length + 1];
            System.arraycopy(s, 0, z, 0, s.length);
            return z;
        }
        if (p instanceof DataPacket d) {
            return d.data();
        }
        return new byte[0];
    }

    private void typeHeader(ByteBuffer b, UsbredirPacket p) {
        if (p instanceof Hello h) {
            byte[] v = h.version().getBytes(StandardCharsets.UTF_8);
            byte[] fixed = new byte[64];
            System.arraycopy(v, 0, fixed, 0, Math.min(63, v.length));
            b.put(fixed);
        } else if (p instanceof DeviceConnect c) {
            b.put((byte) c.speed()).put((byte) c.deviceClass()).put((byte) c.deviceSubclass())
                    .put((byte) c.deviceProtocol()).putShort((short) c.vendorId()).putShort((short) c.productId());
            if (negotiation.both(UsbredirCaps.CONNECT_DEVICE_VERSION)) {
                b.putShort((short) c.deviceVersionBcd());
            }
        } else if (p instanceof InterfaceInfo i) {
            b.putInt(i.count());
            u8s(b, i.interfaceNumber());
            u8s(b, i.interfaceClass());
            u8s(b, i.interfaceSubclass());
            u8s(b, i.interfaceProtocol());
        } else if (p instanceof EpInfo e) {
            u8s(b, e.epType());
            u8s(b, e.interval());
            u8s(b, e.interfaceNumber());
            if (negotiation.both(UsbredirCaps.EP_INFO_MAX_PACKET_SIZE)) {
                for (int i = 0; i < UsbredirPacket.MAX_ENDPOINTS; i++) {
                    b.putShort((short) e.maxPacketSize()[i]);
                }
            }
            if (negotiation.both(UsbredirCaps.BULK_STREAMS)) {
                for (int i = 0; i < UsbredirPacket.MAX_ENDPOINTS; i++) {
                    b.putInt((int) e.maxStreams()[i]);
                }
            }
        } else if (p instanceof SetConfiguration s) {
            b.put((byte) s.configuration());
        } else if (p instanceof ConfigurationStatus s) {
            b.put((byte) s.status()).put((byte) s.configuration());
        } else if (p instanceof SetAltSetting s) {
            b.put((byte) s.interfaceNumber()).put((byte) s.alt());
        } else if (p instanceof GetAltSetting g) {
            b.put((byte) g.interfaceNumber());
        } else if (p instanceof AltSettingStatus s) {
            b.put((byte) s.status()).put((byte) s.interfaceNumber()).put((byte) s.alt());
        } else if (p instanceof StartIsoStream s) {
            b.put((byte) s.endpoint()).put((byte) s.pktsPerUrb()).put((byte) s.noUrbs());
        } else if (p instanceof StopIsoStream s) {
            b.put((byte) s.endpoint());
        } else if (p instanceof IsoStreamStatus s) {
            b.put((byte) s.status()).put((byte) s.endpoint());
        } else if (p instanceof StartInterruptReceiving s) {
            b.put((byte) s.endpoint());
        } else if (p instanceof StopInterruptReceiving s) {
            b.put((byte) s.endpoint());
        } else if (p instanceof InterruptReceivingStatus s) {
            b.put((byte) s.status()).put((byte) s.endpoint());
        } else if (p instanceof AllocBulkStreams a) {
            b.putInt((int) a.endpoints()).putInt((int) a.noStreams());
        } else if (p instanceof FreeBulkStreams f) {
            b.putInt((int) f.endpoints());
        } else if (p instanceof BulkStreamsStatus s) {
            b.putInt((int) s.endpoints()).putInt((int) s.noStreams()).put((byte) s.status());
        } else if (p instanceof StartBulkReceiving s) {
            b.putInt((int) s.streamId()).putInt((int) s.bytesPerTransfer())
                .put((byte) s.endpoint()).put((byte) s.noTransfers());
        } else if (p instanceof StopBulkReceiving s) {
            b.putInt((int) s.streamId()).put((byte) s.endpoint());
        } else if (p instanceof BulkReceivingStatus s) {
            b.putInt((int) s.streamId()).put((byte) s.endpoint()).put((byte) s.status());
        } else if (p instanceof ControlPacket c) {
            b.put((byte) c.endpoint()).put((byte) c.request()).put((byte) c.requestType())
                .put((byte) c.status()).putShort((short) c.value()).putShort((short) c.index())
                .putShort((short) c.length());
        } else if (p instanceof BulkPacket k) {
            b.put((byte) k.endpoint()).put((byte) k.status()).putShort((short) k.length())
                    .putInt((int) k.streamId());
            if (negotiation.both(UsbredirCaps.BULK_LENGTH_32BITS)) {
                b.putShort((short) (k.length() >>> 16));
            }
        } else if (p instanceof IsoPacket k) {
            b.put((byte) k.endpoint()).put((byte) k.status()).putShort((short) k.length());
        } else if (p instanceof InterruptPacket k) {
            b.put((byte) k.endpoint()).put((byte) k.status()).putShort((short) k.length());
        } else if (p instanceof BufferedBulkPacket k) {
            b.putInt((int) k.streamId()).putInt((int) k.length())
                .put((byte) k.endpoint()).put((byte) k.status());
        }
        // The other packets have an empty type header.
    }

    private static void u8s(ByteBuffer b, int[] values) {
        for (int i = 0; i < 32; i++) {
            b.put((byte) (i < values.length ? values[i] : 0));
        }
    }
}
