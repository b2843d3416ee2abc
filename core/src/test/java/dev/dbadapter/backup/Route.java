package dev.dbadapter.backup;

import dev.dbadapter.adapter.DatabaseClient;
import dev.dbadapter.adapter.Provider;
import dev.dbadapter.testing.ForwardingClient;
import dev.dbadapter.testing.PgDatabaseExtension;
import java.nio.file.Path;

/**
 * The two ways {@link Backups} reaches a database: COPY and staging tables through a
 * {@link dev.dbadapter.adapter.postgres.PostgresClient}, or paged selects and batched inserts through
 * a client that is not one (a REST backend, here a {@link ForwardingClient} over the same database).
 */
enum Route {
    COPY, BATCHED;

    /** Returns a client of {@code db} that takes this route. */
    DatabaseClient client(PgDatabaseExtension db) {
        return this == COPY ? db.adapter() : new ForwardingClient(db.adapter(), Provider.SUPABASE);
    }

    /** Backs up {@code user}'s rows of {@code db} into {@code file} along this route, failures unwrapped. */
    BackupResult backup(PgDatabaseExtension db, BackupSchema schema, String user, Path file) {
        return RestoreBehaviourTest.join(Backups.backup(client(db), schema, user, file, null, null));
    }

    /** Restores {@code file} into {@code db} for {@code user} along this route, failures unwrapped. */
    RestoreResult restore(PgDatabaseExtension db, BackupSchema schema, Path file, String user, RestoreOptions options) {
        return RestoreBehaviourTest.join(Backups.restore(client(db), schema, file, user, options));
    }

    /** Restores {@code file} into {@code db} for user {@code u1} in {@code mode} along this route. */
    RestoreResult restore(PgDatabaseExtension db, BackupSchema schema, Path file, RestoreMode mode) {
        return restore(db, schema, file, "u1", RestoreOptions.DEFAULTS.withMode(mode));
    }
}
