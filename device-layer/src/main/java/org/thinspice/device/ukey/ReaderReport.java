package org.thinspice.device.ukey;

/**
 * One line of the kiosk's smartcard diagnostics: the reader, whether a card is in it, its ATR (hex), whether it
 * answers PIV, the 9A certificate's subject and the PIN tries left (-1: unknown or already verified), or what
 * went wrong reading it.
 */
public record ReaderReport(String reader, boolean cardPresent, String atr, boolean piv, String certificateSubject,
        int pinTriesLeft, String problem) {
}
