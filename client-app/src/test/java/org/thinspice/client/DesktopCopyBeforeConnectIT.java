package org.thinspice.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.thinspice.engine.agent.ClipboardPolicy;

/**
 * Text the desktop copied before the kiosk connected reaches the terminal's X clipboard (read with
 * xclip, not through the kiosk) on every one of twenty connections when the policy lets it out, and
 * never when it does not. The guest's agent grabs again for each new client, as it must: spice-server
 * drops what an agent sends while no client is connected. That grab comes right after the kiosk's
 * agent link opens, usually before the session view has plugged in its clipboard (issue 13).
 */
class DesktopCopyBeforeConnectIT {
    private static ClipboardRig rig;

    @BeforeAll
    static void boot() throws Exception {
        rig = ClipboardRig.start("copy-before-connect");
        rig.agent.regrabOnConnect(true);
    }

    @AfterAll
    static void stop() {
        if (rig != null) {
            System.out.println("desktop → terminal, copied before connect: " + rig.delays());
            rig.close();
        }
    }

    @ParameterizedTest
    @EnumSource(ClipboardPolicy.class)
    void copiedBeforeConnect(ClipboardPolicy policy) throws Exception {
        List<String> failures = rig.desktopCopies(policy, true);
        assertEquals(List.of(), failures, policy.key() + ": " + failures.size() + " of " + ClipboardRig.REPETITIONS
                + " repetitions failed; kiosk log " + rig.kiosk.log());
    }
}
