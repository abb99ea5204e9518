package org.thinspice.testbed;

import java.util.Base64;
import java.util.concurrent.CountDownLatch;

/**
 * A virtual UKEY to try by hand (demo, training, debugging): starts {@link Pcscd} and inserts a
 * {@link VirtualPivCard} into slot 0, prints how to reach it and its certificate, and runs until Ctrl-C (which
 * stops pcscd by pid). Arguments: {@code [rsa|ec] [PIN] [TRIES]} (default ec 123456 3). Root, like Pcscd.
 *
 * <pre>PCSCLITE_CSOCK_NAME=&lt;printed socket&gt; pkcs15-tool --reader 0 --read-certificate 01</pre>
 */
public final class VirtualUkeyMain {
    private VirtualUkeyMain() {
    }

    public static void main(String[] args) throws Exception {
        VirtualPivCard.KeyAlgorithm alg = args.length > 0 && args[0].equalsIgnoreCase("rsa")
                ? VirtualPivCard.KeyAlgorithm.RSA_2048 : VirtualPivCard.KeyAlgorithm.EC_P256;
        String pin = args.length > 1 ? args[1] : "123456";
        int tries = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        VirtualPivCard card = new VirtualPivCard(alg, pin, tries);
        Pcscd pcscd = Pcscd.start();
        VpcdCard inserted = VpcdCard.insert(card, pcscd.slotPort(0));
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            inserted.close();
            pcscd.close();
            done.countDown();
        }, "virtual-ukey-stop"));
        System.out.println("virtual UKEY: " + alg + ", PIN " + pin + ", " + tries + " tries, in \"" + pcscd.readerName(0) + "\"");
        System.out.println("PCSCLITE_CSOCK_NAME=" + pcscd.socket());
        System.out.println("pcscd log: " + pcscd.log());
        System.out.println("-----BEGIN CERTIFICATE-----");
        System.out.println(Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(card.certificate().getEncoded()));
        System.out.println("-----END CERTIFICATE-----");
        System.out.println("Ctrl-C stops it.");
        done.await();
    }
}
