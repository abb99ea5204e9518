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

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thinspice.device.backends.UsbBackendException;
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

    private Usb4JavaBackend backend(FakeLibUsb fake) throws Exception {
        Path sys = Files.createDirectories(tmp.resolve("sys-bus-usb"));
        return Usb4JavaBackend.open(sys, () -> fake);
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
        real.exit();
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
    void openClaimsEveryInterfaceAndCloseGivesThemBackToTheKernel() throws Exception {
        FakeLibUsb fake = new FakeLibUsb();
        fake.autoDetachResult = LibUsbCalls.ERROR_NOT_SUPPORTED; // older libusb: detach by hand
        fake.kernelDriverActive.put(0, 1);
        Usb4JavaDevice d = backend(fake).device(new LibUsbCalls.Found(7, 1, 4, composite()));
        d.open(reason -> { });
        assertEquals(List.of(0, 1), d.claimed());
        assertEquals(List.of("init", "open 7", "autodetach true", "detach 0", "claim 0", "claim 1"), fake.calls());
        d.close();
        assertEquals(List.of("autodetach false", "release 0", "release 1", "attach 0", "attach 1", "close 42"),
                fake.calls().subList(6, fake.calls().size()));
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
        assertTrue(fake.calls().contains("control 80 6 timeout 5000"));
        fake.transferResult = () -> LibUsbCalls.ERROR_PIPE;
        assertEquals(UsbStatus.STALL, run(d, UsbTransfer.bulk(2, 0x81, 512, new byte[0])).status);
        fake.transferResult = () -> LibUsbCalls.ERROR_TIMEOUT;
        assertEquals(UsbStatus.TIMEOUT, run(d, UsbTransfer.bulk(3, 0x02, 4, new byte[4])).status);
        assertEquals(UsbStatus.SUCCESS, run(d, UsbTransfer.control(4, 0x02, 1, 0, 0x81, 0, new byte[0])).status);
        assertTrue(fake.calls().contains("clearhalt 81"), "CLEAR_FEATURE(ENDPOINT_HALT) goes to libusb_clear_halt");
        fake.transferResult = () -> LibUsbCalls.ERROR_NO_DEVICE;
        assertEquals(UsbStatus.IOERROR, run(d, UsbTransfer.bulk(5, 0x81, 512, new byte[0])).status);
        assertEquals(1, gone.size());
        assertTrue(gone.get(0).endsWith("was unplugged."), gone.get(0));
        d.close();
    }

    @Test
    void aCancelledTransfersResultIsDropped() throws Exception {
        FakeLibUsb fake = new FakeLibUsb();
        CountDownLatch release = new CountDownLatch(1);
        fake.transferResult = () -> {
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return LibUsbCalls.SUCCESS;
        };
        Usb4JavaDevice d = backend(fake).device(new LibUsbCalls.Found(7, 1, 4, composite()));
        d.open(r -> { });
        CompletableFuture<Integer> done = new CompletableFuture<>();
        d.submit(UsbTransfer.bulk(9, 0x81, 13, new byte[0]), (t, status, n, in) -> done.complete(status));
        d.cancel(9);
        release.countDown();
        Thread.sleep(200);
        assertTrue(!done.isDone(), "no completion after cancel");
        d.close();
    }

    private record Result(int status, byte[] data) {
    }

    private static Result run(Usb4JavaDevice d, UsbTransfer t) throws Exception {
        CompletableFuture<Result> f = new CompletableFuture<>();
        d.submit(t, (tr, status, n, in) -> f.complete(new Result(status, in)));
        return f.get(5, TimeUnit.SECONDS);
    }
}
