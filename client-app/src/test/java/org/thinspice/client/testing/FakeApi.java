package org.thinspice.client.testing;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.thinspice.client.api.ControllerApi;
import org.thinspice.client.api.ControllerException;
import org.thinspice.client.api.Desktop;
import org.thinspice.client.api.LoginOutcome;

/** A scripted controller: answers from queues (or a fixed failure), and records the calls. */
public final class FakeApi implements ControllerApi {
    public final List<String> calls = new ArrayList<>();
    public final Deque<Object> logins = new ArrayDeque<>();
    public List<Desktop> desktops = new ArrayList<>();
    public final Deque<String> taskStates = new ArrayDeque<>();
    public ControllerException failAll;
    public String vv = "[virt-viewer]\ntype=spice\nhost=127.0.0.1\nport=5900\npassword=x\n";
    public long latency = 3;
    /** Round trips to answer in turn before falling back to {@link #latency}. */
    public final Deque<Long> latencies = new ArrayDeque<>();
    public long skew = 1500;

    public static ControllerException unreachable() {
        return ControllerException.unreachable("connection refused");
    }

    public static ControllerException refused(ControllerException.Kind kind, String code, int retryAfter) {
        return new ControllerException(kind, 401, code, code, retryAfter);
    }

    private void check(String call) throws ControllerException {
        calls.add(call);
        if (failAll != null) {
            throw failAll;
        }
    }

    @Override
    public long health() throws ControllerException {
        check("health");
        Long l = latencies.poll();
        return l == null ? latency : l;
    }

    @Override
    public long clockSkewMillis() throws ControllerException {
        check("skew");
        return skew;
    }

    @Override
    public String enrol(String code, String name, String publicKeyB64) throws ControllerException {
        check("enrol " + code + " " + name);
        if (code.equals("USEDCODE1")) {
            throw refused(ControllerException.Kind.BAD_ENROLMENT_CODE, "bad_enrolment_code", 0);
        }
        return "t-0001";
    }

    @Override
    public LoginOutcome login(String username, char[] password) throws ControllerException {
        check("login " + username);
        return next();
    }

    private LoginOutcome next() throws ControllerException {
        Object o = logins.poll();
        if (o instanceof ControllerException e) {
            throw e;
        }
        return (LoginOutcome) o;
    }

    @Override
    public LoginOutcome secondFactor(String challengeId, String method, String response) throws ControllerException {
        check("second-factor " + challengeId + " " + method + " " + response);
        return next();
    }

    @Override
    public LoginOutcome ukeyAnswer(String challengeId, String certificate, String signature) throws ControllerException {
        check("ukey-answer " + challengeId + " " + certificate + " " + signature);
        return next();
    }

    @Override
    public void logout() throws ControllerException {
        check("logout");
    }

    @Override
    public List<Desktop> desktops() throws ControllerException {
        check("desktops");
        return List.copyOf(desktops);
    }

    @Override
    public String connection(String desktopId) throws ControllerException {
        check("connection " + desktopId);
        return vv;
    }

    @Override
    public String power(String desktopId, String action) throws ControllerException {
        check("power " + desktopId + " " + action);
        return "task-1";
    }

    @Override
    public String taskState(String taskId) throws ControllerException {
        check("task " + taskId);
        String s = taskStates.poll();
        return s == null ? "ok" : s;
    }

    public static Desktop desktop(String id, String state) {
        return new Desktop(id, "Desktop " + id, state, "both", true, List.of("start", "shutdown", "stop", "reboot", "reset"));
    }
}
