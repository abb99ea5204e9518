package org.thinspice.controller.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * JDBC access to the store: a small fixed pool of connections to H2 (embedded file, the default) or
 * PostgreSQL, plain SQL that both understand, and transactions bound to the calling thread so
 * repositories stay oblivious of them.
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

    private final String url;
    private final BlockingQueue<Connection> pool;
    private final List<Connection> all = new ArrayList<>();
    private final ThreadLocal<Connection> inTransaction = new ThreadLocal<>();

    public Database(String url, String user, String password, int size) throws SQLException {
        this.url = url;
        this.pool = new ArrayBlockingQueue<>(size);
        for (int i = 0; i < size; i++) {
            Connection c = DriverManager.getConnection(url, user, password);
            all.add(c);
            pool.add(c);
        }
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
            c.setAutoCommit(true);
            pool.add(c);
        }
    }

    /** Executes a script's statements (separated by ';' at line ends) in the current transaction. */
    void executeScript(String script) throws SQLException {
        String code = script.replaceAll("(?m)^\\s*--.*$", "");
        for (String statement : code.split(";\\s*(\\r?\\n|$)")) {
            String s = statement.strip();
            if (!s.isEmpty()) {
                update(s);
            }
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
        Connection c = take();
        try {
            return work.run(c);
        } finally {
            pool.add(c);
        }
    }

    private Connection take() throws SQLException {
        try {
            Connection c = pool.poll(30, TimeUnit.SECONDS);
            if (c == null) {
                throw new SQLException("no database connection free after 30 s");
            }
            return c;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted waiting for a database connection", e);
        }
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
        for (Connection c : all) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing on shutdown; nothing to do about it
            }
        }
    }
}
