package org.thinspice.device.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.thinspice.device.backends.UsbDeviceInfo;
import org.thinspice.device.policy.UsbPolicy.Verdict;
import org.thinspice.engine.usbredir.UsbRedirectSettings;

class UsbPolicyTest {
    private static UsbDeviceInfo dev(int cls, int vid, int pid, int[]... interfaces) {
        List<UsbDeviceInfo.Interface> ifs = new java.util.ArrayList<>();
        for (int i = 0; i < interfaces.length; i++) {
            ifs.add(new UsbDeviceInfo.Interface(i, interfaces[i][0], interfaces[i][1], interfaces[i][2]));
        }
        return new UsbDeviceInfo(2, cls, 0, 0, vid, pid, 0x0100, "d", ifs, List.of());
    }

    private static final UsbDeviceInfo STICK = dev(0, 0x0781, 0x5567, new int[] {8, 6, 0x50});
    private static final UsbDeviceInfo UKEY = dev(0, 0x1050, 0x0407, new int[] {3, 1, 1}, new int[] {0x0B, 0, 0});
    private static final UsbDeviceInfo KEYBOARD = dev(0, 0x046d, 0xc31c, new int[] {3, 1, 1});
    private static final UsbDeviceInfo SCANNER = dev(0xFF, 0x04b8, 0x0142, new int[] {0xFF, 0xFF, 0xFF});
    private static final UsbDeviceInfo HUB = dev(9, 0x05e3, 0x0608, new int[] {9, 0, 0});

    private static Verdict verdict(String rules, boolean offer, UsbDeviceInfo d) throws Exception {
        return new UsbPolicy(UsbFilter.parse(rules), offer).decide(d, null).verdict();
    }

    @Test
    void allowEverythingStillKeepsReadersKeyboardsAndHubsLocal() throws Exception {
        assertEquals(Verdict.REDIRECT, verdict("-1,-1,-1,-1,1", false, STICK));
        assertEquals(Verdict.KEEP_LOCAL, verdict("-1,-1,-1,-1,1", false, UKEY));
        assertEquals(Verdict.KEEP_LOCAL, verdict("-1,-1,-1,-1,1", false, KEYBOARD));
        assertEquals(Verdict.KEEP_LOCAL, verdict("-1,-1,-1,-1,1", false, HUB));
    }

    @Test
    void aRuleThatNamesTheDeviceRedirectsIt() throws Exception {
        assertEquals(Verdict.REDIRECT, verdict("-1,0x1050,0x0407,-1,1", false, UKEY));
        UsbDeviceInfo reader = dev(0, 0x076b, 0x3021, new int[] {0x0B, 0, 0});
        assertEquals(Verdict.REDIRECT, verdict("0x0b,-1,-1,-1,1", false, reader));
        // usbredirfilter checks every interface: the UKEY's keyboard interface matches no rule here.
        assertEquals(Verdict.REFUSED, verdict("0x0b,-1,-1,-1,1", false, UKEY));
        assertEquals(Verdict.REDIRECT, verdict("0x03,0x046d,-1,-1,1", false, KEYBOARD));
    }

    @Test
    void denyingRulesWinAndUnmatchedDevicesAreOfferedOnlyWhenAllowed() throws Exception {
        assertEquals(Verdict.REFUSED, verdict("0x08,-1,-1,-1,0|-1,-1,-1,-1,1", true, STICK));
        assertEquals(Verdict.OFFER, verdict("0x08,-1,-1,-1,1", true, SCANNER));
        assertEquals(Verdict.REFUSED, verdict("0x08,-1,-1,-1,1", false, SCANNER));
    }

    @Test
    void theDesktopsFilterIsRespected() throws Exception {
        UsbPolicy p = new UsbPolicy(UsbFilter.parse("-1,-1,-1,-1,1"), true);
        UsbPolicy.Decision d = p.decide(STICK, UsbFilter.parse("0x08,-1,-1,-1,0|-1,-1,-1,-1,1"));
        assertEquals(Verdict.REFUSED, d.verdict());
        assertEquals("the desktop's USB filter refuses this device", d.reason());
    }

    @Test
    void aConnectionFilesKeysBecomeThePolicyAsRemoteViewerReadsThem() throws Exception {
        String denyStorage = "0x08,-1,-1,-1,0|-1,-1,-1,-1,1";
        UsbPolicy auto = UsbPolicy.fromConnection(new UsbRedirectSettings(true, true, denyStorage));
        assertEquals(Verdict.REFUSED, auto.decide(STICK, null).verdict());
        assertEquals("the USB policy refuses this device", auto.decide(STICK, null).reason());
        assertEquals(Verdict.REDIRECT, auto.decide(SCANNER, null).verdict());
        UsbPolicy byHand = UsbPolicy.fromConnection(new UsbRedirectSettings(true, false, denyStorage));
        assertEquals(Verdict.OFFER, byHand.decide(SCANNER, null).verdict(), "without autoshare: only by hand");
        assertEquals(Verdict.REFUSED, byHand.decide(STICK, null).verdict());
        UsbPolicy off = UsbPolicy.fromConnection(new UsbRedirectSettings(false, true, "-1,-1,-1,-1,1"));
        assertEquals(new UsbPolicy.Decision(Verdict.REFUSED, "USB redirection is off for this desktop"),
                off.decide(SCANNER, null));
        UsbPolicy defaults = UsbPolicy.fromConnection(UsbRedirectSettings.UNSAID);
        assertEquals(Verdict.OFFER, defaults.decide(STICK, null).verdict(), "spice-gtk's default filter allows storage");
        assertEquals(Verdict.REFUSED, UsbPolicy.fromConnection(new UsbRedirectSettings(true, true, "0x08,-1,-1,-1,1"))
                .decide(SCANNER, null).verdict(), "a device no rule matches stays out");
    }

    @Test
    void aConnectionFilesBadFilterIsAnErrorNamingTheRule() {
        UsbFilterException e = org.junit.jupiter.api.Assertions.assertThrows(UsbFilterException.class,
                () -> UsbPolicy.fromConnection(new UsbRedirectSettings(true, true, "0x08,-1,-1,-1,0|0x03,-1,-1")));
        assertEquals(2, e.ruleNumber());
        assertEquals("0x03,-1,-1", e.ruleText());
    }
}
