package org.thinspice.engine.it;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.thinspice.engine.SpiceConnectOptions;
import org.thinspice.engine.SpiceException;
import org.thinspice.engine.SpiceReason;
import org.thinspice.engine.SpiceTlsException;
import org.thinspice.engine.vv.VvConnect;
import org.thinspice.testbed.Pki;
import org.thinspice.testbed.QemuSpiceServer;
import org.thinspice.testbed.RemoteViewer;
import org.thinspice.testbed.XServer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SPICE TLS certificate checks against QEMU's {@code tls-port} with certificates made here, each row a
 * {@code .vv} file given to thinspice's engine and to remote-viewer 11 (spice-gtk 0.42, whose checks are
 * spice-common's {@code ssl_verify.c}); both must reach the row's outcome. remote-viewer's outcome: connected
 * when QEMU's {@code query-spice} lists its TLS main channel, refused with the check spice-common names in
 * its warning (chain / expired / subject / hostname). The first row's picture must equal QEMU's screendump.
 */
class TlsCertificateIT {
    private static final Duration RV_DECISION = Duration.ofSeconds(60);
    private static final Pattern RV_REFUSAL = Pattern.compile(
            "ssl: subject '.*' verification failed|ssl: hostname '.*' verification failed"
                    + "|Error in (?:server certificate|certificate chain) verification: ([^(]*)");

    /** The desktops: one certificate each (QEMU reads its certificates once, at start). */
    enum Desk {
        /** {@code O=Thin Corp,CN=desk.example}, no subjectAltName (as QEMU's and oVirt's docs make them); the tiny guest. */
        NAMED_NO_SAN,
        /** {@code O=Thin Corp,CN=127.0.0.1}, no subjectAltName. */
        ADDRESS_CN_NO_SAN,
        /** {@code O=Thin Corp,CN=desk.example} with {@code IP:127.0.0.1}, expired at the start of 2021. */
        EXPIRED,
        /** {@code O=Thin Corp,CN=127.0.0.1} with only {@code DNS:desk.example}: the CN is not consulted. */
        SAN_WITHOUT_HOST
    }

    /** One .vv: which desktop, which CA, which host-subject (null: none), and the outcome (null: connects). */
    record Row(String name, Desk desk, boolean rightCa, String hostSubject, SpiceReason refusal) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Row> rows() {
        return Stream.of(
                new Row("right CA, matching host-subject, no SAN: connects, picture = screendump", Desk.NAMED_NO_SAN,
                        true, "O=Thin Corp,CN=desk.example", null),
                new Row("host-subject of another subject: refused (subject)", Desk.NAMED_NO_SAN, true,
                        "O=Thin Corp,CN=evil.example", SpiceReason.TLS_SUBJECT_MISMATCH),
                new Row("wrong CA: refused (chain)", Desk.NAMED_NO_SAN, false, "O=Thin Corp,CN=desk.example",
                        SpiceReason.TLS_CHAIN_UNTRUSTED),
                new Row("no host-subject, host not in the certificate: refused (host name)", Desk.NAMED_NO_SAN, true,
                        null, SpiceReason.TLS_HOST_NAME_MISMATCH),
                new Row("host-subject in reverse order: refused (subject)", Desk.NAMED_NO_SAN, true,
                        "CN=desk.example,O=Thin Corp", SpiceReason.TLS_SUBJECT_MISMATCH),
                new Row("host-subject with other spacing and letter case: connects", Desk.NAMED_NO_SAN, true,
                        "O= thin   CORP , CN=Desk.Example", null),
                new Row("host-subject with lower-case keys: refused (subject)", Desk.NAMED_NO_SAN, true,
                        "o=Thin Corp,cn=desk.example", SpiceReason.TLS_SUBJECT_MISMATCH),
                new Row("no SAN, CN equal to the host: connects", Desk.ADDRESS_CN_NO_SAN, true, null, null),
                new Row("expired certificate: refused (expired)", Desk.EXPIRED, true, "O=Thin Corp,CN=desk.example",
                        SpiceReason.TLS_CERT_EXPIRED),
                new Row("SAN without the host, CN equal to it: refused (host name)", Desk.SAN_WITHOUT_HOST, true, null,
                        SpiceReason.TLS_HOST_NAME_MISMATCH));
    }

    private static final Path DIR = Path.of("target/it/tls-certificates").toAbsolutePath();
    private static final Map<Desk, QemuSpiceServer> DESKS = new EnumMap<>(Desk.class);
    private static final List<String> TIMINGS = new ArrayList<>();
    private static Pki pki;
    private static XServer xvfb;

    @BeforeAll
    static void start() throws Exception {
        pki = Pki.generate(DIR.resolve("pki"));
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant from = now.minus(1, ChronoUnit.DAYS);
        Instant to = now.plus(365, ChronoUnit.DAYS);
        Map<Desk, Pki> certs = Map.of(
                Desk.NAMED_NO_SAN, pki.issue("named-no-san", "/O=Thin Corp/CN=desk.example", List.of(), from, to),
                Desk.ADDRESS_CN_NO_SAN, pki.issue("address-cn-no-san", "/O=Thin Corp/CN=127.0.0.1", List.of(), from, to),
                Desk.EXPIRED, pki.issue("expired", "/O=Thin Corp/CN=desk.example", List.of("IP:127.0.0.1"),
                        Instant.parse("2020-01-01T00:00:00Z"), Instant.parse("2021-01-01T00:00:00Z")),
                Desk.SAN_WITHOUT_HOST, pki.issue("san-without-host", "/O=Thin Corp/CN=127.0.0.1",
                        List.of("DNS:desk.example"), from, to));
        for (Desk d : Desk.values()) {
            QemuSpiceServer.Builder b = QemuSpiceServer.builder().tls(certs.get(d))
                    .workDir(DIR.resolve("qemu-" + d.name().toLowerCase(Locale.ROOT)));
            DESKS.put(d, (d == Desk.NAMED_NO_SAN ? b.tinyGuest("bars") : b.noGuest()).start());
        }
        xvfb = XServer.start(DIR, 1280, 1024);
        DESKS.get(Desk.NAMED_NO_SAN).awaitGuestReady(Duration.ofSeconds(180));
    }

    @AfterAll
    static void stop() {
        if (xvfb != null) {
            xvfb.close();
        }
        DESKS.values().forEach(QemuSpiceServer::close);
        System.out.println("TlsCertificateIT timings (thinspice decision / remote-viewer decision):");
        TIMINGS.forEach(t -> System.out.println("  " + t));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void thinspiceAndRemoteViewerReachTheSameOutcome(Row row) throws Exception {
        QemuSpiceServer desk = DESKS.get(row.desk);
        Path vv = writeVv(row, desk);

        long t0 = System.nanoTime();
        SpiceReason ours = thinspice(vv, desk, row.refusal == null && row.desk == Desk.NAMED_NO_SAN);
        long t1 = System.nanoTime();
        awaitNoClients(desk);
        long t2 = System.nanoTime();
        RemoteViewerOutcome theirs = remoteViewer(vv, desk);
        long t3 = System.nanoTime();
        awaitNoClients(desk);
        TIMINGS.add(String.format(Locale.ROOT, "%-75s %5d ms / %5d ms", row.name, (t1 - t0) / 1_000_000,
                (t3 - t2) / 1_000_000));

        assertEquals(row.refusal, ours, "thinspice on " + row.name);
        assertEquals(row.refusal, theirs.reason, "remote-viewer on " + row.name + ": " + theirs.evidence);
    }

    /** Connects with the .vv as the kiosk would; null when connected (and the picture checked), else the reason. */
    private static SpiceReason thinspice(Path vv, QemuSpiceServer desk, boolean comparePicture) throws Exception {
        SpiceConnectOptions options = VvConnect.fromFile(vv).build();
        EngineProbe probe;
        try {
            probe = EngineProbe.connect(options);
        } catch (SpiceException e) {
            assertInstanceOf(SpiceTlsException.class, e, e.toString());
            assertTrue(e.getMessage().startsWith(e.reason().sentence()), e.getMessage());
            return e.reason();
        }
        try (probe) {
            // SeaBIOS blinks its cursor, so only the still tiny guest is waited on for a quiet picture
            probe.await(() -> probe.stats.firstFrameMillis() >= 0, Duration.ofSeconds(60), "a first picture");
            assertTrue(probe.session.primarySurface().width() > 0);
            if (comparePicture) {
                probe.awaitQuiet(Duration.ofMillis(300), Duration.ofSeconds(60));
                EngineProbe.Mismatch m = probe.compareWithScreendump(desk.qmp(), 10);
                assertEquals(0, m.count(), "the picture equals QEMU's screendump: " + m);
                assertTrue(desk.qmp().screendump().countNonBlack() > 100_000, "the guest shows its bars");
            }
        }
        return null;
    }

    private record RemoteViewerOutcome(SpiceReason reason, String evidence) {
    }

    /** Runs remote-viewer on the .vv until QEMU shows its TLS main channel or spice-common logs a refusal. */
    private static RemoteViewerOutcome remoteViewer(Path vv, QemuSpiceServer desk) throws Exception {
        Path log = vv.resolveSibling(vv.getFileName() + ".remote-viewer.log");
        try (RemoteViewer viewer = RemoteViewer.start(xvfb, log, vv.toString())) {
            long deadline = System.nanoTime() + RV_DECISION.toNanos();
            while (System.nanoTime() < deadline) {
                String text = Files.readString(log, StandardCharsets.UTF_8);
                Matcher m = RV_REFUSAL.matcher(text);
                if (m.find()) {
                    return new RemoteViewerOutcome(refusal(m), m.group());
                }
                if (tlsMainChannel(desk)) {
                    // spice-server 0.15.1 crashes when a client leaves while its display channel is still
                    // being set up (SessionCloseIT): let remote-viewer finish linking before it is stopped
                    awaitChannelType(desk, 2, Duration.ofSeconds(15));
                    return new RemoteViewerOutcome(null, "query-spice lists its TLS main channel");
                }
                if (!viewer.isAlive()) {
                    throw new AssertionError("remote-viewer exited undecided:\n" + text);
                }
                Thread.sleep(100);
            }
            throw new AssertionError("remote-viewer neither connected nor refused in " + RV_DECISION + ":\n"
                    + Files.readString(log, StandardCharsets.UTF_8));
        }
    }

    /** spice-common's words for each check, as thinspice's reasons. */
    private static SpiceReason refusal(Matcher m) {
        String line = m.group();
        if (line.startsWith("ssl: subject")) {
            return SpiceReason.TLS_SUBJECT_MISMATCH;
        }
        if (line.startsWith("ssl: hostname")) {
            return SpiceReason.TLS_HOST_NAME_MISMATCH;
        }
        String openssl = m.group(1);
        return openssl.contains("has expired") || openssl.contains("not yet valid") ? SpiceReason.TLS_CERT_EXPIRED
                : SpiceReason.TLS_CHAIN_UNTRUSTED;
    }

    private static boolean tlsMainChannel(QemuSpiceServer desk) throws IOException {
        for (JsonElement e : channels(desk)) {
            JsonObject ch = e.getAsJsonObject();
            if (ch.get("channel-type").getAsInt() == 1 && ch.get("tls").getAsBoolean()) {
                return true;
            }
        }
        return false;
    }

    /** Waits (bounded) until QEMU lists a channel of {@code type}; no failure when it does not. */
    private static void awaitChannelType(QemuSpiceServer desk, int type, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonElement e : channels(desk)) {
                if (e.getAsJsonObject().get("channel-type").getAsInt() == type) {
                    return;
                }
            }
            Thread.sleep(100);
        }
    }

    private static Iterable<JsonElement> channels(QemuSpiceServer desk) throws IOException {
        JsonObject spice = desk.qmp().querySpice();
        return spice.has("channels") ? spice.getAsJsonArray("channels") : List.of();
    }

    /** So one client's channels are never taken for the next one's. */
    private static void awaitNoClients(QemuSpiceServer desk) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (channels(desk).iterator().hasNext()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("clients still connected: " + desk.qmp().querySpice());
            }
            Thread.sleep(100);
        }
    }

    private static Path writeVv(Row row, QemuSpiceServer desk) throws IOException {
        String ca = (row.rightCa ? desk.pki().caPem() : desk.pki().otherCaPem()).replace("\n", "\\n");
        StringBuilder s = new StringBuilder("[virt-viewer]\ntype=spice\n")
                .append("title=").append(row.name.replaceAll("[^A-Za-z0-9 ,-]", "")).append('\n')
                .append("host=").append(desk.host()).append('\n')
                .append("tls-port=").append(desk.tlsPort()).append('\n')
                .append("ca=").append(ca).append('\n');
        if (row.hostSubject != null) {
            s.append("host-subject=").append(row.hostSubject).append('\n');
        }
        Path file = DIR.resolve("row-" + rows().toList().indexOf(row) + ".vv");
        Files.writeString(file, s.toString(), StandardCharsets.UTF_8);
        return file;
    }
}
