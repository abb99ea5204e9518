package org.thinspice.controller.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JDBC access to the store: a HikariCP pool of connections to H2 (embedded file, the default) or
 * PostgreSQL, plain SQL that both understand, and transactions bound to the calling thread so
 * repositories stay oblivious of them. The pool checks a connection that sat idle before handing it
 * out and drops the ones a failed statement shows broken, so a restarted PostgreSQL is picked up
 * again without restarting the controller; while it is away, a request waits at most
 * {@link #CONNECTION_TIMEOUT_MS} for a connection and then fails.
 *
 * <p>Hikari refills an emptied pool with a back-off that grows to 5 s between tries, so after a long
 * outage the database can be back for seconds before the pool notices. A request that finds no
 * connection therefore tries the database itself; when that works while the pool still holds none,
 * the pool is replaced by a fresh one (the old one is closed).
 */
public final class Database implements AutoCloseable {
    /** Maps the current row of a result set. */
    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** Work done inside one transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run() throws SQLException;
    }

    /** How long a request waits for a connection (the database may be restarting) before it fails. */
    public static final long CONNECTION_TIMEOUT_MS = 2_000;
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final String url;
    private final HikariConfig config;
    private volatile HikariDataSource pool;
    private int renewals;
    private final ThreadLocal<Connection> inTransaction = new ThreadLocal<>();

    public Database(String url, String user, String password, int size) throws SQLException {
        this(url, user, password, size, null);
    }

    /** @param metricRegistry a Micrometer registry for the pool's metrics (hikaricp_*), or null */
    public Database(String url, String user, String password, int size, Object metricRegistry) throws SQLException {
        this.url = url;
        this.config = new HikariConfig();
        config.setPoolName("store");
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(size);
        config.setConnectionTimeout(CONNECTION_TIMEOUT_MS);
        config.setValidationTimeout(1_000);
        if (metricRegistry != null) {
            config.setMetricRegistry(metricRegistry);
        }
        try {
            this.pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            // Hikari wraps the driver's refusal (wrong URL, database down) at start
            throw e.getCause() instanceof SQLException sql ? sql : new SQLException("cannot open the store: " + e.getMessage(), e);
        }
    }

    /** The pool, for the migrations and for metrics (a new one after {@link #renew}). */
    public HikariDataSource dataSource() {
        return pool;
    }

    /** True for PostgreSQL, false for H2. */
    public boolean isPostgres() {
        return url.startsWith("jdbc:postgresql:");
    }

    public int update(String sql, Object... args) throws SQLException {
        return with(c -> {
            try (PreparedStatement ps = prepare(c, sql, args)) {
                return ps.executeUpdate();
            }
        });
    }

    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... args) throws SQLException {
        return with(c -> {
            try (PreparedStatement ps = prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(mapper.map(rs));
                }
                return out;
            }
        });
    }

    public <T> Optional<T> one(String sql, RowMapper<T> mapper, Object... args) throws SQLException {
        List<T> rows = query(sql, mapper, args);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    /** Runs {@code work} in one transaction (nested calls join the outer one). */
    public <T> T transaction(Work<T> work) throws SQLException {
        if (inTransaction.get() != null) {
            return work.run();
        }
        Connection c = take();
        try {
            c.setAutoCommit(false);
            inTransaction.set(c);
            T result = work.run();
            c.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            inTransaction.remove();
            c.close();
        }
    }

    private interface ConnectionWork<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T with(ConnectionWork<T> work) throws SQLException {
        Connection tx = inTransaction.get();
        if (tx != null) {
            return work.run(tx);
        }
        try (Connection c = take()) {
            return work.run(c);
        }
    }

    /** A connection from the pool; closing it gives it back (Hikari resets auto-commit). */
    private Connection take() throws SQLException {
        HikariDataSource current = pool;
        try {
            return current.getConnection();
        } catch (SQLException e) {
            if (!renew(current)) {
                throw e;
            }
            return pool.getConnection();
        }
    }

    /** Replaces {@code stale} by a fresh pool if the database answers while {@code stale} holds no connection. */
    private synchronized boolean renew(HikariDataSource stale) {
        if (pool != stale) {
            return true;
        }
        if (stale.getHikariPoolMXBean() == null || stale.getHikariPoolMXBean().getTotalConnections() > 0) {
            return false;
        }
        try (Connection probe = DriverManager.getConnection(url, config.getUsername(), config.getPassword())) {
            probe.isValid(1);
        } catch (SQLException stillAway) {
            return false;
        }
        try {
            // a name of its own: the old pool's metrics go when it closes, the new one's stay
            config.setPoolName("store-" + (++renewals));
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            return false;
        }
        LOG.info("the store answers again; its connection pool was renewed");
        stale.close();
        return true;
    }

    private static PreparedStatement prepare(Connection c, String sql, Object[] args) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
        return ps;
    }

    @Override
    public void close() {
        pool.close();
    }
}
