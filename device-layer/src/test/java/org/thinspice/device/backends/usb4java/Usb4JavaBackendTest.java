package org.thinspice.device.backends.usb4java;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thinspice.device.backends.UsbBackendException;
import org.thinspice.device.backends.UsbDevice;
import org.thinspice.device.backends.UsbDeviceInfo;
import org.thinspice.device.backends.UsbTransfer;
import org.thinspice.device.usbredir.UsbStatus;

class Usb4JavaBackendTest {
    @TempDir
    Path tmp;

    private static UsbDeviceInfo composite() {
        return new UsbDeviceInfo(2, 0, 0, 0, 0x0781, 0x5567, 0x0100, "stick",
                List.of(new UsbDeviceInfo.Interface(0, 8, 6, 0x50), new UsbDeviceInfo.Interface(1, 3, 0, 0)),
                List.of(new UsbDeviceInfo.Endpoint(0x81, 2, 0, 0, 512), new UsbDeviceInfo.Endpoint(0x02, 2, 0, 0, 512)));
    }

    private static final LibUsbCalls.Found STICK = new LibUsbCalls.Found(7, 1, 4, composite());

    private final List<Usb4JavaBackend> backends = new CopyOnWriteArrayList<>();

    private Usb4JavaBackend backend(FakeLibUsb fake) throws Exception {
        Path sys = Files.createDirectories(tmp.resolve("sys-bus-usb"));
        Usb4JavaBackend b = Usb4JavaBackend.open(sys, () -> fake);
        backends.add(b);
        return b;
    }

    /** Every backend's events thread stops, also in tests that do not close theirs. */
    @AfterEach
    void closeBackends() {
        backends.forEach(Usb4JavaBackend::close);
        backends.forEach(b -> assertTrue(!b.eventsThreadAlive(), "events thread stopped"));
    }

    @Test
    void noUsbSubsystemIsASentenceNotACrash() {
        FakeLibUsb fake = new FakeLibUsb();
        UsbBackendException e = assertThrows(UsbBackendException.class,
                () -> Usb4JavaBackend.open(tmp.resolve("missing"), () -> fake));
        assertTrue(e.getMessage().startsWith("This computer has no USB subsystem"), e.getMessage());
        assertTrue(fake.calls().isEmpty(), "libusb is not even started");
    }

    @Test
    void onThisMachineTheBackendEitherStartsOrSaysThereIsNoUsb() throws Exception {
        // The build machine's kernel has no USB at all (testbed-facts §0); a terminal has /sys/bus/usb.
        if (Files.isDirectory(Path.of("/sys/bus/usb"))) {
            try (Usb4JavaBackend b = Usb4JavaBackend.open()) {
                assertTrue(b.devices().stream().noneMatch(f -> f.info().deviceClass() == 9), "no hubs offered");
            }
        } else {
            UsbBackendException e = assertThrows(UsbBackendException.class, Usb4JavaBackend::open);
            assertTrue(e.getMessage().contains("no USB subsystem"), e.getMessage());
        }
    }

    @Test
    void usb4javaNativesLoadAndLibusbStartsHere() {
        Usb4JavaCalls real = new Usb4JavaCalls();
        assertEquals(LibUsbCalls.SUCCESS, real.init(), "libusb_init through usb4java's bundled natives");
        int[] error = {0};
        real.devices(error);
        assertEquals(0, error[0], real.errorName(error[0]));
        assertEquals("LIBUSB_ERROR_BUSY", real.errorName(LibUsbCalls.ERROR_BUSY));
        // the events thread's calls on the real libusb: hotplug registration where it is offered, and one
        // round of event handling that waits for its timeout instead of returning at once
        boolean hotplug = real.hasHotplug();
        if (hotplug) {
            assertEquals(LibUsbCalls.SUCCESS, real.registerHotplug(new LibUsbCalls.Hotplug() {
                @Override
                public void arrived(LibUsbCalls.Found f) {
                }

                @Override
                public void left(LibUsbCalls.Found f) {
                }
            }));
        }
        long t0 = System.nanoTime();
        assertEquals(LibUsbCalls.SUCCESS, real.handleEvents(100));
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(waited >= 80, "handle_events_timeout_completed waited " + waited + " ms of 100");
        if (hotplug) {
            real.deregisterHotplug();
        }
        assertEquals(LibUsbCalls.ERROR_NOT_FOUND, real.cancelTransfer(12345), "an unknown transfer is not found");
        System.out.println("usb4java here: hotplug capability " + hotplug);
        real.exit();
    }

    @Test
    void anIsoTransferIsOnePacketOfTheRequestedLengthInTheRealLibusb() {
        Usb4JavaCalls real = new Usb4JavaCalls();
        assertEquals(LibUsbCalls.SUCCESS, real.init());
        org.usb4java.Transfer t = Usb4JavaCalls.isoTransfer(null, 0x83, java.nio.ByteBuffer.allocateDirect(192), 192,
                Usb4JavaDevice.ISO_TIMEOUT_MS, tr -> { });
        try {
            assertEquals(org.usb4java.LibUsb.TRANSFER_TYPE_ISOCHRONOUS, t.type());
            assertEquals((byte) 0x83, t.endpoint());
            assertEquals(1, t.numIsoPackets());
            assertEquals(192, t.length());
            assertEquals(192, t.isoPacketDesc()[0].length());
            assertEquals(Usb4JavaDevice.ISO_TIMEOUT_MS, t.timeout());
        } finally {
            org.usb4java.LibUsb.freeTransfer(t);
            real.exit();
        }
    }

    @Test
    void libusbStartFailureIsReported() {
        FakeLibUsb fake = new FakeLibUsb();
        fake.initResult = LibUsbCalls.ERROR_ACCESS;
        UsbBackendException e = assertThrows(UsbBackendException.class, () -> backend(fake));
        assertTrue(e.getMessage().contains("could not start (LIBUSB_ERROR_3)"), e.getMessage());
    }

    @Test
    void hubsAndRootHubsAreNotOffered() throws Exception {
        FakeLibUsb fake = new FakeLibUsb();
        UsbDeviceInfo hub = new UsbDeviceInfo(2, 9, 0, 0, 0x05e3, 0x0608, 0, "hub", List.of(), List.of());
        fake.bus.add(new LibUsbCalls.Found(1, 1, 1, hub)); // root hub
        fake.bus.add(new LibUsbCalls.Found(2, 1, 5, hub));
        fake.bus.add(new LibUsbCalls.Found(3, 1, 6, composite()));
        try (Usb4JavaBackend b = backend(fake)) {
            assertEquals(List.of(3L), b.devices().stream().map(LibUsbCalls.Found::device).toList());
        }
        assertTrue(fake.calls().contains("exit"));
    }

    @Test
    void settingTheConfigurationInForceTouchesNothing() throws Exception {
        FakeLibUsb fake = new FakeLibUsb();
        Usb4JavaDevice d = backend(fake).device(new LibUsbCalls.Found(7, 1, 4, composite()));
        d.open(reason -> { });
        int before = fake.calls().size();
        assertEquals(UsbStatus.SUCCESS, d.setConfiguration(1));
        assertEquals(List.of(), fake.calls().subList(before, fake.calls().size()), "no release, no set, no claim");
        assertEquals(List.of(0, 1), d.claimed());
    }

    @Test
    void aDeviceWhoseNodeUdevHasNotGivenYetIsOpenedOnceItHas() throws Exception {
        FakeLibUsb fake = new FakeLibUsb();
        fake.openResults.add((long) LibUsbCalls.ERROR_ACCESS);
        fake.openResults.add((long) LibUsbCalls.ERROR_ACCESS);
        Usb4JavaDevice d = backend(fake).device(new LibUsbCalls.Found(7, 1, 4, composite()));
        d.open(reason -> { });
        assertEquals(List.of(0, 1), d.claimed());
        assertEquals(3, fake.calls().stream().filter("open 7"::equals).count(), fake.calls().toString());
    }

    @Test
    void aDeviceThatStaysForbiddenIsRefusedWithTheReason() throws Exception {
        FakeLibUsb fake = new FakeLibUsb();
        for (int i = 0; i < 1000; i++) {
            fake.openResults.add((long) LibUsbCalls.ERROR_ACCESS);
        }
        Usb4JavaDevice d = backend(fake).device(new LibUsbCalls.Found(7, 1, 4, composite()));
        long t0 = System.nanoTime();
        UsbBackendException e = assertThrows(UsbBackendException.class, () -> d.open(reason -> { }));
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(e.getMessage().contains("no permission: a udev rule must give this user access"), e.getMessage());
        assertTrue(ms >= Usb4JavaDevice.ACCESS_WAIT_MS - 100 && ms < Usb4JavaDevice.ACCESS_WAIT_MS + 2000,
                "gave up after " + ms + " ms");
        assertEquals(List.of(), d.claimed());
    }

    @Test
    void openClaimsEveryInterfaceAndCloseGivesThemBackToTheKernel() throws Exception {
        FakeLibUsb fake = new FakeLibUsb();
        fake.autoDetachResult = LibUsbCalls.ERROR_NOT_SUPPORTED; // older libusb: detach by hand
        fake.kernelDriverActive.put(0, 1);
        Usb4JavaDevice d = backend(fake).device(new LibUsbCalls.Found(7, 1, 4, composite()));
        d.open(reason -> { });
        assertEquals(List.of(0, 1), d.claimed());
        assertEquals(List.of("init", "hotplug register", "open 7", "autodetach true", "detach 0", "claim 0",
                "claim 1"), fake.calls());
        d.close();
        assertEquals(List.of("autodetach false", "release 0", "release 1", "attach 0", "attach 1", "close 42"),
                fake.calls().subList(7, fake.calls().size()));
    }

    @Test
    void busyInterfaceMeansAnotherProgramAndNothingStaysClaimed() throws Exception {
        FakeLibUsb fake = new FakeLibUsb();
        fake.claimResults.put(1, LibUsbCalls.ERROR_BUSY);
        Usb4JavaDevice d = backend(fake).device(new LibUsbCalls.Found(7, 1, 4, composite()));
        UsbBackendException e = assertThrows(UsbBackendException.class, () -> d.open(reason -> { }));
        assertEquals("The USB device 0781:5567 (bus 1, address 4) is in use by another program.", e.getMessage());
        assertTrue(fake.calls().contains("release 0"), "interface 0 was given back: " + fake.calls());
        assertTrue(fake.calls().contains("close 42"));
        assertEquals(List.of(), d.claimed());
    }

    @Test
    void transfersMapLibusbResultsAndUnplugIsReportedOnce() throws Exception {
        FakeLibUsb fake = new FakeLibUsb();
        fake.inData = new byte[] {1, 2, 3, 4};
        Usb4JavaDevice d = backend(fake).device(new LibUsbCalls.Found(7, 1, 4, composite()));
        List<String> gone = new CopyOnWriteArrayList<>();
        d.open(gone::add);
        assertArrayEquals(new byte[] {1, 2, 3}, run(d, UsbTransfer.control(1, 0x80, 6, 0x100, 0, 3, new byte[0]))
                .data, "control IN");
        assertTrue(fake.calls().contains("submit control 80 6 timeout 5000"));
        fake.transferResult = () -> LibUsbCalls.ERROR_PIPE;
        assertEquals(UsbStatus.STALL, run(d, UsbTransfer.bulk(2, 0x81, 512, new byte[0])).status);
        fake.transferResult = () -> LibUsbCalls.ERROR_TIMEOUT;
        assertEquals(UsbStatus.TIMEOUT, run(d, UsbTransfer.bulk(3, 0x02, 4, new byte[4])).status);
        assertEquals(UsbStatus.SUCCESS, run(d, UsbTransfer.control(4, 0x02, 1, 0, 0x81, 0, new byte[0])).status);
        assertTrue(fake.calls().contains("clearhalt 81"), "CLEAR_FEATURE(ENDPOINT_HALT) goes to libusb_clear_halt");
        fake.transferResult = () -> LibUsbCalls.ERROR_NO_DEVICE;
        assertEquals(UsbStatus.IOERROR, run(d, UsbTransfer.bulk(5, 0x81, 512, new byte[0])).status);
        await(() -> gone.size() == 1, "unplug reported");
        assertEquals(UsbStatus.IOERROR, run(d, UsbTransfer.bulk(6, 0x81, 512, new byte[0])).status,
                "after unplug a transfer ends at once");
        Thread.sleep(100);
        assertEquals(1, gone.size(), "reported once");
        assertTrue(gone.get(0).endsWith("was unplugged."), gone.get(0));
        d.close();
    }

    @Test
    void aCancelledTransferIsCancelledInLibusbAndItsResultDropped() throws Exception {
        FakeLibUsb fake = new FakeLibUsb();
        fake.autoComplete = false;
        try (Usb4JavaBackend b = backend(fake)) {
            Usb4JavaDevice d = b.device(STICK);
            d.open(r -> { });
            List<Long> done = new CopyOnWriteArrayList<>();
            d.submit(UsbTransfer.bulk(9, 0x81, 13, new byte[0]), (t, status, n, in) -> done.add(t.id()));
            d.submit(UsbTransfer.bulk(10, 0x81, 13, new byte[0]), (t, status, n, in) -> done.add(t.id()));
            List<FakeLibUsb.Submitted> s = fake.submittedNow();
            assertEquals(2, s.size(), "both in flight on one endpoint");
            d.cancel(9);
            assertTrue(fake.calls().contains("cancel " + s.get(0).token()), fake.calls().toString());
            fake.complete(s.get(1).token(), LibUsbCalls.TRANSFER_COMPLETED, 13, new byte[13]);
            await(() -> done.contains(10L), "the other transfer completes");
            await(() -> d.inFlight() == 0, "the cancelled one came back from libusb");
            assertEquals(List.of(10L), done, "no completion for the cancelled transfer");
            d.close();
        }
    }

    @Test
    void transfersCompleteInWhateverOrderTheDeviceFinishesThem() throws Exception {
        FakeLibUsb fake = new FakeLibUsb();
        fake.autoComplete = false;
        try (Usb4JavaBackend b = backend(fake)) {
            Usb4JavaDevice d = b.device(STICK);
            d.open(r -> { });
            List<String> done = new CopyOnWriteArrayList<>();
            UsbDevice.TransferDone record = (t, status, n, in) -> done.add(t.id() + ":" + UsbStatus.name(status)
                    + ":" + n + ":" + java.util.Arrays.toString(in));
            d.submit(UsbTransfer.bulk(1, 0x81, 4, new byte[0]), record);
            d.submit(UsbTransfer.bulk(2, 0x81, 4, new byte[0]), record);
            d.submit(UsbTransfer.bulk(3, 0x02, 3, new byte[] {7, 8, 9}), record);
            d.submit(UsbTransfer.control(4, 0x80, 6, 0x100, 0, 2, new byte[0]), record);
            assertEquals(List.of(), done, "submit does not wait for the device");
            List<FakeLibUsb.Submitted> s = fake.submittedNow();
            assertEquals(4, s.size());
            fake.complete(s.get(2).token(), LibUsbCalls.TRANSFER_COMPLETED, 3, new byte[0]);
            fake.complete(s.get(1).token(), LibUsbCalls.TRANSFER_COMPLETED, 2, new byte[] {5, 6});
            fake.complete(s.get(3).token(), LibUsbCalls.TRANSFER_STALL, 0, new byte[0]);
            fake.complete(s.get(0).token(), LibUsbCalls.TRANSFER_TIMED_OUT, 0, new byte[0]);
            await(() -> done.size() == 4, "all four complete");
            assertEquals(List.of("3:success:3:[]", "2:success:2:[5, 6]", "4:stall:0:[]", "1:timeout:0:[]"), done);
            assertEquals(0, d.inFlight());
            d.close();
        }
    }

    /** A headset: interface 1 streams audio in from endpoint 0x83, which exists only at alternate setting 1. */
    private static LibUsbCalls.Found headset() {
        UsbDeviceInfo info = new UsbDeviceInfo(1, 0, 0, 0, 0x0d8c, 0x0014, 0x0100, "headset",
                List.of(new UsbDeviceInfo.Interface(0, 1, 1, 0), new UsbDeviceInfo.Interface(1, 1, 2, 0),
                        new UsbDeviceInfo.Interface(2, 3, 0, 0)),
                List.of(new UsbDeviceInfo.Endpoint(0x84, 3, 10, 2, 8)));
        return new LibUsbCalls.Found(9, 1, 5, info, List.of(
                new LibUsbCalls.AltSetting(0, 0, List.of()),
                new LibUsbCalls.AltSetting(1, 0, List.of()),
                new LibUsbCalls.AltSetting(1, 1, List.of(new UsbDeviceInfo.Endpoint(0x83, 1, 1, 1, 100))),
                new LibUsbCalls.AltSetting(1, 2, List.of(new UsbDeviceInfo.Endpoint(0x83, 1, 1, 1, 200))),
                new LibUsbCalls.AltSetting(2, 0, List.of(new UsbDeviceInfo.Endpoint(0x84, 3, 10, 2, 8)))));
    }

    @Test
    void alternateSettingsAreFollowedAndTheGuestToldTheirEndpoints() throws Exception {
        FakeLibUsb fake = new FakeLibUsb();
        try (Usb4JavaBackend b = backend(fake)) {
            Usb4JavaDevice d = b.device(headset());
            d.open(r -> { });
            assertEquals(0, d.altSetting(1));
            assertEquals(-1, d.altSetting(7), "no such interface");
            assertTrue(d.info().endpoints().stream().noneMatch(e -> e.address() == 0x83), "no stream at setting 0");
            assertEquals(UsbStatus.SUCCESS, d.setAltSetting(1, 2));
            assertTrue(fake.calls().contains("alt 1 2"), fake.calls().toString());
            assertEquals(2, d.altSetting(1), "GET_INTERFACE answers the setting in force");
            assertEquals(List.of(new UsbDeviceInfo.Endpoint(0x84, 3, 10, 2, 8), new UsbDeviceInfo.Endpoint(0x83, 1, 1, 1, 200)),
                    d.info().endpoints().stream().sorted(java.util.Comparator.comparingInt(UsbDeviceInfo.Endpoint::interfaceNumber).reversed()).toList(),
                    "the isochronous endpoint of setting 2, the other interfaces' as they were");
            assertEquals(UsbStatus.SUCCESS, d.setAltSetting(1, 0));
            assertEquals(0, d.altSetting(1));
            assertTrue(d.info().endpoints().stream().noneMatch(e -> e.address() == 0x83));
            d.setAltSetting(1, 1);
            assertEquals(UsbStatus.SUCCESS, d.setConfiguration(2));
            assertEquals(0, d.altSetting(1), "a new configuration starts at setting 0");
            assertEquals(headset().info(), d.info());
            d.close();
        }
    }

    @Test
    void isochronousPacketsGoToLibusbAsIsoTransfers() throws Exception {
        FakeLibUsb fake = new FakeLibUsb();
        fake.autoComplete = false;
        try (Usb4JavaBackend b = backend(fake)) {
            Usb4JavaDevice d = b.device(headset());
            d.open(r -> { });
            d.setAltSetting(1, 1);
            List<String> done = new CopyOnWriteArrayList<>();
            UsbDevice.TransferDone record = (t, status, n, in) -> done.add(t.id() + ":" + UsbStatus.name(status)
                    + ":" + n + ":" + java.util.Arrays.toString(in));
            d.submit(new UsbTransfer(5, UsbTransfer.Kind.ISO, 0x83, 0, 0, 0, 0, 100, new byte[0]), record);
            d.submit(new UsbTransfer(6, UsbTransfer.Kind.ISO, 0x83, 0, 0, 0, 0, 100, new byte[0]), record);
            d.submit(new UsbTransfer(7, UsbTransfer.Kind.ISO, 0x03, 0, 0, 0, 0, 2, new byte[] {1, 2}), record);
            assertTrue(fake.calls().contains("submit iso 83 100 timeout " + Usb4JavaDevice.ISO_TIMEOUT_MS),
                    fake.calls().toString());
            assertTrue(fake.calls().contains("submit iso 3 2 timeout " + Usb4JavaDevice.ISO_TIMEOUT_MS));
            List<FakeLibUsb.Submitted> s = fake.submittedNow();
            fake.complete(s.get(0).token(), LibUsbCalls.TRANSFER_COMPLETED, 3, new byte[] {9, 8, 7});
            fake.complete(s.get(1).token(), LibUsbCalls.TRANSFER_ERROR, 0, new byte[0]);
            fake.complete(s.get(2).token(), LibUsbCalls.TRANSFER_COMPLETED, 2, new byte[0]);
            await(() -> done.size() == 3, "all three complete");
            assertEquals(List.of("5:success:3:[9, 8, 7]", "6:ioerror:0:[]", "7:success:2:[]"), done);
            d.close();
        }
    }

    @Test
    void interruptReceivingKeepsTheEndpointPolledAndStopsOnAStall() throws Exception {
        FakeLibUsb fake = new FakeLibUsb();
        fake.autoComplete = false;
        try (Usb4JavaBackend b = backend(fake)) {
            Usb4JavaDevice d = b.device(headset());
            d.open(r -> { });
            assertEquals(UsbStatus.INVAL, d.startInterruptReceiving(0x83, (st, data) -> { }), "not an interrupt endpoint");
            assertEquals(UsbStatus.INVAL, d.startInterruptReceiving(0x04, (st, data) -> { }), "no such endpoint");
            List<String> reports = new CopyOnWriteArrayList<>();
            List<Integer> stopped = new CopyOnWriteArrayList<>();
            UsbDevice.InterruptSink sink = new UsbDevice.InterruptSink() {
                @Override
                public void report(int status, byte[] data) {
                    reports.add(UsbStatus.name(status) + ":" + java.util.Arrays.toString(data));
                }

                @Override
                public void stopped(int status) {
                    stopped.add(status);
                }
            };
            assertEquals(UsbStatus.SUCCESS, d.startInterruptReceiving(0x84, sink));
            assertEquals(Usb4JavaDevice.INTERRUPT_TRANSFERS, fake.submittedNow().size());
            assertTrue(fake.calls().contains("submit interrupt 84 8"), "transfers of the endpoint's packet size");
            // two reports, each followed by a new transfer: the endpoint stays polled
            List<FakeLibUsb.Submitted> s = fake.submittedNow();
            fake.complete(s.get(0).token(), LibUsbCalls.TRANSFER_COMPLETED, 3, new byte[] {0, 0, 4});
            fake.complete(s.get(1).token(), LibUsbCalls.TRANSFER_COMPLETED, 3, new byte[] {0, 0, 0});
            await(() -> reports.size() == 2, "two reports");
            assertEquals(List.of("success:[0, 0, 4]", "success:[0, 0, 0]"), reports);
            await(() -> fake.submittedNow().size() == Usb4JavaDevice.INTERRUPT_TRANSFERS, "resubmitted");
            // a stall: the guest is told once, and nothing is polled until it starts again
            fake.complete(fake.submittedNow().get(0).token(), LibUsbCalls.TRANSFER_STALL, 0, new byte[0]);
            await(() -> stopped.size() == 1, "the stall ends the polling");
            assertEquals(List.of(UsbStatus.STALL), stopped);
            await(() -> fake.submittedNow().isEmpty(), "the endpoint's other transfers cancelled");
            assertEquals(2, reports.size(), "a stall is no report");
            assertEquals(0, d.inFlight());
            // started again (QEMU does once the guest cleared the halt), then stopped by the guest
            assertEquals(UsbStatus.SUCCESS, d.startInterruptReceiving(0x84, sink));
            assertEquals(Usb4JavaDevice.INTERRUPT_TRANSFERS, fake.submittedNow().size());
            d.stopInterruptReceiving(0x84);
            await(() -> d.inFlight() == 0, "stopping cancels them");
            assertEquals(List.of(UsbStatus.STALL), stopped, "a stop the guest asked for is not reported back");
            // errors other than a stall are reported and polling goes on, up to a limit
            assertEquals(UsbStatus.SUCCESS, d.startInterruptReceiving(0x84, sink));
            for (int i = 0; i < Usb4JavaDevice.MAX_POLL_ERRORS - 1; i++) {
                fake.complete(fake.submittedNow().get(0).token(), LibUsbCalls.TRANSFER_ERROR, 0, new byte[0]);
                int n = i + 1;
                await(() -> reports.size() == 2 + n, "error " + n + " reported");
                await(() -> fake.submittedNow().size() == Usb4JavaDevice.INTERRUPT_TRANSFERS, "and resubmitted");
            }
            fake.complete(fake.submittedNow().get(0).token(), LibUsbCalls.TRANSFER_ERROR, 0, new byte[0]);
            await(() -> stopped.size() == 2, "too many errors in a row end the polling");
            assertEquals(UsbStatus.IOERROR, stopped.get(1));
            await(() -> d.inFlight() == 0, "nothing left polling");
            // a device closed while polled gives everything back
            assertEquals(UsbStatus.SUCCESS, d.startInterruptReceiving(0x84, sink));
            d.close();
            await(() -> d.claimed().isEmpty(), "released once the polled transfers came back");
            assertEquals(List.of(), fake.submittedNow());
            assertEquals(2, stopped.size());
        }
    }

    @Test
    void unplugWithTransfersInFlightEndsEveryOneThenReleases() throws Exception {
        FakeLibUsb fake = new FakeLibUsb();
        fake.autoComplete = false;
        fake.bus.add(STICK);
        try (Usb4JavaBackend b = backend(fake)) {
            Usb4JavaDevice d = b.device(STICK);
            List<String> gone = new CopyOnWriteArrayList<>();
            d.open(gone::add);
            java.util.Map<Long, Integer> done = new java.util.concurrent.ConcurrentHashMap<>();
            for (long id = 1; id <= 3; id++) {
                d.submit(UsbTransfer.bulk(id, id == 3 ? 0x02 : 0x81, 512, new byte[512]),
                        (t, status, n, in) -> done.merge(t.id(), status, (x, y) -> -1));
            }
            fake.unplug(STICK);
            await(() -> done.size() == 3, "every transfer in flight completed");
            done.values().forEach(st -> assertEquals(UsbStatus.IOERROR, st, "ended once, as an I/O error"));
            await(() -> gone.size() == 1, "unplug reported");
            assertTrue(gone.get(0).endsWith("was unplugged."), gone.get(0));
            assertEquals(0, d.inFlight());
            d.close(); // what the host does on onGone
            assertEquals(List.of(), d.claimed());
            assertTrue(fake.calls().contains("close 42"));
            assertEquals(List.of(), fake.submittedNow(), "nothing left in libusb");
            Thread.sleep(50);
            assertEquals(1, gone.size(), "the hotplug event after the failed transfers is not a second report");
        }
    }

    @Test
    void closeCancelsEveryTransferAndReleasesOnlyWhenAllCameBack() throws Exception {
        FakeLibUsb fake = new FakeLibUsb();
        fake.autoComplete = false;
        fake.holdCancels = true;
        try (Usb4JavaBackend b = backend(fake)) {
            Usb4JavaDevice d = b.device(STICK);
            d.open(r -> { });
            List<Long> done = new CopyOnWriteArrayList<>();
            d.submit(UsbTransfer.bulk(1, 0x81, 512, new byte[0]), (t, status, n, in) -> done.add(t.id()));
            d.submit(UsbTransfer.bulk(2, 0x81, 512, new byte[0]), (t, status, n, in) -> done.add(t.id()));
            List<FakeLibUsb.Submitted> s = fake.submittedNow();
            d.close();
            assertTrue(fake.calls().containsAll(List.of("cancel " + s.get(0).token(), "cancel " + s.get(1).token())));
            Thread.sleep(100);
            assertEquals(List.of(0, 1), d.claimed(), "still claimed while a transfer is in libusb's hands");
            assertTrue(fake.calls().stream().noneMatch(c -> c.startsWith("release")), fake.calls().toString());
            fake.complete(s.get(0).token(), LibUsbCalls.TRANSFER_CANCELLED, 0, new byte[0]);
            Thread.sleep(100);
            assertEquals(List.of(0, 1), d.claimed());
            fake.complete(s.get(1).token(), LibUsbCalls.TRANSFER_CANCELLED, 0, new byte[0]);
            await(() -> d.claimed().isEmpty(), "released after the last callback");
            List<String> c = fake.calls();
            assertTrue(c.indexOf("done " + s.get(1).token() + " 3") < c.indexOf("release 0"), c.toString());
            assertTrue(c.indexOf("release 1") < c.indexOf("close 42"), c.toString());
            assertEquals(List.of(), done, "the host answered the cancelled transfers itself");
            d.open(r -> { }); // and it can be redirected again
            assertEquals(List.of(0, 1), d.claimed());
            fake.holdCancels = false;
            d.submit(UsbTransfer.bulk(3, 0x81, 512, new byte[0]), (t, status, n, in) -> done.add(t.id()));
        }
        // the backend's close gave the still-open device back before stopping libusb
        List<String> c = fake.calls();
        assertTrue(c.lastIndexOf("close 42") < c.indexOf("exit"), c.toString());
        assertEquals(List.of(), fake.submittedNow(), "nothing left in libusb");
    }

    @Test
    void reopeningWhileTheLastTransfersAreStillInLibusbIsRefusedInWords() throws Exception {
        FakeLibUsb fake = new FakeLibUsb();
        fake.autoComplete = false;
        fake.holdCancels = true;
        try (Usb4JavaBackend b = backend(fake)) {
            Usb4JavaDevice d = b.device(STICK);
            d.open(r -> { });
            d.submit(UsbTransfer.bulk(1, 0x81, 512, new byte[0]), (t, status, n, in) -> { });
            d.close();
            UsbBackendException e = assertThrows(UsbBackendException.class, () -> d.open(r -> { }));
            assertEquals("The USB device 0781:5567 (bus 1, address 4) is still being given back from its last "
                    + "redirection; try again in a moment.", e.getMessage());
            assertTrue(!fake.calls().contains("close 42"), "the handle stays open while libusb holds a transfer");
            fake.holdCancels = false;
            fake.complete(fake.submittedNow().get(0).token(), LibUsbCalls.TRANSFER_CANCELLED, 0, new byte[0]);
            await(() -> d.claimed().isEmpty(), "released once the cancel came back");
            d.open(r -> { });
            assertEquals(List.of(0, 1), d.claimed());
            d.close();
        }
    }

    @Test
    void hotplugReportsArrivalsAndDeparturesAndTheEventsThreadDoesNotSpin() throws Exception {
        FakeLibUsb fake = new FakeLibUsb();
        List<String> seen = new CopyOnWriteArrayList<>();
        Usb4JavaBackend b = backend(fake);
        assertTrue(b.hotplug());
        b.watch(new Usb4JavaBackend.BusListener() {
            @Override
            public void arrived(LibUsbCalls.Found f) {
                seen.add("+" + f.device());
            }

            @Override
            public void left(LibUsbCalls.Found f) {
                seen.add("-" + f.device());
            }
        });
        UsbDeviceInfo hub = new UsbDeviceInfo(2, 9, 0, 0, 0x05e3, 0x0608, 0, "hub", List.of(), List.of());
        fake.plug(new LibUsbCalls.Found(3, 1, 5, hub));
        fake.plug(STICK);
        await(() -> seen.size() == 1, "arrival");
        Usb4JavaDevice d = b.device(STICK);
        List<String> gone = new CopyOnWriteArrayList<>();
        d.open(gone::add);
        fake.unplug(STICK);
        await(() -> seen.size() == 2 && gone.size() == 1, "departure, and the open device hears it");
        assertEquals(List.of("+7", "-7"), seen, "the hub is never reported");
        d.close();
        int before = fake.handleEventsCalls.get();
        Thread.sleep(1000);
        int rounds = fake.handleEventsCalls.get() - before;
        assertTrue(rounds >= 2 && rounds <= 1000 / Usb4JavaBackend.EVENT_TIMEOUT_MS + 2,
                "libusb event handling waits between rounds: " + rounds + " rounds in 1 s");
        b.close();
        List<String> c = fake.calls();
        assertTrue(c.indexOf("hotplug deregister") < c.indexOf("exit"), c.toString());
        assertTrue(!b.eventsThreadAlive(), "events thread stopped");
        int after = fake.handleEventsCalls.get();
        Thread.sleep(300);
        assertEquals(after, fake.handleEventsCalls.get(), "no event handling after close");
    }

    @Test
    void withoutHotplugTheDeviceListIsCompared() throws Exception {
        FakeLibUsb fake = new FakeLibUsb();
        fake.hotplugCapable = false;
        fake.bus.add(new LibUsbCalls.Found(8, 1, 9, composite()));
        List<String> seen = new CopyOnWriteArrayList<>();
        try (Usb4JavaBackend b = Usb4JavaBackend.open(Files.createDirectories(tmp.resolve("sys")), () -> fake, 50)) {
            assertTrue(!b.hotplug());
            b.watch(new Usb4JavaBackend.BusListener() {
                @Override
                public void arrived(LibUsbCalls.Found f) {
                    seen.add("+" + f.device());
                }

                @Override
                public void left(LibUsbCalls.Found f) {
                    seen.add("-" + f.device());
                }
            });
            fake.plug(STICK);
            await(() -> seen.contains("+7"), "arrival found by comparing");
            Usb4JavaDevice d = b.device(STICK);
            List<String> gone = new CopyOnWriteArrayList<>();
            d.open(gone::add);
            fake.bus.remove(STICK);
            await(() -> seen.contains("-7") && gone.size() == 1, "departure found by comparing");
            assertEquals(List.of("+7", "-7"), seen, "the device present from the start is not an arrival");
            d.close();
        }
        assertTrue(!fake.calls().contains("hotplug register"));
    }

    private record Result(int status, byte[] data) {
    }

    private static Result run(Usb4JavaDevice d, UsbTransfer t) throws Exception {
        CompletableFuture<Result> f = new CompletableFuture<>();
        d.submit(t, (tr, status, n, in) -> f.complete(new Result(status, in)));
        return f.get(5, TimeUnit.SECONDS);
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting: " + what);
            }
            Thread.sleep(5);
        }
    }
}
