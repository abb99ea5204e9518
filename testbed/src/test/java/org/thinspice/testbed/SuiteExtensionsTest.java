package org.thinspice.testbed;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/** The suite-wide extensions do what they claim: a leaking test fails, an assumption fails instead of skipping. */
class SuiteExtensionsTest {
    @Test
    void aTestThatLeaksABufferFailsAndItsNeighbourDoesNot() {
        Events tests = run(LeakingCase.class);
        tests.assertStatistics(s -> s.started(2).failed(1).succeeded(1).aborted(0));
        String why = failureMessages(tests);
        assertTrue(why.contains("Netty buffer leak"), why);
    }

    @Test
    void anAssumptionThatDoesNotHoldFailsWithItsReason() {
        Events tests = run(AssumingCase.class);
        tests.assertStatistics(s -> s.started(1).failed(1).aborted(0));
        String why = failureMessages(tests);
        assertTrue(why.contains("cannot run here") && why.contains("needs a unicorn"), why);
    }

    private static Events run(Class<?> testClass) {
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "true")
                .configurationParameter("junit.jupiter.conditions.deactivate", "")
                .selectors(selectClass(testClass)).execute().testEvents();
    }

    private static String failureMessages(Events tests) {
        List<Event> failed = tests.failed().list();
        StringBuilder b = new StringBuilder();
        for (Event e : failed) {
            e.getPayload(org.junit.platform.engine.TestExecutionResult.class)
                    .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable)
                    .ifPresent(t -> b.append(t.getMessage()).append('\n'));
        }
        return b.toString();
    }

    /** Run only through the test kit above (nested: Surefire leaves it alone). */
    static class LeakingCase {
        @Test
        void a1LosesABuffer() {
            ByteBuf lost = ByteBufAllocator.DEFAULT.directBuffer(64);
            lost.writeInt(42);
            // never released, and unreachable once this method returns
        }

        @Test
        void a2ReleasesItsBuffer() {
            ByteBufAllocator.DEFAULT.directBuffer(64).release();
        }
    }

    static class AssumingCase {
        @Test
        void needsSomething() {
            Assumptions.assumeTrue(false, "needs a unicorn");
        }
    }
}
