package org.thinspice.testbed;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DevicesIT {

    @Test
    void fullDeviceSetStartsAndIsListedByQemu() throws Exception {
        try (QemuSpiceServer qemu = QemuSpiceServer.builder()
                .vdagent().usbRedir(2).smartcard().audio().streamingVideo("filter").imageCompression("quic").start()) {
            String usb = qemu.qmp().hmp("info usb");
            assertTrue(usb.contains("ID: redir1") && usb.contains("ID: redir2") && usb.contains("ID: ccid0"), usb);
            String chardevs = qemu.qmp().hmp("info chardev");
            assertTrue(chardevs.contains("vdagent") && chardevs.contains("usbredir2") && chardevs.contains("ccid"),
                    chardevs);
            String line = String.join(" ", qemu.commandLine());
            assertTrue(line.contains("streaming-video=filter") && line.contains("image-compression=quic"), line);
            assertTrue(line.contains("-audiodev spice,id=snd0"), line);
            // No client is connected yet, so query-spice lists no channels.
            JsonArray channels = qemu.qmp().querySpice().getAsJsonArray("channels");
            Set<Integer> types = new HashSet<>();
            for (JsonElement c : channels) {
                types.add(c.getAsJsonObject().get("channel-type").getAsInt());
            }
            assertTrue(types.isEmpty(), "channels before any client: " + types);
        }
    }
}
