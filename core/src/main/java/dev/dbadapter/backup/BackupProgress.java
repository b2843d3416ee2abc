package dev.dbadapter.backup;

/**
 * Receives progress of a backup (rows written to the file) or restore (rows read from the file into
 * staging), for progress bars. Called from the worker thread, every
 * few thousand rows and at the end of each table; must be quick and must not throw.
 */
@FunctionalInterface
public interface BackupProgress {
    /** Does nothing. */
    BackupProgress NONE = (table, done, total) -> { };

    /**
     * Reports that {@code done} of {@code total} rows of {@code table} are through ({@code total}
     * is -1 when unknown).
     */
    void update(String table, long done, long total);
}
