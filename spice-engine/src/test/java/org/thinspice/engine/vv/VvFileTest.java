package org.thinspice.engine.vv;

import org.junit.jupiter.api.Test;
import org.thinspice.engine.SpiceException;
import org.thinspice.engine.SpiceReason;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VvFileTest {
    private static final String PEM = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ2x0\nZXN0Y2E=\n-----END CERTIFICATE-----\n";

    /** Shaped like Proxmox's /nodes/{node}/qemu/{vmid}/spiceproxy answer written as a .vv. */
    private static final String PROXMOX = """
            [virt-viewer]
            secure-attention=Ctrl+Alt+Ins
            release-cursor=Ctrl+Alt+R
            toggle-fullscreen=Shift+F11
            tls-port=61002
            delete-this-file=1
            proxy=http://pve1.example.com:3128
            type=spice
            host-subject=OU=PVE Cluster Node,O=Proxmox Virtual Environment,CN=pve1.example.com
            password=a1b2c3d4e5f60718293a4b5c6d7e8f90
            title=VM 100 - win11
            ca=-----BEGIN CERTIFICATE-----\\nMIIBszCCAVmgAwIBAgIUQ2x0\\nZXN0Y2E=\\n-----END CERTIFICATE-----\\n
            host=pvespiceproxy:66a0c1de:100:pve1::8f2b9c0e1d7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c
            """;

    private static SpiceException bad(String text) {
        SpiceException e = assertThrows(SpiceException.class, () -> VvFile.parse(text));
        assertEquals(SpiceReason.BAD_CONNECTION_FILE, e.reason());
        return e;
    }

    private static void assertBadAt(String text, int line, String what) {
        String msg = bad(text).getMessage();
        assertTrue(msg.contains("line " + line + ": "), "expected line " + line + " in: " + msg);
        assertTrue(msg.contains(what), "expected '" + what + "' in: " + msg);
    }

    @Test
    void proxmoxFile() throws Exception {
        VvFile vv = VvFile.parse(PROXMOX);
        assertEquals("spice", vv.type());
        assertEquals(Optional.of("pvespiceproxy:66a0c1de:100:pve1::8f2b9c0e1d7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c"), vv.host());
        assertEquals(Optional.of("http://pve1.example.com:3128"), vv.proxy());
        assertEquals(OptionalInt.of(61002), vv.tlsPort());
        assertEquals(OptionalInt.empty(), vv.port());
        assertEquals(Optional.of("a1b2c3d4e5f60718293a4b5c6d7e8f90"), vv.password());
        assertEquals(Optional.of("OU=PVE Cluster Node,O=Proxmox Virtual Environment,CN=pve1.example.com"), vv.hostSubject());
        assertEquals(Optional.of(PEM), vv.ca(), "\\n escapes become newlines");
        assertTrue(vv.deleteThisFile());
        assertEquals(Optional.of("VM 100 - win11"), vv.title());
        assertEquals(Map.of("toggle-fullscreen", "Shift+F11", "release-cursor", "Ctrl+Alt+R", "secure-attention", "Ctrl+Alt+Ins"),
                vv.hotkeys());
        assertEquals(List.of("toggle-fullscreen", "release-cursor", "secure-attention"), List.copyOf(vv.hotkeys().keySet()));
        assertEquals(Optional.of("Ctrl+Alt+Ins"), vv.secureAttention());
        assertEquals(Optional.empty(), vv.enableUsbredir());
        assertFalse(vv.toString().contains("a1b2c3"), "toString must not show the password");
    }

    @Test
    void plainFileWithCommentsSpacesCrlfAndBom() throws Exception {
        VvFile vv = VvFile.parse("\uFEFF# made by hand\r\n; another comment\r\n\r\n[virt-viewer]\r\n"
                + "  type = spice\r\nhost=127.0.0.1\r\nport = 5930\r\nfullscreen=true\r\n");
        assertEquals(Optional.of("127.0.0.1"), vv.host());
        assertEquals(OptionalInt.of(5930), vv.port());
        assertEquals(OptionalInt.empty(), vv.tlsPort());
        assertEquals(Optional.of(true), vv.fullscreen());
        assertFalse(vv.deleteThisFile());
        assertEquals(Optional.empty(), vv.ca());
        assertEquals(Map.of(), vv.hotkeys());
        assertEquals(List.of("type", "host", "port", "fullscreen"), vv.keys("virt-viewer"));
    }

    @Test
    void ovirtStyleFileWithListsVersionsAndOvirtGroup() throws Exception {
        VvFile vv = VvFile.parse("""
                [virt-viewer]
                type=spice
                host=10.0.0.5
                port=-1
                tls-port=5901
                password=secret
                # Password is valid for 120 seconds.
                delete-this-file=1
                fullscreen=0
                enable-smartcard=0
                enable-usb-autoshare=1
                usb-filter=-1,-1,-1,-1,0
                secure-channels=main;inputs;cursor;playback;record;display;smartcard;usbredir;
                disable-effects=wallpaper;animation
                color-depth=16
                versions=rhev-win64:2.0-160;rhev-win32:2.0-160;rhel8:7.0-3
                newer-version-url=http://www.ovirt.org/documentation/admin-guide/virt/console-client-resources
                [ovirt]
                host=https://engine.example.com:443
                vm-guid=3f1c8b56-0000-4000-8000-000000000001
                sso-token=tok123
                admin=1
                ca=-----BEGIN CERTIFICATE-----\\nAAA\\n-----END CERTIFICATE-----\\n
                """);
        assertEquals(OptionalInt.empty(), vv.port(), "port=-1 means no plain-text port");
        assertEquals(OptionalInt.of(5901), vv.tlsPort());
        assertEquals(List.of("main", "inputs", "cursor", "playback", "record", "display", "smartcard", "usbredir"),
                vv.secureChannels());
        assertEquals(List.of("wallpaper", "animation"), vv.disableEffects());
        assertEquals(List.of(), vv.disableChannels());
        assertEquals(OptionalInt.of(16), vv.colorDepth());
        assertEquals(List.of("rhev-win64", "rhev-win32", "rhel8"), List.copyOf(vv.versions().keySet()));
        assertEquals("7.0-3", vv.versions().get("rhel8"));
        assertEquals(Optional.of(false), vv.fullscreen());
        assertEquals(Optional.of(false), vv.enableSmartcard());
        assertEquals(Optional.of(true), vv.enableUsbAutoshare());
        assertEquals(Optional.of("-1,-1,-1,-1,0"), vv.usbFilter());
        assertEquals(Optional.of("https://engine.example.com:443"), vv.ovirtHost());
        assertEquals(Optional.of("3f1c8b56-0000-4000-8000-000000000001"), vv.ovirtVmGuid());
        assertEquals(Optional.of("tok123"), vv.ovirtSsoToken());
        assertEquals(Optional.of(true), vv.ovirtAdmin());
        assertEquals(Optional.of("-----BEGIN CERTIFICATE-----\nAAA\n-----END CERTIFICATE-----\n"), vv.ovirtCa());
        assertEquals(Optional.empty(), vv.ovirtJsessionid());
    }

    @Test
    void unixPathAloneIsAnEndpoint() throws Exception {
        VvFile vv = VvFile.parse("[virt-viewer]\ntype=spice\nunix-path=/run/vm/spice.sock\n");
        assertEquals(Optional.of("/run/vm/spice.sock"), vv.unixPath());
        assertEquals(Optional.empty(), vv.host());
    }

    @Test
    void unknownKeysAndGroupsArePreservedInOrder() throws Exception {
        VvFile vv = VvFile.parse("""
                [x-broker]
                session=42
                [virt-viewer]
                type=spice
                host=h
                port=1
                x-custom=C:\\data\\odd
                title[de]=Schreibtisch
                [thinspice]
                profile=kiosk
                clipboard=guest-to-client
                """);
        assertEquals(List.of("x-broker", "virt-viewer", "thinspice"), vv.groups());
        assertEquals(Optional.of("42"), vv.get("x-broker", "session"));
        assertEquals(Optional.of("C:\\data\\odd"), vv.get("virt-viewer", "x-custom"), "unknown keys keep unknown escapes");
        assertEquals(Optional.of("Schreibtisch"), vv.get("virt-viewer", "title[de]"));
        assertEquals(List.of("profile", "clipboard"), vv.keys("thinspice"));
        assertEquals(Optional.of("guest-to-client"), vv.get("thinspice", "clipboard"));
        assertEquals(Optional.empty(), vv.get("thinspice", "nope"));
        assertEquals(Optional.empty(), vv.get("nope", "profile"));
        assertEquals(List.of(), vv.keys("nope"));
        String written = vv.write();
        assertTrue(written.startsWith("[x-broker]\nsession=42\n\n[virt-viewer]\n"), written);
        assertTrue(written.contains("x-custom=C:\\data\\odd\n"), written);
        assertTrue(written.endsWith("[thinspice]\nprofile=kiosk\nclipboard=guest-to-client\n"), written);
    }

    @Test
    void roundTripKeepsGroupsKeysOrderAndEscapes() throws Exception {
        VvFile vv = VvFile.parse(PROXMOX + "\n[thinspice]\nprofile=kiosk\n");
        String written = vv.write();
        assertTrue(written.contains("ca=-----BEGIN CERTIFICATE-----\\nMIIBszCCAVmgAwIBAgIUQ2x0\\nZXN0Y2E=\\n-----END CERTIFICATE-----\\n\n"),
                "ca is written escaped, on one line");
        VvFile again = VvFile.parse(written);
        assertEquals(vv, again);
        assertEquals(written, again.write());
        assertEquals(vv.groups(), again.groups());
        for (String g : vv.groups()) {
            assertEquals(vv.keys(g), again.keys(g));
            for (String k : vv.keys(g)) {
                assertEquals(vv.get(g, k), again.get(g, k), g + "." + k);
            }
        }
        assertEquals(PROXMOX.strip(), written.substring(0, written.indexOf("\n\n[thinspice]")), "same lines as the input");
    }

    @Test
    void rawEditsPassAnAlreadyEscapedValueThroughUnchanged() throws Exception {
        VvFile vv = VvFile.parse(PROXMOX);
        String escaped = "-----BEGIN CERTIFICATE-----\\nMIIB\\n-----END CERTIFICATE-----\\n";
        VvFile edited = vv.withRaw("virt-viewer", "ca", escaped);
        assertEquals(Optional.of(escaped), edited.raw("virt-viewer", "ca"));
        assertEquals(Optional.of("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"), edited.ca());
        // what with() would have made of the same text: the backslashes escaped again, the PEM broken
        assertEquals(Optional.of(escaped), vv.with("virt-viewer", "ca", escaped).ca());
        assertThrows(SpiceException.class, () -> vv.withRaw("virt-viewer", "ca", "a\nb"));
        assertThrows(SpiceException.class, () -> vv.withRaw("virt-viewer", "ca", "bad \\q escape"));
    }

    @Test
    void editsEscapeValuesAndAreValidated() throws Exception {
        VvFile vv = VvFile.parse(PROXMOX);
        VvFile edited = vv.with("virt-viewer", "ca", "A\nB\\C\tD ")
                .with("virt-viewer", "proxy", "http://127.0.0.1:3128")
                .with("thinspice", "profile", " leading space")
                .without("virt-viewer", "delete-this-file");
        assertEquals(Optional.of("A\nB\\C\tD "), edited.ca());
        assertTrue(edited.write().contains("ca=A\\nB\\\\C\\tD\\s\n"), edited.write());
        assertEquals(Optional.of("http://127.0.0.1:3128"), edited.proxy());
        assertEquals(Optional.of(" leading space"), edited.get("thinspice", "profile"));
        assertFalse(edited.deleteThisFile());
        List<String> expectedKeys = new java.util.ArrayList<>(vv.keys("virt-viewer"));
        expectedKeys.remove("delete-this-file");
        assertEquals(expectedKeys, edited.keys("virt-viewer"), "edited keys stay in place");
        assertEquals(PROXMOX.strip(), vv.write().strip(), "the original is unchanged");
        assertThrows(SpiceException.class, () -> vv.with("virt-viewer", "tls-port", "not-a-port"));
        assertThrows(SpiceException.class, () -> vv.without("virt-viewer", "type"));
        assertThrows(SpiceException.class, () -> vv.with("virt-viewer", "a=b", "x"));
    }

    @Test
    void readerInputAndReadErrors() throws Exception {
        assertEquals(OptionalInt.of(61002), VvFile.parse(new StringReader(PROXMOX)).tlsPort());
        Reader broken = new Reader() {
            @Override
            public int read(char[] cbuf, int off, int len) throws IOException {
                throw new IOException("disk on fire");
            }

            @Override
            public void close() {
            }
        };
        SpiceException e = assertThrows(SpiceException.class, () -> VvFile.parse(broken));
        assertEquals(SpiceReason.BAD_CONNECTION_FILE, e.reason());
        assertTrue(e.getMessage().contains("disk on fire"), e.getMessage());
    }

    @Test
    void endlessInputIsRefusedNotBuffered() {
        Reader endless = new Reader() {
            @Override
            public int read(char[] cbuf, int off, int len) {
                java.util.Arrays.fill(cbuf, off, off + len, '#');
                return len;
            }

            @Override
            public void close() {
            }
        };
        SpiceException e = assertThrows(SpiceException.class, () -> VvFile.parse(endless));
        assertTrue(e.getMessage().contains("larger than " + VvFile.MAX_CHARS), e.getMessage());
        assertTrue(bad("#".repeat(VvFile.MAX_CHARS + 1)).getMessage().contains("larger than"));
        assertTrue(bad("\n".repeat(VvFile.MAX_LINES + 1)).getMessage().contains("more than " + VvFile.MAX_LINES + " lines"));
    }

    // ---- every error names its line ----

    @Test
    void missingVirtViewerGroup() {
        assertBadAt("[ovirt]\nhost=x\n", 3, "no [virt-viewer] group");
        assertBadAt("", 1, "no [virt-viewer] group");
    }

    @Test
    void typeMissingOrNotSpice() {
        assertBadAt("# c\n[virt-viewer]\nhost=h\nport=1\n", 2, "has no type");
        assertBadAt("[virt-viewer]\nhost=h\ntype=vnc\nport=5900\n", 3, "only spice");
    }

    @Test
    void noEndpoint() {
        assertBadAt("[virt-viewer]\ntype=spice\npassword=x\n", 1, "needs host with port or tls-port, or unix-path");
        assertBadAt("[virt-viewer]\ntype=spice\nhost=h\n", 3, "needs host");
        assertBadAt("[virt-viewer]\ntype=spice\nhost=h\nport=-1\n", 3, "needs host");
        assertBadAt("[virt-viewer]\ntype=spice\nhost=h\nport=5\nunix-path=/s\n", 5, "cannot be combined");
    }

    @Test
    void badNumbers() {
        assertBadAt("[virt-viewer]\ntype=spice\nhost=h\nport=59x0\n", 4, "port must be a number");
        assertBadAt("[virt-viewer]\ntype=spice\nhost=h\ntls-port=65536\n", 4, "tls-port must be a number -1..65535, is 65536");
        assertBadAt("[virt-viewer]\ntype=spice\nhost=h\nport=99999999999999999999\n", 4, "port must be a number");
        assertBadAt("[virt-viewer]\ntype=spice\nhost=h\nport=1\ncolor-depth=48\n", 5, "color-depth");
    }

    @Test
    void badBooleansEscapesAndVersions() {
        assertBadAt("[virt-viewer]\ntype=spice\nhost=h\nport=1\nfullscreen=yes\n", 5, "fullscreen must be 0, 1, true or false");
        assertBadAt("[virt-viewer]\ntype=spice\nhost=h\nport=1\n[ovirt]\nadmin=2\n", 6, "admin");
        String e = bad("[virt-viewer]\ntype=spice\nhost=h\nport=1\npassword=sec\\qret\n").getMessage();
        assertTrue(e.contains("line 5: invalid escape \\q"), e);
        assertFalse(e.contains("sec"), "the value must not be echoed: " + e);
        assertBadAt("[virt-viewer]\ntype=spice\nhost=h\nport=1\nca=abc\\\n", 5, "lone backslash");
        assertBadAt("[virt-viewer]\ntype=spice\nhost=h\nport=1\nversions=rhel8\n", 5, "osid:version");
    }

    @Test
    void linesThatAreNeitherGroupNorKeyValue() {
        assertBadAt("[virt-viewer]\ntype=spice\nhost=h\nport=1\njust words\n", 5, "neither a [group] header nor key=value");
        assertBadAt("[virt-viewer]\ntype=spice\n=value\n", 3, "without a key");
        assertBadAt("[virt-viewer\ntype=spice\n", 1, "[name]");
        assertBadAt("[]\n", 1, "[name]");
        assertBadAt("[a]b]\n", 1, "may not contain");
    }

    @Test
    void keyOutsideAnyGroup() {
        assertBadAt("# header\ntype=spice\n[virt-viewer]\n", 2, "key 'type' outside any group");
    }

    @Test
    void duplicatesAreErrors() {
        assertBadAt("[virt-viewer]\ntype=spice\nhost=a\nport=1\nhost=b\n", 5, "duplicate key 'host' in [virt-viewer] (first at line 3)");
        assertBadAt("[virt-viewer]\ntype=spice\nhost=a\nport=1\n[virt-viewer]\n", 5, "group [virt-viewer] appears again (first at line 1)");
    }

    @Test
    void mutatedFilesParseOrFailWithBadConnectionFile() {
        java.util.Random rnd = new java.util.Random(7);
        String alphabet = "[]=#;\\\n\r -:0123456789abcspiceport";
        int parsed = 0;
        for (int i = 0; i < 3000; i++) {
            StringBuilder s = new StringBuilder(PROXMOX);
            for (int m = 1 + rnd.nextInt(3); m > 0; m--) {
                int at = rnd.nextInt(s.length());
                switch (rnd.nextInt(3)) {
                    case 0 -> s.setCharAt(at, alphabet.charAt(rnd.nextInt(alphabet.length())));
                    case 1 -> s.deleteCharAt(at);
                    default -> s.insert(at, alphabet.charAt(rnd.nextInt(alphabet.length())));
                }
            }
            try {
                VvFile vv = VvFile.parse(s.toString());
                assertEquals(vv, VvFile.parse(vv.write()), "whatever parses must round-trip");
                parsed++;
            } catch (SpiceException e) {
                assertEquals(SpiceReason.BAD_CONNECTION_FILE, e.reason());
                assertTrue(e.getMessage().contains("line "), e.getMessage());
            }
        }
        assertTrue(parsed > 0, "some mutations (e.g. inside the title) must still parse");
    }
}
