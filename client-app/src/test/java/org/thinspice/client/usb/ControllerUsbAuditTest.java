package org.thinspice.client.usb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.thinspice.client.api.ControllerApi;
import org.thinspice.client.api.ControllerException;
import org.thinspice.client.api.UsbAudit.Action;
import org.thinspice.client.api.UsbAudit.UsbEvent;
import org.thinspice.device.backends.UsbDeviceInfo;

class ControllerUsbAuditTest {
    private static final UsbDeviceInfo STICK = new UsbDeviceInfo(2, 0, 0, 0, 0x0781, 0x5581, 0x0100, "SanDisk Ultra",
            List.of(new UsbDeviceInfo.Interface(0, 0x08, 0x06, 0x50)), List.of());

    /** A controller client that records its USB reports; {@code fail} makes each report throw. */
    private static ControllerApi recording(List<UsbEvent> sent, boolean fail) {
        return (ControllerApi) Proxy.newProxyInstance(ControllerUsbAuditTest.class.getClassLoader(),
                new Class<?>[] {ControllerApi.class, org.thinspice.client.api.UsbAudit.class}, (proxy, m, args) -> {
                    if (m.getName().equals("report")) {
                        if (fail) {
                            throw new ControllerException(ControllerException.Kind.UNREACHABLE, 0, "unreachable", "controller down", 0);
                        }
                        sent.add((UsbEvent) args[0]);
                        return null;
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
    }

    @Test
    void eachEventGoesToTheSessionsDesktopWithItsAction() {
        List<UsbEvent> sent = new ArrayList<>();
        ControllerUsbAudit audit = new ControllerUsbAudit(() -> recording(sent, false), Runnable::run);
        audit.sessionStarted("desk-7");
        audit.onRedirected(STICK);
        audit.onRefused(STICK, "refused by policy: rule 1");
        audit.onReturned(STICK, "given back");
        assertEquals(List.of(Action.REDIRECTED, Action.REFUSED, Action.RETURNED), sent.stream().map(UsbEvent::action).toList());
        assertTrue(sent.stream().allMatch(e -> e.desktopId().equals("desk-7") && e.vendorId() == 0x0781
                && e.productId() == 0x5581 && e.interfaceClasses().equals(List.of(0x08))));
        assertEquals("refused by policy: rule 1", sent.get(1).reason());
    }

    @Test
    void withoutASessionOrWithTheControllerDownNothingIsThrown() {
        List<UsbEvent> sent = new ArrayList<>();
        ControllerUsbAudit before = new ControllerUsbAudit(() -> recording(sent, false), Runnable::run);
        before.onRedirected(STICK);
        assertEquals(List.of(), sent);

        ControllerUsbAudit down = new ControllerUsbAudit(() -> recording(sent, true), Runnable::run);
        down.sessionStarted("desk-7");
        down.onRefused(STICK, "refused by policy");
        assertEquals(List.of(), sent);
    }
}
