package org.thinspice.installers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/** The packages this module's package phase built, and newer builds of them for the upgrade checks. */
final class Debs {
    private Debs() {
    }

    static Path dir() {
        String d = System.getProperty("thinspice.debs.dir");
        if (d == null) {
            throw new IllegalStateException("thinspice.debs.dir is not set (run through Maven: mvn -pl installers -am verify)");
        }
        return Path.of(d);
    }

    /** The one {@code PKG_*.deb} in {@code dir}. */
    static Path find(Path dir, String pkg) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> found = s.filter(p -> p.getFileName().toString().startsWith(pkg + "_")
                    && p.getFileName().toString().endsWith(".deb")).toList();
            if (found.size() != 1) {
                throw new IllegalStateException("expected one " + pkg + "_*.deb in " + dir + ", found " + found
                        + " (the installers module's package phase builds them: ./thinspice package)");
            }
            return found.get(0);
        }
    }

    /** {@code thinspice-gateway_0.1.0~snapshot+20261207_all.deb} → {@code 0.1.0~snapshot+20261207}. */
    static String version(Path deb) {
        String n = deb.getFileName().toString();
        return n.substring(n.indexOf('_') + 1, n.lastIndexOf('_'));
    }

    /**
     * A newer build of {@code what} (controller or gateway) from the same jars, built by build-debs.sh with
     * a build suffix after the given version's (lintian left out: the first build was linted).
     */
    static Path newerBuild(String what, String pkg, Path first) throws Exception {
        String v = version(first);
        String build = v.substring(v.indexOf('+') + 1) + ".1";
        Path out = Path.of("target", "debs-newer-" + what).toAbsolutePath();
        ProcessBuilder pb = new ProcessBuilder("bash", "build-debs.sh", out.toString(),
                System.getProperty("thinspice.version"), what);
        pb.environment().put("THINSPICE_BUILD", build);
        pb.environment().put("THINSPICE_LINT", "0");
        Process p = pb.redirectErrorStream(true).redirectOutput(Path.of("target", "debs-newer-" + what + ".log").toFile()).start();
        if (!p.waitFor(Duration.ofMinutes(10).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("build-debs.sh " + what + " failed: "
                    + Files.readString(Path.of("target", "debs-newer-" + what + ".log")));
        }
        return find(out, pkg);
    }
}
