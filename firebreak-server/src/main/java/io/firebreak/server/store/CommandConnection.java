package io.firebreak.server.store;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.jdbi.v3.core.ConnectionFactory;

/**
 * The connection of a one-shot command: opened once, lent to each Jdbi handle in turn and closed
 * with the command, in place of a pool. A pool costs a command more than its statements do (its
 * classes, a housekeeping thread, a logger set up just to say it started), and a connection per
 * handle costs a login each on PostgreSQL. A handle opened while the connection is lent (a nested
 * handle, another thread) gets a connection of its own, closed when it is given back: nobody waits.
 */
final class CommandConnection implements ConnectionFactory, AutoCloseable {
    private final String url;
    private final Properties properties;
    private Connection held;
    private boolean lent;

    CommandConnection(String url, Properties properties) {
        this.url = url;
        this.properties = properties;
    }

    @Override
    public synchronized Connection openConnection() throws SQLException {
        if (lent) {
            return DriverManager.getConnection(url, properties);
        }
        if (held == null || held.isClosed()) {
            held = DriverManager.getConnection(url, properties);
        }
        lent = true;
        return held;
    }

    @Override
    public synchronized void closeConnection(Connection connection) throws SQLException {
        if (connection != held) {
            connection.close();
            return;
        }
        lent = false;
        if (!held.isClosed() && !held.getAutoCommit()) {
            // A handle that ended inside a transaction (it failed mid-way): the next one starts clean.
            held.rollback();
            held.setAutoCommit(true);
        }
    }

    /** Connections of their own, each closed by whoever took it: for Flyway, which closes what it opens. */
    DataSource separateConnections() {
        return new DataSource() {
            @Override
            public Connection getConnection() throws SQLException {
                return DriverManager.getConnection(url, properties);
            }

            @Override
            public Connection getConnection(String username, String password) throws SQLException {
                Properties withUser = new Properties();
                withUser.putAll(properties);
                withUser.setProperty("user", username);
                withUser.setProperty("password", password);
                return DriverManager.getConnection(url, withUser);
            }

            @Override
            public PrintWriter getLogWriter() {
                return null;
            }

            @Override
            public void setLogWriter(PrintWriter out) {
                // nothing is logged here
            }

            @Override
            public void setLoginTimeout(int seconds) {
                // the driver's connectTimeout applies
            }

            @Override
            public int getLoginTimeout() {
                return 0;
            }

            @Override
            public Logger getParentLogger() throws SQLFeatureNotSupportedException {
                throw new SQLFeatureNotSupportedException("no java.util.logging here");
            }

            @Override
            public <T> T unwrap(Class<T> type) throws SQLException {
                throw new SQLException("not a wrapper of " + type.getName());
            }

            @Override
            public boolean isWrapperFor(Class<?> type) {
                return false;
            }
        };
    }

    @Override
    public synchronized void close() {
        if (held != null) {
            try {
                held.close();
            } catch (SQLException e) {
                // closing at exit: the database ends the session either way
            }
            held = null;
        }
    }
}
