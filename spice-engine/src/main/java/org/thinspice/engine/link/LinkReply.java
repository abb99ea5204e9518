package org.thinspice.engine.link;

/** The server's link reply: its per-link RSA key and its capabilities. */
public record LinkReply(byte[] publicKey, Caps commonCaps, Caps channelCaps) {
}
