package dev.dbadapter.backup.internal;

import dev.dbadapter.backup.BackupCheck;
import dev.dbadapter.backup.BackupException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.BitSet;
import java.util.List;

/**
 * Where the rows a {@link RestoreEngine} writes come from: a backup file, or another database. It
 * COPYs them into the staging tables the engine created, so everything after staging (matching,
 * key remapping, writing) is the same set-based SQL whatever the source.
 */
public interface RowSource {

    /**
     * What staging found.
     *
     * @param validation problems with the rows (a backup file's validation); always valid for a database
     * @param plans the plans with each table's row count, present columns and ignored fields
     */
    record Staged(BackupCheck validation, List<TablePlan> plans) {
    }

    /**
     * COPYs the rows into the staging tables of {@code plans} (created already, one per schema table,
     * in schema order) on {@code connection}.
     *
     * @throws SQLException when a COPY fails on the database side
     */
    Staged stage(Connection connection, List<TablePlan> plans) throws SQLException;

    /** Returns the error for rows that {@link Staged#validation()} found invalid: nothing is written. */
    BackupException invalid(BackupCheck validation);

    /**
     * Returns whether this source can stage a table's keys first ({@link TablePlan#keysFirst()}: only
     * its {@link TablePlan#keyColumns()} go into the staging table) and its full rows later, for the
     * rows that will be written only ({@link #stageRows}). By default a source stages every
     * table's full rows at once.
     */
    default boolean stagesKeysFirst() {
        return false;
    }

    /**
     * Returns whether this source can read a table's rows again ({@link #readRows}), so a table
     * that nothing points at and that holds none of the user's rows can take them in one COPY
     * straight into it ({@link TablePlan#direct()}): the first pass ({@link #stage}) then stages
     * none of its rows. False by default.
     */
    default boolean copiesIntoTables() {
        return false;
    }

    /** One row read again: its number and its values, in the order of the target's {@link TargetTable#layout()}. */
    @FunctionalInterface
    interface RowVisitor {
        /** Takes the row; {@code values} is reused after the call. */
        void row(long index, String[] values) throws SQLException;
    }

    /**
     * Reads every row of {@code plan}'s table again, in order, and hands it to {@code rows}.
     *
     * @throws SQLException what {@code rows} threw
     * @throws UnsupportedOperationException when this source neither {@link #stagesKeysFirst()} nor
     *     {@link #copiesIntoTables()}
     */
    default void readRows(TablePlan plan, RowVisitor rows) throws SQLException {
        throw new UnsupportedOperationException("this source reads its rows once");
    }

    /**
     * COPYs the full rows of {@code plan}'s table whose numbers are set in {@code rows} into
     * {@link TablePlan#rowsTable()}, created already with every column of the target; the rows are
     * read again ({@link #readRows}).
     *
     * @throws SQLException when the COPY fails on the database side
     * @throws UnsupportedOperationException when this source cannot read its rows again
     */
    default void stageRows(Connection connection, TablePlan plan, BitSet rows) throws SQLException {
        try (StagingWriter writer = new StagingWriter(connection)) {
            writer.begin(plan.rowsTable(), plan.target().layout().names());
            readRows(plan, (index, values) -> {
                if (index < Integer.MAX_VALUE && rows.get((int) index)) {
                    writer.row(index, values);
                }
            });
            writer.end();
        }
    }
}
