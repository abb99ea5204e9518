package org.thinspice.engine.smartcard;

/** Decides, per smartcard channel the server lists, what reader serves it (null leaves it closed). */
@FunctionalInterface
public interface SmartcardReaders {
    SmartcardReader forChannel(int channelId);
}
