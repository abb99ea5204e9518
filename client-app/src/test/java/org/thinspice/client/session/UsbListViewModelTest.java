package org.thinspice.client.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.thinspice.client.core.Ui;
import org.thinspice.client.testing.ManualScheduler;
import org.thinspice.client.testing.MemoryUsbGuest;
import org.thinspice.client.usb.UsbAudit;
import org.thinspice.client.usb.UsbManager;
import org.thinspice.client.usb.UsbRow;
import org.thinspice.client.usb.UsbSettings;
import org.thinspice.client.usb.UsbSource;
import org.thinspice.device.backends.UsbDevice;
import org.thinspice.device.backends.sim.MassStorageStick;
import org.thinspice.device.backends.sim.RamBlockStore;
import org.thinspice.engine.vv.VvFile;

/** The session bar's list: rows follow the manager, a plugged device shows up within one rescan period. */
class UsbListViewModelTest {
    private final ManualScheduler timer = new ManualScheduler();
    private final Ui ui = new Ui(Runnable::run, Runnable::run, timer);
    private final Map<String, UsbDevice> bus = new LinkedHashMap<>();
    private final UsbManager usb = new UsbManager(List.of(new UsbSource() {
        public Map<String, UsbDevice> scan() {
            return new LinkedHashMap<>(bus);
        }

        public Problem problem() {
            return null;
        }

        public boolean simulated() {
            return false;
        }

        public void close() {
        }
    }), UsbAudit.LOG, Runnable::run);

    @Test
    void rowsFollowTheDevicesAndOneClickMovesThem() throws Exception {
        UsbListViewModel vm = new UsbListViewModel(usb, ui);
        vm.start();
        assertEquals(List.of(), vm.rows());
        MemoryUsbGuest guest = new MemoryUsbGuest(usb.beginSession(UsbSettings.from(VvFile.parse(
                "[virt-viewer]\ntype=spice\nhost=h\nport=1\nenable-usb-autoshare=0\n"))), 0).open();
        bus.put("usb:1-2", new MassStorageStick(new RamBlockStore(64), "L1"));
        timer.advance(UsbListViewModel.RESCAN);
        assertEquals(1, vm.rows().size(), "plugged in: listed after one rescan");
        UsbRow row = vm.rows().get(0);
        assertEquals(UsbRow.State.LOCAL, row.state());
        assertTrue(row.canRedirect());

        vm.redirect(row);
        assertEquals("1209:0001", guest.connected());
        assertEquals(UsbRow.State.REDIRECTED, vm.rows().get(0).state());
        vm.giveBack(vm.rows().get(0));
        assertEquals(null, guest.connected());

        assertFalse(vm.shownProperty().get());
        vm.toggle();
        assertTrue(vm.shownProperty().get());
        vm.stop();
        assertEquals(0, timer.pending(), "no rescans after the session");
    }

    @Test
    void aSourceThatAnnouncesPlugAndUnplugIsNotRescanned() {
        Map<String, UsbDevice> hotplugBus = new LinkedHashMap<>();
        Runnable[] announce = new Runnable[1];
        int[] scans = {0};
        UsbManager announced = new UsbManager(List.of(new UsbSource() {
            public Map<String, UsbDevice> scan() {
                scans[0]++;
                return new LinkedHashMap<>(hotplugBus);
            }

            public boolean announcesChanges() {
                return true;
            }

            public void onChange(Runnable changed) {
                announce[0] = changed;
            }

            public Problem problem() {
                return null;
            }

            public boolean simulated() {
                return false;
            }

            public void close() {
            }
        }), UsbAudit.LOG, Runnable::run);
        assertFalse(announced.needsRescan());
        UsbListViewModel vm = new UsbListViewModel(announced, ui);
        vm.start();
        assertEquals(0, timer.pending(), "no 2 s rescan when the source says itself");
        hotplugBus.put("usb:1-3", new MassStorageStick(new RamBlockStore(64), "L2"));
        int before = scans[0];
        announce[0].run(); // the hotplug event
        assertEquals(before + 1, scans[0], "one scan per event");
        assertEquals(1, vm.rows().size(), "plugged in: listed on the event");
        hotplugBus.clear();
        announce[0].run();
        assertEquals(0, vm.rows().size(), "unplugged: gone on the event");
        vm.stop();
        assertTrue(usb.needsRescan(), "a source that cannot say is still rescanned");
    }
}
