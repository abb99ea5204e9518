package org.thinspice.device.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.thinspice.device.backends.sim.MassStorageStick;
import org.thinspice.device.backends.sim.RamBlockStore;
import org.thinspice.device.usbredir.Negotiation;
import org.thinspice.device.usbredir.Role;
import org.thinspice.device.usbredir.UsbredirPacket;
import org.thinspice.device.usbredir.UsbredirWriter;
import org.thinspice.engine.ChannelType;
import org.thinspice.engine.SpiceConnectOptions;
import org.thinspice.engine.SpiceException;
import org.thinspice.engine.SpiceListener;
import org.thinspice.engine.SpiceSession;
import org.thinspice.engine.hostile.FakeSpiceServer;
import org.thinspice.engine.hostile.LogWatch;

/**
 * A scripted fake SPICE server offers two usbredir channels: channel 0 speaks broken usbredir, channel 1
 * a correct hello. Channel 0 must close with one log line naming the problem; the session and
 * channel 1 (with its device connected) stay up.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MalformedPeerTest {
    private static final int USBREDIR = 9;
    private static final int QEMU_CAPS = 0xFE;
    private FakeSpiceServer server;
    private LogWatch logs;

    @BeforeEach
    void start() throws Exception {
        server = new FakeSpiceServer("pw");
        logs = new LogWatch();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        logs.close();
    }

    private static byte[] header(int type, long length, long id, boolean ids64) {
        ByteBuffer b = ByteBuffer.allocate(ids64 ? 16 : 12).order(ByteOrder.LITTLE_ENDIAN).putInt(type)
                .putInt((int) length);
        return (ids64 ? b.putLong(id) : b.putInt((int) id)).array();
    }

    private static byte[] hello() {
        return new UsbredirWriter(Role.GUEST, new Negotiation(QEMU_CAPS)).write(0,
                new UsbredirPacket.Hello("scripted guest", QEMU_CAPS));
    }

    static Stream<Arguments> malformations() {
        ByteArrayOutputStream cancels = new ByteArrayOutputStream();
        cancels.writeBytes(hello());
        for (int i = 0; i < 2000; i++) {
            cancels.writeBytes(header(21, 0, 100_000 + i, true));
        }
        return Stream.of(
                Arguments.of("oversized length", FakeSpiceServer.concat(hello(), header(101, 0xFFFFFFF0L, 1, true)),
                        "exceeds the"),
                Arguments.of("unknown type", FakeSpiceServer.concat(hello(), header(77, 0, 1, true)),
                        "unknown usbredir packet type 77"),
                Arguments.of("before hello", header(3, 0, 1, false), "RESET before hello"),
                Arguments.of("flood of cancels", cancels.toByteArray(), "a flood of"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformations")
    void brokenChannelClosesAloneWithOneLogLine(String what, byte[] script, String expected) throws Exception {
        // SPICEVMC data messages of 1000 bytes: usbredir packets straddle them, as with spice-server.
        List<byte[]> frames = new java.util.ArrayList<>();
        for (int at = 0; at < script.length; at += 1000) {
            frames.add(FakeSpiceServer.frame(101, java.util.Arrays.copyOfRange(script, at,
                    Math.min(script.length, at + 1000))));
        }
        server.channelsList(() -> FakeSpiceServer.channelsList(new int[][] {{USBREDIR, 0}, {USBREDIR, 1}}))
                .channelScript((type, id) -> type == USBREDIR
                        ? (id == 0 ? frames : List.of(FakeSpiceServer.frame(101, hello()))) : List.of());
        BlockingQueue<String> closed = new LinkedBlockingQueue<>();
        BlockingQueue<String> ended = new LinkedBlockingQueue<>();
        UsbredirChannelPort good = new UsbredirChannelPort(1, new MassStorageStick(new RamBlockStore(64), "TS1"),
                new HostEvents() { });
        SpiceConnectOptions options = SpiceConnectOptions.builder().host("127.0.0.1").port(server.port())
                .password("pw").connectTimeout(Duration.ofSeconds(5)).linkTimeout(Duration.ofSeconds(5))
                .usbredir(id -> id == 0 ? new UsbredirChannelPort(0, null, new HostEvents() { }) : good).build();
        SpiceSession session = SpiceSession.connect(options, new SpiceListener() {
            @Override
            public void onChannelClosed(ChannelType type, int id, SpiceException cause) {
                closed.add(type + " " + id + " " + (cause == null ? "" : cause.getMessage()));
            }

            @Override
            public void onDisconnected(SpiceException cause) {
                ended.add(String.valueOf(cause));
            }
        }).get(10, TimeUnit.SECONDS);
        try {
            String c = closed.poll(10, TimeUnit.SECONDS);
            assertTrue(c != null && c.startsWith("USBREDIR 0 ") && c.contains(expected), what + ": " + c);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while ((good.host() == null || !good.host().connected()) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(good.host() != null && good.host().connected(), "channel 1 still serves its device");
            Thread.sleep(200);
            assertNull(closed.poll(), "only channel 0 closed");
            assertNull(ended.poll(), "the session is still up");
            List<String> lines = logs.problems().stream().filter(l -> l.contains("usbredir channel 0")).toList();
            assertEquals(1, lines.size(), "one log line: " + logs.problems());
            assertTrue(lines.get(0).contains("closing it, the desktop broke the usbredir protocol")
                    && lines.get(0).contains(expected), lines.get(0));
        } finally {
            session.close();
        }
    }
}
