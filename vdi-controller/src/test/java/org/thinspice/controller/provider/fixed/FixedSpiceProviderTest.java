package org.thinspice.controller.provider.fixed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.thinspice.controller.provider.DesktopInfo;
import org.thinspice.controller.provider.PowerAction;
import org.thinspice.controller.provider.ProviderException;
import org.thinspice.controller.provider.SpiceTarget;
import org.thinspice.controller.provider.UserContext;

class FixedSpiceProviderTest {
    private final UserContext user = new UserContext("u", null);
    private final FixedSpiceProvider provider = new FixedSpiceProvider(List.of(
            new FixedSpiceProvider.FixedDesktop("a", "Desk A", "127.0.0.1", 5901, "pa"),
            new FixedSpiceProvider.FixedDesktop("b", "Desk B", "10.0.0.2", 5902, "pb")));

    @Test
    void listsEveryDesktopAsRunningInConfigurationOrder() {
        assertEquals(List.of(new DesktopInfo("a", "Desk A", "running"), new DesktopInfo("b", "Desk B", "running")),
                provider.desktops(user));
    }

    @Test
    void connectGivesTheConfiguredServerAndPassword() throws ProviderException {
        SpiceTarget t = provider.connect(user, "b");
        assertEquals("10.0.0.2", t.host());
        assertEquals(5902, t.port());
        assertEquals(-1, t.tlsPort());
        assertEquals("pb", t.password());
        assertEquals("Desk B", t.title());
    }

    @Test
    void powerIsRefusedAndUnknownDesktopsAreNotFound() {
        ProviderException power = assertThrows(ProviderException.class, () -> provider.power(user, "a", PowerAction.STOP));
        assertEquals(ProviderException.Kind.FORBIDDEN, power.kind());
        ProviderException unknown = assertThrows(ProviderException.class, () -> provider.connect(user, "zz"));
        assertEquals(ProviderException.Kind.NOT_FOUND, unknown.kind());
    }

    @Test
    void badConfigurationIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new FixedSpiceProvider.FixedDesktop("x", "x", "h", 0, "p"));
        assertThrows(IllegalArgumentException.class, () -> new FixedSpiceProvider.FixedDesktop("x", "x", " ", 5900, "p"));
        assertThrows(IllegalArgumentException.class, () -> new FixedSpiceProvider(List.of(
                new FixedSpiceProvider.FixedDesktop("x", "x", "h", 5900, "p"),
                new FixedSpiceProvider.FixedDesktop("x", "y", "h", 5901, "p"))));
    }
}
