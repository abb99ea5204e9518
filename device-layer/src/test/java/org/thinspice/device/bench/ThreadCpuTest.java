package org.thinspice.device.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ThreadCpuTest {
    @Test
    void jitMillisSumsTheCompilerThreadsOnceEach() {
        Map<String, Long> d = new LinkedHashMap<>();
        d.put("C2 CompilerThre", 300L);
        d.put("C2 CompilerThre [sys]", 20L); // already inside the 300
        d.put("C1 CompilerThre", 40L);
        d.put("multiThreadIoEv", 150L);
        d.put("GC Thread##", 10L);
        assertEquals(340, ThreadCpu.jitMillis(d));
        assertEquals(0, ThreadCpu.jitMillis(Map.of("remote-viewer", 120L)));
    }

    @Test
    void runQueueWaitIsReportedForThisProcessAndMinusOneForNone() throws Exception {
        long pid = ProcessHandle.current().pid();
        long a = ThreadCpu.runQueueWaitMillis(pid);
        assertTrue(a >= 0, "this kernel reports /proc/PID/task/*/schedstat: " + a);
        long b = ThreadCpu.runQueueWaitMillis(pid);
        // threads may end between the samples, so the sum can drop by what they had; it never goes negative
        assertTrue(b >= 0);
        assertEquals(-1, ThreadCpu.runQueueWaitMillis(Long.MAX_VALUE), "no such process");
    }
}
