package org.thinspice.device.cardshare;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thinspice.device.smartcard.Pcsc;
import org.thinspice.device.smartcard.PcscEvent;
import org.thinspice.device.smartcard.ReaderWatcher;
import org.thinspice.device.smartcard.SmartcardConnection;
import org.thinspice.device.smartcard.SmartcardException;
import org.thinspice.device.vsc.VscCodec;
import org.thinspice.device.vsc.VscProtocolException;
import org.thinspice.device.vsc.VscReaderBridge;
import org.thinspice.engine.smartcard.SmartcardOutput;
import org.thinspice.engine.smartcard.SmartcardReader;

/**
 * The terminal's PC/SC reader shown to the desktop through the SPICE smartcard channel: a {@link ReaderWatcher}
 * says when the reader and its card come and go, a {@link VscReaderBridge} turns that into ReaderAdd, ATR,
 * CardRemove and ReaderRemove, and the desktop's APDUs go to the card through
 * {@link SmartcardConnection#transparent()}, so the desktop's driver sees the card's own {@code 61xx}/{@code 6Cxx}.
 * <p>
 * One reader is shared: the first one {@code wanted} accepts. Everything (watcher events, the desktop's messages,
 * the card's answers) runs on one thread of its own, never on the channel's event loop: a card can take seconds
 * to answer. A card connection is opened when the card goes in and closed (with a reset) when it goes out or the
 * channel closes.
 */
public final class SharedCardReader implements SmartcardReader {
    private static final Logger LOG = LoggerFactory.getLogger(SharedCardReader.class);

    /** What the shared reader tells its owner (on its own thread). */
    public interface Events extends VscReaderBridge.Events {
        /** The card in the shared reader is now shown to the desktop. */
        default void onCardShared(String reader, byte[] atr) {
        }

        /** The card left the shared reader. */
        default void onCardWithdrawn(String reader) {
        }

        /** The shared reader went away (unplugged, or pcscd stopped). */
        default void onReaderWithdrawn(String reader) {
        }

        /** Something did not work; a sentence in plain words. */
        default void onProblem(String sentence) {
        }
    }

    private final Pcsc pcsc;
    private final Predicate<String> wanted;
    private final Events events;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "smartcard-share");
        t.setDaemon(true);
        return t;
    });
    // Touched only on the worker thread:
    private SmartcardOutput out;
    private ReaderWatcher watcher;
    private VscReaderBridge bridge;
    private String reader;
    private SmartcardConnection card;

    /** @param wanted which reader to share (e.g. {@code name -> true} for the first one there is) */
    public SharedCardReader(Pcsc pcsc, Predicate<String> wanted, Events events) {
        this.pcsc = pcsc;
        this.wanted = wanted;
        this.events = events == null ? new Events() { } : events;
    }

    @Override
    public void onOpened(SmartcardOutput output) {
        run(() -> {
            out = output;
            watcher = pcsc.watch(e -> run(() -> onPcsc(e)));
        });
    }

    @Override
    public void onMessage(byte[] vscMessage) {
        run(() -> {
            if (bridge == null) {
                LOG.debug("a VSC message from the desktop before any reader was announced; dropped");
                return;
            }
            try {
                bridge.receive(vscMessage, 0, vscMessage.length);
            } catch (VscProtocolException e) {
                events.onProblem("the desktop's smartcard messages are malformed: " + e.getMessage());
                out.close();
            }
        });
    }

    @Override
    public void onClosed() {
        run(() -> {
            closeCard();
            if (watcher != null) {
                watcher.close();
            }
        });
        worker.shutdown();
    }

    private void onPcsc(PcscEvent e) {
        switch (e.type()) {
            case READER_ADDED -> {
                if (reader == null && wanted.test(e.reader())) {
                    reader = e.reader();
                    if (bridge == null) {
                        bridge = new VscReaderBridge(reader, VscCodec.spice(), out::send, events);
                    }
                    bridge.start();
                }
            }
            case CARD_INSERTED -> {
                if (e.reader().equals(reader)) {
                    share();
                }
            }
            case CARD_REMOVED -> {
                if (e.reader().equals(reader) && card != null) {
                    closeCard();
                    bridge.cardRemoved();
                    events.onCardWithdrawn(reader);
                }
            }
            case READER_REMOVED -> {
                if (e.reader().equals(reader)) {
                    closeCard();
                    bridge.stop();
                    events.onReaderWithdrawn(reader);
                    reader = null;
                }
            }
            default -> {
                // SERVICE_LOST comes after the removals it implies; SERVICE_BACK before the additions
            }
        }
    }

    private void share() {
        closeCard();
        try {
            card = pcsc.connect(reader);
        } catch (SmartcardException ex) {
            events.onProblem("the card in \"" + reader + "\" cannot be shared: " + ex.getMessage());
            return;
        }
        byte[] atr = card.atr();
        bridge.cardInserted(atr, card.transparent());
        events.onCardShared(reader, atr);
    }

    private void closeCard() {
        if (card != null) {
            card.close();
            card = null;
        }
    }

    private void run(Runnable r) {
        try {
            worker.execute(() -> {
                try {
                    r.run();
                } catch (RuntimeException e) {
                    LOG.warn("smartcard sharing failed", e);
                    events.onProblem("smartcard sharing failed: " + e.getMessage());
                }
            });
        } catch (RejectedExecutionException e) {
            // the channel closed: late watcher events have nowhere to go
        }
    }
}
