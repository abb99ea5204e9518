package org.thinspice.controller.api;

import org.thinspice.controller.auth.AuthService;
import org.thinspice.controller.http.Request;
import org.thinspice.controller.http.Response;
import org.thinspice.controller.http.Router;
import org.thinspice.controller.json.Fields;

/** /api/v1/auth/*: login, second factor, refresh, logout. */
final class AuthApi {
    private final AuthService auth;

    AuthApi(AuthService auth) {
        this.auth = auth;
    }

    void register(Router router) {
        router.add("POST", "/api/v1/auth/login", this::login)
                .add("POST", "/api/v1/auth/second-factor", this::secondFactor)
                .add("POST", "/api/v1/auth/refresh", r -> Response.ok(auth.refresh(r)))
                .add("POST", "/api/v1/auth/logout", this::logout);
    }

    private Response login(Request r) throws Exception {
        Fields f = Fields.of(r.json(), "username", "password");
        String username = f.matching("username", Views.NAME, "1..64 of letters, digits and ._@-");
        String password = f.string("password");
        return Response.ok(auth.login(r, username, password.toCharArray()));
    }

    private Response secondFactor(Request r) throws Exception {
        Fields f = Fields.of(r.json(), "challenge", "method", "response", "certificate", "problem");
        java.util.Optional<String> problem = f.optString("problem");
        if (problem.isPresent() && !problem.get().equals("card_blocked")) {
            throw Fields.invalid("problem", "must be card_blocked");
        }
        return Response.ok(auth.secondFactor(r, f.matching("challenge", Views.ID, "a challenge id"),
                f.matching("method", "[a-z]{1,16}", "a method name"), f.string("response"), f.optString("certificate").orElse(null),
                problem.orElse(null)));
    }

    private Response logout(Request r) throws Exception {
        auth.logout(r);
        return Response.noContent();
    }
}
