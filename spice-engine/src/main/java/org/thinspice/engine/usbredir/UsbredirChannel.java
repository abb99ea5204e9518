package org.thinspice.engine.usbredir;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;

import org.thinspice.engine.SpiceException;
import org.thinspice.engine.SpiceImageException;
import org.thinspice.engine.SpiceProtocolException;
import org.thinspice.engine.SpiceReason;
import org.thinspice.engine.channel.ChannelLogic;
import org.thinspice.engine.channel.Outbox;
import org.thinspice.engine.channel.OutgoingMessage;
import org.thinspice.engine.channel.SpiceMessage;
import org.thinspice.engine.image.Lz4Block;
import org.thinspice.engine.link.Caps;
import org.thinspice.engine.link.LinkReply;
import org.thinspice.engine.wire.WireReader;

/**
 * A SPICE usbredir channel (type 9, a SPICEVMC channel): carries one usbredir byte stream each way in
 * DATA messages, or COMPRESSED_DATA (LZ4 block) when both sides announce the LZ4 capability. The
 * usbredir protocol itself lives behind {@link UsbredirStream}.
 */
public final class UsbredirChannel implements ChannelLogic {
    public static final int CAP_DATA_COMPRESS_LZ4 = 0;
    static final int MSG_DATA = 101;
    static final int MSG_COMPRESSED_DATA = 102;
    static final int COMPRESSION_NONE = 0;
    static final int COMPRESSION_LZ4 = 1;
    /** spice-server compresses and accepts compression above 1000 bytes only (COMPRESS_THRESHOLD). */
    static final int COMPRESS_THRESHOLD = 1000;
    /** Largest SPICEVMC message this client sends: spice-server reads its chardev in 64 KiB buffers too. */
    static final int MAX_CHUNK = 64 * 1024;
    /** Largest uncompressed size a COMPRESSED_DATA message may claim (spice-server sends at most 64 KiB + 32). */
    static final int MAX_UNCOMPRESSED = 1 << 20;

    private final int id;
    private final UsbredirStream stream;
    private final boolean offerLz4;
    private final Lz4BlockCompressor compressor = new Lz4BlockCompressor();
    /** Compression output, reused on the event loop (the only thread that compresses). */
    private final byte[] compressed = new byte[MAX_CHUNK];
    /** A chunk gathered from several writes, put together for an LZ4 attempt (event loop only). */
    private final byte[] scratch = new byte[MAX_CHUNK];
    /** Attempts that did not pay, in a row: after {@link #GIVE_UP_AFTER} only every {@link #RETRY_EVERY}th chunk is tried. */
    private int fruitless;
    static final int GIVE_UP_AFTER = 8;
    static final int RETRY_EVERY = 32;
    private Executor loop = Runnable::run;
    private Runnable closer = () -> { };
    private Outbox out;
    private boolean compressOut;
    /** Off while a device with isochronous endpoints is attached (spice-gtk does not compress for those). */
    private volatile boolean compressAllowed = true;
    private volatile boolean closed;
    private long bytesIn;
    private long bytesOut;

    public UsbredirChannel(int id, UsbredirStream stream) {
        this(id, stream, true);
    }

    /** @param offerLz4 whether to announce the LZ4 capability (spice-gtk does when built with LZ4) */
    public UsbredirChannel(int id, UsbredirStream stream, boolean offerLz4) {
        this.id = id;
        this.stream = stream;
        this.offerLz4 = offerLz4;
    }

    public int id() {
        return id;
    }

    /** Whether this channel compresses what it sends (both sides announced LZ4). */
    public boolean compressing() {
        return compressOut;
    }

    /** usbredir bytes received and sent so far (uncompressed). */
    public long bytesIn() {
        return bytesIn;
    }

    public long bytesOut() {
        return bytesOut;
    }

    @Override
    public Caps channelCaps() {
        return offerLz4 ? Caps.of(CAP_DATA_COMPRESS_LZ4) : Caps.of();
    }

    @Override
    public void attach(Executor eventLoop) {
        this.loop = eventLoop;
    }

    @Override
    public void attachCloser(Runnable closeChannel) {
        this.closer = closeChannel;
    }

    @Override
    public void onLinked(LinkReply reply, Outbox o) {
        this.out = o;
        this.compressOut = offerLz4 && reply.channelCaps().has(CAP_DATA_COMPRESS_LZ4);
        stream.onOpened(new Output(o));
    }

    @Override
    public void onMessage(SpiceMessage m, Outbox o) throws SpiceException {
        switch (m.type()) {
            case MSG_DATA -> {
                bytesIn += m.body().length;
                stream.onData(m.body(), 0, m.body().length);
            }
            case MSG_COMPRESSED_DATA -> {
                byte[] plain = decompress(m.reader());
                bytesIn += plain.length;
                stream.onData(plain, 0, plain.length);
            }
            default -> {
                // Nothing else is defined for SPICEVMC channels.
            }
        }
    }

    private byte[] decompress(WireReader r) throws SpiceException {
        int kind = r.u8();
        if (kind == COMPRESSION_NONE) {
            return r.bytes(r.remaining());
        }
        if (kind != COMPRESSION_LZ4 || !offerLz4) {
            throw new SpiceProtocolException("usbredir channel " + id + ": compression type " + kind
                    + " was not offered");
        }
        int size = r.u32Max(MAX_UNCOMPRESSED, "uncompressed usbredir data");
        byte[] plain = new byte[size];
        int n;
        try {
            n = Lz4Block.decompress(r.array(), r.arrayOffset(), r.remaining(), plain, 0, size);
        } catch (SpiceImageException e) {
            throw new SpiceProtocolException(SpiceReason.PROTOCOL_ERROR, "usbredir channel " + id
                    + ": bad LZ4 data: " + e.getMessage(), e);
        }
        if (n != size) {
            throw new SpiceProtocolException("usbredir channel " + id + ": LZ4 data gave " + n + " bytes, not " + size);
        }
        return plain;
    }

    @Override
    public void onClosed() {
        closed = true;
        stream.onClosed();
    }

    /**
     * Packs what the stream wrote since the last drain into DATA messages of at most {@link #MAX_CHUNK}
     * bytes (a usbredir header and its payload usually share one), compressed where that pays, and sends
     * them with one flush. A message's body is gathered from the written arrays as they are: the encoder
     * copies each byte once, into the connection's buffer.
     */
    private void send(Outbox o, List<byte[]> writes) {
        long total = 0;
        for (byte[] w : writes) {
            total += w.length;
        }
        bytesOut += total;
        List<OutgoingMessage> messages = new ArrayList<>((int) (total / MAX_CHUNK) + 1);
        if (writes.size() == 1 && total <= MAX_CHUNK) {
            byte[] w = writes.get(0);
            messages.add(message(w, 0, w.length));
            o.sendAll(messages);
            return;
        }
        int w = 0;
        int at = 0;
        byte[][] parts = new byte[writes.size()][];
        int[] spans = new int[2 * writes.size()];
        while (total > 0) {
            int size = (int) Math.min(MAX_CHUNK, total);
            int n = 0;
            for (int filled = 0; filled < size; ) {
                byte[] a = writes.get(w);
                int len = Math.min(a.length - at, size - filled);
                if (len > 0) {
                    if (n == parts.length) {
                        parts = Arrays.copyOf(parts, 2 * n);
                        spans = Arrays.copyOf(spans, 4 * n);
                    }
                    parts[n] = a;
                    spans[2 * n] = at;
                    spans[2 * n + 1] = len;
                    n++;
                    filled += len;
                    at += len;
                }
                if (at == a.length) {
                    w++;
                    at = 0;
                }
            }
            total -= size;
            messages.add(n == 1 ? message(parts[0], spans[0], spans[1])
                    : gathered(Arrays.copyOf(parts, n), Arrays.copyOf(spans, 2 * n), size));
        }
        o.sendAll(messages);
    }

    /** Whether LZ4 is tried on the next chunk of {@code n} bytes; counts the chunks it skips. */
    private boolean tryCompressing(int n) {
        if (!compressOut || !compressAllowed || n <= COMPRESS_THRESHOLD) {
            return false;
        }
        // Bulk data that does not compress (media, encrypted, already compressed) is common: after a run of
        // fruitless attempts, try only now and then, so such a stream costs almost nothing extra.
        boolean attempt = fruitless < GIVE_UP_AFTER || (fruitless - GIVE_UP_AFTER) % RETRY_EVERY == 0;
        if (!attempt) {
            fruitless++;
        }
        return attempt;
    }

    /** A chunk made of several arrays' slices: sent as they are, or compressed from one scratch copy. */
    private OutgoingMessage gathered(byte[][] parts, int[] spans, int size) {
        if (tryCompressing(size)) {
            byte[] whole = scratch;
            int at = 0;
            for (int i = 0; i < parts.length; i++) {
                System.arraycopy(parts[i], spans[2 * i], whole, at, spans[2 * i + 1]);
                at += spans[2 * i + 1];
            }
            OutgoingMessage m = compressed(whole, 0, size);
            if (m != null) {
                return m;
            }
        }
        return OutgoingMessage.gathered(MSG_DATA, parts, spans);
    }

    private OutgoingMessage message(byte[] data, int at, int n) {
        if (tryCompressing(n)) {
            OutgoingMessage m = compressed(data, at, n);
            if (m != null) {
                return m;
            }
        }
        return at == 0 && n == data.length ? new OutgoingMessage(MSG_DATA, data)
                : OutgoingMessage.gathered(MSG_DATA, new byte[][] {data}, new int[] {at, n});
    }

    /** COMPRESSED_DATA for {@code data[at, at+n)} if LZ4 makes it smaller, else null (and one more fruitless try). */
    private OutgoingMessage compressed(byte[] data, int at, int n) {
        byte[] dst = compressed;
        int c = compressor.compress(data, at, n, dst, n - 6); // only worth it when smaller with its 5-byte header
        fruitless = c > 0 ? 0 : fruitless + 1;
        if (c <= 0) {
            return null;
        }
        byte[] body = new byte[5 + c];
        body[0] = COMPRESSION_LZ4;
        body[1] = (byte) n;
        body[2] = (byte) (n >>> 8);
        body[3] = (byte) (n >>> 16);
        body[4] = (byte) (n >>> 24);
        System.arraycopy(dst, 0, body, 5, c);
        return new OutgoingMessage(MSG_COMPRESSED_DATA, body);
    }

    private final class Output implements UsbredirOutput {
        private final Outbox o;
        /** Writes not yet sent; one drain task at a time takes them all (guarded by itself). */
        private List<byte[]> pending = new ArrayList<>();
        private boolean drainScheduled;

        Output(Outbox o) {
            this.o = o;
        }

        @Override
        public void write(byte[] data) {
            if (closed) {
                return;
            }
            synchronized (this) {
                pending.add(data);
                if (drainScheduled) {
                    return;
                }
                drainScheduled = true;
            }
            loop.execute(this::drain);
        }

        private void drain() {
            List<byte[]> writes;
            synchronized (this) {
                writes = pending;
                pending = new ArrayList<>();
                drainScheduled = false;
            }
            if (!writes.isEmpty()) {
                send(o, writes);
            }
        }

        @Override
        public void compress(boolean allowed) {
            compressAllowed = allowed;
        }

        @Override
        public void close() {
            closer.run();
        }
    }
}
