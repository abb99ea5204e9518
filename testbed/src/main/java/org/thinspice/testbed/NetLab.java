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

    private final String prefix;
    private final String rate;
    private final List<String> created = new ArrayList<>();

    private NetLab(String prefix, String rate) {
        this.prefix = prefix;
        this.rate = rate;
    }

    /**
     * Builds the lab. {@code rate}: each link's rate in each direction in tc's notation ({@code "1gbit"},
     * {@code "100mbit"}), or null for unlimited links.
     */
    public static NetLab create(String rate) throws IOException {
        NetLab lab = new NetLab("tsl" + ProcessHandle.current().pid(), rate);
        try {
            lab.build();
            return Processes.closeAtExit(lab);
        } catch (IOException | RuntimeException e) {
            lab.close();
            throw e;
        }
    }

    /** Whether this machine can build a lab: root with {@code ip} and {@code tc}. */
    public static boolean available() {
        try {
            return Commands.run(List.of("id", "-u"), Path.of("."), STEP).strip().equals("0")
                    && !Commands.run(List.of("ip", "-V"), Path.of("."), STEP).isEmpty()
                    && !Commands.run(List.of("tc", "-V"), Path.of("."), STEP).isEmpty();
        } catch (IOException e) {
            return false;
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

    /** Token bucket on a device's egress; the bucket holds at least one 64 KiB GSO packet. */
    private void shape(Host host, String dev) throws IOException {
        run(in(host, "tc", "qdisc", "add", "dev", dev, "root", "tbf", "rate", rate, "burst", "512k",
                "latency", "50ms"));
    }

    /** {@code command} run inside {@code host}'s namespace (for a ProcessBuilder; the command replaces {@code ip}). */
    public List<String> in(Host host, String... command) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns(host)));
        cmd.addAll(List.of(command));
        return cmd;
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
