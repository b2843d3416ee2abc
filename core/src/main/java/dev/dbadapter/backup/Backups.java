package dev.dbadapter.backup;

import dev.dbadapter.adapter.DatabaseClient;
import dev.dbadapter.adapter.UnsupportedOperationForBackendException;
import dev.dbadapter.adapter.postgres.PostgresAdapter;
import dev.dbadapter.adapter.postgres.PostgresClient;
import dev.dbadapter.adapter.postgres.internal.SqlErrors;
import dev.dbadapter.backup.internal.BackupFormat;
import dev.dbadapter.backup.internal.BackupWriter;
import dev.dbadapter.backup.internal.CheckedScan;
import dev.dbadapter.backup.internal.RestoreEngine;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Backup, validation and restore of one user's rows along a {@link BackupSchema}, in the JSON format
 * (version {@code "1.1"}) the Python library reads and writes.
 *
 * <p>Backups stream rows through a server-side cursor into the file and write it atomically.
 * Restores are set-based: the file is streamed once into temporary staging tables with COPY, and
 * matching, key remapping and writing are a few SQL statements per table, in one transaction.
 */
public final class Backups {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private Backups() {
    }

    /**
     * Writes a backup of {@code userId}'s rows of every schema table (children only when their parent
     * row is backed up) to {@code outputPath}; a name ending in {@code .gz} is gzipped. The file
     * appears only when complete.
     *
     * @param tableFilters extra equality filters per table ({@code null} values mean {@code IS NULL}, a
     *     collection means any of its values); may be null
     * @param metadata extra metadata fields; may be null. {@code created_at}, {@code user_id},
     *     {@code version} and the {@code <table>_count} fields cannot be overridden
     * @return a future of the written file and rows per table; it fails with {@link BackupException}
     *     or a {@link dev.dbadapter.adapter.DatabaseException}
     * @throws UnsupportedOperationForBackendException when {@code client} has no direct PostgreSQL
     *     connection (the backup streams rows through a server-side cursor)
     * @throws BackupException when a filter names an unknown table
     */
    public static CompletableFuture<BackupResult> backup(DatabaseClient client, BackupSchema schema, String userId,
            Path outputPath, Map<String, ? extends Map<String, ?>> tableFilters, Map<String, ?> metadata) {
        return backup(client, schema, userId, outputPath, tableFilters, metadata, BackupProgress.NONE);
    }

    /** As {@link #backup(DatabaseClient, BackupSchema, String, Path, Map, Map)}, reporting progress. */
    public static CompletableFuture<BackupResult> backup(DatabaseClient client, BackupSchema schema, String userId,
            Path outputPath, Map<String, ? extends Map<String, ?>> tableFilters, Map<String, ?> metadata,
            BackupProgress progress) {
        PostgresClient postgres = PostgresClient.require(client, "backup");
        Objects.requireNonNull(schema, "schema");
        requireUser(userId);
        Objects.requireNonNull(outputPath, "outputPath");
        BackupWriter writer = new BackupWriter(schema, userId, tableFilters,
                Objects.requireNonNullElse(progress, BackupProgress.NONE));
        boolean ownTransaction = postgres instanceof PostgresAdapter;
        return postgres.inTransaction(tx -> tx.withConnection(connection -> {
            AtomicReference<Map<String, Long>> counts = new AtomicReference<>();
            BackupFormat.writeAtomically(outputPath,
                    out -> counts.set(writer.write(connection, ownTransaction, out, metadata)));
            return new BackupResult(outputPath, counts.get());
        }));
    }

    /**
     * Checks a backup file against {@code schema} without a database, streaming it once.
     *
     * @return errors (unreadable, not JSON, no metadata, wrong version, missing table, row without
     *     primary key or slug) and warnings (missing metadata fields, orphaned rows, unknown keys)
     */
    public static BackupCheck validateBackup(Path path, BackupSchema schema) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(schema, "schema");
        return CheckedScan.validate(path, schema);
    }

    /**
     * Restores {@code path} for {@code userId} with fresh keys; see
     * {@link #restore(DatabaseClient, BackupSchema, Path, String, RestoreOptions)}.
     */
    public static CompletableFuture<RestoreResult> restore(DatabaseClient client, BackupSchema schema, Path path,
            String userId, RestoreMode mode, boolean dryRun) {
        return restore(client, schema, path, userId, RestoreOptions.DEFAULTS.withMode(mode).withDryRun(dryRun));
    }

    /**
     * Restores a backup file as {@code userId}'s rows, in one transaction. The file is validated
     * first (an invalid file changes nothing). Tables go in schema order; the user column is set to
     * {@code userId}; parent keys are remapped to the rows created or matched for the parent (a row
     * whose parent is not there is skipped); optional references are remapped or set to null. A row
     * exists when one has the same slug and user (and remapped parent). New rows get fresh keys from
     * the key column's default unless {@code preserveIds}. A row the database rejects is reported in
     * the result and the rest are restored, except in {@link RestoreMode#FAIL} mode, which rolls
     * everything back. A dry run reports the same counts and keeps nothing.
     *
     * @return a future of the counts per table; it fails with {@link BackupException} for an invalid
     *     file (as {@link #validateBackup} finds, or a table that children point at holding a primary
     *     key twice), a missing table or column, or an aborted fail-mode restore
     * @throws UnsupportedOperationForBackendException when {@code client} has no direct PostgreSQL
     *     connection (the restore streams the file into staging tables with COPY)
     */
    public static CompletableFuture<RestoreResult> restore(DatabaseClient client, BackupSchema schema, Path path,
            String userId, RestoreOptions options) {
        PostgresClient postgres = PostgresClient.require(client, "restore");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(path, "path");
        requireUser(userId);
        RestoreOptions chosen = Objects.requireNonNullElse(options, RestoreOptions.DEFAULTS);
        RestoreEngine engine = new RestoreEngine(schema, path, userId, chosen.mode(), chosen.dryRun(),
                chosen.preserveIds(), chosen.progress());
        CompletableFuture<RestoreResult> run = postgres.inTransaction(tx -> tx.withConnection(connection -> {
            RestoreResult result = engine.run(connection);
            if (chosen.dryRun()) {
                throw new DryRun(result);
            }
            return result;
        }));
        return run.exceptionallyCompose(error -> SqlErrors.unwrap(error) instanceof DryRun dryRun
                ? CompletableFuture.completedFuture(dryRun.result)
                : CompletableFuture.failedFuture(SqlErrors.unwrap(error)));
    }

    /** Returns {@code backups/<profile or "backup">-<yyyyMMdd-HHmmss>.json} for now. */
    public static Path defaultPath(String profile) {
        String base = profile == null || profile.isBlank() ? "backup" : profile;
        return Path.of("backups", base + "-" + LocalDateTime.now().format(STAMP) + ".json");
    }

    private static void requireUser(String userId) {
        if (userId == null || userId.isBlank()) {
            throw new BackupException("No user id given for the backup or restore",
                    "pass --user-id or set the variable named by [defaults] user_id_env", null);
        }
    }

    /** Rolls a dry run's transaction back while carrying its result out. */
    private static final class DryRun extends RuntimeException {
        private final transient RestoreResult result;

        DryRun(RestoreResult result) {
            super("dry run", null, false, false);
            this.result = result;
        }
    }
}
