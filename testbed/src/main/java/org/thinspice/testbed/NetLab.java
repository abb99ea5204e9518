package org.thinspice.testbed;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Three hosts on one machine, in a row: {@link Host#CLIENT} — {@link Host#MIDDLE} — {@link Host#SERVER}, each
 * its own network namespace, joined by two veth links. The middle host routes, so the client reaches the server
 * directly (routed through the middle, as through a router) or through a relay running in the middle — both
 * over the same two links. Each link can be limited to a rate (tc {@code tbf} on all four ends; this machine's
 * kernel has no {@code netem}, so no delay or loss). Needs root and iproute2; {@link #close()} deletes the
 * namespaces — processes started in them must be stopped by their owners first.
 *
 * <p>Addresses: client 10.77.1.2, middle 10.77.1.1 (client side) and 10.77.2.1 (server side), server 10.77.2.2.
 * They exist only inside the namespaces and never touch the machine's own network.
 */
public final class NetLab implements AutoCloseable {
    /** One host of the lab. */
    public enum Host {
        CLIENT("c"), MIDDLE("m"), SERVER("s");

        private final String tag;

        Host(String tag) {
            this.tag = tag;
        }
    }

    public static final String CLIENT_ADDRESS = "10.77.1.2";
    /** The middle host's address on the client's link: where relays listen. */
    public static final String MIDDLE_ADDRESS = "10.77.1.1";
    public static final String SERVER_ADDRESS = "10.77.2.2";

    private static final Duration STEP = Duration.ofSeconds(10);
    private static final java.util.concurrent.atomic.AtomicInteger LABS = new java.util.concurrent.atomic.AtomicInteger();

    private final String prefix;
    private final String rate;
    private final List<String> created = new ArrayList<>();

    private NetLab(String prefix, String rate) {
        this.prefix = prefix;
        this.rate = rate;
        if (rate != null) {
            bitsPerSecond(rate);
        }
    }

    /**
     * Builds the lab. {@code rate}: each link's rate in each direction in tc's notation ({@code "1gbit"},
     * {@code "100mbit"}), or null for unlimited links.
     */
    public static NetLab create(String rate) throws IOException {
        requireAvailable();
        // unique per JVM and lab, and short: interface names stop at 15 characters
        String prefix = "ts" + ProcessHandle.current().pid() % 100_000 + "n" + LABS.incrementAndGet() % 100;
        NetLab lab = new NetLab(prefix, rate);
        try {
            lab.build();
            return Processes.closeAtExit(lab);
        } catch (IOException | RuntimeException e) {
            lab.close();
            throw e;
        }
    }

    /**
     * Checks that this machine can build a lab — root, with {@code ip} and {@code tc} (Debian's iproute2) —
     * and otherwise says what is missing.
     */
    public static void requireAvailable() throws IOException {
        Programs.system().require("ip", "iproute2");
        Programs.system().require("tc", "iproute2");
        String uid = Commands.run(List.of("id", "-u"), Path.of("."), STEP).strip();
        if (!uid.equals("0")) {
            throw new IOException("network-namespace labs need root (this runs as uid " + uid + "); run the suite as "
                    + "root, or leave the group out on purpose: ./thinspice test --without netlab");
        }
    }

    private void build() throws IOException {
        for (Host h : Host.values()) {
            ip("netns", "add", ns(h));
            created.add(ns(h));
            ip("-n", ns(h), "link", "set", "lo", "up");
        }
        link(Host.CLIENT, CLIENT_ADDRESS, MIDDLE_ADDRESS, "1");
        link(Host.SERVER, SERVER_ADDRESS, "10.77.2.1", "2");
        run(in(Host.MIDDLE, "sh", "-c", "echo 1 > /proc/sys/net/ipv4/ip_forward"));
    }

    /** A veth pair between {@code end} and the middle host, addressed /24, the end's default route via the middle. */
    private void link(Host end, String endAddress, String middleAddress, String n) throws IOException {
        String endDev = prefix + end.tag;
        String midDev = prefix + "m" + n;
        ip("link", "add", endDev, "type", "veth", "peer", "name", midDev);
        ip("link", "set", endDev, "netns", ns(end));
        ip("link", "set", midDev, "netns", ns(Host.MIDDLE));
        ip("-n", ns(end), "addr", "add", endAddress + "/24", "dev", endDev);
        ip("-n", ns(Host.MIDDLE), "addr", "add", middleAddress + "/24", "dev", midDev);
        ip("-n", ns(end), "link", "set", endDev, "up");
        ip("-n", ns(Host.MIDDLE), "link", "set", midDev, "up");
        ip("-n", ns(end), "route", "add", "default", "via", middleAddress);
        if (rate != null) {
            shape(end, endDev);
            shape(Host.MIDDLE, midDev);
        }
    }

    /**
     * Token bucket on a device's egress: 4 ms worth of the rate, at least 64 KiB (one GSO packet); small enough
     * that a slow link is slow from its first bytes (SPICE's link test sends about 256 KiB).
     */
    private void shape(Host host, String dev) throws IOException {
        long burst = Math.max(64 << 10, bitsPerSecond(rate) / 8 / 250);
        run(in(host, "tc", "qdisc", "add", "dev", dev, "root", "tbf", "rate", rate, "burst", Long.toString(burst),
                "latency", "50ms"));
    }

    /** A rate in tc's notation ({@code 4mbit}, {@code 2500mbit}, {@code 1gbit}, {@code 512kbit}) in bits per second. */
    static long bitsPerSecond(String rate) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)(k|m|g)?bit").matcher(rate.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("link rate must look like 100mbit or 1gbit, not '" + rate + "'");
        }
        long unit = m.group(2) == null ? 1 : switch (m.group(2)) {
            case "k" -> 1_000L;
            case "m" -> 1_000_000L;
            default -> 1_000_000_000L;
        };
        return Long.parseLong(m.group(1)) * unit;
    }

    /** {@code command} run inside {@code host}'s namespace (for a ProcessBuilder; the command replaces {@code ip}). */
    public List<String> in(Host host, List<String> command) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns(host)));
        cmd.addAll(command);
        return cmd;
    }

    /** {@link #in(Host, List)} for a command given word by word. */
    public List<String> in(Host host, String... command) {
        return in(host, List.of(command));
    }

    /** {@code host}'s address (the middle host's on the client's link). */
    public static String address(Host host) {
        return switch (host) {
            case CLIENT -> CLIENT_ADDRESS;
            case MIDDLE -> MIDDLE_ADDRESS;
            case SERVER -> SERVER_ADDRESS;
        };
    }

    /** The links' rate as given, or null when unlimited. */
    public String rate() {
        return rate;
    }

    /** The name of {@code host}'s network namespace (unique to this JVM). */
    public String namespace(Host host) {
        return prefix + host.tag;
    }

    private String ns(Host h) {
        return namespace(h);
    }

    private void ip(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ip"));
        cmd.addAll(List.of(args));
        run(cmd);
    }

    private static void run(List<String> cmd) throws IOException {
        Commands.run(cmd, Path.of("."), STEP);
    }

    /** Deletes the namespaces (and with them the veth links). */
    @Override
    public void close() {
        for (String ns : created) {
            try {
                run(List.of("ip", "netns", "del", ns));
            } catch (IOException e) {
                System.err.println("netlab: " + e.getMessage());
            }
        }
        created.clear();
        Processes.forget(this);
    }
}
