package org.thinspice.engine.it;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.thinspice.engine.ConnectionProfile;
import org.thinspice.engine.SpiceConnectOptions;
import org.thinspice.engine.display.StreamDrop;
import org.thinspice.engine.display.Surface;
import org.thinspice.engine.video.VideoCodec;
import org.thinspice.engine.video.VideoDecoders;
import org.thinspice.testbed.GuestConsole;
import org.thinspice.testbed.Picture;
import org.thinspice.testbed.QemuSpiceServer;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tiny guest's animation as a VP8 / VP9 / H.264 stream: the engine announces the codec (GStreamer has its
 * decoder, from spice-engine/packages.txt) and asks for it first; spice-server encodes with GStreamer
 * (vp8enc / vp9enc / x264enc, testbed/packages.txt) and the frames are decoded by the native pipeline. With the
 * animation frozen (SIGSTOP) while the stream still runs, the decoded picture is compared with QEMU's
 * screendump by PSNR (lossy codec: close, not equal — a decoder that draws nothing or garbage fails here); once
 * the guest redraws {@code bars} losslessly, the surface equals the screendump pixel for pixel.
 */
class VideoCodecIT {
    private static final int FRAMES = 60;
    /**
     * Lossy stream picture against the screendump (measured 26.9–50.9 dB); the animation one step (16 px) behind
     * gives 22–23 dB, a wrong or empty decode far less.
     */
    private static final double MIN_PSNR_DB = 24;

    @ParameterizedTest(name = "codec={0}")
    @ValueSource(strings = {"vp8", "h264", "vp9"})
    void animationDecodedNativelyAndEndsPixelExact(String label) throws Exception {
        VideoCodec codec = VideoCodec.parseList(label).get(0);
        VideoDecoders decoders = VideoDecoders.get();
        assertTrue(decoders.decodes(codec), "GStreamer decoder for " + label + ": " + decoders.description());
        try (QemuSpiceServer qemu = QemuSpiceServer.builder().tinyGuest("anim").vga("qxl")
                .streamingVideo("filter").start()) {
            qemu.awaitGuestReady(Duration.ofSeconds(90));
            SpiceConnectOptions options = SpiceConnectOptions.builder().host(qemu.host()).port(qemu.port())
                    // lan: lossless images (LZ/QUIC), so the redraw after the stream is exact (as StreamIT)
                    .profile(ConnectionProfile.LAN).videoCodecs(List.of(codec, VideoCodec.MJPEG)).build();
            try (EngineProbe probe = EngineProbe.connect(options)) {
                probe.await(() -> probe.decoded(codec.type()) >= FRAMES, Duration.ofSeconds(120),
                        FRAMES + " " + label + " stream frames decoded");
                String decoder = probe.session.streamDecoder();
                assertEquals(label + ": " + decoders.decoderFor(codec), decoder);

                GuestConsole console = qemu.console();
                // Freeze the animation without waiting for the console's answer (slow under load): the server ends
                // the idle stream about a second after its last frame, and the frozen frame must be seen before.
                // While the stream lives, the surface is sampled; the guest's still picture is dumped afterwards.
                console.send("killall -STOP tbpattern\n");
                List<int[]> shown = new java.util.ArrayList<>();
                long until = System.nanoTime() + 4_000_000_000L;
                while (System.nanoTime() < until && shown.size() < 40) {
                    int[] px = probe.session.primarySurface().snapshot();
                    if (probe.streamsLive.get() == 0) {
                        break; // the stream (and maybe a lossless redraw) came first: not a decoded picture
                    }
                    shown.add(px);
                    Thread.sleep(75);
                }
                console.run("true", Duration.ofSeconds(30)); // the shell ran the kill before this
                Picture dump = qemu.qmp().screendump();
                Thread.sleep(300);
                assertTrue(dump.sameRgb(qemu.qmp().screendump()), "the animation froze");
                // The best match must be close but lossy: a lossless upgrade drawn over the stream would be an
                // exact match and prove nothing about the decoder.
                Surface s = probe.session.primarySurface();
                double best = 0;
                int[] bestShown = null;
                for (int[] px : shown) {
                    double psnr = psnr(px, dump);
                    if (psnr > best && psnr != Double.POSITIVE_INFINITY) {
                        best = psnr;
                        bestShown = px;
                    }
                }
                System.out.printf("VideoCodecIT %s: decoder %s, PSNR of the frozen frame %.1f dB (%d samples while"
                        + " the stream lived)%n", label, decoder, best, shown.size());
                if (bestShown != null) {
                    savePng(label + "-engine.png", s.width(), s.height(), bestShown);
                    savePng(label + "-screendump.png", dump.width(), dump.height(), dump.pixels());
                }
                assertTrue(best >= MIN_PSNR_DB, String.format("best lossy match while the stream lived: %.1f dB < %.0f"
                        + " dB (%d samples)", best, MIN_PSNR_DB, shown.size()));

                console.run("killall -9 tbpattern; sleep 0.3; /tbpattern bars", Duration.ofSeconds(30));
                probe.await(() -> probe.streamsLive.get() == 0, Duration.ofSeconds(30), "the stream to end");
                probe.awaitQuiet(Duration.ofMillis(1500), Duration.ofSeconds(30));
                String counts = probe.stats.toJson();
                assertEquals(0, probe.stats.streamFramesDropped(StreamDrop.UNDECODABLE), counts);
                EngineProbe.Mismatch m = probe.compareWithScreendump(qemu.qmp(), 20);
                assertEquals(0, m.count(), m + "; " + counts);
                System.out.println("VideoCodecIT " + label + ": " + counts);
            }
        }
    }

    private static void savePng(String name, int w, int h, int[] argb) throws java.io.IOException {
        java.nio.file.Path dir = java.nio.file.Path.of("target", "video-codec-it");
        java.nio.file.Files.createDirectories(dir);
        try (var o = java.nio.file.Files.newOutputStream(dir.resolve(name))) {
            org.thinspice.engine.cli.PngWriter.write(w, h, argb, o);
        }
    }

    /** PSNR over RGB of the whole screen (identical pictures: +∞). */
    static double psnr(int[] engine, Picture dump) {
        long sq = 0;
        int w = dump.width();
        int n = w * dump.height();
        for (int i = 0; i < n; i++) {
            int a = engine[i];
            int e = dump.rgb(i % w, i / w);
            for (int shift = 0; shift <= 16; shift += 8) {
                int d = ((a >> shift) & 0xFF) - ((e >> shift) & 0xFF);
                sq += (long) d * d;
            }
        }
        if (sq == 0) {
            return Double.POSITIVE_INFINITY;
        }
        double mse = sq / (3.0 * n);
        return 10 * Math.log10(255.0 * 255.0 / mse);
    }
}
