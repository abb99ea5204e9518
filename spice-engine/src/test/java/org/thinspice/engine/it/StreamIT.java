package org.thinspice.engine.it;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.thinspice.engine.ConnectionProfile;
import org.thinspice.engine.SpiceConnectOptions;
import org.thinspice.engine.display.StreamDrop;
import org.thinspice.engine.display.Surface;
import org.thinspice.engine.image.JpegDecoders;
import org.thinspice.testbed.GuestConsole;
import org.thinspice.testbed.Picture;
import org.thinspice.testbed.QemuSpiceServer;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tiny guest's animation (qxl-drm, streaming-video=filter) becomes an MJPEG stream; the engine decodes
 * it and shows at least 95 % of the server's stream frames at their multimedia time; once the animation
 * stops and the guest redraws {@code bars}, the surface equals QEMU's screendump.
 */
class StreamIT {
    /** Stream frames to watch before stopping the animation (~12 frames/s under TCG). */
    private static final int FRAMES = 120;

    @ParameterizedTest(name = "profile={0}")
    @ValueSource(strings = {"lan", "wan"})
    void animationStreamsAndEndsPixelExact(String profile) throws Exception {
        try (QemuSpiceServer qemu = QemuSpiceServer.builder().tinyGuest("anim").vga("qxl")
                .streamingVideo("filter").start()) {
            qemu.awaitGuestReady(Duration.ofSeconds(90));
            SpiceConnectOptions options = SpiceConnectOptions.builder().host(qemu.host()).port(qemu.port())
                    .profile(ConnectionProfile.parse(profile)).build();
            try (EngineProbe probe = EngineProbe.connect(options)) {
                probe.await(() -> probe.stats.streamFramesReceived() >= FRAMES, Duration.ofSeconds(90),
                        FRAMES + " stream frames");
                assertEquals(ConnectionProfile.parse(profile), probe.session.resolvedProfile());

                GuestConsole console = qemu.console();
                console.run("killall tbpattern; sleep 0.3; /tbpattern bars", Duration.ofSeconds(30));
                // The server ends an idle stream after about a second; waiting frames are shown by then.
                probe.await(() -> probe.streamsLive.get() == 0, Duration.ofSeconds(30), "the stream to end");
                probe.awaitQuiet(Duration.ofMillis(1500), Duration.ofSeconds(30));

                long received = probe.stats.streamFramesReceived();
                long presented = probe.stats.streamFramesPresented();
                String counts = probe.stats.toJson();
                assertTrue(presented >= Math.ceil(0.95 * received),
                        presented + " of " + received + " stream frames presented: " + counts);
                // every decoded frame was shown, except one the decode left too late (dropped as late, MAX_LATE_MILLIS)
                long decoded = probe.stats.streamFramesDecoded();
                assertTrue(decoded >= presented && decoded - presented <= probe.stats.streamFramesDropped(StreamDrop.LATE),
                        counts);
                assertEquals(0, probe.stats.streamFramesDropped(StreamDrop.UNDECODABLE), counts);
                // The frames went through TurboJPEG (libturbojpeg0 from spice-engine/packages.txt), not Java.
                assertTrue(JpegDecoders.backend().isNative(), JpegDecoders.backend().description());

                EngineProbe.Mismatch m = probe.compareWithScreendump(qemu.qmp(), 20);
                assertEquals(0, m.count(), m + "; " + counts);
                System.out.println("StreamIT profile=" + profile + ": " + probe.stats.toJson());
            }
        }
    }
}
