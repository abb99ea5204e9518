package org.thinspice.controller.desktop;

import org.thinspice.controller.provider.DesktopInfo;
import org.thinspice.controller.store.Policy;

/** A desktop as one user sees it: the platform's facts plus the policy that applies to this user. */
public record UserDesktop(DesktopInfo info, Policy policy) {
}
