/**
 * virt-viewer connection files ({@code .vv}), the format brokers (Proxmox, oVirt, Kerbside, OpenUDS)
 * hand to remote-viewer: a GLib key file with a mandatory {@code [virt-viewer]} group. Pure parsing
 * and writing; no I/O beyond reading a {@link java.io.Reader}.
 */
package org.thinspice.engine.vv;
