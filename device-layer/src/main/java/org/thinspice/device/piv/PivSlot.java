package org.thinspice.device.piv;

/** PIV key slots with the data objects that hold their certificates (SP 800-73-4). */
public enum PivSlot {
    AUTHENTICATION(0x9A, 0x5FC105),
    SIGNATURE(0x9C, 0x5FC10A),
    KEY_MANAGEMENT(0x9D, 0x5FC10B),
    CARD_AUTHENTICATION(0x9E, 0x5FC101);

    public final int keyReference;
    public final int certificateObject;

    PivSlot(int keyReference, int certificateObject) {
        this.keyReference = keyReference;
        this.certificateObject = certificateObject;
    }
}
