package org.thinspice.engine.cli;

import java.util.Arrays;

/** Entry point of the headless engine tools: {@code shot}, {@code session}. */
public final class SpiceCli {
    private SpiceCli() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            System.err.println("usage: spice-engine shot --uri spice://HOST:PORT[?password=…&tls-port=N] "
                    + "[--ca CA.pem] [--host-subject SUBJECT] [--proxy http://HOST:PORT] | --vv FILE (- for stdin) "
                    + "--out FILE.png [--settle-ms N] [--timeout-s N]\n"
                    + "       spice-engine session --uri spice://HOST:PORT[?password=…] | --vv FILE "
                    + "[--duration-s N] [--until-still-ms N] [--profile lan|wan|auto|server] [--codec vp8,h264,mjpeg] [--audio decode|play|off] "
                    + "[--out FILE.png] [--frame-probe CLASS]");
            System.exit(2);
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        int code = switch (args[0]) {
            case "shot" -> ShotCommand.run(rest, System.out, System.err);
            case "session" -> SessionCommand.run(rest, System.out, System.err);
            default -> {
                System.err.println("unknown command '" + args[0] + "'");
                yield 2;
            }
        };
        System.exit(code);
    }
}
