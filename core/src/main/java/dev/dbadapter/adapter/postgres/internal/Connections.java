package dev.dbadapter.adapter.postgres.internal;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Ends a transaction on a connection that may have died: a rollback or reset that fails on a broken
 * connection must never replace the error that broke it (the server already rolled back, and the
 * pool discards the connection).
 */
public final class Connections {
    private Connections() {
    }

    /** Rolls back after {@code error}; when that fails too, the failure is added to {@code error} as suppressed. */
    public static void rollbackAfter(Connection connection, Throwable error) {
        try {
            connection.rollback();
        } catch (SQLException | RuntimeException rollbackError) {
            error.addSuppressed(rollbackError);
        }
    }

    /** Turns auto-commit back on; a broken connection's refusal is ignored. */
    public static void restoreAutoCommit(Connection connection) {
        try {
            connection.setAutoCommit(true);
        } catch (SQLException broken) {
            // nothing to restore on a dead connection
        }
    }
}
