package dev.dbadapter.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dbadapter.adapter.postgres.PoolOptions;
import dev.dbadapter.adapter.postgres.PostgresAdapter;
import dev.dbadapter.testing.PgDatabaseExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restore leaves its caller's session and transaction as it found them: no setting changed past
 * the restore, no temporary table left, whether it succeeds or fails.
 */
class RestoreSessionTest {
    @RegisterExtension
    static final PgDatabaseExtension db = new PgDatabaseExtension();

    static final BackupSchema SCHEMA = BackupSchema.of(TableDef.of("items"));

    @TempDir
    Path dir;

    Path file;

    @BeforeEach
    void tables() throws Exception {
        db.sql("""
                DROP TABLE IF EXISTS items;
                CREATE TABLE items (id serial PRIMARY KEY, slug text NOT NULL, user_id text NOT NULL, note text);
                """);
        file = Files.writeString(dir.resolve("items.json"), """
                {"metadata": {"version": "1.1", "backup_type": "full", "user_id": "u1", "created_at": "2026-01-01T00:00:00"},
                 "items": [{"id": 1, "slug": "a", "user_id": "u1", "note": "x"}, {"id": 2, "slug": "b", "user_id": "u1"}]}
                """);
    }

    static List<Map<String, Object>> settings(PostgresAdapter adapter) {
        return adapter.execute("SELECT name, setting FROM pg_settings ORDER BY name").join();
    }

    static Object temporaryTables(PostgresAdapter adapter) {
        return adapter.execute("SELECT count(*) AS n FROM pg_class WHERE relname LIKE 'dba\\_%'").join().getFirst().get("n");
    }

    @Test
    void aRestoreInsideACallersTransactionGivesItsSettingsBack() {
        PostgresAdapter one = db.newAdapter(PoolOptions.DEFAULTS.withFixedSize(1));
        Object workMem = one.transaction(tx -> tx.execute("SET LOCAL work_mem = '5MB'")
                .thenCompose(set -> Backups.restore(tx, SCHEMA, file, "u2", RestoreMode.SKIP, false))
                .thenCompose(result -> {
                    assertThat(result.totalInserted()).isEqualTo(2);
                    return tx.execute("SHOW work_mem");
                })
                .thenApply(rows -> rows.getFirst().get("work_mem"))).join();
        assertThat(workMem).isEqualTo("5MB");
        assertThat(db.scalar("SELECT count(*) FROM items WHERE user_id = 'u2'")).isEqualTo(2L);
    }

    @Test
    void theSessionIsAsBeforeAfterARestoreAndAfterAFailedOne() {
        PostgresAdapter one = db.newAdapter(PoolOptions.DEFAULTS.withFixedSize(1));
        List<Map<String, Object>> before = settings(one);

        Backups.restore(one, SCHEMA, file, "u2", RestoreMode.SKIP, false).join();
        assertThat(settings(one)).isEqualTo(before);
        assertThat(temporaryTables(one)).isEqualTo(0L);

        assertThatThrownBy(() -> Backups.restore(one, SCHEMA, file, "u2", RestoreMode.FAIL, false).join())
                .hasCauseInstanceOf(BackupException.class).hasMessageContaining("already exists");
        assertThat(settings(one)).isEqualTo(before);
        assertThat(temporaryTables(one)).isEqualTo(0L);

        Backups.restore(one, SCHEMA, file, "u3", RestoreMode.SKIP, true).join();
        assertThat(settings(one)).isEqualTo(before);
        assertThat(db.scalar("SELECT count(*) FROM items")).isEqualTo(2L);
    }
}
