package dev.dbadapter.sync;

import dev.dbadapter.DbAdapterException;
import dev.dbadapter.UsageException;
import dev.dbadapter.adapter.DatabaseClient;
import dev.dbadapter.adapter.postgres.PostgresClient;
import dev.dbadapter.adapter.postgres.internal.SqlErrors;
import dev.dbadapter.config.DatabaseConfig;
import dev.dbadapter.config.DatabaseProfile;
import dev.dbadapter.config.ProtectedProfileException;
import dev.dbadapter.factory.AdapterFactory;
import dev.dbadapter.factory.AdapterRequest;
import dev.dbadapter.internal.Workers;
import dev.dbadapter.sync.internal.PgSync;
import dev.dbadapter.sync.internal.PortableSync;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Brings one user's rows from one database into another: compare first, then write only what is
 * new (and, in overwrite mode, what differs; with delete, remove what the source lacks). Rows are
 * identified across databases by their slug; only the given user's rows are read or written.
 *
 * <p>Two PostgreSQL databases sync at COPY speed: slugs and per-row digests are compared, and the
 * rows to write stream from the source's {@code COPY … TO STDOUT} into the destination's staging
 * tables, where the restore engine's set-based statements match and remap them. With a backup
 * schema (the FK-aware path) new rows get the destination's keys, children point at the
 * destination's parent with the same slug, and the whole sync is one transaction; without one (the
 * direct path) rows keep their key values but the primary key, and each table is written in its own
 * transaction. When either side is another backend (a REST one), the sync runs through the
 * clients' CRUD calls: paged selects and batched inserts, without a transaction.
 *
 * <pre>{@code
 * SyncOptions options = SyncOptions.of(List.of("categories", "products"), "u1")
 *         .withBackupSchema(BackupSchema.load(Path.of("backup-schema.json"))).confirmed();
 * SyncResult result = Syncs.syncData(AdapterFactory.create(Workspace.current()), "prod", "local", options).join();
 * }</pre>
 */
public final class Syncs {
    private Syncs() {
    }

    /**
     * Compares the user's rows of profile {@code source} with those of {@code destination}: per table
     * the rows on each side and how many are new, exist (and differ) or are missing. Nothing is written.
     *
     * @param userField the column holding the user id ({@code user_id} when {@code null})
     * @param slugField the column identifying a row across databases ({@code slug} when {@code null})
     * @return a future of the comparison; an unknown or unreachable profile is an entry in its
     *     {@link SyncResult#errors()}; it fails with {@link SyncException} for a missing table or column
     * @throws UsageException when source and destination are the same profile or database, or no
     *     table or user is given
     */
    public static CompletableFuture<SyncResult> compareProfiles(AdapterFactory factory, String source,
            String destination, List<String> tables, String userId, String userField, String slugField) {
        return compareProfiles(factory, source, destination, SyncOptions.of(tables, userId).withFields(userField, slugField));
    }

    /** As {@link #compareProfiles(AdapterFactory, String, String, List, String, String, String)}, with all options; never writes. */
    public static CompletableFuture<SyncResult> compareProfiles(AdapterFactory factory, String source,
            String destination, SyncOptions options) {
        return syncData(factory, source, destination, options.withDryRun(true));
    }

    /**
     * Syncs the user's rows from profile {@code source} into profile {@code destination}: writes only
     * when the options are confirmed and not a dry run, else compares (see {@link #sync}).
     *
     * @return a future of the result; an unknown or unreachable profile is an entry in its
     *     {@link SyncResult#errors()}, a table that failed carries its error
     * @throws UsageException when source and destination are the same profile or database
     * @throws ProtectedProfileException when the sync writes into a protected profile without
     *     {@link SyncOptions#allowProtected()}
     * @throws dev.dbadapter.config.ConfigException when the configuration cannot be read
     */
    public static CompletableFuture<SyncResult> syncData(AdapterFactory factory, String source, String destination,
            SyncOptions options) {
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(options, "options");
        if (Objects.equals(source, destination)) {
            throw new UsageException("Source and destination are the same profile '" + source + "'",
                    "sync from another profile into the current one (--from NAME)");
        }
        DatabaseConfig config = factory.config();
        List<String> errors = new ArrayList<>();
        DatabaseProfile from = profile(config, source, "source", errors);
        DatabaseProfile into = profile(config, destination, "destination", errors);
        if (into != null && options.writes()) {
            into.checkWritable(options.allowProtected());
        }
        DatabaseClient sourceClient = from == null ? null : open(factory, from, "source", errors);
        DatabaseClient destinationClient = into == null ? null : open(factory, into, "destination", errors);
        if (!errors.isEmpty()) {
            close(sourceClient, destinationClient);
            return CompletableFuture.completedFuture(unreached(source, destination, options, errors));
        }
        if (AdapterFactory.resolveUrl(from).equals(AdapterFactory.resolveUrl(into))) {
            close(sourceClient, destinationClient);
            throw new UsageException("Profiles '" + source + "' and '" + destination + "' are the same database",
                    "sync between two different databases");
        }
        CompletableFuture<SyncResult> result;
        try {
            result = run(sourceClient, destinationClient, source, destination, options);
        } catch (RuntimeException e) {
            close(sourceClient, destinationClient);
            throw e;
        }
        return result.whenComplete((done, error) -> close(sourceClient, destinationClient));
    }

    /**
     * Compares the user's rows of {@code source} with {@code destination}'s; nothing is written.
     *
     * @return as {@link #sync}'s, with {@link SyncResult#dryRun()} true
     */
    public static CompletableFuture<SyncResult> compare(DatabaseClient source, DatabaseClient destination,
            SyncOptions options) {
        return sync(source, destination, options.withDryRun(true));
    }

    /**
     * Syncs the user's rows from {@code source} into {@code destination}; writes only when the options
     * are confirmed and not a dry run ({@link SyncOptions#writes()}), else compares. The clients stay
     * open. A side that cannot be reached is an entry in {@link SyncResult#errors()}.
     *
     * @return a future of the result; it fails with {@link SyncException} when a table or its key,
     *     slug, user, parent or reference column is missing on a side, or the tables do not fit the
     *     backup schema, and with {@link dev.dbadapter.adapter.DatabaseException} when a database fails
     *     outside a table's write
     * @throws UsageException when source and destination are the same client or database
     */
    public static CompletableFuture<SyncResult> sync(DatabaseClient source, DatabaseClient destination,
            SyncOptions options) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(options, "options");
        String sourceName = label(source);
        String destinationName = label(destination);
        if (source == destination || (source instanceof PostgresClient && sourceName.equals(destinationName))) {
            throw new UsageException("Source and destination are the same database (" + sourceName + ")",
                    "sync between two different databases");
        }
        return run(source, destination, sourceName, destinationName, options);
    }

    /** Runs the sync on a streaming thread of its own ({@link Workers#startStreaming}), which waits for the clients' calls. */
    private static CompletableFuture<SyncResult> run(DatabaseClient source, DatabaseClient destination,
            String sourceName, String destinationName, SyncOptions options) {
        return CompletableFuture.supplyAsync(() -> {
            List<String> errors = new ArrayList<>();
            reach(source, "source", sourceName, options, errors);
            reach(destination, "destination", destinationName, options, errors);
            if (!errors.isEmpty()) {
                return unreached(sourceName, destinationName, options, errors);
            }
            if (source instanceof PostgresClient from && destination instanceof PostgresClient into) {
                return new PgSync(from, into, options).run(sourceName, destinationName).join();
            }
            return new PortableSync(source, destination, options).run(sourceName, destinationName);
        }, task -> Workers.startStreaming("db-adapter-sync", task))
                .exceptionallyCompose(error -> CompletableFuture.failedFuture(SqlErrors.unwrap(error)));
    }

    /** Adds an error when {@code client} cannot be reached (one connection, or one catalog read). */
    private static void reach(DatabaseClient client, String side, String name, SyncOptions options, List<String> errors) {
        try {
            if (client instanceof PostgresClient postgres) {
                postgres.withConnection(connection -> null).join();
            } else {
                client.columns(options.tables().getFirst()).join();
            }
        } catch (RuntimeException e) {
            Throwable cause = SqlErrors.unwrap(e);
            errors.add("Cannot reach the " + side + " database (" + name + "): " + cause.getMessage());
        }
    }

    private static DatabaseProfile profile(DatabaseConfig config, String name, String side, List<String> errors) {
        try {
            return config.profile(Objects.requireNonNull(name, side));
        } catch (DbAdapterException e) {
            errors.add("The " + side + " profile cannot be used: " + e.getMessage());
            return null;
        }
    }

    private static DatabaseClient open(AdapterFactory factory, DatabaseProfile profile, String side, List<String> errors) {
        try {
            return factory.getAdapter(profile, AdapterRequest.current().withoutPool());
        } catch (DbAdapterException e) {
            errors.add("The " + side + " profile '" + profile.name() + "' cannot be opened: " + e.getMessage());
            return null;
        }
    }

    private static SyncResult unreached(String source, String destination, SyncOptions options, List<String> errors) {
        return new SyncResult(source, destination, options.userId(), options.mode(), options.delete(), true,
                options.backupSchema() != null, Map.of(), List.of(), errors, false);
    }

    private static String label(DatabaseClient client) {
        return client instanceof PostgresClient postgres ? postgres.displayUrl() : client.provider().toString();
    }

    private static void close(DatabaseClient... clients) {
        for (DatabaseClient client : clients) {
            if (client != null) {
                client.close();
            }
        }
    }
}
