package org.thinspice.engine.net;

import org.junit.jupiter.api.Test;

import javax.security.auth.x500.X500Principal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TlsSupportTest {
    private static final X500Principal CERT = new X500Principal("CN=pve1.example.com, OU=PVE Cluster Node, O=Proxmox Virtual Environment");

    @Test
    void sameSubjectInAnyOrderAndSpacingMatches() {
        assertTrue(TlsSupport.subjectMatches("CN=pve1.example.com,OU=PVE Cluster Node,O=Proxmox Virtual Environment", CERT));
        assertTrue(TlsSupport.subjectMatches("O=Proxmox Virtual Environment,OU=PVE Cluster Node,CN=pve1.example.com", CERT));
        assertTrue(TlsSupport.subjectMatches("  o = Proxmox Virtual Environment ;OU=PVE Cluster Node, CN=pve1.example.com ", CERT));
    }

    @Test
    void stateAndQuotedCommasMatch() {
        X500Principal p = new X500Principal("C=CZ, ST=Prague, O=\"Acme, Inc.\", CN=spice");
        assertTrue(TlsSupport.subjectMatches("C=CZ,ST=Prague,O=Acme\\, Inc.,CN=spice", p));
        assertTrue(TlsSupport.subjectMatches("CN=spice,O=\"Acme, Inc.\",ST=Prague,C=CZ", p));
    }

    @Test
    void differencesDoNotMatch() {
        assertFalse(TlsSupport.subjectMatches("CN=pve2.example.com,OU=PVE Cluster Node,O=Proxmox Virtual Environment", CERT));
        assertFalse(TlsSupport.subjectMatches("CN=pve1.example.com,OU=PVE Cluster Node", CERT), "missing attribute");
        assertFalse(TlsSupport.subjectMatches("CN=pve1.example.com,OU=PVE Cluster Node,O=Proxmox Virtual Environment,C=DE",
                CERT), "extra attribute");
        assertFalse(TlsSupport.subjectMatches("", CERT));
    }
}
