package org.thinspice.controller.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** The UKEY certificates enrolled per user; one certificate belongs to one user. */
public final class UkeyCertificates {
    private static final String COLUMNS = "fingerprint, username, certificate, subject, not_after, enrolled_at, enrolled_by";
    private final Database db;

    UkeyCertificates(Database db) {
        this.db = db;
    }

    public List<UkeyCertificate> of(String username) throws SQLException {
        return db.query("SELECT " + COLUMNS + " FROM ukey_certificates WHERE username = ? ORDER BY enrolled_at", UkeyCertificates::map,
                username);
    }

    public Optional<UkeyCertificate> find(String fingerprint) throws SQLException {
        return db.one("SELECT " + COLUMNS + " FROM ukey_certificates WHERE fingerprint = ?", UkeyCertificates::map, fingerprint);
    }

    public void insert(UkeyCertificate c) throws SQLException {
        db.update("INSERT INTO ukey_certificates (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)", c.fingerprint(), c.username(),
                c.certificate(), c.subject(), c.notAfter(), c.enrolledAt(), c.enrolledBy());
    }

    public boolean delete(String username, String fingerprint) throws SQLException {
        return db.update("DELETE FROM ukey_certificates WHERE username = ? AND fingerprint = ?", username, fingerprint) > 0;
    }

    private static UkeyCertificate map(ResultSet rs) throws SQLException {
        return new UkeyCertificate(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                rs.getLong(6), rs.getString(7));
    }
}
