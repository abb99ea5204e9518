package org.thinspice.testbed;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Turns {@link QemuSpiceServer.Builder} options into QEMU 7.2 arguments (option names per testbed-facts §1). */
final class QemuCommandLine {
    private QemuCommandLine() {
    }

    /** {@code n} usb-redir devices (ids redir1..n) on spicevmc "usbredir" chardevs, on the bus xhci.0. */
    static List<String> usbRedir(int n, String filter) {
        List<String> a = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            a.addAll(List.of("-chardev", "spicevmc,id=usbredir" + i + ",name=usbredir",
                    "-device", "usb-redir,chardev=usbredir" + i + ",id=redir" + i + ",bus=xhci.0"
                            + (filter == null ? "" : ",filter=" + filter)));
        }
        return a;
    }

    static List<String> build(QemuSpiceServer.Builder o, Path workDir, Path socketDir, int port, int tlsPort,
            Pki pki, TinyGuest.Images guest, DesktopGuest.Images desktop) {
        List<String> a = new ArrayList<>(List.of("qemu-system-x86_64", "-accel", "tcg", "-m", Integer.toString(o.memoryMb),
                "-name", "thinspice-testbed,debug-threads=on", "-nodefaults", "-no-user-config",
                "-display", "none", "-monitor", "none", "-vga", o.vga));
        a.add("-spice");
        a.add(spice(o, workDir, port, tlsPort, pki));
        if (o.password != null) {
            a.add("-object");
            a.add("secret,id=spicepw,file=" + workDir.resolve("spice-password"));
        }
        a.addAll(List.of("-qmp", "unix:" + socketDir.resolve("qmp.sock") + ",server=on,wait=off"));
        a.addAll(List.of("-chardev", "socket,id=serial0,path=" + socketDir.resolve("console.sock")
                + ",server=on,wait=off,logfile=" + workDir.resolve("serial.log"), "-serial", "chardev:serial0"));
        if (guest != null) {
            a.addAll(List.of("-kernel", guest.vmlinux().toString(), "-initrd", guest.initramfs().toString(),
                    "-append", TinyGuest.kernelCmdline(o.vga) + " tb.pattern=" + o.pattern
                            + (o.tbinput ? " tb.input=1" : "") + (o.tbagent ? " tb.agent=1" : "")));
        }
        if (desktop != null) {
            a.addAll(List.of("-kernel", desktop.vmlinux().toString(), "-initrd", desktop.initrd().toString(),
                    "-append", DesktopGuest.kernelCmdline(),
                    "-drive", "file=" + desktop.root() + ",format=raw,if=virtio,snapshot=on,cache=unsafe",
                    "-chardev", "socket,id=serial1,path=" + socketDir.resolve("helper.sock")
                            + ",server=on,wait=off,logfile=" + workDir.resolve("helper.log"),
                    "-serial", "chardev:serial1"));
        }
        if (o.inputs) {
            a.addAll(List.of("-device", "virtio-tablet-pci,id=tablet0"));
        }
        if (o.vdagent) {
            a.addAll(List.of("-device", "virtio-serial-pci,id=vser0",
                    "-chardev", "spicevmc,id=vdagent,name=vdagent",
                    "-device", "virtserialport,bus=vser0.0,chardev=vdagent,name=com.redhat.spice.0"));
        }
        if (o.usbRedir > 0 || o.smartcard) {
            a.addAll(List.of("-device", "qemu-xhci,id=xhci"));
        }
        a.addAll(usbRedir(o.usbRedir, o.usbRedirFilter));
        if (o.smartcard) {
            a.addAll(List.of("-chardev", "spicevmc,id=ccid,name=smartcard",
                    "-device", "usb-ccid,id=ccid0,bus=xhci.0",
                    "-device", "ccid-card-passthru,chardev=ccid,id=card0"));
        }
        if (o.audio) {
            a.addAll(List.of("-audiodev", "spice,id=snd0", "-device", "AC97,audiodev=snd0"));
        }
        a.addAll(o.extraArgs);
        return a;
    }

    private static String spice(QemuSpiceServer.Builder o, Path workDir, int port, int tlsPort, Pki pki) {
        StringBuilder s = new StringBuilder("port=").append(port).append(",addr=").append(o.host());
        if (o.password != null) {
            s.append(",password-secret=spicepw");
        } else {
            s.append(",disable-ticketing=on");
        }
        if (tlsPort > 0) {
            s.append(",tls-port=").append(tlsPort).append(",x509-dir=").append(pki.dir());
            if (o.tlsAllChannels) {
                s.append(",tls-channel=default");
            }
        }
        s.append(",image-compression=").append(o.imageCompression);
        s.append(",streaming-video=").append(o.streamingVideo);
        if (o.lossless) {
            s.append(",jpeg-wan-compression=never,zlib-glz-wan-compression=never");
        }
        if (o.playbackCompression != null) {
            s.append(",playback-compression=").append(o.playbackCompression ? "on" : "off");
        }
        if (o.agentMouse != null) {
            s.append(",agent-mouse=").append(o.agentMouse ? "on" : "off");
        }
        return s.toString();
    }
}
