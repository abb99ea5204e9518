package org.thinspice.engine.display;

import org.junit.jupiter.api.Test;
import org.thinspice.engine.ConnectionProfile;
import org.thinspice.engine.SpiceException;
import org.thinspice.engine.SpiceListener;
import org.thinspice.engine.SpiceReason;
import org.thinspice.engine.channel.MessageTypes;
import org.thinspice.engine.channel.MultimediaClock;
import org.thinspice.engine.channel.NetTest;
import org.thinspice.engine.channel.OutgoingMessage;
import org.thinspice.engine.image.GlzWindow;
import org.thinspice.engine.link.Caps;
import org.thinspice.engine.link.LinkReply;
import org.thinspice.engine.video.VideoCodec;
import org.thinspice.engine.video.VideoDecoders;
import org.thinspice.engine.vv.VvConnect;
import org.thinspice.engine.vv.VvFile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Connection profiles, the preferences they send, the link measurement behind AUTO, and the caps offered. */
class ClientPreferencesTest {
    private static final Caps BOTH = Caps.of(ClientPreferences.CAP_PREF_COMPRESSION,
            ClientPreferences.CAP_PREF_VIDEO_CODEC_TYPE);

    @Test
    void lanAsksForLzAndWanForAutoGlzBothForMjpegWithoutGstreamer() {
        List<OutgoingMessage> lan = ClientPreferences.messages(ConnectionProfile.LAN, BOTH);
        assertEquals(MessageTypes.MSGC_DISPLAY_PREFERRED_COMPRESSION, lan.get(0).type());
        assertArrayEquals(new byte[] {ClientPreferences.COMPRESSION_LZ}, lan.get(0).body());
        assertEquals(MessageTypes.MSGC_DISPLAY_PREFERRED_VIDEO_CODEC_TYPE, lan.get(1).type());
        assertArrayEquals(new byte[] {1, StreamManager.CODEC_MJPEG}, lan.get(1).body());
        List<OutgoingMessage> wan = ClientPreferences.messages(ConnectionProfile.WAN, BOTH);
        assertArrayEquals(new byte[] {ClientPreferences.COMPRESSION_AUTO_GLZ}, wan.get(0).body());
    }

    @Test
    void profilesAskForTheCodecsTheMeasurementsChose() {
        List<VideoCodec> all = List.of(VideoCodec.MJPEG, VideoCodec.VP8, VideoCodec.H264);
        List<OutgoingMessage> wan = ClientPreferences.messages(ConnectionProfile.WAN, BOTH, null, all);
        assertArrayEquals(new byte[] {3, 3, 2, 1}, wan.get(1).body(), "wan: H.264, VP8, MJPEG");
        List<OutgoingMessage> wanNoGst = ClientPreferences.messages(ConnectionProfile.WAN, BOTH, null,
                List.of(VideoCodec.MJPEG));
        assertArrayEquals(new byte[] {1, 1}, wanNoGst.get(1).body(), "wan without GStreamer: MJPEG");
        List<OutgoingMessage> lan = ClientPreferences.messages(ConnectionProfile.LAN, BOTH, null, all);
        assertArrayEquals(new byte[] {1, 1}, lan.get(1).body(), "lan, software decoders: MJPEG");
        List<OutgoingMessage> lanVa = ClientPreferences.messages(ConnectionProfile.LAN, BOTH, null, all,
                List.of(VideoCodec.H264));
        assertArrayEquals(new byte[] {2, 3, 1}, lanVa.get(1).body(), "lan with VA-API H.264: H.264, MJPEG");
        List<OutgoingMessage> configured = ClientPreferences.messages(ConnectionProfile.WAN, BOTH,
                List.of(VideoCodec.VP8), all);
        assertArrayEquals(new byte[] {1, 2}, configured.get(1).body(), "a configured order wins over the profile's");
    }

    @Test
    void preferencesAreSentOnlyWhenTheServerHasTheCap() {
        assertTrue(ClientPreferences.messages(ConnectionProfile.LAN, Caps.of()).isEmpty());
        assertTrue(ClientPreferences.messages(ConnectionProfile.SERVER, BOTH).isEmpty(), "server profile: none");
        List<OutgoingMessage> onlyCodec = ClientPreferences.messages(ConnectionProfile.LAN,
                Caps.of(ClientPreferences.CAP_PREF_VIDEO_CODEC_TYPE));
        assertEquals(1, onlyCodec.size());
        assertEquals(MessageTypes.MSGC_DISPLAY_PREFERRED_VIDEO_CODEC_TYPE, onlyCodec.get(0).type());
    }

    @Test
    void autoResolvesByMeasuredBandwidth() {
        assertEquals(ConnectionProfile.LAN, ConnectionProfile.AUTO.resolve(-1), "nothing measured: local");
        assertEquals(ConnectionProfile.LAN, ConnectionProfile.AUTO.resolve(100_000_000));
        assertEquals(ConnectionProfile.WAN, ConnectionProfile.AUTO.resolve(2_000_000));
        assertEquals(ConnectionProfile.WAN, ConnectionProfile.WAN.resolve(1_000_000_000));
        assertEquals(ConnectionProfile.LAN, ConnectionProfile.LAN.resolve(1));
        assertEquals(ConnectionProfile.WAN, ConnectionProfile.parse(" WAN "));
        assertEquals(ConnectionProfile.SERVER, ConnectionProfile.parse(null));
        assertEquals(ConnectionProfile.SERVER, ConnectionProfile.SERVER.resolve(1));
        assertThrows(IllegalArgumentException.class, () -> ConnectionProfile.parse("fast"));
    }

    @Test
    void netTestMeasuresTheRatePingAfterTheLatencyPing() {
        long[] now = {0};
        NetTest t = new NetTest(() -> now[0]);
        t.onPing(1, 12);          // warm-up
        now[0] = 1_000_000;
        t.onPing(2, 12);          // latency
        assertEquals(-1, t.bitsPerSecond());
        now[0] += 200_000_000;    // 250 KiB in 200 ms
        t.onPing(3, 12 + 256_000);
        assertEquals((12 + 256_000) * 8 * 5, t.bitsPerSecond(), 1);
        assertEquals(ConnectionProfile.LAN, ConnectionProfile.AUTO.resolve(t.bitsPerSecond()));
        now[0] += 10_000_000_000L;
        t.onPing(9, 300_000);
        assertEquals((12 + 256_000) * 8 * 5, t.bitsPerSecond(), 1, "only the first test counts");
    }

    @Test
    void slowLinkMakesAutoWan() {
        long[] now = {0};
        NetTest t = new NetTest(() -> now[0]);
        t.onPing(2, 12);
        now[0] = 1_000_000_000L; // 250 KiB in a second: 2 Mbit/s
        t.onPing(3, 256_012);
        assertEquals(ConnectionProfile.WAN, ConnectionProfile.AUTO.resolve(t.bitsPerSecond()));
    }

    @Test
    void configuredCodecOrderGoesOutWithAnyProfileLimitedToWhatDecodes() {
        List<VideoCodec> decodable = List.of(VideoCodec.MJPEG, VideoCodec.VP8, VideoCodec.H264);
        List<VideoCodec> order = VideoCodec.parseList("vp9, h264,vp8,mjpeg,vp8");
        List<OutgoingMessage> server = ClientPreferences.messages(ConnectionProfile.SERVER, BOTH, order, decodable);
        assertEquals(List.of(MessageTypes.MSGC_DISPLAY_PREFERRED_VIDEO_CODEC_TYPE),
                server.stream().map(OutgoingMessage::type).toList(), "server profile: the codec order alone");
        assertArrayEquals(new byte[] {3, 3, 2, 1}, server.get(0).body(), "VP9 left out: no decoder");
        List<OutgoingMessage> lan = ClientPreferences.messages(ConnectionProfile.LAN, BOTH, List.of(VideoCodec.VP9),
                decodable);
        assertArrayEquals(new byte[] {1, 1}, lan.get(1).body(), "nothing decodable asked for: MJPEG");
        assertThrows(IllegalArgumentException.class, () -> VideoCodec.parseList("vp8,theora"));
    }

    @Test
    void displayAnnouncesTheCodecsGstreamerDecodesHere() {
        DisplayChannel d = new DisplayChannel(0, new SpiceListener() { }, new PixmapCache(1 << 20),
                new GlzWindow(1 << 20, Duration.ZERO), 1 << 19);
        VideoDecoders found = VideoDecoders.get();
        d.setDecoders(found);
        Caps caps = d.channelCaps();
        // gstreamer1.0-plugins-good and -libav (spice-engine/packages.txt): VP8, VP9 and H.264 decoders
        for (VideoCodec c : VideoCodec.values()) {
            assertTrue(caps.has(c.capability()), c + ": " + found.description());
        }
        assertTrue(!caps.has(14), "no H.265");
    }

    @Test
    void displayOffersStreamCapsAndSendsPreferencesOnceAfterTheServersFirstMessage() throws SpiceException {
        DisplayChannel d = new DisplayChannel(0, new SpiceListener() { }, new PixmapCache(1 << 20),
                new GlzWindow(1 << 20, Duration.ZERO), 1 << 19, new MultimediaClock(System::nanoTime),
                () -> ConnectionProfile.WAN);
        d.setDecoders(VideoDecoders.probe("off", VideoDecoders.DEFAULT_LIBRARY)); // as on a terminal without GStreamer
        Caps caps = d.channelCaps();
        for (int cap : new int[] {DisplayChannel.CAP_SIZED_STREAM, DisplayChannel.CAP_STREAM_REPORT,
                DisplayChannel.CAP_MULTI_CODEC, DisplayChannel.CAP_CODEC_MJPEG, DisplayChannel.CAP_LZ4_COMPRESSION}) {
            assertTrue(caps.has(cap), "cap " + cap);
        }
        assertTrue(caps.has(DisplayChannel.CAP_MONITORS_CONFIG), "monitor layouts are handled");
        assertTrue(!caps.has(10) && !caps.has(11) && !caps.has(13) && !caps.has(14),
                "no video codec this client cannot decode (VP8, H.264, VP9, H.265)");
        List<OutgoingMessage> sent = new ArrayList<>();
        d.onLinked(new LinkReply(new byte[0], Caps.of(), BOTH), sent::add);
        assertEquals(List.of(MessageTypes.MSGC_DISPLAY_INIT), sent.stream().map(OutgoingMessage::type).toList(),
                "nothing may follow INIT until the server has set this client up");
        d.onMessage(new org.thinspice.engine.channel.SpiceMessage(MessageTypes.DISPLAY_MARK, new byte[0]), sent::add);
        d.onMessage(new org.thinspice.engine.channel.SpiceMessage(MessageTypes.DISPLAY_MARK, new byte[0]), sent::add);
        assertEquals(List.of(MessageTypes.MSGC_DISPLAY_INIT, MessageTypes.MSGC_DISPLAY_PREFERRED_COMPRESSION,
                MessageTypes.MSGC_DISPLAY_PREFERRED_VIDEO_CODEC_TYPE), sent.stream().map(OutgoingMessage::type).toList());
        assertArrayEquals(new byte[] {ClientPreferences.COMPRESSION_AUTO_GLZ}, sent.get(1).body());
    }

    @Test
    void vvFileCarriesTheProfile() throws SpiceException {
        String vv = "[virt-viewer]\ntype=spice\nhost=127.0.0.1\nport=5900\n[thinspice]\nprofile=wan\n";
        assertEquals(ConnectionProfile.WAN, VvConnect.options(VvFile.parse(vv)).build().profile());
        String none = "[virt-viewer]\ntype=spice\nhost=127.0.0.1\nport=5900\n";
        assertEquals(ConnectionProfile.SERVER, VvConnect.options(VvFile.parse(none)).build().profile(),
                "without a profile the server's configuration stands");
        assertEquals(ConnectionProfile.AUTO, VvConnect.options(VvFile.parse(none + "[thinspice]\nprofile=auto\n"))
                .build().profile());
        SpiceException e = assertThrows(SpiceException.class, () -> VvConnect.options(
                VvFile.parse(none + "[thinspice]\nprofile=warp\n")));
        assertEquals(SpiceReason.BAD_CONNECTION_FILE, e.reason());
    }
}
