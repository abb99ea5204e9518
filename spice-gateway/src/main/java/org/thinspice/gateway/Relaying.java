package org.thinspice.gateway;

import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.WriteBufferWaterMark;

/** Buffer sizing for relayed channels: reads up to 256 KiB, and a peer may queue up to 1 MiB before the other side pauses. */
final class Relaying {
    static final RecvByteBufAllocator RECV = new AdaptiveRecvByteBufAllocator(512, 16 * 1024, 256 * 1024);
    static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(512 * 1024, 1024 * 1024);

    private Relaying() {
    }
}
