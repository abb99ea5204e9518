package org.thinspice.device.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.thinspice.device.backends.UsbDeviceInfo;
import org.thinspice.device.policy.UsbFilter.Verdict;

class UsbFilterTest {
    private static UsbDeviceInfo device(int cls, int vid, int pid, int bcd, int... interfaceClasses) {
        List<UsbDeviceInfo.Interface> ifs = new java.util.ArrayList<>();
        for (int i = 0; i < interfaceClasses.length; i++) {
            ifs.add(new UsbDeviceInfo.Interface(i, interfaceClasses[i], 0, 0));
        }
        return new UsbDeviceInfo(2, cls, 0, 0, vid, pid, bcd, "test", ifs, List.of());
    }

    private static final UsbDeviceInfo STICK = device(0, 0x0781, 0x5567, 0x0100, 0x08);
    private static final UsbDeviceInfo KEYBOARD = new UsbDeviceInfo(1, 0, 0, 0, 0x046d, 0xc31c, 0x6400, "kbd",
            List.of(new UsbDeviceInfo.Interface(0, 0x03, 0x01, 0x01)), List.of());
    private static final UsbDeviceInfo READER = device(0, 0x076b, 0x3021, 0x0301, 0x0B);
    private static final UsbDeviceInfo HUB = device(0x09, 0x05e3, 0x0608, 0x6060, 0x09);

    @Test
    void spiceGtkDefaultAutoRedirectFilterIsEverythingButHid() throws Exception {
        UsbFilter f = UsbFilter.parse("0x03,-1,-1,-1,0|-1,-1,-1,-1,1");
        assertTrue(f.allows(STICK));
        assertTrue(f.allows(READER));
        assertFalse(f.allows(KEYBOARD));
        assertEquals(Verdict.DENY, f.check(KEYBOARD, false, false));
    }

    @Test
    void firstMatchingRuleDecidesAndNoMatchDenies() throws Exception {
        UsbFilter f = UsbFilter.parse("-1,0x0781,0x5567,-1,1|0x08,-1,-1,-1,0");
        assertTrue(f.allows(STICK), "the vendor/product rule comes first");
        assertEquals(Verdict.DENY, f.check(device(0, 0x1234, 1, 0, 0x08), false, false));
        assertEquals(Verdict.NO_MATCH, f.check(READER, false, false));
        assertEquals(Verdict.ALLOW, f.check(READER, true, false), "default-allow flag");
    }

    @Test
    void deviceClassIsCheckedUnlessPerInterface() throws Exception {
        UsbFilter noHubs = UsbFilter.parse("0x09,-1,-1,-1,0|-1,-1,-1,-1,1");
        assertFalse(noHubs.allows(HUB));
        // Class 0x00 / 0xEF: only interfaces count.
        assertTrue(UsbFilter.parse("0x00,-1,-1,-1,0|-1,-1,-1,-1,1").allows(STICK));
    }

    @Test
    void nonBootHidInterfacesOfCompositeDevicesAreSkippedUnlessAllAre() throws Exception {
        UsbFilter denyHid = UsbFilter.parse("0x03,-1,-1,-1,0|-1,-1,-1,-1,1");
        UsbDeviceInfo headset = device(0, 0x0d8c, 0x0014, 0x0100, 0x01, 0x01, 0x03); // audio + non-boot HID
        assertTrue(denyHid.allows(headset), "its HID (volume keys) interface is skipped");
        assertEquals(Verdict.DENY, denyHid.check(headset, false, true), "unless told not to skip");
        UsbDeviceInfo kvm = device(0, 0x1111, 0x2222, 0x0100, 0x03, 0x03);
        assertFalse(denyHid.allows(kvm), "every interface is non-boot HID: checked after all");
    }

    @Test
    void versionAndNumberBasesAsStrtol() throws Exception {
        UsbFilter f = UsbFilter.parse("8,1921,21863,0400,1"); // 0400 octal = 256 = 0x0100
        assertEquals(List.of(new UsbFilterRule(8, 0x0781, 0x5567, 0x100, true)), f.rules());
        assertTrue(f.allows(STICK));
        assertEquals("0x08,0x0781,0x5567,0x0100,1", f.toString());
        assertEquals(f.rules(), UsbFilter.parse(f.toString()).rules(), "round trip");
        assertEquals(f.rules(), UsbFilter.parseQemu("8:1921:21863:0400:1").rules(), "QEMU's ':' form");
        assertTrue(UsbFilter.parse("").rules().isEmpty());
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "0x08,-1,-1,-1;rule 1 '0x08,-1,-1,-1' has 4 fields",
        "-1,-1,-1,-1,1|0x100,-1,-1,-1,1;rule 2 '0x100,-1,-1,-1,1': class 0x100 is outside -1..255",
        "-1,0x10000,-1,-1,1;vendor 0x10000 is outside -1..65535",
        "-1,-1,-1,-1,2;allow 2 is outside -1..1",
        "-1,-1,-1,-1,-1;allow must be 0 or 1",
        "-2,-1,-1,-1,1;class '-2' is not a number",
        "abc,-1,-1,-1,1;class 'abc' is not a number",
        "-1,-1,-1,-1,1|;rule 2 '' has 1 fields",
        "-1,+5,-1,-1,1;vendor '+5' is not a number",
        "-1,09,-1,-1,1;vendor '09' is not a number",
        "-1,0x,-1,-1,1;vendor '0x' is not a number",
        "\uff18,-1,-1,-1,1;class '\uff18' is not a number",
        "-1,0x\u0661,-1,-1,1;vendor '0x\u0661' is not a number",
    })
    void invalidRulesAreRejectedNamingTheRule(String text, String message) {
        UsbFilterException e = assertThrows(UsbFilterException.class, () -> UsbFilter.parse(text));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void tooManyRules() {
        String many = String.join("|", java.util.Collections.nCopies(UsbFilter.MAX_RULES + 1, "-1,-1,-1,-1,1"));
        assertThrows(UsbFilterException.class, () -> UsbFilter.parse(many));
    }

    @Test
    void theExceptionGivesTheBadRulesNumberTextAndReason() {
        UsbFilterException e = assertThrows(UsbFilterException.class,
                () -> UsbFilter.parse("-1,-1,-1,-1,1|0x100,-1,-1,-1,1"));
        assertEquals(2, e.ruleNumber());
        assertEquals("0x100,-1,-1,-1,1", e.ruleText());
        assertEquals("class 0x100 is outside -1..255", e.reason());
        UsbFilterException fields = assertThrows(UsbFilterException.class, () -> UsbFilter.parse("0x08,-1,-1,-1"));
        assertEquals(1, fields.ruleNumber());
        assertEquals("has 4 fields; it needs class,vendor,product,version,allow", fields.reason());
    }

    @Test
    void policyParsingRefusesSpacesAnywhereAndOverlongFilters() throws Exception {
        assertEquals(2, UsbFilter.parsePolicy("0x08,-1,-1,-1,0|-1,-1,-1,-1,1", 1000).rules().size());
        assertTrue(UsbFilter.parsePolicy("", 1000).rules().isEmpty());
        // usbredir's strtol would take the leading space but not the trailing one: refuse both
        UsbFilterException trailing = assertThrows(UsbFilterException.class,
                () -> UsbFilter.parsePolicy("0x08,-1,-1,-1,0|-1,-1,-1,-1,1 ", 1000));
        assertEquals(2, trailing.ruleNumber());
        assertEquals("-1,-1,-1,-1,1 ", trailing.ruleText());
        assertTrue(trailing.reason().contains("space"), trailing.reason());
        assertEquals(1, assertThrows(UsbFilterException.class, () -> UsbFilter.parsePolicy(" 0x08,-1,-1,-1,0", 1000))
                .ruleNumber());
        UsbFilterException tab = assertThrows(UsbFilterException.class, () -> UsbFilter.parsePolicy("0x08,-1,\t-1,-1,0", 1000));
        assertEquals(1, tab.ruleNumber());
        UsbFilterException longOne = assertThrows(UsbFilterException.class,
                () -> UsbFilter.parsePolicy("-1,-1,-1,-1,1|".repeat(80) + "-1,-1,-1,-1,1", 1000));
        assertEquals(0, longOne.ruleNumber());
        assertTrue(longOne.getMessage().contains("more than 1000"), longOne.getMessage());
    }
}
