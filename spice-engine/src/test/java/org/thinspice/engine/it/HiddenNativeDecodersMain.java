package org.thinspice.engine.it;

import org.thinspice.engine.ConnectionProfile;
import org.thinspice.engine.SpiceConnectOptions;
import org.thinspice.engine.SpiceListener;
import org.thinspice.engine.SpiceSession;
import org.thinspice.engine.video.VideoCodec;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Run by {@link HiddenNativeDecodersIT} in a JVM of its own: connects to {@code host port} asking for VP8,
 * H.264 then MJPEG, waits for 20 decoded stream frames and prints what happened, one fact per line.
 */
public final class HiddenNativeDecodersMain {
    private HiddenNativeDecodersMain() {
    }

    public static void main(String[] args) throws Exception {
        Set<Integer> codecs = ConcurrentHashMap.newKeySet();
        AtomicLong decoded = new AtomicLong();
        SpiceListener listener = new SpiceListener() {
            @Override
            public void onStreamCreated(int ch, int id, int codec, int w, int h) {
                codecs.add(codec);
            }

            @Override
            public void onStreamFrameDecoded(int ch, int codec, int pixels, long nanos) {
                decoded.incrementAndGet();
            }
        };
        SpiceConnectOptions options = SpiceConnectOptions.builder().host(args[0]).port(Integer.parseInt(args[1]))
                .profile(ConnectionProfile.LAN)
                .videoCodecs(VideoCodec.parseList("vp8,h264,mjpeg")).build();
        SpiceSession session = SpiceSession.connect(options, listener).get(30, TimeUnit.SECONDS);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (decoded.get() < 20 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            System.out.println("decoded " + decoded.get());
            System.out.println("stream codecs " + codecs);
            System.out.println("stream decoder " + session.streamDecoder());
            StringBuilder caps = new StringBuilder("announces");
            for (VideoCodec c : VideoCodec.values()) {
                caps.append(' ').append(c.label()).append('=')
                        .append(session.display(0).channelCaps().has(c.capability()));
            }
            System.out.println(caps);
            System.out.println("decoders " + SpiceSession.videoDecoders());
        } finally {
            session.close();
        }
    }
}
