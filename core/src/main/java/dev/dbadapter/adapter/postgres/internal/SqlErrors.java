package dev.dbadapter.adapter.postgres.internal;

import dev.dbadapter.DbAdapterException;
import dev.dbadapter.ErrorCode;
import dev.dbadapter.InternalException;
import dev.dbadapter.adapter.DatabaseException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** Turns whatever a JDBC call threw into the library's exceptions. */
public final class SqlErrors {
    /** SQLSTATE invalid_catalog_name: the database in the URL does not exist. */
    private static final String INVALID_CATALOG = "3D000";
    /** SQLSTATE idle_in_transaction_session_timeout: the server ended a session left idle in a transaction. */
    private static final String IDLE_IN_TRANSACTION = "25P03";
    /** SQLSTATE query_canceled: a statement timeout or a cancel request stopped the statement. */
    private static final String QUERY_CANCELED = "57014";
    private static final Pattern MISSING_DATABASE = Pattern.compile("database \"([^\"]+)\" does not exist");

    private SqlErrors() {
    }

    /**
     * Returns {@code error} as a library exception: SQL errors become {@link DatabaseException}
     * (keeping SQLSTATE and server fields), library and argument exceptions pass through.
     */
    public static RuntimeException translate(Throwable error, String where) {
        Throwable cause = unwrap(error);
        if (cause instanceof DbAdapterException || cause instanceof IllegalArgumentException
                || cause instanceof IllegalStateException) {
            return (RuntimeException) cause;
        }
        if (cause instanceof SQLException sql) {
            return fromSql(sql, where);
        }
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        return new InternalException(cause.toString(), cause);
    }

    /**
     * Whether {@code error} says the server session is gone (SQLSTATE 57P01, 57P02, 08003, 08006), so
     * the connection is dead and nothing uncommitted survived. A pool that timed out waiting for a
     * connection does not count, nor does a read that timed out (the network or the server is not
     * answering): trying again would only wait again.
     */
    public static boolean isSessionLost(Throwable error) {
        Throwable cause = unwrap(error);
        if (cause instanceof DatabaseException database && database.getCause() instanceof SQLException sql) {
            cause = sql;
        }
        return cause instanceof SQLException sql && !(sql instanceof SQLTransientConnectionException)
                && sql.getSQLState() != null && sql.getSQLState().matches("57P0[12]|0800[36]")
                && !(sql.getCause() instanceof java.net.SocketTimeoutException);
    }

    /** Removes the {@link CompletionException} / {@link ExecutionException} wrappers of async code. */
    public static Throwable unwrap(Throwable error) {
        Throwable current = error;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    /**
     * Returns what the server said about {@code sql}: its message, then {@code " — "} and its detail
     * when it sent one; the driver's message when the error did not come from the server.
     */
    public static String serverMessage(SQLException sql) {
        ServerErrorMessage server = sql instanceof PSQLException psql ? psql.getServerErrorMessage() : null;
        if (server == null) {
            return sql.getMessage();
        }
        return server.getDetail() == null ? server.getMessage() : server.getMessage() + " — " + server.getDetail();
    }

    /**
     * The hint for SQLSTATE 3D000 (the URL names a database the server does not have): the name, from
     * the server's message, and how to create it.
     */
    private static String missingDatabaseHint(String serverMessage) {
        Matcher name = MISSING_DATABASE.matcher(serverMessage == null ? "" : serverMessage);
        return name.find()
                ? "the server has no database \"" + name.group(1) + "\": create it (createdb " + name.group(1)
                        + ") or fix the database name in the URL"
                : "create the database (createdb NAME) or fix the database name in the URL";
    }

    /** Says what happened to the connection, by SQLSTATE (class 08, 57P01-57P03, 25P03 and 3D000). */
    private static String headline(String state) {
        if (state == null) {
            return "Cannot reach the database";
        }
        return switch (state) {
            case INVALID_CATALOG -> "The database does not exist";
            case "57P01" -> "The server terminated the session (an administrator or pg_terminate_backend ended it)";
            case "57P02" -> "The server terminated the session (it is shutting down after a crash)";
            case "57P03" -> "The server cannot accept connections now";
            case IDLE_IN_TRANSACTION -> "The server ended the session: the transaction stayed idle longer than"
                    + " its idle_in_transaction_session_timeout";
            case "08006", "08003", "08007" -> "The connection to the database was lost";
            default -> "Cannot reach the database";
        };
    }

    private static String hint(String state) {
        if ("57P01".equals(state) || "57P02".equals(state) || "08006".equals(state) || "08003".equals(state)
                || "08007".equals(state) || IDLE_IN_TRANSACTION.equals(state)) {
            return "nothing was committed by the interrupted work; run the command again once the server is back";
        }
        return "check that the server is running and that the URL's host, port and credentials are right";
    }

    private static DatabaseException fromSql(SQLException sql, String where) {
        String state = sql.getSQLState();
        ServerErrorMessage server = sql instanceof PSQLException psql ? psql.getServerErrorMessage() : null;
        boolean connection = sql instanceof SQLTransientConnectionException
                || (state != null && (state.startsWith("08") || state.matches("57P0[123]")))
                || INVALID_CATALOG.equals(state) || IDLE_IN_TRANSACTION.equals(state);
        String primary = server != null ? server.getMessage() : sql.getMessage();
        StringBuilder message = new StringBuilder();
        message.append(!connection ? "Database error" : headline(state));
        if (state != null) {
            message.append(" [").append(state).append(']');
        }
        if (where != null) {
            message.append(" (").append(where).append(')');
        }
        message.append(": ").append(serverMessage(sql));
        String hint = server == null ? null : server.getHint();
        if (QUERY_CANCELED.equals(state) && hint == null) {
            hint = "the statement ran longer than its statement timeout (PoolOptions.statementTimeout, or the"
                    + " server's statement_timeout) or was cancelled: make it faster or raise the limit";
        }
        if (connection) {
            // the pool's timeout message hides why: the driver's own error (refused, unknown host, auth) is the cause
            if (sql.getCause() instanceof SQLException reason && reason.getMessage() != null
                    && !primary.contains(reason.getMessage())) {
                message.append(" — ").append(reason.getMessage());
            }
            if (hint == null) {
                hint = INVALID_CATALOG.equals(state) ? missingDatabaseHint(primary) : hint(state);
            }
        }
        return new DatabaseException(connection ? ErrorCode.CONNECTION : ErrorCode.SQL, message.toString(),
                state, primary, server == null ? null : server.getDetail(),
                hint, server == null ? null : server.getConstraint(), sql);
    }
}
