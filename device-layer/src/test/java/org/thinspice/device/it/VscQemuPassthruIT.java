package org.thinspice.device.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteOrder;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.thinspice.device.vsc.VscCodec;
import org.thinspice.device.vsc.VscReaderBridge;
import org.thinspice.device.vsc.VscType;
import org.thinspice.testbed.FreePorts;
import org.thinspice.testbed.QemuSpiceServer;
import org.thinspice.testbed.VirtualPivCard;

/**
 * {@link VscReaderBridge} against QEMU 7.2's own VSC peer: {@code ccid-card-passthru} on a TCP chardev (network
 * byte order, as libcacard's vscclient talks to it), behind a {@code usb-ccid} reader. QEMU acknowledges our
 * ReaderAdd and a well-formed ATR with {@code Error(SUCCESS)} and refuses an ATR that does not start with TS
 * 3B/3F — its own checks, not ours. APDUs need a guest driving the CCID reader, which is not here yet.
 */
class VscQemuPassthruIT {
    @Test
    void qemusCcidPassthruAcceptsOurReaderAndAtrAndRefusesABadAtr() throws Exception {
        int port = FreePorts.pick();
        try (QemuSpiceServer qemu = QemuSpiceServer.builder().noGuest().extraArgs(
                "-device", "qemu-xhci,id=vscxhci",
                "-device", "usb-ccid,id=vscccid,bus=vscxhci.0",
                "-chardev", "socket,id=vsc,host=127.0.0.1,port=" + port + ",server=on,wait=off",
                "-device", "ccid-card-passthru,chardev=vsc,id=vsccard").start();
             Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            OutputStream out = s.getOutputStream();
            BlockingQueue<String> events = new LinkedBlockingQueue<>();
            VscReaderBridge bridge = new VscReaderBridge("Thinspice VPCD 00 00", new VscCodec(ByteOrder.BIG_ENDIAN), b -> {
                try {
                    out.write(b);
                    out.flush();
                } catch (java.io.IOException e) {
                    events.add("write failed: " + e);
                }
            }, new VscReaderBridge.Events() {
                @Override
                public void onRefused(VscType what, long code) {
                    events.add("refused " + what + " " + code);
                }

                @Override
                public void onReaderAdded(long readerId) {
                    events.add("reader " + readerId);
                }

                @Override
                public void onAcknowledged(VscType what) {
                    events.add("ack " + what);
                }
            });
            Thread reader = new Thread(() -> {
                byte[] buf = new byte[4096];
                try (InputStream in = s.getInputStream()) {
                    for (int n; (n = in.read(buf)) > 0; ) {
                        synchronized (bridge) {
                            bridge.receive(buf, 0, n);
                        }
                        events.add("bytes");
                    }
                } catch (Exception e) {
                    events.add("closed: " + e);
                }
            }, "vsc-qemu-reader");
            reader.setDaemon(true);
            reader.start();
            synchronized (bridge) {
                bridge.start();
            }
            assertEquals("reader 0", next(events));
            assertEquals("ack READER_ADD", next(events));
            VirtualPivCard card = new VirtualPivCard(VirtualPivCard.KeyAlgorithm.EC_P256, "123456", 3);
            synchronized (bridge) {
                bridge.cardInserted(card.atr(), card::process);
                bridge.cardRemoved();
                bridge.cardInserted(new byte[] {0x00, 0x11, 0x22}, card::process); // TS must be 3B or 3F
            }
            assertEquals("ack ATR", next(events));
            assertEquals("ack CARD_REMOVE", next(events));
            assertEquals("refused ATR 1", next(events), "QEMU's own ATR check");
            String info = qemu.qmp().hmp("info usb");
            assertTrue(info.contains("QEMU USB CCID") || info.toLowerCase().contains("ccid"), info);
            s.close();
        }
    }

    /** The next event that is not just "bytes arrived", within 30 s. */
    private static String next(BlockingQueue<String> events) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            String e = events.poll(500, TimeUnit.MILLISECONDS);
            if (e != null && !e.equals("bytes")) {
                return e;
            }
        }
        throw new AssertionError("no event from QEMU within 30 s");
    }
}
