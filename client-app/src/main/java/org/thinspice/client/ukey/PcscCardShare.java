package org.thinspice.client.ukey;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thinspice.client.session.CardShare;
import org.thinspice.device.cardshare.SharedCardReader;
import org.thinspice.device.smartcard.Pcsc;
import org.thinspice.engine.smartcard.SmartcardReaders;

/**
 * The terminal's PC/SC card shared with the desktop: each smartcard channel gets a {@link SharedCardReader}
 * over the same {@link Pcsc} the UKEY sign-in uses, sharing the first reader there is. Its thread, watcher and
 * card connection end with the channel.
 */
public final class PcscCardShare implements CardShare {
    private static final Logger LOG = LoggerFactory.getLogger(PcscCardShare.class);
    private final Pcsc pcsc;

    public PcscCardShare(Pcsc pcsc) {
        this.pcsc = pcsc;
    }

    @Override
    public SmartcardReaders readers() {
        return id -> new SharedCardReader(pcsc, reader -> true, new SharedCardReader.Events() {
            @Override
            public void onCardShared(String reader, byte[] atr) {
                LOG.info("smartcard in {} shared with the desktop", reader);
            }

            @Override
            public void onCardWithdrawn(String reader) {
                LOG.info("smartcard in {} withdrawn from the desktop", reader);
            }

            @Override
            public void onReaderWithdrawn(String reader) {
                LOG.info("smartcard reader {} withdrawn from the desktop", reader);
            }

            @Override
            public void onProblem(String sentence) {
                LOG.warn("smartcard sharing: {}", sentence);
            }
        });
    }
}
