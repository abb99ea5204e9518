package org.thinspice.device.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

class UsbSessionCommandTest {
    @Test
    void theStickOptionIsTakenOutAndTheRestGoesToTheSession() {
        UsbSessionCommand.Split s = UsbSessionCommand.split(new String[] {"--uri", "spice://h:1", "--usb-stick",
            "a.img", "--duration-s", "5"});
        assertEquals(Path.of("a.img"), s.image());
        assertEquals(List.of("--uri", "spice://h:1", "--duration-s", "5"), s.rest());
        assertEquals(Path.of("b.img"), UsbSessionCommand.split(new String[] {"--usb-stick=b.img"}).image());
        assertThrows(IllegalArgumentException.class, () -> UsbSessionCommand.split(new String[] {"--usb-stick"}));
    }

    @Test
    void aMissingImageIsAnErrorInWords() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = UsbSessionCommand.run(new String[] {"--uri", "spice://127.0.0.1:1", "--usb-stick",
            "/nonexistent/stick.img"}, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true));
        assertEquals(2, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("no such file: /nonexistent/stick.img"));
    }
}
