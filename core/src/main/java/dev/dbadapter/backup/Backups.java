package dev.dbadapter.backup;

import dev.dbadapter.adapter.DatabaseClient;
import dev.dbadapter.adapter.postgres.PostgresAdapter;
import dev.dbadapter.adapter.postgres.PostgresClient;
import dev.dbadapter.adapter.postgres.internal.SqlErrors;
import dev.dbadapter.backup.internal.BackupFormat;
import dev.dbadapter.backup.internal.BackupWriter;
import dev.dbadapter.backup.internal.BatchedRestore;
import dev.dbadapter.backup.internal.CheckedScan;
import dev.dbadapter.backup.internal.FileStaging;
import dev.dbadapter.backup.internal.PagedBackup;
import dev.dbadapter.backup.internal.RestoreEngine;
import dev.dbadapter.backup.internal.RowSource;
import dev.dbadapter.internal.Workers;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Backup, validation and restore of one user's rows along a {@link BackupSchema}, in the JSON format
 * (version {@code "1.1"}) the Python library reads and writes.
 *
 * <p>With a {@link PostgresClient}, backups stream rows through {@code COPY} in one snapshot and
 * restores are set-based: the file is streamed once into temporary staging tables with COPY, and
 * matching, key remapping and writing are a few SQL statements per table, in one transaction. Any
 * other {@link DatabaseClient} (a REST backend) gets the same file and the same counts through its
 * CRUD calls only: keyset-paged selects for backups, batched inserts without a transaction for
 * restores.
 */
public final class Backups {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private Backups() {
    }

    /**
     * Writes a backup of {@code userId}'s rows of every schema table (children only when their parent
     * row is backed up) to {@code outputPath}; a name ending in {@code .gz} is gzipped. The file
     * appears only when complete. A {@link PostgresClient} streams every table with COPY in one
     * read-only snapshot; any other client reads pages of {@value PagedBackup#PAGE_SIZE} rows in
     * primary-key order, table after table (no snapshot), and writes values as the COPY path does.
     *
     * @param tableFilters extra equality filters per table ({@code null} values mean {@code IS NULL}, a
     *     collection means any of its values); may be null
     * @param metadata extra metadata fields; may be null. {@code created_at}, {@code user_id},
     *     {@code version} and the {@code <table>_count} fields cannot be overridden
     * @return a future of the written file and rows per table; it fails with {@link BackupException}
     *     (a missing table or column) or a {@link dev.dbadapter.adapter.DatabaseException}
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
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(schema, "schema");
        requireUser(userId);
        Objects.requireNonNull(outputPath, "outputPath");
        BackupProgress reporting = Objects.requireNonNullElse(progress, BackupProgress.NONE);
        if (!(client instanceof PostgresClient postgres)) {
            PagedBackup paged = new PagedBackup(schema, userId, tableFilters, reporting);
            return onWorker(() -> {
                AtomicReference<Map<String, Long>> counts = new AtomicReference<>();
                BackupFormat.writeAtomically(outputPath, out -> counts.set(paged.write(client, outputPath, out, metadata)));
                return new BackupResult(outputPath, counts.get(), false);
            });
        }
        BackupWriter writer = new BackupWriter(schema, userId, tableFilters, reporting);
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
     * Restores a backup file as {@code userId}'s rows. The file is validated first (an invalid file
     * changes nothing). Tables go in schema order; the user column is set to
     * {@code userId}; parent keys are remapped to the rows created or matched for the parent (a row
     * whose parent is not there is skipped); optional references are remapped or set to null. A row
     * exists when one has the same slug and user (and remapped parent). New rows get fresh keys from
     * the key column's default unless {@code preserveIds}. A row the database rejects is reported in
     * the result and the rest are restored. A dry run reports the same counts and keeps nothing.
     *
     * <p>A {@link PostgresClient} restores in one transaction (the caller's, when it is a bound
     * client), so {@link RestoreMode#FAIL} mode rolls everything back. Any other client restores
     * through its CRUD calls without a transaction: rows are matched and inserted in batches of
     * {@value BatchedRestore#BATCH_SIZE} ({@code insertMany}; a batch the database rejects is retried row
     * by row to report the bad rows), existing rows are updated one by one. In fail mode the whole
     * restore is planned first, so an existing row aborts before anything is written; but a failure
     * midway (a rejected row in fail mode, a broken connection) leaves the rows of earlier batches in
     * place. Its dry run cannot know which rows the database would reject: it counts them as
     * inserted. With {@code preserveIds}, the key's sequence is moved past the restored keys only
     * where the client can run SQL; otherwise the result warns.
     *
     * @return a future of the counts per table; it fails with {@link BackupException} for an invalid
     *     file (as {@link #validateBackup} finds, or a table that children point at holding a primary
     *     key twice), a missing table or column, or an aborted fail-mode restore
     */
    public static CompletableFuture<RestoreResult> restore(DatabaseClient client, BackupSchema schema, Path path,
            String userId, RestoreOptions options) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(path, "path");
        requireUser(userId);
        RestoreOptions chosen = Objects.requireNonNullElse(options, RestoreOptions.DEFAULTS);
        if (!(client instanceof PostgresClient postgres)) {
            BatchedRestore batched = new BatchedRestore(schema, path, userId, chosen);
            return onWorker(() -> batched.run(client));
        }
        RestoreEngine engine = new RestoreEngine(schema, userId, chosen.mode(), chosen.dryRun(), chosen.preserveIds(),
                false);
        RowSource rows = FileStaging.of(path, schema, chosen.progress());
        CompletableFuture<RestoreResult> run = postgres.inTransaction(tx -> tx.withConnection(connection -> {
            RestoreResult result = engine.run(connection, rows);
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

    /**
     * Runs the blocking {@code work} (which waits on a client's futures) on a streaming thread of its
     * own ({@link Workers#startStreaming}); its failure completes the future, unwrapped.
     */
    private static <T> CompletableFuture<T> onWorker(Callable<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Workers.startStreaming("db-adapter-backup", () -> {
            try {
                result.complete(work.call());
            } catch (Throwable error) {
                result.completeExceptionally(SqlErrors.unwrap(error));
            }
        });
        return result;
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
