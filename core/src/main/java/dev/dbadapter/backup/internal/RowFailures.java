package dev.dbadapter.backup.internal;

import dev.dbadapter.adapter.postgres.internal.SqlErrors;
import dev.dbadapter.backup.BackupException;
import dev.dbadapter.backup.RowFailure;
import dev.dbadapter.backup.TableRestoreResult;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows of one table the database rejected while they were inserted or updated: counted, the
 * first {@link TableRestoreResult#MAX_DETAILS} with their number, old key and the server's message.
 * A row that fails to insert loses its new key, so no child maps to it. In fail mode the first
 * rejected row aborts the restore.
 */
final class RowFailures {
    private final Connection connection;
    private final TablePlan plan;
    private final RestoreStatements statements;
    private final boolean abortOnFailure;
    private final List<RowFailure> details = new ArrayList<>();
    private long count;
    private boolean indexed;

    RowFailures(Connection connection, TablePlan plan, RestoreStatements statements, boolean abortOnFailure) {
        this.connection = connection;
        this.plan = plan;
        this.statements = statements;
        this.abortOnFailure = abortOnFailure;
    }

    /** Returns the number of rows rejected so far. */
    long count() {
        return count;
    }

    /** Returns the rows described so far, at most {@link TableRestoreResult#MAX_DETAILS}. */
    List<RowFailure> details() {
        return List.copyOf(details);
    }

    /** Returns how many more rows a range retry should isolate before it reports failing ranges whole. */
    int isolationLeft() {
        return (int) Math.max(0, TableRestoreResult.MAX_DETAILS - count);
    }

    /**
     * Returns the receiver of the rows that an insert ({@code insert}) or an update of this table
     * fails on.
     */
    RangeRetry.BadRows badRows(boolean insert) {
        return new RangeRetry.BadRows() {
            @Override
            public void beforeRetries() throws SQLException {
                if (!indexed) {
                    for (String sql : statements.indexRowNumbers(plan)) {
                        RestoreEngine.execute(connection, sql);
                    }
                    indexed = true;
                }
            }

            @Override
            public void row(long index, SQLException error) throws SQLException {
                failed(index, error, insert);
            }

            @Override
            public void range(long first, long last, SQLException error) throws SQLException {
                failedRange(first, last, insert);
            }
        };
    }

    private void failed(long index, SQLException error, boolean insert) throws SQLException {
        String oldPk;
        try (PreparedStatement statement = connection.prepareStatement(statements.oldKey(plan))) {
            statement.setLong(1, index);
            try (ResultSet rs = statement.executeQuery()) {
                oldPk = rs.next() ? rs.getString(1) : null;
            }
        }
        if (abortOnFailure) {
            throw new BackupException("Restore aborted (mode fail): " + plan.name() + "[" + index + "] (pk=" + oldPk
                    + ") failed: " + SqlErrors.serverMessage(error) + "; nothing was restored", null, error);
        }
        if (insert) {
            dropNewKeys(index, index);
        }
        count++;
        if (details.size() < TableRestoreResult.MAX_DETAILS) {
            details.add(new RowFailure(index, oldPk, SqlErrors.serverMessage(error)));
        }
    }

    /** Counts every candidate row of {@code first..last} as failed, without details. */
    private void failedRange(long first, long last, boolean insert) throws SQLException {
        if (insert) {
            count += dropNewKeys(first, last);
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(statements.countExisting(plan))) {
            statement.setLong(1, first);
            statement.setLong(2, last);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                count += rs.getLong(1);
            }
        }
    }

    private long dropNewKeys(long first, long last) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(statements.dropNewKeys(plan))) {
            statement.setLong(1, first);
            statement.setLong(2, last);
            return statement.executeUpdate();
        }
    }
}
