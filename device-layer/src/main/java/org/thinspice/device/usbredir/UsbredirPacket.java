package org.thinspice.device.usbredir;

/**
 * One usbredir packet without its header: the header's type follows from the record, its id travels
 * beside it ({@link UsbredirParser.Handler#onPacket}, {@link UsbredirWriter#write}). Field names follow
 * usbredirproto.h; unsigned wire values are held in ints (u32 values in longs where they can exceed 2^31).
 */
public sealed interface UsbredirPacket {
    /** Endpoints per device in ep_info: index = ((ep &amp; 0x80) &gt;&gt; 3) | (ep &amp; 0x0f). */
    int MAX_ENDPOINTS = 32;
    /** Interfaces in interface_info. */
    int MAX_INTERFACES = 32;

    PacketType type();

    /** The array index usbredir uses for endpoint address {@code ep}. */
    static int endpointIndex(int ep) {
        return ((ep & 0x80) >> 3) | (ep & 0x0f);
    }

    record Hello(String version, int caps) implements UsbredirPacket {
        public PacketType type() {
            return PacketType.HELLO;
        }
    }

    /** {@code speed}: 0 low, 1 full, 2 high, 3 super, 255 unknown. */
    record DeviceConnect(int speed, int deviceClass, int deviceSubclass, int deviceProtocol, int vendorId,
            int productId, int deviceVersionBcd) implements UsbredirPacket {
        public static final int SPEED_LOW = 0;
        public static final int SPEED_FULL = 1;
        public static final int SPEED_HIGH = 2;
        public static final int SPEED_SUPER = 3;

        public PacketType type() {
            return PacketType.DEVICE_CONNECT;
        }
    }

    record DeviceDisconnect() implements UsbredirPacket {
        public PacketType type() {
            return PacketType.DEVICE_DISCONNECT;
        }
    }

    record Reset() implements UsbredirPacket {
        public PacketType type() {
            return PacketType.RESET;
        }
    }

    /** Arrays have {@link #MAX_INTERFACES} entries; the first {@code count} are used. */
    record InterfaceInfo(int count, int[] interfaceNumber, int[] interfaceClass, int[] interfaceSubclass,
            int[] interfaceProtocol) implements UsbredirPacket {
        public PacketType type() {
            return PacketType.INTERFACE_INFO;
        }
    }

    /**
     * Arrays have {@link #MAX_ENDPOINTS} entries indexed by {@link UsbredirPacket#endpointIndex}. Types: 0 control,
     * 1 iso, 2 bulk, 3 interrupt, 255 invalid.
     */
    record EpInfo(int[] epType, int[] interval, int[] interfaceNumber, int[] maxPacketSize, long[] maxStreams)
            implements UsbredirPacket {
        public static final int TYPE_CONTROL = 0;
        public static final int TYPE_ISO = 1;
        public static final int TYPE_BULK = 2;
        public static final int TYPE_INTERRUPT = 3;
        public static final int TYPE_INVALID = 255;

        public PacketType type() {
            return PacketType.EP_INFO;
        }
    }

    record SetConfiguration(int configuration) implements UsbredirPacket {
        public PacketType type() {
            return PacketType.SET_CONFIGURATION;
        }
    }

    record GetConfiguration() implements UsbredirPacket {
        public PacketType type() {
            return PacketType.GET_CONFIGURATION;
        }
    }

    record ConfigurationStatus(int status, int configuration) implements UsbredirPacket {
        public PacketType type() {
            return PacketType.CONFIGURATION_STATUS;
        }
    }

    record SetAltSetting(int interfaceNumber, int alt) implements UsbredirPacket {
        public PacketType type() {
            return PacketType.SET_ALT_SETTING;
        }
    }

    record GetAltSetting(int interfaceNumber) implements UsbredirPacket {
        public PacketType type() {
            return PacketType.GET_ALT_SETTING;
        }
    }

    record AltSettingStatus(int status, int interfaceNumber, int alt) implements UsbredirPacket {
        public PacketType type() {
            return PacketType.ALT_SETTING_STATUS;
        }
    }

    record StartIsoStream(int endpoint, int pktsPerUrb, int noUrbs) implements UsbredirPacket {
        public PacketType type() {
            return PacketType.START_ISO_STREAM;
        }
    }

    record StopIsoStream(int endpoint) implements UsbredirPacket {
        public PacketType type() {
            return PacketType.STOP_ISO_STREAM;
        }
    }

    record IsoStreamStatus(int status, int endpoint) implements UsbredirPacket {
        public PacketType type() {
            return PacketType.ISO_STREAM_STATUS;
        }
    }

    record StartInterruptReceiving(int endpoint) implements UsbredirPacket {
        public PacketType type() {
            return PacketType.START_INTERRUPT_RECEIVING;
        }
    }

    record StopInterruptReceiving(int endpoint) implements UsbredirPacket {
        public PacketType type() {
            return PacketType.STOP_INTERRUPT_RECEIVING;
        }
    }

    record InterruptReceivingStatus(int status, int endpoint) implements UsbredirPacket {
        public PacketType type() {
            return PacketType.INTERRUPT_RECEIVING_STATUS;
        }
    }

    record AllocBulkStreams(long endpoints, long noStreams) implements UsbredirPacket {
        public PacketType type() {
            return PacketType.ALLOC_BULK_STREAMS;
        }
    }

    record FreeBulkStreams(long endpoints) implements UsbredirPacket {
        public PacketType type() {
            return PacketType.FREE_BULK_STREAMS;
        }
    }

    record BulkStreamsStatus(long endpoints, long noStreams, int status) implements UsbredirPacket {
        public PacketType type() {
            return PacketType.BULK_STREAMS_STATUS;
        }
    }

    /** The id of the packet to cancel travels in the header's id. */
    record CancelDataPacket() implements UsbredirPacket {
        public PacketType type() {
            return PacketType.CANCEL_DATA_PACKET;
        }
    }

    record FilterReject() implements UsbredirPacket {
        public PacketType type() {
            return PacketType.FILTER_REJECT;
        }
    }

    /** Rules in usbredir filter syntax ({@code class,vendor,product,version,allow|…}). */
    record FilterFilter(String rules) implements UsbredirPacket {
        public PacketType type() {
            return PacketType.FILTER_FILTER;
        }
    }

    record DeviceDisconnectAck() implements UsbredirPacket {
        public PacketType type() {
            return PacketType.DEVICE_DISCONNECT_ACK;
        }
    }

    record StartBulkReceiving(long streamId, long bytesPerTransfer, int endpoint, int noTransfers)
            implements UsbredirPacket {
        public PacketType type() {
            return PacketType.START_BULK_RECEIVING;
        }
    }

    record StopBulkReceiving(long streamId, int endpoint) implements UsbredirPacket {
        public PacketType type() {
            return PacketType.STOP_BULK_RECEIVING;
        }
    }

    record BulkReceivingStatus(long streamId, int endpoint, int status) implements UsbredirPacket {
        public PacketType type() {
            return PacketType.BULK_RECEIVING_STATUS;
        }
    }

    /** A data packet: endpoint, status, the length field, and the payload (empty when none travels this way). */
    sealed interface DataPacket extends UsbredirPacket {
        int endpoint();

        int status();

        /** The header's length field (requested or actual bytes). */
        long length();

        byte[] data();
    }

    record ControlPacket(int endpoint, int request, int requestType, int status, int value, int index, long length,
            byte[] data) implements DataPacket {
        public PacketType type() {
            return PacketType.CONTROL_PACKET;
        }
    }

    /** {@code length} is 32 bits when both sides have 32bits_bulk_length, else 16. */
    record BulkPacket(int endpoint, int status, long length, long streamId, byte[] data) implements DataPacket {
        public PacketType type() {
            return PacketType.BULK_PACKET;
        }
    }

    record IsoPacket(int endpoint, int status, long length, byte[] data) implements DataPacket {
        public PacketType type() {
            return PacketType.ISO_PACKET;
        }
    }

    record InterruptPacket(int endpoint, int status, long length, byte[] data) implements DataPacket {
        public PacketType type() {
            return PacketType.INTERRUPT_PACKET;
        }
    }

    record BufferedBulkPacket(long streamId, long length, int endpoint, int status, byte[] data)
            implements DataPacket {
        public PacketType type() {
            return PacketType.BUFFERED_BULK_PACKET;
        }
    }
}
