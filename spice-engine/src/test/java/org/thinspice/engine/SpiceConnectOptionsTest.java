package org.thinspice.engine;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpiceConnectOptionsTest {
    @Test
    void plainUriWithTlsPortAndEscapedPassword() throws Exception {
        SpiceConnectOptions o = SpiceConnectOptions.fromUri("spice://vdi.example:5900?tls-port=5901&password=a%26b%3Dc%20d")
                .build();
        assertEquals("vdi.example", o.host());
        assertEquals(5900, o.port());
        assertEquals(5901, o.tlsPort());
        assertEquals("a&b=c d", o.password());
        assertFalse(o.mustSecure(ChannelType.MAIN));
    }

    @Test
    void tlsUriPutsThePortOnTheTlsSide() throws Exception {
        SpiceConnectOptions o = SpiceConnectOptions.fromUri("spice+tls://10.1.2.3:61000").build();
        assertEquals(0, o.port());
        assertEquals(61000, o.tlsPort());
        assertTrue(o.mustSecure(ChannelType.DISPLAY), "no plain port: every channel on TLS");
    }

    @Test
    void portInQueryAndUnknownKeysIgnored() throws Exception {
        SpiceConnectOptions o = SpiceConnectOptions.fromUri("spice://h?port=5930&foo=bar").build();
        assertEquals(5930, o.port());
        assertEquals("", o.password());
    }

    @Test
    void errorsAreBadConnectionFile() {
        for (String bad : new String[] {"vnc://h:5900", "spice://:5900", "spice://h", "spice://h?port=70000",
                "spice://h?port=x", "spice://h:5900?tls-port=0", "not a uri at all ::"}) {
            SpiceException e = assertThrows(SpiceException.class, () -> SpiceConnectOptions.fromUri(bad).build(), bad);
            assertEquals(SpiceReason.BAD_CONNECTION_FILE, e.reason(), bad);
        }
    }

    @Test
    void builderSecureAndDisabledChannels() throws Exception {
        SpiceConnectOptions o = SpiceConnectOptions.builder().host("h").port(1).tlsPort(2)
                .secureChannels(java.util.Set.of("Main")).disabledChannels(java.util.Set.of("display")).build();
        assertTrue(o.mustSecure(ChannelType.MAIN));
        assertFalse(o.mustSecure(ChannelType.INPUTS));
        assertTrue(o.isDisabled(ChannelType.DISPLAY));
        assertEquals("proxy.example", SpiceConnectOptions.builder().host("h").port(1).proxy("proxy.example:3128")
                .build().proxy().getHost());
        assertThrows(SpiceException.class, () -> SpiceConnectOptions.builder().port(1).build());
    }
}
