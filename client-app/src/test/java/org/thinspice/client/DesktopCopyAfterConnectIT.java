package org.thinspice.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.thinspice.engine.agent.ClipboardPolicy;

/**
 * Text the desktop copies in the first second after the kiosk's agent link opened (0 to 900 ms after
 * the guest agent saw the kiosk's capabilities) reaches the terminal's X clipboard (read with xclip,
 * not through the kiosk) on every one of twenty connections when the policy lets it out, and never
 * when it does not. Those grabs race the session view plugging in its clipboard (issue 13).
 */
class DesktopCopyAfterConnectIT {
    private static ClipboardRig rig;

    @BeforeAll
    static void boot() throws Exception {
        rig = ClipboardRig.start("copy-after-connect");
    }

    @AfterAll
    static void stop() {
        if (rig != null) {
            System.out.println("desktop → terminal, copied in the first second: " + rig.delays());
            rig.close();
        }
    }

    @ParameterizedTest
    @EnumSource(ClipboardPolicy.class)
    void copiedInTheFirstSecond(ClipboardPolicy policy) throws Exception {
        List<String> failures = rig.desktopCopies(policy, false);
        assertEquals(List.of(), failures, policy.key() + ": " + failures.size() + " of " + ClipboardRig.REPETITIONS
                + " repetitions failed; kiosk log " + rig.kiosk.log());
    }
}
