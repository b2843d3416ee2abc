package dev.dbadapter.adapter.postgres.internal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every SQL statement an adapter's connections run, with its time, at debug level on the
 * {@value #LOGGER} logger (as {@code psql -e} echoes them). The library never prints: an application
 * (the CLI's {@code --verbose}) turns the logger on. Off, a connection is used as it is.
 */
public final class StatementLog {
    /** The logger's name. */
    public static final String LOGGER = "dev.dbadapter.sql";

    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    /** Receives one statement that ran (or failed) and how long it took. */
    @FunctionalInterface
    public interface Sink {
        void statement(String sql, long nanos, Throwable failure);
    }

    private StatementLog() {
    }

    /** Returns {@code connection}, logging its statements when the logger is at debug level. */
    public static Connection wrap(Connection connection) {
        return LOG.isDebugEnabled() ? wrap(connection, StatementLog::log) : connection;
    }

    /** Returns {@code connection} reporting each statement it runs to {@code sink}. */
    public static Connection wrap(Connection connection, Sink sink) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                new ConnectionHandler(connection, sink));
    }

    private static void log(String sql, long nanos, Throwable failure) {
        String time = String.format(Locale.ROOT, "%.3f ms", nanos / 1e6);
        if (failure == null) {
            LOG.debug("{}\n  -- {}", sql.strip(), time);
        } else {
            LOG.debug("{}\n  -- failed after {}: {}", sql.strip(), time, failure.getMessage());
        }
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** Hands out statements that report to the sink; everything else goes to the connection. */
    private record ConnectionHandler(Connection connection, Sink sink) implements InvocationHandler {
        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            Object result = StatementLog.invoke(connection, method, args);
            return switch (method.getName()) {
                case "createStatement" -> statement(Statement.class, (Statement) result, null);
                case "prepareStatement" -> statement(PreparedStatement.class, (Statement) result, (String) args[0]);
                case "prepareCall" -> statement(CallableStatement.class, (Statement) result, (String) args[0]);
                default -> result;
            };
        }

        private Object statement(Class<? extends Statement> type, Statement statement, String sql) {
            return Proxy.newProxyInstance(Statement.class.getClassLoader(), new Class<?>[] {type},
                    new StatementHandler(statement, sql, sink));
        }
    }

    /** Times the {@code execute…} calls of one statement. */
    private record StatementHandler(Statement statement, String prepared, Sink sink) implements InvocationHandler {
        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getName().equals("getConnection")) {
                return statement.getConnection();
            }
            if (!method.getName().startsWith("execute")) {
                return StatementLog.invoke(statement, method, args);
            }
            String sql = args != null && args.length > 0 && args[0] instanceof String text ? text : prepared;
            long start = System.nanoTime();
            try {
                Object result = StatementLog.invoke(statement, method, args);
                sink.statement(sql == null ? "(batch)" : sql, System.nanoTime() - start, null);
                return result;
            } catch (Throwable failure) {
                sink.statement(sql == null ? "(batch)" : sql, System.nanoTime() - start, failure);
                throw failure;
            }
        }
    }
}
