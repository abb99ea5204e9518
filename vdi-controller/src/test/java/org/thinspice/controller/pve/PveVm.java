package org.thinspice.controller.pve;

/** A VM of the fake cluster and how PVE treats it. */
public final class PveVm {
    final int vmid;
    final String name;
    volatile String status = "stopped";
    /** PVE::HA::Config::vm_is_ha_managed: power actions become hastart/hastop tasks. */
    volatile boolean haManaged;
    /** The start task's last log line is "TASK WARNINGS: n" (e.g. "no efidisk configured"). */
    volatile int startWarnings;
    /** The guest ignores ACPI power-down: qmshutdown times out. */
    volatile boolean ignoresAcpi;
    volatile int spicePort = 61000;
    volatile boolean template;

    PveVm(int vmid, String name) {
        this.vmid = vmid;
        this.name = name;
    }

    public PveVm ha() {
        haManaged = true;
        return this;
    }

    public PveVm warnings(int n) {
        startWarnings = n;
        return this;
    }

    public PveVm ignoringAcpi() {
        ignoresAcpi = true;
        return this;
    }

    public PveVm running() {
        status = "running";
        return this;
    }

    public PveVm spicePort(int port) {
        spicePort = port;
        return this;
    }

    public String status() {
        return status;
    }
}
