package org.thinspice.controller.api;

import com.google.gson.JsonObject;
import org.thinspice.controller.http.Request;
import org.thinspice.controller.http.Response;
import org.thinspice.controller.http.Router;
import org.thinspice.controller.json.Fields;
import org.thinspice.controller.store.Terminal;
import org.thinspice.controller.terminal.TerminalService;

/** POST /api/v1/terminals/enrol: a terminal presents its enrolment code and public key. */
final class TerminalApi {
    private final TerminalService terminals;

    TerminalApi(TerminalService terminals) {
        this.terminals = terminals;
    }

    void register(Router router) {
        router.add("POST", "/api/v1/terminals/enrol", this::enrol);
    }

    private Response enrol(Request r) throws Exception {
        Fields f = Fields.of(r.json(), "code", "name", "publicKey");
        String code = f.matching("code", "[A-Za-z0-9]{8,64}", "an enrolment code");
        String name = f.matching("name", "[\\p{L}\\p{N} ._-]{1,128}", "1..128 letters, digits, spaces or ._-");
        Terminal t = terminals.enrol(code, name, f.string("publicKey"), r.remoteAddress());
        JsonObject o = Views.terminal(t);
        return Response.json(201, o);
    }
}
