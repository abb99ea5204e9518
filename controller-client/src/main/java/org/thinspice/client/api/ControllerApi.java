package org.thinspice.client.api;

import java.util.List;

/** What the kiosk asks of the VDI controller (/api/v1). Blocking calls: run them off the FX thread. */
public interface ControllerApi {
    /** GET /health; returns the round trip in ms. */
    long health() throws ControllerException;

    /** The controller's clock minus this terminal's, in ms (from the HTTP Date of /health). */
    long clockSkewMillis() throws ControllerException;

    /** POST /terminals/enrol; returns the terminal id the controller gave. */
    String enrol(String code, String name, String publicKeyB64) throws ControllerException;

    LoginOutcome login(String username, char[] password) throws ControllerException;

    LoginOutcome secondFactor(String challengeId, String method, String response) throws ControllerException;

    /** POST /auth/second-factor with the UKEY's certificate (base64 DER) and signature. */
    default LoginOutcome ukeyAnswer(String challengeId, String certificate, String signature) throws ControllerException {
        return secondFactor(challengeId, "ukey", signature);
    }

    /** Tells the controller the UKEY is blocked (it audits it and spends the challenge); the answer is always a refusal. */
    default void ukeyBlocked(String challengeId) throws ControllerException {
    }

    void logout() throws ControllerException;

    List<Desktop> desktops() throws ControllerException;

    /** POST /desktops/{id}/connection: a one-time .vv. */
    String connection(String desktopId) throws ControllerException;

    /** POST /desktops/{id}/power; returns the task id. */
    String power(String desktopId, String action) throws ControllerException;

    /** GET /tasks/{id}: running, ok or failed. */
    String taskState(String taskId) throws ControllerException;
}
