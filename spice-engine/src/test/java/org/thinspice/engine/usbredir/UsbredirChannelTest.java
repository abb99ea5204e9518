package org.thinspice.engine.usbredir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import net.jpountz.lz4.LZ4Factory;
import org.junit.jupiter.api.Test;
import org.thinspice.engine.SpiceException;
import org.thinspice.engine.channel.OutgoingMessage;
import org.thinspice.engine.channel.SpiceMessage;
import org.thinspice.engine.link.Caps;
import org.thinspice.engine.link.LinkReply;

class UsbredirChannelTest {
    /** Records what the channel hands to its stream. */
    static final class Recorder implements UsbredirStream {
        final ByteArrayOutputStream in = new ByteArrayOutputStream();
        UsbredirOutput out;
        int pieces;
        boolean closed;

        @Override
        public void onOpened(UsbredirOutput out) {
            this.out = out;
        }

        @Override
        public void onData(byte[] data, int offset, int length) {
            in.write(data, offset, length);
            pieces++;
        }

        @Override
        public void onClosed() {
            closed = true;
        }
    }

    private static byte[] compressible(int n) {
        byte[] b = new byte[n];
        Random r = new Random(n);
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i % 512 < 400 ? i / 512 : r.nextInt(256));
        }
        return b;
    }

    private static LinkReply reply(boolean lz4) {
        return new LinkReply(new byte[0], Caps.of(), lz4 ? Caps.of(0) : Caps.of());
    }

    @Test
    void bytesOutAreChunkedAndCompressedOnlyWhenBothAnnounceLz4() throws Exception {
        for (boolean serverLz4 : new boolean[] {true, false}) {
            Recorder rec = new Recorder();
            UsbredirChannel ch = new UsbredirChannel(0, rec);
            List<OutgoingMessage> sent = new ArrayList<>();
            ch.onLinked(reply(serverLz4), sent::add);
            assertEquals(serverLz4, ch.compressing());
            byte[] data = compressible(200_000);
            rec.out.write(data);
            rec.out.write(new byte[] {1, 2, 3});
            ByteArrayOutputStream back = new ByteArrayOutputStream();
            for (OutgoingMessage m : sent) {
                assertTrue(m.body().length <= UsbredirChannel.MAX_CHUNK + 5);
                if (m.type() == UsbredirChannel.MSG_COMPRESSED_DATA) {
                    assertTrue(serverLz4);
                    ByteBuffer b = ByteBuffer.wrap(m.body()).order(ByteOrder.LITTLE_ENDIAN);
                    assertEquals(1, b.get());
                    int size = b.getInt();
                    // liblz4's own decoder (via lz4-java) must accept this client's blocks.
                    byte[] plain = new byte[size];
                    LZ4Factory.safeInstance().safeDecompressor().decompress(m.body(), 5, m.body().length - 5, plain, 0);
                    back.writeBytes(plain);
                } else {
                    assertEquals(UsbredirChannel.MSG_DATA, m.type());
                    back.writeBytes(m.body());
                }
            }
            byte[] expected = new byte[data.length + 3];
            System.arraycopy(data, 0, expected, 0, data.length);
            System.arraycopy(new byte[] {1, 2, 3}, 0, expected, data.length, 3);
            assertArrayEquals(expected, back.toByteArray());
            assertEquals(serverLz4, sent.stream().anyMatch(m -> m.type() == UsbredirChannel.MSG_COMPRESSED_DATA));
        }
    }

    @Test
    void writesQueuedBeforeTheLoopRunsLeaveAsFullMessagesWithOneFlush() throws Exception {
        Recorder rec = new Recorder();
        UsbredirChannel ch = new UsbredirChannel(0, rec, false);
        java.util.ArrayDeque<Runnable> loop = new java.util.ArrayDeque<>();
        ch.attach(loop::add);
        List<List<OutgoingMessage>> batches = new ArrayList<>();
        ch.onLinked(reply(false), new org.thinspice.engine.channel.Outbox() {
            @Override
            public void send(OutgoingMessage m) {
                batches.add(List.of(m));
            }

            @Override
            public void sendAll(List<OutgoingMessage> ms) {
                batches.add(ms);
            }
        });
        byte[] header = new byte[26];
        byte[] payload = new byte[120 * 1024];
        new Random(3).nextBytes(payload);
        rec.out.write(header);
        rec.out.write(payload);
        rec.out.write(new byte[] {7});
        assertEquals(1, loop.size(), "one drain task for the three writes");
        loop.poll().run();
        assertEquals(1, batches.size(), "one flush");
        List<OutgoingMessage> ms = batches.get(0);
        assertEquals(List.of(UsbredirChannel.MAX_CHUNK, 26 + 120 * 1024 + 1 - UsbredirChannel.MAX_CHUNK),
                ms.stream().map(m -> m.body().length).toList(), "header and payload share the first message");
        ByteArrayOutputStream back = new ByteArrayOutputStream();
        ms.forEach(m -> back.writeBytes(m.body()));
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(header);
        expected.writeBytes(payload);
        expected.write(7);
        assertArrayEquals(expected.toByteArray(), back.toByteArray());
        assertEquals(expected.size(), ch.bytesOut());
        byte[] alone = new byte[100];
        rec.out.write(alone);
        loop.poll().run();
        assertTrue(batches.get(1).get(0).body() == alone, "a single write that fits goes without a copy");
    }

    @Test
    void compressedAndPlainDataFromTheServerReachTheStreamInOrder() throws Exception {
        Recorder rec = new Recorder();
        UsbredirChannel ch = new UsbredirChannel(1, rec);
        ch.onLinked(reply(true), m -> { });
        byte[] a = compressible(5000);
        byte[] comp = LZ4Factory.fastestJavaInstance().fastCompressor().compress(a);
        byte[] body = ByteBuffer.allocate(5 + comp.length).order(ByteOrder.LITTLE_ENDIAN).put((byte) 1)
                .putInt(a.length).put(comp).array();
        ch.onMessage(new SpiceMessage(101, new byte[] {9, 8}), m -> { });
        ch.onMessage(new SpiceMessage(102, body), m -> { });
        byte[] got = rec.in.toByteArray();
        assertEquals(2 + a.length, got.length);
        assertEquals(9, got[0]);
        byte[] tail = java.util.Arrays.copyOfRange(got, 2, got.length);
        assertArrayEquals(a, tail);
        assertEquals(2 + a.length, ch.bytesIn());
    }

    @Test
    void afterARunOfIncompressibleDataOnlySomeChunksAreTriedButCompressibleDataIsFoundAgain() throws Exception {
        Recorder rec = new Recorder();
        UsbredirChannel ch = new UsbredirChannel(0, rec);
        List<OutgoingMessage> sent = new ArrayList<>();
        ch.onLinked(reply(true), sent::add);
        byte[] noise = new byte[4000];
        new Random(9).nextBytes(noise);
        for (int i = 0; i < 100; i++) {
            rec.out.write(noise);
        }
        assertTrue(sent.stream().allMatch(m -> m.type() == UsbredirChannel.MSG_DATA));
        sent.clear();
        for (int i = 0; i < UsbredirChannel.RETRY_EVERY; i++) {
            rec.out.write(compressible(4000));
        }
        long compressed = sent.stream().filter(m -> m.type() == UsbredirChannel.MSG_COMPRESSED_DATA).count();
        assertTrue(compressed >= 1 && compressed < UsbredirChannel.RETRY_EVERY, "tried again within "
                + UsbredirChannel.RETRY_EVERY + " chunks: " + compressed);
        sent.clear();
        rec.out.write(compressible(4000));
        assertEquals(UsbredirChannel.MSG_COMPRESSED_DATA, sent.get(0).type(), "once it pays, every chunk is tried");
    }

    @Test
    void compressorHandlesEdgeShapes() {
        Lz4BlockCompressor c = new Lz4BlockCompressor();
        Random r = new Random(3);
        for (int n : new int[] {1, 12, 13, 17, 100, 1001, 65536, 70000}) {
            for (int kind = 0; kind < 3; kind++) {
                byte[] src = new byte[n];
                if (kind == 1) {
                    r.nextBytes(src);
                } else if (kind == 2) {
                    src = compressible(n);
                }
                byte[] dst = new byte[n + n / 255 + 16];
                int len = c.compress(src, 0, n, dst);
                assertTrue(len > 0, "fits with the worst-case bound");
                byte[] plain = new byte[n];
                LZ4Factory.safeInstance().safeDecompressor().decompress(dst, 0, len, plain, 0);
                assertArrayEquals(src, plain, "n=" + n + " kind=" + kind);
            }
        }
        assertEquals(-1, c.compress(new byte[2000], 0, 2000, new byte[3]), "too small a target says so");
    }

    @Test
    void malformedCompressedDataClosesTheChannelWithAReason() {
        Recorder rec = new Recorder();
        UsbredirChannel ch = new UsbredirChannel(2, rec);
        ch.onLinked(reply(true), m -> { });
        byte[] huge = ByteBuffer.allocate(9).order(ByteOrder.LITTLE_ENDIAN).put((byte) 1).putInt(Integer.MAX_VALUE)
                .putInt(0).array();
        SpiceException e = assertThrows(SpiceException.class, () -> ch.onMessage(new SpiceMessage(102, huge), m -> { }));
        assertTrue(e.getMessage().contains("uncompressed usbredir data"), e.getMessage());
        byte[] badKind = {7, 0, 0, 0, 0};
        e = assertThrows(SpiceException.class, () -> ch.onMessage(new SpiceMessage(102, badKind), m -> { }));
        assertTrue(e.getMessage().contains("compression type 7"), e.getMessage());
        byte[] garbage = ByteBuffer.allocate(9).order(ByteOrder.LITTLE_ENDIAN).put((byte) 1).putInt(100)
                .putInt(0xF0F0F0F0).array();
        e = assertThrows(SpiceException.class, () -> ch.onMessage(new SpiceMessage(102, garbage), m -> { }));
        assertTrue(e.getMessage().contains("LZ4"), e.getMessage());
        assertEquals(0, rec.in.size());
    }

    @Test
    void closeStopsWritesAndTellsTheStream() {
        Recorder rec = new Recorder();
        UsbredirChannel ch = new UsbredirChannel(0, rec, false);
        assertFalse(ch.channelCaps().has(0));
        List<OutgoingMessage> sent = new ArrayList<>();
        ch.onLinked(reply(true), sent::add);
        assertFalse(ch.compressing(), "not offered, so not used");
        ch.onClosed();
        rec.out.write(new byte[10]);
        assertTrue(rec.closed);
        assertTrue(sent.isEmpty());
    }
}
