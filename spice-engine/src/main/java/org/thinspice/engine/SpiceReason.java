package org.thinspice.engine;

/**
 * Why a connection or channel failed, as a code an application can map to words for a person.
 * Each constant carries an English sentence; the kiosk translates by the constant's name.
 */
public enum SpiceReason {
    CONNECT_FAILED("The desktop's address could not be reached."),
    CONNECTION_LOST("The connection to the desktop was lost."),
    TIMEOUT("The desktop did not answer in time."),
    PROXY_FAILED("The gateway or proxy refused the connection."),
    TLS_FAILED("The secure connection could not be established."),
    /** The chain does not lead to the connection file's CA (or, without one, to a CA the system trusts). */
    TLS_CHAIN_UNTRUSTED("The desktop's certificate was not issued by a trusted certificate authority."),
    /** The certificate (or one above it) is past its end date or before its start date. */
    TLS_CERT_EXPIRED("The desktop's certificate has expired or is not valid yet."),
    /** The certificate's subject is not the connection file's {@code host-subject}. */
    TLS_SUBJECT_MISMATCH("The desktop's certificate does not carry the expected subject."),
    /** No {@code host-subject} was given and the certificate does not name the host connected to. */
    TLS_HOST_NAME_MISMATCH("The desktop's certificate does not name the address connected to."),
    NEED_SECURED("The desktop requires a secure connection, but no TLS port is known."),
    AUTH_FAILED("The desktop refused the password, or the connection ticket has expired."),
    LINK_REFUSED("The desktop refused the connection."),
    VERSION_MISMATCH("The desktop speaks an incompatible SPICE version."),
    CHANNEL_NOT_AVAILABLE("The desktop does not offer this channel."),
    PROTOCOL_ERROR("The desktop sent data this client cannot understand."),
    IMAGE_ERROR("The desktop sent an image that could not be decoded."),
    LIMIT_EXCEEDED("The desktop sent something larger than this client allows."),
    SERVER_DISCONNECTED("The desktop closed the session."),
    BAD_CONNECTION_FILE("The connection file is not valid.");

    private final String sentence;

    SpiceReason(String sentence) {
        this.sentence = sentence;
    }

    /** A sentence a person understands. */
    public String sentence() {
        return sentence;
    }
}
