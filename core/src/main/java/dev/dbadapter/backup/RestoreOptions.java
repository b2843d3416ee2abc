package dev.dbadapter.backup;

import java.util.Objects;

/**
 * How a restore runs.
 *
 * @param mode what to do with rows that already exist
 * @param dryRun report what would happen and keep nothing
 * @param preserveIds keep the backup's primary keys instead of taking fresh ones from the database
 * @param progress receives progress per table
 */
public record RestoreOptions(RestoreMode mode, boolean dryRun, boolean preserveIds, BackupProgress progress) {
    /** The defaults: skip existing rows, write, fresh ids, no progress. */
    public static final RestoreOptions DEFAULTS = new RestoreOptions(RestoreMode.SKIP, false, false, BackupProgress.NONE);

    /** Fills {@code null}s with the defaults. */
    public RestoreOptions {
        mode = Objects.requireNonNullElse(mode, RestoreMode.SKIP);
        progress = Objects.requireNonNullElse(progress, BackupProgress.NONE);
    }

    /** Returns a copy with {@code mode}. */
    public RestoreOptions withMode(RestoreMode mode) {
        return new RestoreOptions(mode, dryRun, preserveIds, progress);
    }

    /** Returns a copy with {@code dryRun}. */
    public RestoreOptions withDryRun(boolean dryRun) {
        return new RestoreOptions(mode, dryRun, preserveIds, progress);
    }

    /** Returns a copy with {@code preserveIds}. */
    public RestoreOptions withPreserveIds(boolean preserveIds) {
        return new RestoreOptions(mode, dryRun, preserveIds, progress);
    }

    /** Returns a copy reporting to {@code progress}. */
    public RestoreOptions withProgress(BackupProgress progress) {
        return new RestoreOptions(mode, dryRun, preserveIds, progress);
    }
}
