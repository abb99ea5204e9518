package org.thinspice.testbed;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * The guest's serial console (ttyS0) over QEMU's unix-socket chardev. A reader thread keeps everything
 * the guest prints in a transcript; {@link #waitFor} and {@link #run} consume it from a cursor.
 * The TinyGuest runs a root busybox shell on it with echo off.
 */
public final class GuestConsole implements AutoCloseable {

    private GuestConsole() {
    }

    /** Connects to the chardev socket, retrying until it accepts or {@code timeout} passes. */
    public static GuestConsole connect(Path socket, Duration timeout) throws IOException {
        throw new UnsupportedOperationException("skeleton");
    }

    /**
     * Waits until {@code text} appears in the transcript after the cursor, then moves the cursor past it.
     *
     * @return the transcript from the old cursor up to and including {@code text}
     * @throws TimeoutException when it does not appear in time (message carries the transcript tail)
     */
    public String waitFor(String text, Duration timeout) throws IOException, TimeoutException {
        throw new UnsupportedOperationException("skeleton");
    }

    /**
     * Runs {@code shellCommand} in the guest shell and returns what it printed (stdout+stderr,
     * {@code \r} removed, without the trailing newline). Delimited by unique begin/end markers.
     */
    public String run(String shellCommand, Duration timeout) throws IOException, TimeoutException {
        throw new UnsupportedOperationException("skeleton");
    }

    /** As {@link #run} but also returns the command's exit status. */
    public CommandResult runForResult(String shellCommand, Duration timeout) throws IOException, TimeoutException {
        throw new UnsupportedOperationException("skeleton");
    }

    /** Sends raw text to the console (no newline added). */
    public void send(String text) throws IOException {
        throw new UnsupportedOperationException("skeleton");
    }

    /** Everything received so far. */
    public String transcript() {
        throw new UnsupportedOperationException("skeleton");
    }

    @Override
    public void close() {
        throw new UnsupportedOperationException("skeleton");
    }

    /** Output and exit status of one {@link #runForResult} command. */
    public record CommandResult(String output, int exitStatus) {
    }
}
