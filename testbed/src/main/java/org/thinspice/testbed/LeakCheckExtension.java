package org.thinspice.testbed;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import io.netty.util.ResourceLeakTracker;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails the test during which Netty reported a leaked buffer (paranoid detection, every buffer tracked).
 * Netty notices a leak only when the garbage collector has found the lost buffer and a later allocation
 * polls for it; after each test this forces both, so the leak is blamed on the test that caused it.
 * Registered for every test of every module through JUnit's extension auto-detection; a module without
 * Netty on its classpath is left alone.
 */
public final class LeakCheckExtension implements AfterEachCallback {
    private static final boolean NETTY = nettyPresent();

    @Override
    public void afterEach(ExtensionContext context) {
        if (!NETTY) {
            return;
        }
        List<String> leaks = Recorder.drainAfterGc();
        if (!leaks.isEmpty()) {
            throw new AssertionError(leaks.size() + " Netty buffer leak(s) during this test:\n"
                    + String.join("\n---\n", leaks));
        }
    }

    private static boolean nettyPresent() {
        try {
            Class.forName("io.netty.util.ResourceLeakDetector", false, LeakCheckExtension.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return false;
        }
        Recorder.install();
        return true;
    }

    /** Netty's leak detectors, made by a factory that also keeps each report for the check above. */
    static final class Recorder extends ResourceLeakDetectorFactory {
        private static final ConcurrentLinkedQueue<String> REPORTS = new ConcurrentLinkedQueue<>();
        /** Buffers tracked so far; a test that tracked none cannot have leaked one, and is not made to wait. */
        private static final AtomicLong TRACKED = new AtomicLong();
        private static long trackedAtLastCheck = -1;

        static void install() {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
            ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new Recorder());
        }

        static synchronized List<String> drainAfterGc() {
            if (TRACKED.get() == trackedAtLastCheck && REPORTS.isEmpty()) {
                return List.of();
            }
            for (int i = 0; i < 2; i++) {
                System.gc();
                // the JVM's reference handler queues collected buffers on its own thread
                UnixLines.sleep(5);
                // a tracked allocation is what makes the detector poll its queue of collected, unreleased buffers
                ByteBuf probe = Unpooled.directBuffer(1);
                probe.release();
            }
            trackedAtLastCheck = TRACKED.get();
            List<String> out = new ArrayList<>();
            for (String r; (r = REPORTS.poll()) != null; ) {
                out.add(r);
            }
            return out;
        }

        @Override
        @SuppressWarnings("deprecation")
        public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval,
                                                                   long maxActive) {
            return new ResourceLeakDetector<>(resource, samplingInterval) {
                @Override
                public ResourceLeakTracker<T> track(T obj) {
                    TRACKED.incrementAndGet();
                    return super.track(obj);
                }

                @Override
                protected void reportTracedLeak(String resourceType, String records) {
                    REPORTS.add("LEAK of " + resourceType + records);
                    super.reportTracedLeak(resourceType, records);
                }

                @Override
                protected void reportUntracedLeak(String resourceType) {
                    REPORTS.add("LEAK of " + resourceType + " (untraced)");
                    super.reportUntracedLeak(resourceType);
                }
            };
        }
    }
}
