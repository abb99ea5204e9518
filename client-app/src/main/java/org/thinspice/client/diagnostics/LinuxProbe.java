package org.thinspice.client.diagnostics;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/** {@link SystemProbe} from the JDK and Linux's /proc, /sys and /etc files. */
public final class LinuxProbe implements SystemProbe {
    private final java.util.function.Supplier<List<String>> readers;

    /** {@code readers}: one line per smartcard reader and its card, from the kiosk's UKEY (PC/SC). */
    public LinuxProbe(java.util.function.Supplier<List<String>> readers) {
        this.readers = readers;
    }

    @Override
    public Network network() {
        List<String> addrs = new ArrayList<>();
        List<String> macs = new ArrayList<>();
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (ni.isLoopback() || !ni.isUp()) {
                    continue;
                }
                for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                    addrs.add(ni.getName() + " " + a.getHostAddress().replaceAll("%.*", ""));
                }
                byte[] mac = ni.getHardwareAddress();
                if (mac != null) {
                    macs.add(ni.getName() + " " + HexFormat.ofDelimiter(":").formatHex(mac));
                }
            }
        } catch (IOException e) {
            addrs.add("? " + e.getMessage());
        }
        return new Network(addrs, macs, dns(), defaultGateway());
    }

    static List<String> dns() {
        List<String> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(Path.of("/etc/resolv.conf"), StandardCharsets.UTF_8)) {
                String[] p = line.trim().split("\\s+");
                if (p.length >= 2 && p[0].equals("nameserver")) {
                    out.add(p[1]);
                }
            }
        } catch (IOException e) {
            // no resolv.conf: nothing to show
        }
        return out;
    }

    static String defaultGateway() {
        try {
            return parseRoute(Files.readAllLines(Path.of("/proc/net/route"), StandardCharsets.US_ASCII));
        } catch (IOException e) {
            return "";
        }
    }

    /** The gateway of the 00000000 destination in /proc/net/route (little-endian hex). */
    static String parseRoute(List<String> lines) {
        for (String line : lines) {
            String[] p = line.trim().split("\\s+");
            if (p.length > 2 && p[1].equals("00000000") && p[2].matches("[0-9A-Fa-f]{8}")) {
                long g = Long.parseLong(p[2], 16);
                return (g & 0xff) + "." + (g >> 8 & 0xff) + "." + (g >> 16 & 0xff) + "." + (g >> 24 & 0xff) + " (" + p[0] + ")";
            }
        }
        return "";
    }

    @Override
    public List<String> usbDevices() {
        Path bus = Path.of("/sys/bus/usb/devices");
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(bus)) {
            return out;
        }
        try (Stream<Path> s = Files.list(bus)) {
            for (Path d : s.sorted().toList()) {
                Path vid = d.resolve("idVendor");
                if (Files.exists(vid)) {
                    String product = Files.exists(d.resolve("product")) ? " " + Files.readString(d.resolve("product")).trim() : "";
                    out.add(Files.readString(vid).trim() + ":" + Files.readString(d.resolve("idProduct")).trim() + product);
                }
            }
        } catch (IOException e) {
            out.add("? " + e.getMessage());
        }
        return out;
    }

    @Override
    public List<String> smartcardReaders() {
        // through the kiosk's own PC/SC (jnasmartcardio): readers, each card's ATR and whether it answers PIV
        return readers.get();
    }

    @Override
    public long tcpConnectMillis(String host, int port) {
        long t0 = System.nanoTime();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 3000);
            return Math.max(0, (System.nanoTime() - t0) / 1_000_000);
        } catch (IOException e) {
            return -1;
        }
    }
}
