package org.thinspice.engine.vv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.thinspice.engine.usbredir.UsbRedirectSettings;

/** The .vv's USB keys, as virt-viewer names them, reach the session's options unchanged. */
class VvConnectUsbTest {
    private static UsbRedirectSettings settings(String usbLines) throws Exception {
        VvFile vv = VvFile.parse("[virt-viewer]\ntype=spice\nhost=127.0.0.1\nport=5930\n" + usbLines);
        return VvConnect.options(vv).build().usbRedirectSettings();
    }

    @Test
    void virtViewersKeysAreCarriedAsTheFileGivesThem() throws Exception {
        UsbRedirectSettings s = settings("enable-usbredir=1\nenable-usb-autoshare=1\nusb-filter=0x08,-1,-1,-1,0|-1,-1,-1,-1,1\n");
        assertEquals(new UsbRedirectSettings(true, true, "0x08,-1,-1,-1,0|-1,-1,-1,-1,1"), s);
        assertTrue(s.isEnabled());
        assertTrue(s.isAutoshare());
        assertEquals("0x08,-1,-1,-1,0|-1,-1,-1,-1,1", s.filterOrDefault());
    }

    @Test
    void redirectionOffAndAutoshareOffAreKept() throws Exception {
        UsbRedirectSettings s = settings("enable-usbredir=0\nenable-usb-autoshare=0\n");
        assertFalse(s.isEnabled());
        assertFalse(s.isAutoshare());
        assertNull(s.filter());
    }

    @Test
    void aFileThatSaysNothingGetsSpiceGtksDefaults() throws Exception {
        UsbRedirectSettings s = settings("");
        assertEquals(UsbRedirectSettings.UNSAID, s);
        assertTrue(s.isEnabled(), "spice-gtk's enable-usbredir defaults to on");
        assertFalse(s.isAutoshare());
        assertEquals("0x03,-1,-1,-1,0|-1,-1,-1,-1,1", s.filterOrDefault());
    }

    @Test
    void aKeyWithAnotherNameIsNotTakenForTheFilter() throws Exception {
        assertNull(settings("usb-autoshare=1\nauto-connect-filter=0x08,-1,-1,-1,0\n").filter());
    }
}
