package org.thinspice.device.smartcard;

import jnasmartcardio.Smartcardio;

/** PC/SC return codes → {@link SmartcardException} kinds and words. */
final class Errors {
    static final long SCARD_E_INVALID_HANDLE = 0x80100003L;
    static final long SCARD_E_UNKNOWN_READER = 0x80100009L;
    static final long SCARD_E_NO_SMARTCARD = 0x8010000CL;
    static final long SCARD_F_COMM_ERROR = 0x80100013L;
    static final long SCARD_E_NOT_TRANSACTED = 0x80100016L;
    static final long SCARD_E_READER_UNAVAILABLE = 0x80100017L;
    static final long SCARD_E_NO_SERVICE = 0x8010001DL;
    static final long SCARD_E_SERVICE_STOPPED = 0x8010001EL;
    static final long SCARD_E_NO_READERS_AVAILABLE = 0x8010002EL;
    static final long SCARD_W_UNPOWERED_CARD = 0x80100067L;
    static final long SCARD_W_RESET_CARD = 0x80100068L;
    static final long SCARD_W_REMOVED_CARD = 0x80100069L;

    private Errors() {
    }

    /** The PC/SC code in {@code t}'s cause chain, or -1. */
    static long code(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof Smartcardio.JnaPCSCException p) {
                return p.code & 0xFFFFFFFFL;
            }
            if (c instanceof Smartcardio.JnaCardNotPresentException) {
                return SCARD_E_NO_SMARTCARD;
            }
        }
        return -1;
    }

    static SmartcardException map(Throwable t, String doing) {
        long code = code(t);
        SmartcardException.Kind kind;
        String why;
        if (code == SCARD_E_NO_SERVICE || code == SCARD_E_SERVICE_STOPPED || code == SCARD_F_COMM_ERROR
                || t instanceof Smartcardio.EstablishContextException) {
            kind = SmartcardException.Kind.NO_SERVICE;
            why = "the smartcard service (pcscd) is not running";
        } else if (code == SCARD_E_UNKNOWN_READER || code == SCARD_E_READER_UNAVAILABLE
                || code == SCARD_E_NO_READERS_AVAILABLE) {
            kind = SmartcardException.Kind.NO_READER;
            why = "the card reader is not connected";
        } else if (code == SCARD_E_NO_SMARTCARD) {
            kind = SmartcardException.Kind.NO_CARD;
            why = "no card in the reader";
        } else if (code == SCARD_W_REMOVED_CARD || code == SCARD_W_RESET_CARD || code == SCARD_W_UNPOWERED_CARD
                || code == SCARD_E_INVALID_HANDLE) {
            kind = SmartcardException.Kind.CARD_REMOVED;
            why = "the card was removed";
        } else {
            kind = SmartcardException.Kind.OTHER;
            why = code >= 0 ? String.format("PC/SC error 0x%08X", code) : String.valueOf(t.getMessage());
        }
        return new SmartcardException(kind, doing + ": " + why, t);
    }
}
