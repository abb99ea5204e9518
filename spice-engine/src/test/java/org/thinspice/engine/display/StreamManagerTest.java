package org.thinspice.engine.display;

import org.junit.jupiter.api.Test;
import org.thinspice.engine.SpiceException;
import org.thinspice.engine.SpiceListener;
import org.thinspice.engine.SpiceProtocolException;
import org.thinspice.engine.SpiceReason;
import org.thinspice.engine.channel.MessageTypes;
import org.thinspice.engine.channel.OutgoingMessage;
import org.thinspice.engine.image.JpegFixtures;
import org.thinspice.engine.wire.WireReader;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Stream messages against a fake clock and timer: scheduling, drops, flips, clips, reports, bad input. */
class StreamManagerTest {
    private static final int MJPEG = StreamManager.CODEC_MJPEG;
    private static final int TOP_DOWN = VideoStream.FLAG_TOP_DOWN;
    private static final String FIXTURE = "photo-420-q85";
    private static final int BACKGROUND = 0xFF000000;

    private final FakeFrameTimer timer = new FakeFrameTimer();
    private final Map<Integer, Surface> surfaces = new HashMap<>();
    private final List<String> events = new ArrayList<>();
    private final List<StreamDrop> drops = new ArrayList<>();
    private final List<int[]> invalidated = new ArrayList<>();
    private final List<OutgoingMessage> sent = new ArrayList<>();
    private final StreamManager streams;
    private final byte[] jpeg = JpegFixtures.jpeg(FIXTURE);
    private final int[] dims = new int[2];
    /** The fixture as the MJPEG path must decode it (replicated chroma: djpeg -nosmooth). */
    private final int[] expected = JpegFixtures.pnm(FIXTURE + ".plain.ppm", dims);
    private final int fw = dims[0];
    private final int fh = dims[1];
    private final Surface screen = new Surface(0, 200, 160, Surface.FMT_32_XRGB, true);

    StreamManagerTest() {
        surfaces.put(0, screen);
        java.util.Arrays.fill(screen.pixels(), BACKGROUND);
        streams = new StreamManager(0, new SpiceListener() {
            @Override
            public void onStreamFramePresented(int channelId, int streamId) {
                events.add("presented " + streamId + " at " + timer.mmTime);
            }

            @Override
            public void onStreamFrameDropped(int channelId, int streamId, StreamDrop reason) {
                drops.add(reason);
            }

            @Override
            public void onInvalidate(int channelId, Surface surface, int x, int y, int w, int h) {
                invalidated.add(new int[] {x, y, w, h});
            }
        }, surfaces::get, () -> timer.mmTime & 0xFFFFFFFFL, () -> timer.nanos, timer);
    }

    private void feed(int type, byte[] body) throws SpiceException {
        streams.handle(type, new WireReader(body), sent::add);
    }

    private Rect destAt(int x, int y) {
        return new Rect(x, y, x + fw, y + fh);
    }

    private void create(int id, int flags, Rect dest, Rect... clip) throws SpiceException {
        feed(MessageTypes.DISPLAY_STREAM_CREATE, StreamMessages.create(0, id, flags, MJPEG, fw, fh, dest, clip));
    }

    private int px(int x, int y) {
        return screen.pixels()[y * screen.width() + x];
    }

    private int frame(int x, int y) {
        return expected[y * fw + x];
    }

    @Test
    void earlyFrameWaitsForItsMultimediaTimeThenIsDrawnAndInvalidated() throws Exception {
        timer.mmTime = 1000;
        Rect dest = destAt(10, 20);
        create(7, TOP_DOWN, dest);
        feed(MessageTypes.DISPLAY_STREAM_DATA, StreamMessages.data(7, 1400, jpeg));
        assertEquals(List.of(400L), timer.delays, "scheduled for its time, 400 ms ahead");
        timer.advance(399);
        assertTrue(events.isEmpty(), "not shown before its time");
        assertEquals(BACKGROUND, px(10, 20));
        timer.advance(1);
        assertEquals(List.of("presented 7 at 1400"), events);
        for (int y = 0; y < fh; y++) {
            for (int x = 0; x < fw; x++) {
                assertEquals(frame(x, y), px(10 + x, 20 + y), "pixel " + x + "," + y);
            }
        }
        assertEquals(BACKGROUND, px(9, 20), "nothing outside the destination");
        assertArrayEquals(new int[] {10, 20, fw, fh}, invalidated.get(0));
        assertTrue(drops.isEmpty());
    }

    @Test
    void presentedEventCarriesTheFramesTimeAndTheClockAtPresentation() throws Exception {
        List<long[]> times = new ArrayList<>();
        StreamManager timed = new StreamManager(0, new SpiceListener() {
            @Override
            public void onStreamFramePresented(int channelId, int streamId, long frameTime, long clockTime) {
                times.add(new long[] {streamId, frameTime, clockTime});
            }
        }, surfaces::get, () -> timer.mmTime & 0xFFFFFFFFL, () -> timer.nanos, timer);
        timer.mmTime = 1000;
        timed.handle(MessageTypes.DISPLAY_STREAM_CREATE, new WireReader(
                StreamMessages.create(0, 3, TOP_DOWN, MJPEG, fw, fh, destAt(0, 0))), sent::add);
        timed.handle(MessageTypes.DISPLAY_STREAM_DATA, new WireReader(StreamMessages.data(3, 1040, jpeg)), sent::add);
        // far ahead of the clock: shown after MAX_WAIT_MILLIS, still reported with the server's time
        timed.handle(MessageTypes.DISPLAY_STREAM_DATA, new WireReader(StreamMessages.data(3, 20_000, jpeg)), sent::add);
        timer.advance(StreamManager.MAX_WAIT_MILLIS + 10);
        assertEquals(2, times.size());
        assertArrayEquals(new long[] {3, 1040, 1040}, times.get(0));
        assertArrayEquals(new long[] {3, 20_000, 1000 + StreamManager.MAX_WAIT_MILLIS}, times.get(1));
    }

    @Test
    void frameThatFellTooFarBehindWhileWaitingIsDroppedNotShownOutOfStep() throws Exception {
        long[] jump = {0};
        List<Long> shown = new ArrayList<>();
        StreamManager timed = new StreamManager(0, new SpiceListener() {
            @Override
            public void onStreamFramePresented(int channelId, int streamId, long frameTime, long clockTime) {
                shown.add(frameTime);
            }

            @Override
            public void onStreamFrameDropped(int channelId, int streamId, StreamDrop reason) {
                drops.add(reason);
            }
        }, surfaces::get, () -> (timer.mmTime + jump[0]) & 0xFFFFFFFFL, () -> timer.nanos, timer);
        timer.mmTime = 1000;
        timed.handle(MessageTypes.DISPLAY_STREAM_CREATE, new WireReader(
                StreamMessages.create(0, 3, TOP_DOWN, MJPEG, fw, fh, destAt(0, 0))), sent::add);
        for (long t : new long[] {1040, 1100, 1180, 1300}) {
            timed.handle(MessageTypes.DISPLAY_STREAM_DATA, new WireReader(StreamMessages.data(3, t, jpeg)), sent::add);
        }
        timer.advance(40);
        assertEquals(List.of(1040L), shown);
        // the audio clock moves 181 ms ahead: 1100 is then 181 ms late, 1180 101 ms (dropped), 1300 is due at 1300
        jump[0] = 181;
        timer.advance(60);
        assertEquals(List.of(1040L), shown);
        assertEquals(List.of(StreamDrop.LATE, StreamDrop.LATE), drops);
        timer.advance(200);
        assertEquals(List.of(1040L, 1300L), shown);
    }

    @Test
    void lateFrameIsDroppedAndCountedWithoutDrawing() throws Exception {
        timer.mmTime = 5000;
        create(1, TOP_DOWN, destAt(0, 0));
        feed(MessageTypes.DISPLAY_STREAM_DATA, StreamMessages.data(1, 4999, jpeg));
        assertEquals(List.of(StreamDrop.LATE), drops);
        assertEquals(0, timer.pending());
        timer.advance(1000);
        assertTrue(events.isEmpty());
        assertEquals(BACKGROUND, px(0, 0));
    }

    @Test
    void framesDueTogetherAreShownInOrderAndTheNextWaits() throws Exception {
        timer.mmTime = 100;
        create(1, TOP_DOWN, destAt(0, 0));
        feed(MessageTypes.DISPLAY_STREAM_DATA, StreamMessages.data(1, 150, jpeg));
        feed(MessageTypes.DISPLAY_STREAM_DATA, StreamMessages.data(1, 160, jpeg));
        feed(MessageTypes.DISPLAY_STREAM_DATA, StreamMessages.data(1, 300, jpeg));
        assertEquals(1, timer.pending(), "one timer for the head frame");
        timer.advance(60);
        assertEquals(List.of("presented 1 at 150", "presented 1 at 160"), events);
        timer.advance(140);
        assertEquals(3, events.size());
        assertEquals("presented 1 at 300", events.get(2));
    }

    @Test
    void multimediaTimeWrapsAroundU32() throws Exception {
        timer.mmTime = 0xFFFFFFF0L;
        create(1, TOP_DOWN, destAt(0, 0));
        feed(MessageTypes.DISPLAY_STREAM_DATA, StreamMessages.data(1, 0x10, jpeg)); // 32 ms later, wrapped
        feed(MessageTypes.DISPLAY_STREAM_DATA, StreamMessages.data(1, 0xFFFFFF00L, jpeg)); // 240 ms late
        assertEquals(List.of(StreamDrop.LATE), drops);
        assertEquals(List.of(32L), timer.delays);
        timer.advance(32);
        assertEquals(1, events.size());
    }

    @Test
    void bottomUpFramesAreFlipped() throws Exception {
        timer.mmTime = 0;
        create(2, 0, destAt(0, 0));
        feed(MessageTypes.DISPLAY_STREAM_DATA, StreamMessages.data(2, 0, jpeg));
        timer.advance(0);
        for (int y = 0; y < fh; y++) {
            assertEquals(frame(3, fh - 1 - y), px(3, y), "row " + y + " comes from frame row " + (fh - 1 - y));
        }
    }

    @Test
    void clipLimitsDrawingAndStreamClipReplacesIt() throws Exception {
        timer.mmTime = 0;
        Rect dest = destAt(0, 0);
        Rect leftHalf = new Rect(0, 0, fw / 2, fh);
        create(3, TOP_DOWN, dest, leftHalf);
        feed(MessageTypes.DISPLAY_STREAM_DATA, StreamMessages.data(3, 0, jpeg));
        timer.advance(0);
        assertEquals(frame(1, 1), px(1, 1));
        assertEquals(BACKGROUND, px(fw / 2, 1), "right of the clip stays untouched");
        assertArrayEquals(new int[] {0, 0, fw / 2, fh}, invalidated.get(0), "only the clipped area is invalidated");

        Rect topRows = new Rect(0, 0, fw, 2);
        feed(MessageTypes.DISPLAY_STREAM_CLIP, StreamMessages.clipMessage(3, topRows));
        feed(MessageTypes.DISPLAY_STREAM_DATA, StreamMessages.data(3, 0, jpeg));
        timer.advance(0);
        assertEquals(frame(fw - 1, 1), px(fw - 1, 1), "new clip lets the top rows through");
        assertEquals(BACKGROUND, px(fw - 1, 2));
    }

    @Test
    void sizedFrameIsScaledIntoItsOwnDestination() throws Exception {
        timer.mmTime = 0;
        create(4, TOP_DOWN, destAt(0, 0));
        Rect big = new Rect(4, 6, 4 + 2 * fw, 6 + 2 * fh);
        feed(MessageTypes.DISPLAY_STREAM_DATA_SIZED, StreamMessages.dataSized(4, 0, fw, fh, big, jpeg));
        timer.advance(0);
        for (int y = 0; y < 2 * fh; y += 3) {
            for (int x = 0; x < 2 * fw; x += 5) {
                assertEquals(frame(x / 2, y / 2), px(4 + x, 6 + y), "pixel " + x + "," + y);
            }
        }
        assertArrayEquals(new int[] {4, 6, 2 * fw, 2 * fh}, invalidated.get(0));
    }

    @Test
    void destroyShowsWaitingFramesAtOnceAndEndsTheStream() throws Exception {
        timer.mmTime = 0;
        create(5, TOP_DOWN, destAt(0, 0));
        feed(MessageTypes.DISPLAY_STREAM_DATA, StreamMessages.data(5, 300, jpeg));
        feed(MessageTypes.DISPLAY_STREAM_DESTROY, StreamMessages.id(5));
        assertEquals(1, events.size(), "the waiting frame is not painted later over newer draws");
        assertEquals(0, timer.pending(), "its timer is cancelled");
        assertEquals(0, streams.size());
        feed(MessageTypes.DISPLAY_STREAM_DATA, StreamMessages.data(5, 300, jpeg));
        assertEquals(List.of(StreamDrop.NO_STREAM), drops, "a frame for an ended stream is dropped");

        create(6, TOP_DOWN, destAt(0, 0));
        create(8, TOP_DOWN, destAt(0, 0));
        feed(MessageTypes.DISPLAY_STREAM_DESTROY_ALL, new byte[0]);
        assertEquals(0, streams.size());
    }

    @Test
    void reportIsSentWhenTheWindowFills() throws Exception {
        timer.mmTime = 1000;
        create(9, TOP_DOWN, destAt(0, 0));
        feed(MessageTypes.DISPLAY_STREAM_ACTIVATE_REPORT, StreamMessages.activateReport(9, 77, 3, 10_000));
        feed(MessageTypes.DISPLAY_STREAM_DATA, StreamMessages.data(9, 1100, jpeg));
        feed(MessageTypes.DISPLAY_STREAM_DATA, StreamMessages.data(9, 990, jpeg)); // late
        assertTrue(sent.isEmpty());
        feed(MessageTypes.DISPLAY_STREAM_DATA, StreamMessages.data(9, 1250, jpeg));
        assertEquals(1, sent.size());
        assertEquals(MessageTypes.MSGC_DISPLAY_STREAM_REPORT, sent.get(0).type());
        WireReader r = new WireReader(sent.get(0).body());
        assertEquals(9, r.u32(), "stream id");
        assertEquals(77, r.u32(), "unique id from ACTIVATE_REPORT");
        assertEquals(1100, r.u32(), "start frame mm time");
        assertEquals(1250, r.u32(), "end frame mm time");
        assertEquals(3, r.u32(), "frames");
        assertEquals(1, r.u32(), "drops");
        assertEquals(250, r.i32(), "last frame delay: frame time minus client time");
        assertEquals(0xFFFFFFFFL, r.u32(), "no audio");
        assertEquals(0, r.remaining());
    }

    @Test
    void reportCarriesThePlaybackDelayWhileAudioPlays() throws Exception {
        streams.setAudioDelay(() -> 135);
        timer.mmTime = 1000;
        create(9, TOP_DOWN, destAt(0, 0));
        feed(MessageTypes.DISPLAY_STREAM_ACTIVATE_REPORT, StreamMessages.activateReport(9, 77, 1, 10_000));
        feed(MessageTypes.DISPLAY_STREAM_DATA, StreamMessages.data(9, 1100, jpeg));
        WireReader r = new WireReader(sent.get(0).body());
        r.skip(28);
        assertEquals(135, r.u32(), "audio_delay: the playback latency");
    }

    @Test
    void reportIsSentAfterTheTimeoutAndAfterThreeDropsInARow() throws Exception {
        timer.mmTime = 1000;
        create(9, TOP_DOWN, destAt(0, 0));
        feed(MessageTypes.DISPLAY_STREAM_ACTIVATE_REPORT, StreamMessages.activateReport(9, 1, 100, 500));
        feed(MessageTypes.DISPLAY_STREAM_DATA, StreamMessages.data(9, 1300, jpeg));
        timer.advance(499);
        feed(MessageTypes.DISPLAY_STREAM_DATA, StreamMessages.data(9, 1800, jpeg));
        assertTrue(sent.isEmpty(), "window still open at 499 ms");
        timer.advance(1);
        feed(MessageTypes.DISPLAY_STREAM_DATA, StreamMessages.data(9, 1900, jpeg));
        assertEquals(1, sent.size(), "timeout of 500 ms passed");
        WireReader r = new WireReader(sent.get(0).body());
        r.skip(16);
        assertEquals(3, r.u32());

        for (int i = 0; i < 3; i++) {
            feed(MessageTypes.DISPLAY_STREAM_DATA, StreamMessages.data(9, 10, jpeg));
        }
        assertEquals(2, sent.size(), "three drops in a row report at once");
        r = new WireReader(sent.get(1).body());
        r.skip(16);
        assertEquals(3, r.u32());
        assertEquals(3, r.u32());
        assertTrue(r.i32() < 0, "negative delay: late");
    }

    @Test
    void undecodableCodecIsReportedToTheServerAndFramesAreDropped() throws Exception {
        // 5 = H.265, which spice-server 0.15 does not send and this client never decodes
        feed(MessageTypes.DISPLAY_STREAM_CREATE, StreamMessages.create(0, 1, TOP_DOWN, 5, 64, 64, destAt(0, 0)));
        feed(MessageTypes.DISPLAY_STREAM_ACTIVATE_REPORT, StreamMessages.activateReport(1, 5, 20, 1000));
        WireReader r = new WireReader(sent.get(0).body());
        r.skip(16);
        assertEquals(0, r.u32(), "no frames");
        assertEquals(0xFFFFFFFFL, r.u32(), "drops = all: the server stops this encoder");
        feed(MessageTypes.DISPLAY_STREAM_DATA, StreamMessages.data(1, 0, new byte[] {1, 2, 3}));
        assertEquals(List.of(StreamDrop.UNDECODABLE), drops);
    }

    /**
     * Garbage where VP8 / H.264 frames belong (GStreamer's decoders from packages.txt): each frame is dropped as
     * undecodable within a bounded time, the stream's decoder is given up after a few, the server is told by a
     * report, and the next stream (MJPEG) is shown as usual.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {2, 3})
    void garbageInAGstreamerStreamEndsThatStreamOnly(int codec) throws Exception {
        org.thinspice.engine.video.VideoDecoders d = org.thinspice.engine.video.VideoDecoders.get();
        assertTrue(d.decodes(org.thinspice.engine.video.VideoCodec.ofType(codec)), d.description());
        streams.setDecoders(d);
        feed(MessageTypes.DISPLAY_STREAM_CREATE, StreamMessages.create(0, 1, TOP_DOWN, codec, 64, 64, destAt(0, 0)));
        feed(MessageTypes.DISPLAY_STREAM_ACTIVATE_REPORT, StreamMessages.activateReport(1, 5, 20, 1000));
        assertEquals(0, sent.size(), "a decoder exists: no report yet");
        java.util.Random random = new java.util.Random(codec);
        long t0 = System.nanoTime();
        for (int i = 0; i < 5; i++) {
            byte[] garbage = new byte[500 + random.nextInt(3000)];
            random.nextBytes(garbage);
            feed(MessageTypes.DISPLAY_STREAM_DATA, StreamMessages.data(1, timer.mmTime, garbage));
            timer.advance(0);
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(java.util.Collections.nCopies(5, StreamDrop.UNDECODABLE), drops);
        assertTrue(ms < 15_000, "five garbage frames took " + ms + " ms");
        feed(MessageTypes.DISPLAY_STREAM_DATA, StreamMessages.data(1, timer.mmTime, new byte[] {1, 2, 3}));
        boolean told = false;
        for (OutgoingMessage m : sent) {
            WireReader r = new WireReader(m.body());
            r.skip(16);
            told |= r.u32() == 0 && r.u32() == 0xFFFFFFFFL;
        }
        assertTrue(told, "the server was told the stream cannot be shown");
        create(2, TOP_DOWN, destAt(0, 0));
        feed(MessageTypes.DISPLAY_STREAM_DATA, StreamMessages.data(2, timer.mmTime, jpeg));
        timer.advance(0);
        assertTrue(events.stream().anyMatch(e -> e.startsWith("presented 2")), events.toString());
        System.out.println("garbage codec " + codec + ": 5 frames dropped in " + ms + " ms");
    }

    @Test
    void brokenFrameIsDroppedAndTheStreamGoesOn() throws Exception {
        create(1, TOP_DOWN, destAt(0, 0));
        byte[] broken = java.util.Arrays.copyOf(jpeg, jpeg.length / 3);
        feed(MessageTypes.DISPLAY_STREAM_DATA, StreamMessages.data(1, 0, broken));
        feed(MessageTypes.DISPLAY_STREAM_DATA, StreamMessages.data(1, 0, jpeg));
        timer.advance(0);
        assertEquals(List.of(StreamDrop.UNDECODABLE), drops);
        assertEquals(1, events.size());
    }

    @Test
    void frameOfAnotherSizeThanTheStreamIsUndecodable() throws Exception {
        feed(MessageTypes.DISPLAY_STREAM_CREATE, StreamMessages.create(0, 1, TOP_DOWN, MJPEG, fw + 1, fh,
                destAt(0, 0)));
        feed(MessageTypes.DISPLAY_STREAM_DATA, StreamMessages.data(1, 0, jpeg));
        timer.advance(0);
        assertEquals(List.of(StreamDrop.UNDECODABLE), drops);
    }

    @Test
    void malformedStreamMessagesAreTypedErrors() throws Exception {
        create(1, TOP_DOWN, destAt(0, 0));
        SpiceProtocolException e;
        byte[] truncated = java.util.Arrays.copyOf(StreamMessages.data(1, 0, jpeg), 40);
        assertThrows(SpiceProtocolException.class, () -> feed(MessageTypes.DISPLAY_STREAM_DATA, truncated));
        assertThrows(SpiceProtocolException.class, () -> create(1, TOP_DOWN, destAt(0, 0)), "created twice");
        e = assertThrows(SpiceProtocolException.class, () -> feed(MessageTypes.DISPLAY_STREAM_CREATE,
                StreamMessages.create(0, 2, 0, MJPEG, 100_000, 10, destAt(0, 0))));
        assertEquals(SpiceReason.LIMIT_EXCEEDED, e.reason());
        assertThrows(SpiceProtocolException.class, () -> feed(MessageTypes.DISPLAY_STREAM_CREATE,
                StreamMessages.create(9, 2, 0, MJPEG, 8, 8, destAt(0, 0))), "unknown surface");
        assertThrows(SpiceProtocolException.class, () -> feed(MessageTypes.DISPLAY_STREAM_CREATE,
                java.util.Arrays.copyOf(StreamMessages.create(0, 3, 0, MJPEG, 8, 8, destAt(0, 0)), 30)));
        assertThrows(SpiceProtocolException.class,
                () -> feed(MessageTypes.DISPLAY_STREAM_CLIP, new byte[] {1, 0, 0, 0, 7}), "bad clip type");
        assertThrows(SpiceProtocolException.class, () -> feed(MessageTypes.DISPLAY_STREAM_DATA_SIZED,
                StreamMessages.dataSized(1, 0, 0, 10, destAt(0, 0), jpeg)), "zero-width sized frame");
        assertThrows(SpiceProtocolException.class,
                () -> feed(MessageTypes.DISPLAY_STREAM_ACTIVATE_REPORT, new byte[] {1, 0, 0, 0}));
        byte[] unknownTruncated = java.util.Arrays.copyOf(StreamMessages.data(2, 0, jpeg), 40);
        assertThrows(SpiceProtocolException.class, () -> feed(MessageTypes.DISPLAY_STREAM_DATA, unknownTruncated),
                "a frame for an unknown stream is still checked against the message end");
        assertThrows(SpiceProtocolException.class, () -> feed(MessageTypes.DISPLAY_STREAM_CLIP,
                new byte[] {9, 0, 0, 0, 1, 5, 0, 0, 0}), "clip of an unknown stream is still parsed");
    }

    @Test
    void messagesForStreamsNeverCreatedHereAreIgnoredAsSpiceGtkDoes() throws Exception {
        feed(MessageTypes.DISPLAY_STREAM_CLIP, StreamMessages.clipMessage(49, new Rect(0, 0, 4, 4)));
        feed(MessageTypes.DISPLAY_STREAM_ACTIVATE_REPORT, StreamMessages.activateReport(49, 1, 20, 1000));
        feed(MessageTypes.DISPLAY_STREAM_DATA, StreamMessages.data(49, 0, jpeg));
        feed(MessageTypes.DISPLAY_STREAM_DESTROY, StreamMessages.id(49));
        assertEquals(List.of(StreamDrop.NO_STREAM), drops);
        assertTrue(sent.isEmpty());
        assertEquals(0, timer.pending());
        assertEquals(BACKGROUND, px(0, 0));
    }

    @Test
    void streamCountIsCapped() throws Exception {
        for (int i = 0; i < StreamManager.MAX_STREAMS; i++) {
            create(i, TOP_DOWN, destAt(0, 0));
        }
        SpiceProtocolException e = assertThrows(SpiceProtocolException.class,
                () -> create(StreamManager.MAX_STREAMS, TOP_DOWN, destAt(0, 0)));
        assertEquals(SpiceReason.LIMIT_EXCEEDED, e.reason());
    }

    @Test
    void waitingFramesAreBoundedAndFarFutureFramesDoNotFreezeTheStream() throws Exception {
        timer.mmTime = 0;
        create(1, TOP_DOWN, destAt(0, 0));
        for (int i = 0; i <= StreamManager.MAX_PENDING_FRAMES; i++) {
            feed(MessageTypes.DISPLAY_STREAM_DATA, StreamMessages.data(1, 1000 + i, jpeg));
        }
        assertEquals(List.of(StreamDrop.QUEUE_FULL), drops);
        timer.advance(2000);
        assertEquals(StreamManager.MAX_PENDING_FRAMES, events.size());

        feed(MessageTypes.DISPLAY_STREAM_DATA, StreamMessages.data(1, timer.mmTime + 3_600_000L, jpeg));
        assertEquals(StreamManager.MAX_WAIT_MILLIS, timer.delays.get(timer.delays.size() - 1),
                "a frame an hour ahead waits at most the server's largest playback delay");
    }

    @Test
    void destinationWiderThanAnIntIsClippedToTheSurface() throws Exception {
        create(1, TOP_DOWN, destAt(0, 0));
        Rect huge = new Rect(Integer.MIN_VALUE + 1, Integer.MIN_VALUE + 1, Integer.MAX_VALUE, Integer.MAX_VALUE);
        feed(MessageTypes.DISPLAY_STREAM_DATA_SIZED, StreamMessages.dataSized(1, 0, fw, fh, huge, jpeg));
        timer.advance(0);
        assertEquals(1, events.size());
        assertTrue(drops.isEmpty());
        assertArrayEquals(new int[] {0, 0, screen.width(), screen.height()}, invalidated.get(0));
    }

    @Test
    void closeCancelsTimers() throws Exception {
        create(1, TOP_DOWN, destAt(0, 0));
        feed(MessageTypes.DISPLAY_STREAM_DATA, StreamMessages.data(1, 500, jpeg));
        streams.close();
        assertEquals(0, timer.pending());
        timer.advance(1000);
        assertTrue(events.isEmpty());
    }
}
