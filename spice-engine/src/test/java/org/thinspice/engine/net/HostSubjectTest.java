package org.thinspice.engine.net;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.thinspice.engine.net.TestCerts.dn;

/** host-subject as spice-common reads and compares it (each rule checked against remote-viewer 11 by hand). */
class HostSubjectTest {
    /** O=Thin Corp, then CN=desk.example: the order openssl prints and host-subject is written in. */
    private static final DistinguishedName DESK = dn("CN=desk.example,O=Thin Corp");

    private static boolean matches(String hostSubject, DistinguishedName subject) {
        return HostSubject.parse(hostSubject).matches(subject);
    }

    @Test
    void theSameEntriesInCertificateOrderMatch() {
        assertTrue(matches("O=Thin Corp,CN=desk.example", DESK));
        assertTrue(matches("organizationName=Thin Corp,commonName=desk.example", DESK), "OpenSSL's long names");
        assertTrue(matches("2.5.4.10=Thin Corp,2.5.4.3=desk.example", DESK), "dotted OIDs");
        assertTrue(matches("O=Thin Corp,CN=desk.example,", DESK), "a trailing comma ends the list");
    }

    @Test
    void orderIsSignificant() {
        assertFalse(matches("CN=desk.example,O=Thin Corp", DESK));
    }

    @Test
    void spacesBeforeAKeyAreSkippedAndValuesCompareCanonically() {
        assertTrue(matches("O=Thin Corp, CN=desk.example", DESK));
        assertTrue(matches("  O=Thin Corp,   CN=desk.example", DESK));
        assertTrue(matches("O= Thin Corp ,CN=desk.example ", DESK), "outer white space of a value");
        assertTrue(matches("O=thin   CORP,CN=Desk.Example", DESK), "inner runs of space, ASCII case");
        assertTrue(matches("O=Thin\tCorp,CN=desk.example", DESK), "a tab is white space too");
        assertFalse(matches("O=ThinCorp,CN=desk.example", DESK), "a space is not nothing");
    }

    @Test
    void keysAreCaseSensitiveAndMustBeKnown() {
        HostSubject lower = HostSubject.parse("o=Thin Corp,cn=desk.example");
        assertFalse(lower.matches(DESK));
        assertNotNull(lower.invalidReason());
        assertFalse(matches("O =Thin Corp,CN=desk.example", DESK), "a space after the key is part of it");
        assertFalse(matches("Org=Thin Corp,CN=desk.example", DESK));
    }

    @Test
    void everyEntryMustBeThereAndNoMore() {
        assertFalse(matches("CN=desk.example", DESK));
        assertFalse(matches("C=XX,O=Thin Corp,CN=desk.example", DESK));
        assertFalse(matches("O=Thin Corp,CN=evil.example", DESK));
        assertFalse(matches("", DESK));
    }

    @Test
    void escapes() {
        DistinguishedName acme = dn("CN=spice,O=Acme\\, Inc.,C=CZ");
        assertTrue(matches("C=CZ,O=Acme\\, Inc.,CN=spice", acme));
        assertFalse(matches("C=CZ,O=\"Acme, Inc.\",CN=spice", acme), "no quoting in host-subject");
        DistinguishedName backslash = dn("CN=a\\\\b");
        assertTrue(matches("CN=a\\\\b", backslash));
        assertNotNull(HostSubject.parse("CN=a\\b").invalidReason(), "\\ escapes only , and \\");
    }

    @Test
    void malformedSubjectsAreInvalid() {
        for (String bad : new String[] {"CN", "CN=", "CN=a,,O=b", "=a", "CN=a,O", "CN=a\\"}) {
            assertNotNull(HostSubject.parse(bad).invalidReason(), bad);
        }
        assertNull(HostSubject.parse("CN=a=b").invalidReason(), "'=' inside a value is kept");
        assertTrue(matches("CN=a=b", dn("CN=a\\=b")));
    }

    @Test
    void aMultiValuedRdnNeverMatches() {
        DistinguishedName multi = multiRdn();
        assertEquals(2, multi.rdns().size());
        assertFalse(matches("O=Thin Corp,OU=ops,CN=desk.example", multi));
        assertFalse(matches("O=Thin Corp,CN=desk.example,OU=ops", multi));
    }

    @Test
    void formatWritesTheSubjectAsHostSubjectIsWritten() {
        assertEquals("O=Thin Corp,CN=desk.example", HostSubject.format(DESK));
        assertEquals("C=CZ,O=Acme\\, Inc.,CN=spice", HostSubject.format(dn("CN=spice,O=Acme\\, Inc.,C=CZ")));
        assertEquals("O=Thin Corp,OU=ops+CN=desk.example", HostSubject.format(multiRdn()));
    }

    @Test
    void canonicalForm() {
        assertEquals("thin corp", HostSubject.canonical("  Thin \t\n Corp "));
        assertEquals("", HostSubject.canonical("   "));
        assertEquals("ÄÖ x", HostSubject.canonical("ÄÖ X"), "only ASCII letters fold");
    }

    /** {@code O=Thin Corp} then the one RDN {@code OU=ops+CN=desk.example}, from the fixture. */
    private static DistinguishedName multiRdn() {
        return DistinguishedName.parse(TestCerts.cert("multi-rdn").getSubjectX500Principal().getEncoded());
    }
}
