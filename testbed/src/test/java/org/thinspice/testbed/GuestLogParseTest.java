package org.thinspice.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.thinspice.testbed.GuestAgentLog.Entry;
import org.thinspice.testbed.GuestAgentLog.Monitor;
import org.thinspice.testbed.GuestInputLog.Abs;
import org.thinspice.testbed.GuestInputLog.Button;
import org.thinspice.testbed.GuestInputLog.Device;
import org.thinspice.testbed.GuestInputLog.Key;
import org.thinspice.testbed.GuestInputLog.Other;
import org.thinspice.testbed.GuestInputLog.Rel;
import org.thinspice.testbed.GuestInputLog.Wheel;

class GuestLogParseTest {

    @Test
    void tbinLinesParseIntoEvents() {
        assertEquals(new Key(97, 0xe01d, "down"), GuestInputLog.parse("TBIN key code=97 scan=0xe01d down").orElseThrow());
        assertEquals(new Key(30, -1, "repeat"), GuestInputLog.parse("TBIN key code=30 repeat").orElseThrow());
        assertEquals(new Button("middle", false), GuestInputLog.parse("TBIN btn middle up").orElseThrow());
        assertEquals(new Wheel("v", -1), GuestInputLog.parse("TBIN wheel v=-1").orElseThrow());
        assertEquals(new Wheel("h", 1), GuestInputLog.parse("TBIN wheel h=+1").orElseThrow());
        assertEquals(new Rel(10, -5), GuestInputLog.parse("TBIN rel dx=10 dy=-5").orElseThrow());
        assertEquals(new Abs(16383, 8192, 0, 32767, 0, 32767, 512, 192, 1024, 768), GuestInputLog.parse(
                "TBIN abs x=16383 y=8192 xmin=0 xmax=32767 ymin=0 ymax=32767 sx=512 sy=192 sw=1024 sh=768").orElseThrow());
        Device tablet = (Device) GuestInputLog.parse("TBIN dev event1 name=\"QEMU Virtio Tablet\" abs x=0..32767 y=0..32767")
                .orElseThrow();
        assertEquals(new Device("event1", "QEMU Virtio Tablet", 0, 32767, 0, 32767), tablet);
        assertTrue(tablet.absolute());
        assertFalse(((Device) GuestInputLog.parse("TBIN dev event0 name=\"AT Translated Set 2 keyboard\"").orElseThrow())
                .absolute());
        // A line that shares the console with shell output is still found; garbage stays text.
        assertEquals(new Key(1, 1, "up"), GuestInputLog.parse("__TBE1__0TBIN key code=1 scan=0x01 up").orElseThrow());
        assertEquals(new Other("key code=x down"), GuestInputLog.parse("TBIN key code=x down").orElseThrow());
        assertTrue(GuestInputLog.parse("tb: fb=qxldrmfb").isEmpty());
    }

    @Test
    void tbagLinesParseIntoEntries() {
        Entry clip = GuestAgentLog.parse("TBAG CLIPBOARD sel=0 type=1 len=20 sha256=ab text=\"from \\x22me\\x22 \\xc3\\xa9\"")
                .orElseThrow();
        assertFalse(clip.sent());
        assertEquals("CLIPBOARD", clip.name());
        assertEquals(20, clip.intField("len"));
        assertEquals("from \"me\" \u00e9", clip.clipboardText());

        Entry sent = GuestAgentLog.parse("TBAG sent ANNOUNCE_CAPABILITIES request=0 caps=0x11566").orElseThrow();
        assertTrue(sent.sent());
        assertEquals(GuestAgentLog.DEFAULT_CAPS, sent.intField("caps"));

        Entry mon = GuestAgentLog.parse("TBAG MONITORS_CONFIG n=2 flags=0x3 0:1024x768+0+0d32mm270x203 1:800x600-800+0d32")
                .orElseThrow();
        assertEquals(List.of(new Monitor(0, 1024, 768, 0, 0, 32), new Monitor(1, 800, 600, -800, 0, 32)), mon.monitors());

        Entry ctl = GuestAgentLog.parse("TBAG ctl grab-text ok").orElseThrow();
        assertEquals("ctl", ctl.name());
        assertEquals("ctl grab-text ok", ctl.text());
        assertTrue(GuestAgentLog.parse("TBIN key code=1 up").isEmpty());
    }
}
