package org.thinspice.controller.provider.local;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thinspice.controller.provider.CloudProvider;
import org.thinspice.controller.provider.DesktopInfo;
import org.thinspice.controller.provider.PlatformLogin;
import org.thinspice.controller.provider.PowerAction;
import org.thinspice.controller.provider.ProviderException;
import org.thinspice.controller.provider.SpiceTarget;
import org.thinspice.controller.provider.UserContext;

/**
 * The embedded default platform: desktops from the controller config, each a QEMU process this
 * controller starts and stops itself, controlled over QMP. Users live in the controller's store.
 * {@code reboot} is stop + start (a fresh QEMU); {@code reset} is a hard {@code system_reset};
 * {@code shutdown} asks the guest (ACPI) and waits for QEMU to exit.
 */
public final class LocalQemuProvider implements CloudProvider {
    private static final Logger LOG = LoggerFactory.getLogger(LocalQemuProvider.class);

    private final String qemuBinary;
    private final Path workRoot;
    private final Duration shutdownTimeout;
    private final Map<String, LocalDesktop> desktops = new LinkedHashMap<>();
    private final Map<String, QemuVm> vms = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1, r -> {
        Thread t = new Thread(r, "local-qemu");
        t.setDaemon(true);
        return t;
    });
    private final OneTimePasswords passwords;

    public LocalQemuProvider(String qemuBinary, Path workRoot, List<LocalDesktop> desktops, Duration passwordValidity,
            Duration passwordGrace, Duration shutdownTimeout) {
        this.qemuBinary = qemuBinary;
        this.workRoot = workRoot;
        this.shutdownTimeout = shutdownTimeout;
        for (LocalDesktop d : desktops) {
            this.desktops.put(d.id(), d);
        }
        this.passwords = new OneTimePasswords(passwordValidity, passwordGrace, scheduler);
    }

    /** Starts the autostart desktops in the background. */
    public void autostart() {
        for (LocalDesktop d : desktops.values()) {
            if (d.autostart()) {
                scheduler.execute(() -> {
                    try {
                        start(d);
                    } catch (IOException e) {
                        LOG.error("desktop {} did not start", d.id(), e);
                    }
                });
            }
        }
    }

    @Override
    public String name() {
        return "local-qemu";
    }

    @Override
    public boolean authenticatesUsers() {
        return false;
    }

    @Override
    public PlatformLogin login(String username, char[] password) {
        throw new UnsupportedOperationException("local-qemu users live in the controller's store");
    }

    @Override
    public PlatformLogin secondFactor(String pendingState, String method, String response) {
        throw new UnsupportedOperationException("local-qemu users live in the controller's store");
    }

    @Override
    public List<DesktopInfo> desktops(UserContext user) {
        List<DesktopInfo> out = new ArrayList<>();
        for (LocalDesktop d : desktops.values()) {
            QemuVm vm = vms.get(d.id());
            out.add(new DesktopInfo(d.id(), d.name(), vm == null ? "stopped" : vm.state()));
        }
        return out;
    }

    @Override
    public String power(UserContext user, String desktopId, PowerAction action) throws ProviderException {
        LocalDesktop d = desktop(desktopId);
        synchronized (d) {
            try {
                return switch (action) {
                    case START -> start(d);
                    case STOP -> stop(d);
                    case SHUTDOWN -> shutdown(d);
                    case REBOOT -> stop(d) + "; " + start(d);
                    case RESET -> reset(d);
                };
            } catch (IOException e) {
                throw new ProviderException(ProviderException.Kind.FAILED, action.wireName() + " failed: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProviderException(ProviderException.Kind.FAILED, "interrupted");
            }
        }
    }

    @Override
    public SpiceTarget connect(UserContext user, String desktopId) throws ProviderException {
        LocalDesktop d = desktop(desktopId);
        QemuVm vm = vms.get(d.id());
        if (vm == null || !vm.isAlive()) {
            throw new ProviderException(ProviderException.Kind.NOT_RUNNING, "desktop " + desktopId + " is not running");
        }
        try {
            String password = passwords.mint(d.id(), vm);
            return new SpiceTarget(QemuVm.HOST, vm.port(), -1, password, null, null, null, d.name());
        } catch (IOException e) {
            throw new ProviderException(ProviderException.Kind.FAILED, "could not set the SPICE password: " + e.getMessage(), e);
        }
    }

    /** The QEMU pid of a running desktop, or -1 (for operators and tests). */
    public long pid(String desktopId) {
        QemuVm vm = vms.get(desktopId);
        return vm == null || !vm.isAlive() ? -1 : vm.pid();
    }

    private LocalDesktop desktop(String id) throws ProviderException {
        LocalDesktop d = desktops.get(id);
        if (d == null) {
            throw new ProviderException(ProviderException.Kind.NOT_FOUND, "no desktop " + id);
        }
        return d;
    }

    private String start(LocalDesktop d) throws IOException {
        synchronized (d) {
            QemuVm vm = vms.get(d.id());
            if (vm != null && vm.isAlive()) {
                return "already running";
            }
            QemuVm[] holder = new QemuVm[1];
            QemuVm started = QemuVm.start(qemuBinary, d, workRoot.resolve(d.id()), event -> {
                if (holder[0] != null) {
                    passwords.onEvent(d.id(), holder[0], event);
                }
            });
            holder[0] = started;
            vms.put(d.id(), started);
            LOG.info("desktop {} started: QEMU pid {}, SPICE 127.0.0.1:{}", d.id(), started.pid(), started.port());
            return "started (pid " + started.pid() + ")";
        }
    }

    private String stop(LocalDesktop d) {
        QemuVm vm = vms.remove(d.id());
        passwords.forget(d.id());
        if (vm == null) {
            return "already stopped";
        }
        vm.close();
        return "stopped";
    }

    private String shutdown(LocalDesktop d) throws IOException, InterruptedException {
        QemuVm vm = vms.get(d.id());
        if (vm == null || !vm.isAlive()) {
            return "already stopped";
        }
        vm.qmp().execute("system_powerdown", null);
        if (!vm.awaitExit(shutdownTimeout)) {
            throw new IOException("the guest did not shut down within " + shutdownTimeout.toSeconds() + " s");
        }
        stop(d);
        return "shut down";
    }

    private String reset(LocalDesktop d) throws IOException {
        QemuVm vm = vms.get(d.id());
        if (vm == null || !vm.isAlive()) {
            throw new IOException("desktop is not running");
        }
        vm.qmp().execute("system_reset", null);
        return "reset";
    }

    /**
     * The QEMU binary is there to start desktops with. (Its VMs are this host's processes: a second controller
     * on another host cannot reach them — see docs/controller.md, Several controllers.)
     */
    @Override
    public void probe() throws ProviderException {
        java.nio.file.Path q = java.nio.file.Path.of(qemuBinary);
        boolean found = q.isAbsolute() ? java.nio.file.Files.isExecutable(q) : onPath(qemuBinary);
        if (!found) {
            throw new ProviderException(ProviderException.Kind.UNAVAILABLE, "no executable QEMU at " + qemuBinary);
        }
    }

    private static boolean onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && java.nio.file.Files.isExecutable(java.nio.file.Path.of(dir, name))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        for (LocalDesktop d : desktops.values()) {
            synchronized (d) {
                stop(d);
            }
        }
    }
}
