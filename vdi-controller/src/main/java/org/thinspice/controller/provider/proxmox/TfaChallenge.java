package org.thinspice.controller.provider.proxmox;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.thinspice.controller.provider.ProviderException;

/**
 * The second factors PVE offers, read from the half-signed-in ticket as PVE's own login window reads it
 * (pve-manager {@code www/manager6/window/LoginWindow.js}, {@code performTFAChallenge}): the ticket is
 * {@code PVE:!tfa!<challenge>:<hex time>::<signature>}, the challenge a JSON object with its colons
 * percent-encoded (pve-common {@code PVE::Ticket::assemble_rsa_ticket} escapes {@code :}); its keys are
 * {@code totp}, {@code recovery}, {@code yubico}, {@code webauthn}, {@code u2f}.
 */
final class TfaChallenge {
    private static final int MAX_TICKET = 16 * 1024;

    private TfaChallenge() {
    }

    /** The methods a terminal can answer ({@code totp}, {@code yubico}, then {@code recovery}), the device first. */
    static List<String> methods(String ticket) throws ProviderException {
        if (ticket.length() > MAX_TICKET || !ticket.startsWith("PVE:!tfa!")) {
            throw new ProviderException(ProviderException.Kind.AUTH_FAILED,
                    "Proxmox asked for a second factor in a ticket format this controller does not read");
        }
        String data = ticket.substring("PVE:!tfa!".length());
        int end = data.indexOf(':');
        JsonObject challenge;
        try {
            challenge = JsonParser.parseString(percentDecode(end < 0 ? data : data.substring(0, end))).getAsJsonObject();
        } catch (RuntimeException e) {
            throw new ProviderException(ProviderException.Kind.AUTH_FAILED, "Proxmox's second-factor challenge is not JSON", e);
        }
        List<String> out = new ArrayList<>();
        if (truthy(challenge.get("totp"))) {
            out.add("totp");
        }
        if (truthy(challenge.get("yubico"))) {
            out.add("yubico");
        }
        if (truthy(challenge.get("recovery"))) {
            out.add("recovery");
        }
        if (out.isEmpty()) {
            throw new ProviderException(ProviderException.Kind.AUTH_FAILED, "this account's second factor ("
                    + String.join(", ", challenge.keySet()) + ") needs a browser security key and cannot be used from a terminal");
        }
        return out;
    }

    private static boolean truthy(JsonElement e) {
        if (e == null || e.isJsonNull()) {
            return false;
        }
        if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isBoolean()) {
            return e.getAsBoolean();
        }
        if (e.isJsonArray()) {
            // recovery: one entry per key, true/1 while unused
            for (JsonElement x : e.getAsJsonArray()) {
                if (x.isJsonPrimitive() && (x.getAsJsonPrimitive().isBoolean() ? x.getAsBoolean() : x.getAsInt() != 0)) {
                    return true;
                }
            }
            return false;
        }
        return e.isJsonObject();
    }

    /** %XX decoding only ({@code +} stays: this is not form encoding). */
    private static String percentDecode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length()) {
                out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
