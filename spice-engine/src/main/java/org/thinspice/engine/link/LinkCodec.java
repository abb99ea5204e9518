package org.thinspice.engine.link;

import org.thinspice.engine.Limits;
import org.thinspice.engine.SpiceAuthException;
import org.thinspice.engine.SpiceException;
import org.thinspice.engine.SpiceLinkException;
import org.thinspice.engine.SpiceProtocolException;
import org.thinspice.engine.SpiceReason;
import org.thinspice.engine.wire.WireReader;
import org.thinspice.engine.wire.WireWriter;

import javax.crypto.Cipher;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

/** Sans-I/O pieces of the SPICE link stage (spice/protocol.h): link message, reply, ticket. */
public final class LinkCodec {
    public static final int MAGIC = 0x51444552; // "REDQ"
    public static final int VERSION_MAJOR = 2;
    public static final int VERSION_MINOR = 2;
    public static final int HEADER_SIZE = 16;
    public static final int LINK_MESS_SIZE = 18;
    public static final int REPLY_FIXED_SIZE = 178;
    public static final int PUB_KEY_BYTES = 162;
    public static final int TICKET_BYTES = 128;
    public static final int MAX_PASSWORD_BYTES = 60;
    private static final int MAX_CAP_WORDS = 1024;

    public static final int COMMON_CAP_AUTH_SELECTION = 0;
    public static final int COMMON_CAP_AUTH_SPICE = 1;
    public static final int COMMON_CAP_AUTH_SASL = 2;
    public static final int COMMON_CAP_MINI_HEADER = 3;

    /** SpiceLinkErr values. */
    public static final int ERR_OK = 0;
    public static final int ERR_NEED_SECURED = 5;
    public static final int ERR_PERMISSION_DENIED = 7;

    private LinkCodec() {
    }

    /** Header + SpiceLinkMess + caps, ready to write. */
    public static byte[] encodeLinkMess(long connectionId, int channelType, int channelId, Caps common, Caps channel) {
        int[] cw = common.words();
        int[] chw = channel.words();
        int size = LINK_MESS_SIZE + 4 * (cw.length + chw.length);
        WireWriter w = new WireWriter(HEADER_SIZE + size);
        w.u32(MAGIC).u32(VERSION_MAJOR).u32(VERSION_MINOR).u32(size);
        w.u32(connectionId).u8(channelType).u8(channelId).u32(cw.length).u32(chw.length).u32(LINK_MESS_SIZE);
        for (int v : cw) {
            w.u32(v & 0xFFFFFFFFL);
        }
        for (int v : chw) {
            w.u32(v & 0xFFFFFFFFL);
        }
        return w.toByteArray();
    }

    /** Validates the 16-byte reply header and returns the size of the reply body that follows. */
    public static int replyBodySize(byte[] header) throws SpiceException {
        WireReader r = new WireReader(header);
        long magic = r.u32();
        if (magic != (MAGIC & 0xFFFFFFFFL)) {
            throw new SpiceLinkException(SpiceReason.PROTOCOL_ERROR, -1,
                    "not a SPICE server (bad magic 0x" + Long.toHexString(magic) + ")");
        }
        long major = r.u32();
        r.u32();
        long size = r.u32();
        if (major != VERSION_MAJOR) {
            throw new SpiceLinkException(SpiceReason.VERSION_MISMATCH, 4, "server protocol " + major);
        }
        if (size < 4 || size > Limits.MAX_LINK_REPLY) {
            throw new SpiceLinkException(SpiceReason.PROTOCOL_ERROR, -1, "link reply size " + size);
        }
        return (int) size;
    }

    /** Parses the reply body; a non-zero error becomes the matching typed exception. */
    public static LinkReply parseReply(byte[] body) throws SpiceException {
        WireReader r = new WireReader(body);
        int error = r.i32();
        if (error != ERR_OK) {
            throw linkError(error);
        }
        if (body.length < REPLY_FIXED_SIZE) {
            throw new SpiceProtocolException("link reply of " + body.length + " bytes is shorter than "
                    + REPLY_FIXED_SIZE);
        }
        byte[] pubKey = r.bytes(PUB_KEY_BYTES);
        int nCommon = r.u32Max(MAX_CAP_WORDS, "common caps");
        int nChannel = r.u32Max(MAX_CAP_WORDS, "channel caps");
        long capsOffset = r.u32();
        WireReader caps = r.at(capsOffset);
        int[] common = new int[nCommon];
        int[] channel = new int[nChannel];
        if ((long) (nCommon + nChannel) * 4 > caps.remaining()) {
            throw new SpiceProtocolException("link reply caps run past its end");
        }
        for (int i = 0; i < nCommon; i++) {
            common[i] = caps.i32();
        }
        for (int i = 0; i < nChannel; i++) {
            channel[i] = caps.i32();
        }
        return new LinkReply(pubKey, new Caps(common), new Caps(channel));
    }

    /** Maps a SpiceLinkErr code to an exception a person can read. */
    public static SpiceException linkError(int error) {
        switch (error) {
            case ERR_PERMISSION_DENIED:
                return new SpiceAuthException("server answered PERMISSION_DENIED");
            case ERR_NEED_SECURED:
                return new SpiceLinkException(SpiceReason.NEED_SECURED, error, "server answered NEED_SECURED");
            case 4:
                return new SpiceLinkException(SpiceReason.VERSION_MISMATCH, error, "server answered VERSION_MISMATCH");
            case 9:
                return new SpiceLinkException(SpiceReason.CHANNEL_NOT_AVAILABLE, error,
                        "server answered CHANNEL_NOT_AVAILABLE");
            case 2:
            case 3:
                return new SpiceLinkException(SpiceReason.PROTOCOL_ERROR, error, "server answered "
                        + (error == 2 ? "INVALID_MAGIC" : "INVALID_DATA"));
            case 6:
                return new SpiceLinkException(SpiceReason.LINK_REFUSED, error, "server answered NEED_UNSECURED");
            case 8:
                return new SpiceLinkException(SpiceReason.LINK_REFUSED, error, "server answered BAD_CONNECTION_ID");
            default:
                return new SpiceLinkException(SpiceReason.LINK_REFUSED, error, "server answered link error " + error);
        }
    }

    /** RSA-OAEP (SHA-1, MGF1-SHA1) of password + NUL under the server's per-link key: 128 bytes. */
    public static byte[] encryptTicket(byte[] pubKeyDer, String password) throws SpiceException {
        byte[] pw = (password == null ? "" : password).getBytes(StandardCharsets.UTF_8);
        if (pw.length > MAX_PASSWORD_BYTES) {
            throw new SpiceAuthException("password longer than " + MAX_PASSWORD_BYTES + " bytes");
        }
        byte[] plain = new byte[pw.length + 1];
        System.arraycopy(pw, 0, plain, 0, pw.length);
        try {
            PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(pubKeyDer));
            Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new OAEPParameterSpec("SHA-1", "MGF1", MGF1ParameterSpec.SHA1,
                    PSource.PSpecified.DEFAULT));
            byte[] out = cipher.doFinal(plain);
            if (out.length != TICKET_BYTES) {
                throw new SpiceProtocolException("server key gives a " + out.length + "-byte ticket, expected "
                        + TICKET_BYTES);
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new SpiceProtocolException(SpiceReason.PROTOCOL_ERROR, "server's ticket key is unusable", e);
        }
    }

    /** The 4-byte auth mechanism choice (capability number of AUTH_SPICE). */
    public static byte[] authMechanismSpice() {
        return new WireWriter(4).u32(COMMON_CAP_AUTH_SPICE).toByteArray();
    }

    /** Interprets the server's final 4-byte link result. */
    public static void checkLinkResult(byte[] result) throws SpiceException {
        int code = new WireReader(result).i32();
        if (code != ERR_OK) {
            throw linkError(code);
        }
    }
}
