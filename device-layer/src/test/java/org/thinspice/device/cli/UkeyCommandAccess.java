package org.thinspice.device.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Lets ITs in other packages run {@link UkeyCommand} with captured output and a fixed PIN. */
public final class UkeyCommandAccess {
    private UkeyCommandAccess() {
    }

    public static int run(String[] args, OutputStream out, OutputStream err, String pin) {
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        return UkeyCommand.run(args, o, e, prompt -> pin.toCharArray());
    }
}
