package org.thinspice.controller.provider.local;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thinspice.controller.auth.Secrets;

/**
 * One-time SPICE passwords for local VMs. At click time a fresh password is set with QMP
 * {@code set_password} and {@code expire_password +validity}, so an unused .vv dies by itself.
 * When QEMU then reports {@code SPICE_INITIALIZED} for a main channel (the password worked), the
 * password is expired {@code grace} later — long enough for the session's other channels to link
 * with the same password, too short to reuse the file. Channels already linked stay connected.
 * A new mint replaces the previous password (QEMU holds one), as oVirt's tickets do.
 */
final class OneTimePasswords {
    private static final Logger LOG = LoggerFactory.getLogger(OneTimePasswords.class);
    private static final int MAIN_CHANNEL = 1;

    private final Duration validity;
    private final Duration grace;
    private final ScheduledExecutorService scheduler;
    /** Desktops whose current password has not been used yet. */
    private final ConcurrentHashMap<String, Boolean> armed = new ConcurrentHashMap<>();

    OneTimePasswords(Duration validity, Duration grace, ScheduledExecutorService scheduler) {
        this.validity = validity;
        this.grace = grace;
        this.scheduler = scheduler;
    }

    Duration validity() {
        return validity;
    }

    /** Sets a fresh password on {@code vm} that expires after the validity; returns it. */
    String mint(String desktopId, QemuVm vm) throws IOException {
        String password = Secrets.hex(20);
        JsonObject set = new JsonObject();
        set.addProperty("protocol", "spice");
        set.addProperty("password", password);
        set.addProperty("connected", "keep");
        vm.qmp().execute("set_password", set);
        expire(vm, "+" + validity.toSeconds());
        armed.put(desktopId, Boolean.TRUE);
        return password;
    }

    /** Feed of QMP events of {@code desktopId}'s VM. */
    void onEvent(String desktopId, QemuVm vm, JsonObject event) {
        if (!"SPICE_INITIALIZED".equals(event.get("event").getAsString())) {
            return;
        }
        JsonObject client = event.getAsJsonObject("data").getAsJsonObject("client");
        if (client == null || !client.has("channel-type") || client.get("channel-type").getAsInt() != MAIN_CHANNEL) {
            return;
        }
        if (armed.remove(desktopId) != null) {
            scheduler.schedule(() -> {
                try {
                    expire(vm, "now");
                    LOG.info("desktop {}: one-time SPICE password used, expired", desktopId);
                } catch (IOException e) {
                    LOG.warn("desktop {}: could not expire the used SPICE password", desktopId, e);
                }
            }, grace.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    void forget(String desktopId) {
        armed.remove(desktopId);
    }

    private static void expire(QemuVm vm, String time) throws IOException {
        JsonObject exp = new JsonObject();
        exp.addProperty("protocol", "spice");
        exp.addProperty("time", time);
        vm.qmp().execute("expire_password", exp);
    }
}
