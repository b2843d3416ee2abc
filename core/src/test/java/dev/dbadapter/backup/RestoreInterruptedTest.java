package dev.dbadapter.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbadapter.ErrorCode;
import dev.dbadapter.adapter.DatabaseException;
import dev.dbadapter.adapter.postgres.PoolOptions;
import dev.dbadapter.adapter.postgres.PostgresAdapter;
import dev.dbadapter.testing.PgDatabaseExtension;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restore whose session the server ends while the file is streaming into COPY. The file is a
 * named pipe the test writes, so the restore is stopped mid-COPY at a known point.
 */
class RestoreInterruptedTest {
    @RegisterExtension
    static final PgDatabaseExtension db = new PgDatabaseExtension();

    @TempDir
    Path dir;

    @Test
    void aSessionEndedMidCopyFailsAtOnceWithTheCauseAndChangesNothing() throws Exception {
        db.sql("""
                CREATE TABLE items (id serial PRIMARY KEY, slug text NOT NULL, user_id text NOT NULL, note text);
                INSERT INTO items (slug, user_id) VALUES ('kept', 'u2');
                """);
        Path pipe = dir.resolve("items.json");
        assertThat(new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor()).isZero();
        PostgresAdapter adapter = db.newAdapter(PoolOptions.DEFAULTS.withFixedSize(1));
        CompletableFuture<RestoreResult> restore = Backups.restore(adapter, BackupSchema.of(TableDef.of("items")),
                pipe, "u2", RestoreMode.SKIP, false);

        try (OutputStream out = Files.newOutputStream(pipe)) {
            out.write("""
                    {"metadata": {"version": "1.1", "backup_type": "full", "user_id": "u1", "created_at": "2026-01-01T00:00:00"},
                     "items": [{"id": 0, "slug": "s0", "user_id": "u1"}""".getBytes(StandardCharsets.UTF_8));
            out.flush();
            Object pid = null;
            for (int i = 0; i < 600 && pid == null; i++) {
                pid = db.scalar("SELECT max(pid) FROM pg_stat_activity WHERE datname = current_database()"
                        + " AND query LIKE 'COPY%'");
                Thread.sleep(50);
            }
            assertThat(pid).as("the restore's COPY started").isNotNull();
            db.sql("SELECT pg_terminate_backend(" + pid + ")");
            String note = "x".repeat(200);
            for (int i = 1; i < 200_000; i++) {
                out.write((", {\"id\": " + i + ", \"slug\": \"s" + i + "\", \"user_id\": \"u1\", \"note\": \"" + note + "\"}")
                        .getBytes(StandardCharsets.UTF_8));
            }
            out.write("]}".getBytes(StandardCharsets.UTF_8));
        } catch (IOException brokenPipe) {
            // the restore stopped reading, as it should once its COPY failed
        }

        Throwable error = catchFailure(restore);
        assertThat(error).isInstanceOf(DatabaseException.class);
        DatabaseException database = (DatabaseException) error;
        assertThat(database.code()).isEqualTo(ErrorCode.CONNECTION);
        assertThat(database.getMessage()).containsAnyOf("The server terminated the session",
                "The connection to the database was lost").doesNotContain("IOException");
        assertThat(db.query("SELECT slug, user_id FROM items").toString()).isEqualTo("[{slug=kept, user_id=u2}]");
        assertThat(db.scalar("SELECT count(*) FROM pg_class WHERE relname LIKE 'dba\\_%'")).isEqualTo(0L);
        assertThat(adapter.count("items", Map.of()).get(30, TimeUnit.SECONDS)).isEqualTo(1L);
    }

    private static Throwable catchFailure(CompletableFuture<?> future) throws Exception {
        try {
            future.get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | CompletionException e) {
            return e.getCause();
        }
        throw new AssertionError("the restore succeeded");
    }
}
