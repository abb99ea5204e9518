package org.thinspice.controller.desktop;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.thinspice.controller.http.ApiException;
import org.thinspice.controller.provider.CloudProvider;
import org.thinspice.controller.provider.DesktopInfo;
import org.thinspice.controller.provider.ProviderException;
import org.thinspice.controller.provider.UserContext;
import org.thinspice.controller.store.Assignment;
import org.thinspice.controller.store.Policy;
import org.thinspice.controller.store.Session;
import org.thinspice.controller.store.Store;

/**
 * Which desktops a user has and under which policy. With local-qemu a desktop must be assigned
 * (to the user or one of their groups); with a platform that owns its users (Proxmox) the platform's
 * own permissions decide, and assignments only choose the policy. A direct user assignment's policy
 * wins over a group's; no policy means {@link Policy#fallback()}.
 */
public final class DesktopService {
    private final Store store;
    private final CloudProvider provider;

    public DesktopService(Store store, CloudProvider provider) {
        this.store = store;
        this.provider = provider;
    }

    public List<UserDesktop> desktops(Session s) throws SQLException {
        Map<String, Policy> policies = policies(s.username());
        List<UserDesktop> out = new ArrayList<>();
        for (DesktopInfo d : Providers.call(() -> provider.desktops(context(s)))) {
            Policy p = policies.get(d.id());
            if (p != null) {
                out.add(new UserDesktop(d, p));
            } else if (provider.authenticatesUsers()) {
                out.add(new UserDesktop(d, Policy.fallback()));
            }
        }
        return out;
    }

    /** The user's desktop {@code id} (404 when the user has no such desktop). */
    public UserDesktop desktop(Session s, String id) throws SQLException {
        for (UserDesktop d : desktops(s)) {
            if (d.info().id().equals(id)) {
                return d;
            }
        }
        throw ApiException.notFound("no desktop " + id + " for this user");
    }

    /** The platform's view of the session; a renewed platform state is written back to the session. */
    public UserContext context(Session s) {
        return new UserContext(s.username(), s.providerState(), renewed -> {
            try {
                store.sessions().updateProviderState(s.tokenHash(), renewed);
            } catch (SQLException e) {
                throw new IllegalStateException("could not keep the renewed platform ticket: " + e.getMessage(), e);
            }
        });
    }

    private Map<String, Policy> policies(String username) throws SQLException {
        List<Assignment> assignments = store.assignments().forUser(username, store.users().groupsOf(username));
        Map<String, Policy> out = new HashMap<>();
        for (Assignment a : assignments) {
            Policy p = a.policyId() == null ? Policy.fallback()
                    : store.policies().find(a.policyId()).orElse(Policy.fallback());
            if (a.principalType().equals("user") || !out.containsKey(a.desktopId())) {
                out.put(a.desktopId(), p);
            }
        }
        return out;
    }

    /** Maps platform failures to API errors. */
    public static final class Providers {
        /** A platform call. */
        public interface Call<T> {
            T run() throws ProviderException;
        }

        private Providers() {
        }

        public static <T> T call(Call<T> c) {
            try {
                return c.run();
            } catch (ProviderException e) {
                throw switch (e.kind()) {
                    case AUTH_FAILED -> ApiException.unauthorized("platform_session_expired", e.getMessage());
                    case FORBIDDEN -> ApiException.forbidden("platform_forbidden", e.getMessage());
                    case NOT_FOUND -> ApiException.notFound(e.getMessage());
                    case NOT_RUNNING -> new ApiException(409, "desktop_not_running", e.getMessage());
                    case UNAVAILABLE -> new ApiException(502, "platform_unavailable", e.getMessage());
                    case FAILED -> new ApiException(502, "platform_failed", e.getMessage());
                };
            }
        }
    }
}
