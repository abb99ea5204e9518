package org.thinspice.device.smartcard;

/** One PC/SC reader as seen at one moment: its name and whether a card sits in it. */
public record ReaderState(String name, boolean cardPresent) {
}
