package org.thinspice.controller.provider.proxmox;

import java.util.regex.Pattern;

/**
 * A PVE task's {@code exitstatus} read the way pve-common reads it ({@code PVE::Tools::upid_status_is_error},
 * now {@code PVE::UPID::status_is_error}): {@code OK} and {@code WARNINGS: n} are success — a VM start often
 * ends with warnings such as "no efidisk configured" —, anything else is the error text.
 */
final class TaskStatus {
    private static final Pattern WARNINGS = Pattern.compile("WARNINGS: \\d+");

    private TaskStatus() {
    }

    static boolean isSuccess(String exitstatus) {
        return "OK".equals(exitstatus) || WARNINGS.matcher(exitstatus).matches();
    }
}
