package org.thinspice.controller.store;

import java.sql.SQLException;

/** The controller's store: one database, migrated on open, with a repository per concern. */
public final class Store implements AutoCloseable {
    private final Database db;
    private final Users users;
    private final Policies policies;
    private final Assignments assignments;
    private final Terminals terminals;
    private final Sessions sessions;
    private final LoginFailures loginFailures;
    private final AddressFailures addressFailures;
    private final Tasks tasks;
    private final AuditEvents audit;
    private final UkeyCertificates ukeyCertificates;
    private final UkeyPolicies ukeyPolicies;
    private final TerminalNonces terminalNonces;
    private final UsbEventWindows usbEventWindows;

    private Store(Database db) {
        this.db = db;
        this.users = new Users(db);
        this.policies = new Policies(db);
        this.assignments = new Assignments(db);
        this.terminals = new Terminals(db);
        this.sessions = new Sessions(db);
        this.loginFailures = new LoginFailures(db);
        this.addressFailures = new AddressFailures(db);
        this.tasks = new Tasks(db);
        this.audit = new AuditEvents(db);
        this.ukeyCertificates = new UkeyCertificates(db);
        this.ukeyPolicies = new UkeyPolicies(db);
        this.terminalNonces = new TerminalNonces(db);
        this.usbEventWindows = new UsbEventWindows(db);
    }

    /** Opens (and migrates) the store at a JDBC URL: {@code jdbc:h2:file:…} or {@code jdbc:postgresql://…}. */
    public static Store open(String url, String user, String password, int poolSize) throws SQLException {
        return open(url, user, password, poolSize, null);
    }

    /** As {@link #open(String, String, String, int)}, with the pool's metrics in {@code metricRegistry} (a Micrometer registry). */
    public static Store open(String url, String user, String password, int poolSize, Object metricRegistry) throws SQLException {
        Database db = new Database(url, user, password, poolSize, metricRegistry);
        try {
            Migrations.apply(db);
            return new Store(db);
        } catch (SQLException | RuntimeException e) {
            db.close();
            throw e;
        }
    }

    public Database db() {
        return db;
    }

    public UkeyCertificates ukeyCertificates() {
        return ukeyCertificates;
    }

    public TerminalNonces terminalNonces() {
        return terminalNonces;
    }

    public UsbEventWindows usbEventWindows() {
        return usbEventWindows;
    }

    public UkeyPolicies ukeyPolicies() {
        return ukeyPolicies;
    }

    public Users users() {
        return users;
    }

    public Policies policies() {
        return policies;
    }

    public Assignments assignments() {
        return assignments;
    }

    public Terminals terminals() {
        return terminals;
    }

    public Sessions sessions() {
        return sessions;
    }

    public LoginFailures loginFailures() {
        return loginFailures;
    }

    public AddressFailures addressFailures() {
        return addressFailures;
    }

    public Tasks tasks() {
        return tasks;
    }

    public AuditEvents audit() {
        return audit;
    }

    @Override
    public void close() {
        db.close();
    }
}
