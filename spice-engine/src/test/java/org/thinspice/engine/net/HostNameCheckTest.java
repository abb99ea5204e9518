package org.thinspice.engine.net;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.thinspice.engine.net.TestCerts.cert;

/** The host-name check used without host-subject: spice-common's verify_hostname. */
class HostNameCheckTest {
    private static String mismatch(String fixture, String host) throws Exception {
        return HostNameCheck.mismatch(cert(fixture), host);
    }

    @Test
    void subjectAltNameAddressesAndNames() throws Exception {
        assertNull(mismatch("san-ip", "127.0.0.1"));
        assertNull(mismatch("san-ip", "localhost"));
        assertNull(mismatch("san-ip", "LOCALHOST"));
        String why = mismatch("san-ip", "127.0.0.2");
        assertTrue(why.contains("IP:127.0.0.1") && why.contains("DNS:localhost"), why);
    }

    @Test
    void withoutSubjectAltNameTheCommonNameIsCompared() throws Exception {
        assertNull(mismatch("nosan-ip", "127.0.0.1"), "an IP host may match the CN (HTTPS would refuse)");
        assertNull(mismatch("nosan-desk", "desk.example"));
        assertNull(mismatch("nosan-desk", "Desk.Example"));
        String why = mismatch("nosan-desk", "127.0.0.1");
        assertTrue(why.contains("no subjectAltName") && why.contains("desk.example"), why);
    }

    @Test
    void aDnsOrIpSubjectAltNameStopsTheCommonNameFallback() throws Exception {
        String why = mismatch("san-dns", "127.0.0.1");
        assertTrue(why.contains("DNS:desk.example"), why);
        assertNull(mismatch("san-dns", "desk.example"));
    }

    @Test
    void otherSubjectAltNameTypesDoNotStopIt() throws Exception {
        assertNull(mismatch("san-email", "127.0.0.1"));
    }

    @Test
    void wildcardsStayInsideOneLabel() throws Exception {
        assertNull(mismatch("wildcard", "desk.example.com"));
        assertFalse(mismatch("wildcard", "a.desk.example.com") == null);
        assertFalse(mismatch("wildcard", "example.com") == null);
        assertNull(mismatch("wildcard", "foo.example.org"));
        assertNull(mismatch("wildcard", "fo.example.org"));
        assertFalse(mismatch("wildcard", "fa.b.o.example.org") == null);
        assertNull(mismatch("wildcard", "::1"));
        assertNull(mismatch("wildcard", "0:0:0:0:0:0:0:1"));
        assertNull(mismatch("wildcard", "[::1]"));
    }

    @Test
    void nameMatching() {
        assertTrue(HostNameCheck.nameMatches("*", "abc"));
        assertFalse(HostNameCheck.nameMatches("*", "a.b"));
        assertTrue(HostNameCheck.nameMatches("a*b*c.x", "aXbYc.x"));
        assertTrue(HostNameCheck.nameMatches("*.*.x", "a.b.x"));
        assertFalse(HostNameCheck.nameMatches("a*", "b"));
        assertFalse(HostNameCheck.nameMatches("desk.example", "desk.example."));
        assertFalse(HostNameCheck.nameMatches("desk\0.example", "desk"));
        assertFalse(HostNameCheck.nameMatches("x".repeat(300), "x".repeat(300)), "bounded");
    }

    @Test
    void addressLiteralsAreNeverLookedUp() {
        assertArrayEquals(new byte[] {127, 0, 0, 1}, HostNameCheck.addressLiteral("127.0.0.1"));
        assertNull(HostNameCheck.addressLiteral("127.0.0.01"), "inet_pton refuses leading zeros");
        assertNull(HostNameCheck.addressLiteral("127.1"));
        assertNull(HostNameCheck.addressLiteral("256.0.0.1"));
        assertNull(HostNameCheck.addressLiteral("localhost"));
        assertNull(HostNameCheck.addressLiteral("desk:example"));
        assertArrayEquals(new byte[16], HostNameCheck.addressLiteral("::"));
    }
}
