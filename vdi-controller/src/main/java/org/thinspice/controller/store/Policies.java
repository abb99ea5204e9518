package org.thinspice.controller.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Desktop policies. */
public final class Policies {
    private final Database db;

    Policies(Database db) {
        this.db = db;
    }

    public Optional<Policy> find(String id) throws SQLException {
        return db.one("SELECT id, clipboard, usb_redirect, usb_autoshare, usb_filter, smartcard_share, microphone, actions FROM policies WHERE id = ?", Policies::map, id);
    }

    public List<Policy> list() throws SQLException {
        return db.query("SELECT id, clipboard, usb_redirect, usb_autoshare, usb_filter, smartcard_share, microphone, actions FROM policies ORDER BY id", Policies::map);
    }

    public void upsert(Policy p) throws SQLException {
        db.transaction(() -> {
            String actions = String.join(",", p.actions());
            if (db.update("UPDATE policies SET clipboard = ?, usb_redirect = ?, usb_autoshare = ?, usb_filter = ?, smartcard_share = ?,"
                    + " microphone = ?, actions = ? WHERE id = ?", p.clipboard(), p.usbRedirect(), p.usbAutoshare(),
                    p.usbFilter(), p.smartcardShare(), p.microphone(), actions, p.id()) == 0) {
                db.update("INSERT INTO policies (id, clipboard, usb_redirect, usb_autoshare, usb_filter,"
                        + " smartcard_share, microphone, actions) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", p.id(), p.clipboard(),
                        p.usbRedirect(), p.usbAutoshare(), p.usbFilter(), p.smartcardShare(), p.microphone(), actions);
            }
            return null;
        });
    }

    public boolean delete(String id) throws SQLException {
        return db.update("DELETE FROM policies WHERE id = ?", id) > 0;
    }

    private static Policy map(ResultSet rs) throws SQLException {
        String actions = rs.getString(8);
        return new Policy(rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getBoolean(4), rs.getString(5),
                rs.getBoolean(6), rs.getBoolean(7), actions.isEmpty() ? List.of() : Arrays.asList(actions.split(",")));
    }
}
