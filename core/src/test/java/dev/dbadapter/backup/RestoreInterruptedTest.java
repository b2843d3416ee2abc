package dev.dbadapter.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbadapter.ErrorCode;
import dev.dbadapter.adapter.DatabaseException;
import dev.dbadapter.adapter.postgres.PoolOptions;
import dev.dbadapter.adapter.postgres.PostgresAdapter;
import dev.dbadapter.testing.DataSnapshot;
import dev.dbadapter.testing.FaultProxy;
import dev.dbadapter.testing.PgDatabaseExtension;
import dev.dbadapter.testing.Reliability;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restore whose connection dies while the file is streaming into COPY: the server ends its
 * session, or the network closes it. The file is a named pipe the test writes, so the restore is
 * stopped mid-COPY at a known point. The promise: one clear error within seconds, every table as
 * before, no staging table left, and the pool's next call succeeds.
 */
@Reliability
class RestoreInterruptedTest {
    @RegisterExtension
    static final PgDatabaseExtension db = new PgDatabaseExtension();

    @TempDir
    Path dir;

    @BeforeEach
    void createTable() {
        db.sql("""
                DROP TABLE IF EXISTS items;
                CREATE TABLE items (id serial PRIMARY KEY, slug text NOT NULL, user_id text NOT NULL, note text);
                INSERT INTO items (slug, user_id) VALUES ('kept', 'u2');
                """);
    }

    @Test
    void aSessionEndedMidCopyFailsAtOnceWithTheCauseAndChangesNothing() throws Exception {
        String name = "restore_terminated";
        PostgresAdapter adapter = db.newAdapter(db.urlNamed(name), PoolOptions.DEFAULTS.withFixedSize(1));
        Throwable error = restoreInterrupted(adapter, () -> db.terminateSessions(name));
        assertThat(error.getMessage()).containsAnyOf("The server terminated the session",
                "The connection to the database was lost");
    }

    @Test
    void aConnectionClosedByTheNetworkMidCopyFailsAtOnceAndChangesNothing() throws Exception {
        try (FaultProxy proxy = FaultProxy.to(db.url())) {
            PostgresAdapter adapter = db.newAdapter(proxy.url(db.url()), PoolOptions.DEFAULTS.withFixedSize(1)
                    .withSocketTimeout(Duration.ofSeconds(2)));
            Throwable error = restoreInterrupted(adapter, proxy::closeAll);
            assertThat(error.getMessage()).contains("The connection to the database was lost");
        }
    }

    /**
     * Restores a piped file through {@code adapter}, runs {@code fault} once its COPY has started, and
     * returns the restore's error after checking what every fault must leave behind.
     */
    private Throwable restoreInterrupted(PostgresAdapter adapter, Runnable fault) throws Exception {
        DataSnapshot before = DataSnapshot.of(db);
        Path pipe = dir.resolve("items.json");
        assertThat(new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor()).isZero();
        long start = System.nanoTime();
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
                Thread.sleep(20);
            }
            assertThat(pid).as("the restore's COPY started").isNotNull();
            fault.run();
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
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("one clear error, soon").isLessThan(Duration.ofSeconds(15));
        assertThat(error).isInstanceOf(DatabaseException.class);
        assertThat(((DatabaseException) error).code()).isEqualTo(ErrorCode.CONNECTION);
        assertThat(error.getMessage()).doesNotContain("IOException").doesNotContain("\n");
        before.assertUnchanged(db);
        assertThat(db.scalar("SELECT count(*) FROM pg_class WHERE relname LIKE 'dba\\_%'")).as("no staging table").isEqualTo(0L);
        assertThat(adapter.count("items", Map.of()).get(30, TimeUnit.SECONDS)).isEqualTo(1L);
        return error;
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
