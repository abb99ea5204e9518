package org.thinspice.controller.provider.fixed;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.thinspice.controller.provider.CloudProvider;
import org.thinspice.controller.provider.DesktopInfo;
import org.thinspice.controller.provider.PlatformLogin;
import org.thinspice.controller.provider.PowerAction;
import org.thinspice.controller.provider.ProviderException;
import org.thinspice.controller.provider.SpiceTarget;
import org.thinspice.controller.provider.UserContext;

/**
 * Desktops that already run somewhere else and keep running: each is a SPICE server at a host and port with a
 * fixed password, given in the configuration. The controller neither starts nor stops them (power actions are
 * refused) and reports each as running; whether it answers is the terminal's to find out. Made for load runs
 * against the testbed's desktop stand-ins (the fleet bench), where hundreds of terminals share a few servers.
 */
public final class FixedSpiceProvider implements CloudProvider {
    /** One configured desktop: the SPICE server it is. */
    public record FixedDesktop(String id, String name, String host, int port, String password) {
        public FixedDesktop {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("desktop " + id + ": spicePort must be 1..65535, not " + port);
            }
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("desktop " + id + ": spiceHost is empty");
            }
        }
    }

    private final Map<String, FixedDesktop> desktops = new LinkedHashMap<>();

    public FixedSpiceProvider(List<FixedDesktop> list) {
        for (FixedDesktop d : list) {
            if (desktops.putIfAbsent(d.id(), d) != null) {
                throw new IllegalArgumentException("desktop id " + d.id() + " is given twice");
            }
        }
    }

    @Override
    public String name() {
        return "fixed";
    }

    @Override
    public boolean authenticatesUsers() {
        return false;
    }

    @Override
    public PlatformLogin login(String username, char[] password) {
        throw new UnsupportedOperationException("the fixed provider does not sign users in");
    }

    @Override
    public PlatformLogin secondFactor(String pendingState, String method, String response) {
        throw new UnsupportedOperationException("the fixed provider does not sign users in");
    }

    /**
     * Nothing to reach: the platform is this configuration. Whether one desktop's SPICE server answers is that
     * desktop's state, seen by the terminal that connects; it must not take the whole controller out of a
     * load balancer.
     */
    @Override
    public void probe() {
    }

    @Override
    public List<DesktopInfo> desktops(UserContext user) {
        return desktops.values().stream().map(d -> new DesktopInfo(d.id(), d.name(), "running")).toList();
    }

    @Override
    public String power(UserContext user, String desktopId, PowerAction action) throws ProviderException {
        find(desktopId);
        throw new ProviderException(ProviderException.Kind.FORBIDDEN,
                "desktop " + desktopId + " is a fixed SPICE server; its power is not the controller's");
    }

    @Override
    public SpiceTarget connect(UserContext user, String desktopId) throws ProviderException {
        FixedDesktop d = find(desktopId);
        return new SpiceTarget(d.host(), d.port(), -1, d.password(), null, null, null, d.name());
    }

    private FixedDesktop find(String desktopId) throws ProviderException {
        FixedDesktop d = desktops.get(desktopId);
        if (d == null) {
            throw new ProviderException(ProviderException.Kind.NOT_FOUND, "no desktop " + desktopId);
        }
        return d;
    }

    @Override
    public void close() {
        // nothing runs here
    }
}
