package org.thinspice.controller.api;

import com.google.gson.JsonObject;
import org.thinspice.controller.http.ApiException;
import org.thinspice.controller.store.Policy;
import org.thinspice.device.policy.UsbFilter;
import org.thinspice.device.policy.UsbFilterException;

/**
 * An administrator's USB filter, checked with the terminal's own parser (device-layer) and more strictly
 * than usbredir reads it, so remote-viewer, QEMU and the kiosk all read the stored rules the same way.
 * A bad one is a 400 {@code invalid_field} whose message and {@code detail} name the rule (its number,
 * from 1, and its text) and what is wrong with it.
 */
final class UsbFilterCheck {
    private UsbFilterCheck() {
    }

    static UsbFilter require(String filter) {
        if (filter.isEmpty()) {
            // usbredir allocates nothing for no rules and spice-gtk treats a failed allocation as fatal
            JsonObject d = new JsonObject();
            d.addProperty("field", "usbFilter");
            d.addProperty("reason", "is empty");
            throw ApiException.badRequest("invalid_field", "\"usbFilter\" is empty: give at least one rule "
                    + "(-1,-1,-1,-1,0 lets no device go; or set usbRedirect to false)").withDetail(d);
        }
        try {
            return UsbFilter.parsePolicy(filter, Policy.MAX_USB_FILTER);
        } catch (UsbFilterException e) {
            JsonObject d = new JsonObject();
            d.addProperty("field", "usbFilter");
            if (e.ruleText() != null) {
                d.addProperty("rule", e.ruleNumber());
                d.addProperty("ruleText", e.ruleText());
            }
            d.addProperty("reason", e.reason());
            throw ApiException.badRequest("invalid_field", "\"usbFilter\": " + e.getMessage()).withDetail(d);
        }
    }
}
