package org.thinspice.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.thinspice.engine.agent.ClipboardPolicy;
import org.thinspice.testbed.GuestAgentLog;
import org.thinspice.testbed.QemuSpiceServer;

/**
 * One tiny guest with its agent ({@code tbagent}, which logs on the serial console what it sends and
 * receives) and one kiosk on Xvfb ({@link X11Kiosk}), shared by the repetitions of a clipboard IT
 * class: each repetition is a fresh kiosk connection, so twenty of them cost one boot.
 */
final class ClipboardRig implements AutoCloseable {
    static final int REPETITIONS = Integer.getInteger("thinspice.clipboard.repetitions", 20);
    static final Duration WAIT = Duration.ofSeconds(20);
    /**
     * How long a forbidden direction is watched after the agent's message went out. The allowed
     * direction's worst delay in the same class is printed next to it, to show the window is wide.
     */
    static final Duration SILENCE = Duration.ofMillis(1200);

    final QemuSpiceServer qemu;
    final GuestAgentLog agent;
    final X11Kiosk kiosk;
    final List<Long> delaysMillis = new ArrayList<>();

    private ClipboardRig(QemuSpiceServer qemu, GuestAgentLog agent, X11Kiosk kiosk) {
        this.qemu = qemu;
        this.agent = agent;
        this.kiosk = kiosk;
    }

    static ClipboardRig start(String name) throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "it", name + "-" + System.nanoTime())).toAbsolutePath();
        QemuSpiceServer qemu = QemuSpiceServer.builder().tinyGuest("bars").tbagent().workDir(dir.resolve("qemu")).start();
        try {
            GuestAgentLog agent = new GuestAgentLog(qemu.console());
            qemu.awaitGuestReady(Duration.ofSeconds(120));
            agent.awaitReady(WAIT);
            return new ClipboardRig(qemu, agent, X11Kiosk.start(dir.resolve("kiosk")));
        } catch (Exception | Error e) {
            qemu.close();
            throw e;
        }
    }

    /** The terminal's CLIPBOARD selection as X serves it (xclip), empty when nobody owns it. */
    String terminalClipboard() throws IOException, InterruptedException {
        return kiosk.x().clipboardText(Duration.ofSeconds(10));
    }

    /** Polls the terminal's X clipboard until it holds {@code text}; false after {@code timeout}. */
    boolean awaitTerminalClipboard(String text, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (terminalClipboard().equals(text)) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    /** Connects the kiosk with {@code policy} and waits for its first picture. */
    void connect(ClipboardPolicy policy) throws IOException, TimeoutException, InterruptedException {
        kiosk.awaitConnected(kiosk.connect(qemu, policy.key()), WAIT);
    }

    /** Waits until this connection's capability announcement reached the agent (from the log's start). */
    void awaitClientAnnounce() throws IOException, TimeoutException {
        agent.await(e -> !e.sent() && e.name().equals("ANNOUNCE_CAPABILITIES") && e.intField("request") == 1, WAIT);
    }

    /**
     * Twenty kiosk connections with {@code policy}; in each the guest copies a new text, either before
     * the kiosk connects ({@code beforeConnect}: tbagent must be set to grab again for a new client) or
     * within the first second after the kiosk's agent link is up. Returns the failures in words: for a
     * policy letting text out, the repetitions where the terminal's X clipboard did not get the text; for
     * one keeping it in, those where it changed or the kiosk asked the agent for its data.
     */
    List<String> desktopCopies(ClipboardPolicy policy, boolean beforeConnect) throws Exception {
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < REPETITIONS; i++) {
            String text = "desktop " + (beforeConnect ? "before" : "after") + " " + policy.key() + " #" + i + " "
                    + Long.toHexString(System.nanoTime());
            String was = terminalClipboard();
            int from;
            if (beforeConnect) {
                agent.grabText(0, text); // no client yet: spice-server drops the grab, the agent keeps the text
                agent.skipToNow();
                from = kiosk.connect(qemu, policy.key());
            } else {
                agent.skipToNow();
                from = kiosk.connect(qemu, policy.key());
                awaitClientAnnounce();
                Thread.sleep(i % 10 * 100L); // spread over the first second of the agent link
                agent.grabText(0, text);
            }
            // The agent's grab went to this connection (guest side, serial console).
            agent.await(e -> e.sent() && e.name().equals("CLIPBOARD_GRAB"), WAIT);
            long sent = System.nanoTime();
            if (policy.allowsToClient()) {
                if (awaitTerminalClipboard(text, WAIT)) {
                    delaysMillis.add((System.nanoTime() - sent) / 1_000_000);
                } else {
                    failures.add("#" + i + ": the terminal clipboard holds '" + terminalClipboard() + "'");
                }
            } else {
                Thread.sleep(SILENCE.toMillis());
                String now = terminalClipboard();
                boolean asked = agent.entries().stream().anyMatch(e -> !e.sent() && e.name().equals("CLIPBOARD_REQUEST"));
                if (!now.equals(was) || asked) {
                    failures.add("#" + i + ": clipboard '" + was + "' became '" + now + "', request seen " + asked);
                }
            }
            kiosk.awaitConnected(from, WAIT);
            kiosk.disconnect(WAIT);
            long[] counts = kiosk.report(); // what the diagnostics screen's last-session block shows
            if (counts[0] != (policy.allowsToClient() ? 1 : 0) || counts[1] != 0) {
                failures.add("#" + i + ": the last session counts " + counts[0] + " out, " + counts[1] + " in");
            }
        }
        return failures;
    }

    String delays() {
        List<Long> d = new ArrayList<>(delaysMillis);
        d.sort(null);
        return d.isEmpty() ? "none" : "median " + d.get(d.size() / 2) + " ms, worst " + d.get(d.size() - 1) + " ms";
    }

    @Override
    public void close() {
        kiosk.close();
        qemu.close();
    }
}
