package org.thinspice.engine.link;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.thinspice.engine.SpiceAuthException;
import org.thinspice.engine.SpiceException;
import org.thinspice.engine.SpiceLinkException;
import org.thinspice.engine.SpiceReason;
import org.thinspice.engine.wire.WireReader;
import org.thinspice.engine.wire.WireWriter;

import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.MGF1ParameterSpec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LinkCodecTest {
    private static KeyPair keys;

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(1024);
        keys = g.generateKeyPair();
    }

    @Test
    void linkMessLayout() throws Exception {
        byte[] m = LinkCodec.encodeLinkMess(0xCAFEBABEL, 2, 3, Caps.of(0, 1, 3), Caps.of(8, 33));
        WireReader r = new WireReader(m);
        assertEquals(0x51444552L, r.u32());
        assertEquals(2, r.u32());
        assertEquals(2, r.u32());
        assertEquals(18 + 4 * 3, r.u32(), "size: link mess + 1 common word + 2 channel words");
        assertEquals(0xCAFEBABEL, r.u32());
        assertEquals(2, r.u8());
        assertEquals(3, r.u8());
        assertEquals(1, r.u32());
        assertEquals(2, r.u32());
        assertEquals(18, r.u32(), "caps follow the 18-byte struct");
        assertEquals(0b1011, r.u32());
        assertEquals(1 << 8, r.u32());
        assertEquals(1 << 1, r.u32());
        assertEquals(0, r.remaining());
    }

    private static byte[] header(long magic, long major, long size) {
        return new WireWriter(16).u32(magic).u32(major).u32(2).u32(size).toByteArray();
    }

    @Test
    void replyHeaderChecks() throws Exception {
        assertEquals(186, LinkCodec.replyBodySize(header(0x51444552L, 2, 186)));
        assertEquals(SpiceReason.PROTOCOL_ERROR,
                assertThrows(SpiceLinkException.class, () -> LinkCodec.replyBodySize(header(0x12345678, 2, 186))).reason());
        assertEquals(SpiceReason.VERSION_MISMATCH,
                assertThrows(SpiceLinkException.class, () -> LinkCodec.replyBodySize(header(0x51444552L, 1, 186))).reason());
        assertThrows(SpiceLinkException.class, () -> LinkCodec.replyBodySize(header(0x51444552L, 2, 0x7fffffffL)));
        assertThrows(SpiceLinkException.class, () -> LinkCodec.replyBodySize(header(0x51444552L, 2, 3)));
        assertThrows(SpiceException.class, () -> LinkCodec.replyBodySize(new byte[7]));
    }

    private static byte[] reply(long capsOffset, byte[] gap, int... words) {
        WireWriter w = new WireWriter().u32(0).bytes(keys.getPublic().getEncoded()).u32(1).u32(words.length - 1)
                .u32(capsOffset).bytes(gap);
        for (int v : words) {
            w.u32(v & 0xFFFFFFFFL);
        }
        return w.toByteArray();
    }

    @Test
    void parseReplyReadsKeyAndCapsAtTheirOffset() throws Exception {
        LinkReply r = LinkCodec.parseReply(reply(178, new byte[0], 0b1011, 1 << 5));
        assertArrayEquals(keys.getPublic().getEncoded(), r.publicKey());
        assertTrue(r.commonCaps().has(LinkCodec.COMMON_CAP_MINI_HEADER));
        assertFalse(r.commonCaps().has(LinkCodec.COMMON_CAP_AUTH_SASL));
        assertTrue(r.channelCaps().has(5));
        // caps_offset is honoured, not assumed to be 178
        LinkReply shifted = LinkCodec.parseReply(reply(182, new byte[] {9, 9, 9, 9}, 0b0001, 0));
        assertTrue(shifted.commonCaps().has(0));
        assertFalse(shifted.commonCaps().has(3));
    }

    @Test
    void parseReplyRejectsCapsPastTheEndAndShortReplies() {
        byte[] claimsFiveChannelWords = new WireWriter().u32(0).bytes(keys.getPublic().getEncoded()).u32(1).u32(5)
                .u32(178).u32(1).u32(2).toByteArray();
        assertThrows(SpiceException.class, () -> LinkCodec.parseReply(claimsFiveChannelWords));
        byte[] hugeCount = new WireWriter().u32(0).bytes(keys.getPublic().getEncoded()).u32(0x7fffffff).u32(0)
                .u32(178).toByteArray();
        assertEquals(SpiceReason.LIMIT_EXCEEDED,
                assertThrows(SpiceException.class, () -> LinkCodec.parseReply(hugeCount)).reason());
        assertThrows(SpiceException.class, () -> LinkCodec.parseReply(reply(5000, new byte[0], 1)));
        assertThrows(SpiceException.class, () -> LinkCodec.parseReply(new byte[100]));
    }

    @Test
    void parseReplyMapsErrors() {
        SpiceException e = assertThrows(SpiceException.class,
                () -> LinkCodec.parseReply(new WireWriter().u32(7).toByteArray()));
        assertInstanceOf(SpiceAuthException.class, e);
        SpiceLinkException le = assertThrows(SpiceLinkException.class,
                () -> LinkCodec.parseReply(new WireWriter().u32(5).toByteArray()));
        assertEquals(SpiceReason.NEED_SECURED, le.reason());
        assertEquals(5, le.linkError());
        assertEquals(SpiceReason.CHANNEL_NOT_AVAILABLE, LinkCodec.linkError(9).reason());
    }

    private static String decrypt(byte[] ticket) throws Exception {
        Cipher c = Cipher.getInstance("RSA/ECB/OAEPPadding");
        c.init(Cipher.DECRYPT_MODE, keys.getPrivate(), new OAEPParameterSpec("SHA-1", "MGF1", MGF1ParameterSpec.SHA1,
                PSource.PSpecified.DEFAULT));
        byte[] plain = c.doFinal(ticket);
        return new String(plain, StandardCharsets.UTF_8);
    }

    @Test
    void ticketRoundTripsWithNulTerminator() throws Exception {
        byte[] t = LinkCodec.encryptTicket(keys.getPublic().getEncoded(), "pässwörd");
        assertEquals(128, t.length);
        assertEquals("pässwörd\0", decrypt(t));
        assertEquals("\0", decrypt(LinkCodec.encryptTicket(keys.getPublic().getEncoded(), "")));
        assertEquals("x".repeat(60) + "\0", decrypt(LinkCodec.encryptTicket(keys.getPublic().getEncoded(), "x".repeat(60))));
    }

    @Test
    void passwordOver60BytesIsRejected() {
        assertThrows(SpiceAuthException.class, () -> LinkCodec.encryptTicket(keys.getPublic().getEncoded(), "x".repeat(61)));
        // 31 two-byte characters: 31 characters but 62 bytes
        assertThrows(SpiceAuthException.class, () -> LinkCodec.encryptTicket(keys.getPublic().getEncoded(), "é".repeat(31)));
    }

    @Test
    void garbageKeyIsAProtocolError() {
        assertEquals(SpiceReason.PROTOCOL_ERROR,
                assertThrows(SpiceException.class, () -> LinkCodec.encryptTicket(new byte[162], "pw")).reason());
    }

    @Test
    void linkResult() throws Exception {
        LinkCodec.checkLinkResult(new byte[4]);
        assertInstanceOf(SpiceAuthException.class,
                assertThrows(SpiceException.class, () -> LinkCodec.checkLinkResult(new byte[] {7, 0, 0, 0})));
        assertArrayEquals(new byte[] {1, 0, 0, 0}, LinkCodec.authMechanismSpice());
    }
}
