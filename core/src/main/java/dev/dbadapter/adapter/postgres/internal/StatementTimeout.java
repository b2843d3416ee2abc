package dev.dbadapter.adapter.postgres.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.jdbc.PgStatement;

/**
 * Gives every statement of a connection a time limit: the driver sends a cancel request when it runs
 * longer, and the statement fails with SQLSTATE 57014. Done from the client, statement by statement,
 * because a session setting ({@code SET statement_timeout}) would leak to other clients through a
 * pooler in transaction mode.
 */
public final class StatementTimeout {
    private StatementTimeout() {
    }

    /** Returns {@code connection} with a {@code millis} limit on each statement; as it is when zero. */
    public static Connection wrap(Connection connection, long millis) {
        if (millis <= 0) {
            return connection;
        }
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    Object result;
                    try {
                        result = method.invoke(connection, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (result instanceof Statement statement) {
                        limit(statement, millis);
                    }
                    return result;
                });
    }

    private static void limit(Statement statement, long millis) throws SQLException {
        if (statement.isWrapperFor(PgStatement.class)) {
            statement.unwrap(PgStatement.class).setQueryTimeoutMs(millis);
        } else {
            statement.setQueryTimeout((int) Math.max(1, (millis + 999) / 1000));
        }
    }
}
