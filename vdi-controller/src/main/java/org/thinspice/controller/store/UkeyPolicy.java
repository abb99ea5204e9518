package org.thinspice.controller.store;

import java.util.List;

/**
 * The UKEY policy of a user or a group. Each field may be null (not set here: inherited).
 * {@code login}: {@code required} (no desktop without the UKEY), {@code optional} (asked when the
 * user has one enrolled), {@code off} (password alone). {@code removal}: what pulling the card does
 * to a running session on the kiosk: {@code nothing}, {@code lock}, {@code end}. {@code selfEnrol}:
 * whether a user may enrol their own first certificate after a password sign-in.
 */
public record UkeyPolicy(String login, String removal, Boolean selfEnrol) {
    public static final List<String> LOGIN = List.of("off", "optional", "required");
    public static final List<String> REMOVAL = List.of("nothing", "lock", "end");

    public static UkeyPolicy unset() {
        return new UkeyPolicy(null, null, null);
    }

    public boolean isUnset() {
        return login == null && removal == null && selfEnrol == null;
    }

    /** This policy where set, else {@code fallback}'s. */
    public UkeyPolicy over(UkeyPolicy fallback) {
        return new UkeyPolicy(login != null ? login : fallback.login, removal != null ? removal : fallback.removal,
                selfEnrol != null ? selfEnrol : fallback.selfEnrol);
    }

    /** The stricter of two (group policies of a user in several groups): later in the lists wins, self-enrolment only if both allow. */
    public UkeyPolicy stricter(UkeyPolicy o) {
        Boolean self;
        if (selfEnrol == null || o.selfEnrol == null) {
            self = selfEnrol == null ? o.selfEnrol : selfEnrol;
        } else {
            self = selfEnrol && o.selfEnrol;
        }
        return new UkeyPolicy(max(LOGIN, login, o.login), max(REMOVAL, removal, o.removal), self);
    }

    private static String max(List<String> order, String a, String b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return order.indexOf(a) >= order.indexOf(b) ? a : b;
    }
}
