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
     * COPYs the full rows of {@code plan}'s table (a {@link TablePlan#keysFirst()} plan this source
     * staged) whose numbers are set in {@code rows} into {@link TablePlan#rowsTable()}, created already
     * with every column of {@link TablePlan#presentColumns()}.
     *
     * @throws SQLException when the COPY fails on the database side
     * @throws UnsupportedOperationException when this source does not {@link #stagesKeysFirst()}
     */
    default void stageRows(Connection connection, TablePlan plan, BitSet rows) throws SQLException {
        throw new UnsupportedOperationException("this source stages full rows at once");
    }
}
