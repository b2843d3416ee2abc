package dev.dbadapter.backup.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Runs a set-based statement over a range of row numbers so that a few bad rows cost a few
 * statements, not the transaction: the whole range is tried under a savepoint, and a range that
 * fails is rolled back to it and retried in halves until the failing rows stand alone. Rows are
 * reported in ascending order.
 */
public final class RangeRetry {

    /** A statement over the rows numbered {@code first} to {@code last}, both included. */
    @FunctionalInterface
    public interface RangeStatement {
        /** Runs the statement over the range and returns the number of rows it changed. */
        long run(long first, long last) throws SQLException;
    }

    /** Hears about the rows the statement fails on. */
    public interface BadRows {
        /** Called once, before the first retry (to index the rows for the narrower statements, say). */
        default void beforeRetries() throws SQLException {
        }

        /** The statement fails on row {@code index} alone; its changes were rolled back. */
        void row(long index, SQLException error) throws SQLException;

        /**
         * The statement fails somewhere in {@code first..last}, which is no longer split because
         * the isolation limit was reached; its changes were rolled back.
         */
        void range(long first, long last, SQLException error) throws SQLException;
    }

    /** One step of SQL work. */
    @FunctionalInterface
    public interface SqlWork {
        /** Does the work. */
        void run() throws SQLException;
    }

    private RangeRetry() {
    }

    /**
     * Runs {@code statement} over {@code first..last}, splitting failing ranges in halves until
     * single rows fail; after {@code isolateAtMost} single rows a failing range is reported whole,
     * so a column every row breaks does not cost a statement per row.
     *
     * @return the number of rows changed by the ranges that succeeded
     * @throws SQLException what setting or rolling back a savepoint, or {@code badRows}, threw
     */
    public static long run(Connection connection, long first, long last, int isolateAtMost,
            RangeStatement statement, BadRows badRows) throws SQLException {
        Deque<long[]> ranges = new ArrayDeque<>();
        ranges.push(new long[] {first, last});
        long changed = 0;
        long isolated = 0;
        boolean retrying = false;
        while (!ranges.isEmpty()) {
            long[] range = ranges.pop();
            long[] rangeChanged = new long[1];
            SQLException error = underSavepoint(connection, () -> rangeChanged[0] = statement.run(range[0], range[1]));
            if (error == null) {
                changed += rangeChanged[0];
                continue;
            }
            if (!retrying) {
                badRows.beforeRetries();
                retrying = true;
            }
            if (range[0] == range[1]) {
                isolated++;
                badRows.row(range[0], error);
            } else if (isolated >= isolateAtMost) {
                badRows.range(range[0], range[1], error);
            } else {
                long middle = range[0] + (range[1] - range[0]) / 2;
                ranges.push(new long[] {middle + 1, range[1]});
                ranges.push(new long[] {range[0], middle});
            }
        }
        return changed;
    }

    /**
     * Runs {@code work} under a savepoint: kept when it succeeds, rolled back when it fails.
     *
     * @return the error {@code work} failed with, or {@code null} when it succeeded
     * @throws SQLException when the savepoint cannot be set, released or rolled back to
     */
    public static SQLException underSavepoint(Connection connection, SqlWork work) throws SQLException {
        Savepoint savepoint = connection.setSavepoint();
        try {
            work.run();
        } catch (SQLException error) {
            connection.rollback(savepoint);
            return error;
        }
        connection.releaseSavepoint(savepoint);
        return null;
    }
}
