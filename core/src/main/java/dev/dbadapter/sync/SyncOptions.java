package dev.dbadapter.sync;

import dev.dbadapter.SqlNames;
import dev.dbadapter.UsageException;
import dev.dbadapter.backup.BackupProgress;
import dev.dbadapter.backup.BackupSchema;
import dev.dbadapter.backup.TableDef;
import java.util.List;
import java.util.Objects;

/**
 * What a comparison or sync covers and how it writes. Build one with {@link #of} and the
 * {@code with…} methods; the defaults compare and write nothing ({@code dryRun} true).
 *
 * @param tables the tables, parents before children (with a backup schema, its order is used)
 * @param userId whose rows are compared and copied; no other user's row is read or written
 * @param userField the column holding the owning user (default {@code user_id}); with a backup
 *     schema, a value other than the default replaces the schema's
 * @param slugField the column that identifies a row across databases (default {@code slug}); as
 *     {@code userField}
 * @param mode {@link SyncMode#SKIP} (default) or {@link SyncMode#OVERWRITE}
 * @param delete whether to delete the user's destination rows whose slug the source lacks
 * @param dryRun whether to only compare (default {@code true})
 * @param confirm whether writing was confirmed; a sync writes only when {@code dryRun} is false and
 *     {@code confirm} true
 * @param allowProtected whether a destination profile marked {@code protected} may be written
 * @param backupSchema the table hierarchy for remapping keys (the FK-aware path), or {@code null}
 *     for the direct path (rows copied with their own key values, each table alone)
 * @param progress receives the rows copied per table
 */
public record SyncOptions(List<String> tables, String userId, String userField, String slugField, SyncMode mode,
        boolean delete, boolean dryRun, boolean confirm, boolean allowProtected, BackupSchema backupSchema,
        BackupProgress progress) {

    /**
     * Fills defaults and checks the names.
     *
     * @throws UsageException when no table or no user id is given
     * @throws IllegalArgumentException when a table or column name is not a valid identifier
     */
    public SyncOptions {
        tables = tables == null ? List.of() : List.copyOf(tables);
        if (tables.isEmpty()) {
            throw new UsageException("No tables to sync", "pass --tables a,b or set tables under [sync] in db.toml");
        }
        tables.forEach(SqlNames::quotedTable);
        if (userId == null || userId.isBlank()) {
            throw new UsageException("No user id given for the sync",
                    "pass --user-id or set the variable named by [defaults] user_id_env");
        }
        userField = SqlNames.fold(Objects.requireNonNullElse(userField, TableDef.DEFAULT_USER_FIELD), "user field");
        slugField = SqlNames.fold(Objects.requireNonNullElse(slugField, TableDef.DEFAULT_SLUG_FIELD), "slug field");
        mode = Objects.requireNonNullElse(mode, SyncMode.SKIP);
        progress = Objects.requireNonNullElse(progress, BackupProgress.NONE);
    }

    /** Compares {@code tables} for {@code userId} with the defaults: skip mode, no delete, dry run. */
    public static SyncOptions of(List<String> tables, String userId) {
        return new SyncOptions(tables, userId, null, null, SyncMode.SKIP, false, true, false, false, null, null);
    }

    /** Returns whether a sync with these options writes: not a dry run, and confirmed. */
    public boolean writes() {
        return !dryRun && confirm;
    }

    /** Returns a copy with other user and slug columns ({@code null} keeps the default). */
    public SyncOptions withFields(String user, String slug) {
        return new SyncOptions(tables, userId, user, slug, mode, delete, dryRun, confirm, allowProtected, backupSchema,
                progress);
    }

    /** Returns a copy in {@code syncMode}. */
    public SyncOptions withMode(SyncMode syncMode) {
        return new SyncOptions(tables, userId, userField, slugField, syncMode, delete, dryRun, confirm, allowProtected,
                backupSchema, progress);
    }

    /** Returns a copy that deletes (or not) the destination rows whose slug the source lacks. */
    public SyncOptions withDelete(boolean deleteMissing) {
        return new SyncOptions(tables, userId, userField, slugField, mode, deleteMissing, dryRun, confirm,
                allowProtected, backupSchema, progress);
    }

    /** Returns a copy that only compares ({@code true}) or may write when confirmed ({@code false}). */
    public SyncOptions withDryRun(boolean compareOnly) {
        return new SyncOptions(tables, userId, userField, slugField, mode, delete, compareOnly, confirm, allowProtected,
                backupSchema, progress);
    }

    /** Returns a copy that writes: not a dry run, and confirmed. */
    public SyncOptions confirmed() {
        return new SyncOptions(tables, userId, userField, slugField, mode, delete, false, true, allowProtected,
                backupSchema, progress);
    }

    /** Returns a copy that may (or may not) write into a protected destination profile. */
    public SyncOptions withAllowProtected(boolean allowed) {
        return new SyncOptions(tables, userId, userField, slugField, mode, delete, dryRun, confirm, allowed,
                backupSchema, progress);
    }

    /** Returns a copy that remaps keys along {@code schema} ({@code null}: the direct path). */
    public SyncOptions withBackupSchema(BackupSchema schema) {
        return new SyncOptions(tables, userId, userField, slugField, mode, delete, dryRun, confirm, allowProtected,
                schema, progress);
    }

    /** Returns a copy reporting to {@code receiver}. */
    public SyncOptions withProgress(BackupProgress receiver) {
        return new SyncOptions(tables, userId, userField, slugField, mode, delete, dryRun, confirm, allowProtected,
                backupSchema, receiver);
    }
}
