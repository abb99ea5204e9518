package org.thinspice.fleet;

import io.netty.channel.EventLoopGroup;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.thinspice.client.api.ControllerException;
import org.thinspice.client.api.Desktop;
import org.thinspice.client.api.HttpControllerClient;
import org.thinspice.client.api.LoginOutcome;
import org.thinspice.client.api.TerminalIdentity;
import org.thinspice.engine.SpiceException;
import org.thinspice.engine.SpiceListener;
import org.thinspice.engine.SpiceSession;
import org.thinspice.engine.inputs.PcKey;
import org.thinspice.engine.vv.VvConnect;
import org.thinspice.engine.vv.VvFile;

/**
 * One simulated terminal: the kiosk's calls (controller-client) and the engine's session, with no UI. Every step
 * is timed into {@link StepStats}; a step that fails ends the terminal's run with its reason counted.
 */
final class FleetTerminal implements Runnable {
    private final FleetPlan plan;
    private final int index;
    private final String enrolmentCode;
    private final StepStats stats;
    private final Consumer<Completed> completed;
    private final EventLoopGroup group;
    private final CountDownLatch release;
    private final Fleet.Progress progress;
    private volatile String terminalId = "";
    private volatile long droppedAtNanos = -1;
    private volatile long heldAtNanos = -1;

    FleetTerminal(FleetPlan plan, int index, String enrolmentCode, StepStats stats, Consumer<Completed> completed,
            EventLoopGroup group, CountDownLatch release, Fleet.Progress progress) {
        this.plan = plan;
        this.index = index;
        this.enrolmentCode = enrolmentCode;
        this.stats = stats;
        this.completed = completed;
        this.group = group;
        this.release = release;
        this.progress = progress;
    }

    String terminalId() {
        return terminalId;
    }

    /** When its session showed its first picture (System.nanoTime), or -1. */
    long heldAtNanos() {
        return heldAtNanos;
    }

    /** When its held session ended on its own (System.nanoTime), or -1. */
    long droppedAtNanos() {
        return droppedAtNanos;
    }

    @Override
    public void run() {
        boolean held = false;
        try {
            held = lifecycle();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (!held) {
                progress.settled();
            }
        }
    }

    private boolean lifecycle() throws InterruptedException {
        FleetPlan.Credentials user = plan.users().get(index % plan.users().size());
        URI base = plan.controller();
        TerminalIdentity identity;
        try {
            identity = TerminalIdentity.generate();
        } catch (GeneralSecurityException e) {
            stats.failed(Step.ENROL, "no_ed25519");
            return false;
        }
        String name = plan.namePrefix() + "-" + index;
        HttpControllerClient anonymous = new HttpControllerClient(base, null, null, plan.timeout());
        long t0 = System.nanoTime();
        try {
            terminalId = anonymous.enrol(enrolmentCode, name, identity.publicKeyB64());
            stats.ok(Step.ENROL, System.nanoTime() - t0);
            completed.accept(new Completed("enrol", terminalId, ""));
        } catch (ControllerException e) {
            stats.failed(Step.ENROL, reason(e));
            return false;
        }
        HttpControllerClient client = new HttpControllerClient(base, terminalId, identity, plan.timeout());
        if (!signIn(client, user)) {
            return false;
        }
        boolean held = false;
        try {
            String vv = connectionFile(client);
            if (vv != null) {
                held = holdSession(vv);
            }
        } finally {
            t0 = System.nanoTime();
            try {
                client.logout();
                stats.ok(Step.SIGN_OUT, System.nanoTime() - t0);
                completed.accept(new Completed("logout", terminalId, user.username()));
            } catch (ControllerException e) {
                stats.failed(Step.SIGN_OUT, reason(e));
            }
        }
        return held;
    }

    private boolean signIn(HttpControllerClient client, FleetPlan.Credentials user) {
        long t0 = System.nanoTime();
        try {
            LoginOutcome o = client.login(user.username(), user.password().toCharArray());
            if (!(o instanceof LoginOutcome.SignedIn in)) {
                stats.failed(Step.SIGN_IN, "second_factor_asked");
                return false;
            }
            client.setToken(in.token());
            stats.ok(Step.SIGN_IN, System.nanoTime() - t0);
            completed.accept(new Completed("login", terminalId, user.username()));
            return true;
        } catch (ControllerException e) {
            stats.failed(Step.SIGN_IN, reason(e));
            return false;
        }
    }

    /** Lists the desktops and asks for one's .vv; null (counted) when either fails. */
    private String connectionFile(HttpControllerClient client) {
        long t0 = System.nanoTime();
        List<Desktop> desktops;
        try {
            desktops = client.desktops();
            stats.ok(Step.LIST, System.nanoTime() - t0);
        } catch (ControllerException e) {
            stats.failed(Step.LIST, reason(e));
            return null;
        }
        List<Desktop> running = desktops.stream().filter(Desktop::isRunning).toList();
        if (running.isEmpty()) {
            stats.failed(Step.LIST, "no_running_desktop");
            return null;
        }
        Desktop d = running.get(index % running.size());
        t0 = System.nanoTime();
        try {
            String vv = client.connection(d.id());
            stats.ok(Step.CONNECTION_FILE, System.nanoTime() - t0);
            completed.accept(new Completed("connect", terminalId, ""));
            return vv;
        } catch (ControllerException e) {
            stats.failed(Step.CONNECTION_FILE, reason(e));
            return null;
        }
    }

    /** Connects, waits for the first picture, holds with light input; true when it was held to the end. */
    private boolean holdSession(String vv) throws InterruptedException {
        Watch watch = new Watch();
        long t0 = System.nanoTime();
        SpiceSession session;
        try {
            session = SpiceSession.connect(VvConnect.options(VvFile.parse(vv)).build(), watch, group)
                    .get(plan.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (SpiceException e) {
            stats.failed(Step.SPICE_CONNECT, "spice_" + e.reason().name().toLowerCase(java.util.Locale.ROOT));
            return false;
        } catch (ExecutionException e) {
            stats.failed(Step.SPICE_CONNECT, e.getCause() instanceof SpiceException se
                    ? "spice_" + se.reason().name().toLowerCase(java.util.Locale.ROOT) : "spice_error");
            return false;
        } catch (TimeoutException e) {
            stats.failed(Step.SPICE_CONNECT, "spice_timeout");
            return false;
        }
        try {
            if (!watch.firstMark.await(plan.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                stats.failed(Step.SPICE_CONNECT, watch.ended.getCount() == 0 ? "spice_closed_before_picture"
                        : "no_picture_in_time");
                return false;
            }
            stats.ok(Step.SPICE_CONNECT, System.nanoTime() - t0);
            heldAtNanos = System.nanoTime();
            progress.held();
            long holdStart = System.nanoTime();
            long end = holdStart + plan.hold().toNanos();
            int step = 0;
            while (System.nanoTime() < end && release.getCount() > 0) {
                if (watch.ended.await(plan.inputEvery().toMillis(), TimeUnit.MILLISECONDS)) {
                    droppedAtNanos = System.nanoTime();
                    stats.failed(Step.HOLD, watch.reason);
                    return true;
                }
                // light input: the pointer moves a little, a harmless key taps now and then
                step++;
                session.input().mousePosition(10 + step % 100, 10 + step % 80, 0);
                if (step % 5 == 0) {
                    session.input().tap(PcKey.SHIFT_LEFT);
                }
            }
            if (watch.ended.getCount() == 0) {
                droppedAtNanos = System.nanoTime();
                stats.failed(Step.HOLD, watch.reason);
            } else {
                stats.ok(Step.HOLD, System.nanoTime() - holdStart);
            }
            return true;
        } finally {
            session.close();
        }
    }

    private static String reason(ControllerException e) {
        if (e.kind() == ControllerException.Kind.UNREACHABLE) {
            // timeouts and refused connections read differently in a load run: keep the words, briefly
            String m = String.valueOf(e.getMessage());
            return "unreachable: " + (m.length() > 60 ? m.substring(0, 60) : m);
        }
        return e.code() == null || e.code().isEmpty() ? e.kind().name().toLowerCase(java.util.Locale.ROOT) : e.code();
    }

    /** The first picture, and the session's end with its reason. */
    private static final class Watch implements SpiceListener {
        final CountDownLatch firstMark = new CountDownLatch(1);
        final CountDownLatch ended = new CountDownLatch(1);
        volatile String reason = "";

        @Override
        public void onDisplayMark(int channelId) {
            firstMark.countDown();
        }

        /** A display or inputs channel the far side closed is a dropped session too (the kiosk would show it). */
        @Override
        public void onChannelClosed(org.thinspice.engine.ChannelType type, int id, SpiceException cause) {
            if (ended.getCount() > 0) {
                reason = "channel_closed_" + type.key();
                ended.countDown();
            }
        }

        @Override
        public void onDisconnected(SpiceException cause) {
            if (ended.getCount() == 0) {
                return;
            }
            reason = cause == null ? "session_ended" : "session_" + cause.reason().name().toLowerCase(java.util.Locale.ROOT);
            ended.countDown();
        }
    }
}
