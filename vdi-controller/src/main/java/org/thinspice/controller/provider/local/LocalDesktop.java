package org.thinspice.controller.provider.local;

import java.util.List;

/**
 * One desktop of the local-qemu provider, from the controller config: a QEMU (TCG) with SPICE on
 * 127.0.0.1. {@code kernel}/{@code initrd}/{@code append} boot a Linux directly (the demo's tiny
 * guest); without a kernel QEMU starts its firmware. {@code extraArgs} are appended verbatim.
 */
public record LocalDesktop(String id, String name, String kernel, String initrd, String append, int memoryMb,
        String vga, List<String> extraArgs, boolean autostart) {
}
