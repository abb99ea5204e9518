package org.thinspice.client.api;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Signs every request as the enrolled terminal (the controller's {@code X-Terminal-*} headers). The
 * body bytes travel as the request's {@link SignedBody} tag, so exactly what is sent is signed.
 */
final class TerminalSigning implements Interceptor {
    /** The bytes of a request's body, as sent (empty for none). */
    record SignedBody(byte[] bytes) {
    }

    private final String terminalId;
    private final TerminalIdentity identity;

    TerminalSigning(String terminalId, TerminalIdentity identity) {
        this.terminalId = terminalId;
        this.identity = identity;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request r = chain.request();
        SignedBody body = r.tag(SignedBody.class);
        byte[] bytes = body == null ? new byte[0] : body.bytes();
        long now = System.currentTimeMillis() / 1000;
        String nonce = TerminalIdentity.nonce();
        Request signed = r.newBuilder()
                .header("X-Terminal-Id", terminalId)
                .header("X-Terminal-Time", Long.toString(now))
                .header("X-Terminal-Nonce", nonce)
                .header("X-Terminal-Signature", identity.sign(r.method(), r.url().encodedPath(), now, nonce, bytes))
                .build();
        return chain.proceed(signed);
    }
}
