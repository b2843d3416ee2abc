package dev.dbadapter.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dbadapter.adapter.DatabaseClient;
import dev.dbadapter.adapter.Provider;
import dev.dbadapter.testing.ForwardingClient;
import dev.dbadapter.testing.PgDatabaseExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class BackupEdgeCasesTest {
    @RegisterExtension
    static final PgDatabaseExtension db = new PgDatabaseExtension();

    static final BackupSchema SCHEMA = BackupSchema.of(TableDef.of("notes"));

    @TempDir
    Path dir;

    @BeforeEach
    void table() {
        db.sql("""
                DROP TABLE IF EXISTS notes;
                CREATE TABLE notes (id serial PRIMARY KEY, slug text NOT NULL, user_id text NOT NULL,
                    rank int, archived_at timestamp);
                INSERT INTO notes (slug, user_id, rank, archived_at)
                SELECT 'n' || g, 'u1', g % 3, CASE WHEN g % 2 = 0 THEN timestamp '2026-01-01' END
                FROM generate_series(1, 25000) g;
                """);
    }

    @Test
    void progressIsReportedPerTableUpToTheTotal() {
        List<String> backupUpdates = new ArrayList<>();
        Path file = dir.resolve("notes.json");
        Backups.backup(db.adapter(), SCHEMA, "u1", file, null, null,
                (table, done, total) -> backupUpdates.add(table + " " + done + "/" + total)).join();
        assertThat(backupUpdates).containsExactly("notes 0/25000", "notes 10000/25000", "notes 20000/25000", "notes 25000/25000");

        List<String> restoreUpdates = new ArrayList<>();
        Backups.restore(db.adapter(), SCHEMA, file, "u2", RestoreOptions.DEFAULTS.withProgress(
                (table, done, total) -> restoreUpdates.add(table + " " + done + "/" + total))).join();
        assertThat(restoreUpdates).containsExactly("notes 0/25000", "notes 10000/25000", "notes 20000/25000", "notes 25000/25000");
        assertThat(db.scalar("SELECT count(*) FROM notes WHERE user_id = 'u2'")).isEqualTo(25000L);
    }

    @Test
    void throughAClientWithoutCopyProgressIsReportedAsTheCopyPathReportsIt() {
        DatabaseClient rest = new ForwardingClient(db.adapter(), Provider.SUPABASE);
        List<String> backupUpdates = new ArrayList<>();
        Path file = dir.resolve("notes.json");
        Backups.backup(rest, SCHEMA, "u1", file, null, null,
                (table, done, total) -> backupUpdates.add(table + " " + done + "/" + total)).join();
        assertThat(backupUpdates).as("the total is known at the end only")
                .containsExactly("notes 0/-1", "notes 10000/-1", "notes 20000/-1", "notes 25000/25000");

        List<String> restoreUpdates = new ArrayList<>();
        Backups.restore(rest, SCHEMA, file, "u2", RestoreOptions.DEFAULTS.withProgress(
                (table, done, total) -> restoreUpdates.add(table + " " + done + "/" + total))).join();
        assertThat(restoreUpdates).containsExactly("notes 0/25000", "notes 10000/25000", "notes 20000/25000", "notes 25000/25000");
        assertThat(db.scalar("SELECT count(*) FROM notes WHERE user_id = 'u2'")).isEqualTo(25000L);
    }

    @Test
    void tableFiltersTakeNullsAndNonStringValues() {
        Path file = dir.resolve("filtered.json");
        BackupResult result = Backups.backup(db.adapter(), SCHEMA, "u1", file,
                Map.of("notes", java.util.Collections.unmodifiableMap(new java.util.HashMap<>() {{
                    put("rank", 1);
                    put("archived_at", null);
                }})), null).join();
        assertThat(result.tableCounts()).containsEntry("notes", (Long) db.scalar(
                "SELECT count(*) FROM notes WHERE rank = 1 AND archived_at IS NULL"));
    }

    @Test
    void anUnwritableOutputIsAClearError() throws Exception {
        Path directory = Files.createDirectories(dir.resolve("taken.json")).resolve("inner");
        Files.writeString(directory, "x");
        assertThatThrownBy(() -> Backups.backup(db.adapter(), SCHEMA, "u1", dir.resolve("taken.json"), null, null).join())
                .cause().isInstanceOf(BackupException.class).hasMessageContaining("Cannot write backup file");
        try (var files = Files.list(dir)) {
            assertThat(files.map(path -> path.getFileName().toString()).toList()).containsExactly("taken.json");
        }
    }

    @Test
    void aMissingUserIdIsAClearError() {
        assertThatThrownBy(() -> Backups.backup(db.adapter(), SCHEMA, " ", dir.resolve("x.json"), null, null))
                .isInstanceOf(BackupException.class).hasMessageContaining("No user id");
        assertThat(Files.exists(dir.resolve("x.json"))).isFalse();
    }

    @Test
    void aMissingTargetTableIsAClearErrorAndNothingIsWritten() {
        Path file = dir.resolve("notes.json");
        Backups.backup(db.adapter(), SCHEMA, "u1", file, null, null).join();
        BackupSchema withExtra = BackupSchema.of(TableDef.of("notes"), TableDef.child("gone", "notes", "note_id"));

        assertThatThrownBy(() -> Backups.restore(db.adapter(), withExtra, file, "u2", RestoreMode.SKIP, false).join())
                .isInstanceOf(CompletionException.class).cause()
                .isInstanceOf(BackupException.class).hasMessageContaining("Table 'gone' does not exist");
        assertThatThrownBy(() -> Backups.backup(db.adapter(), withExtra, "u1", dir.resolve("y.json"), null, null).join())
                .cause().isInstanceOf(BackupException.class).hasMessageContaining("Table 'gone' does not exist");
        assertThat(db.scalar("SELECT count(*) FROM notes WHERE user_id = 'u2'")).isEqualTo(0L);
        assertThat(Files.exists(dir.resolve("y.json"))).isFalse();
    }

    @Test
    void aSchemaColumnMissingFromTheTableIsAClearError() {
        Path file = dir.resolve("notes.json");
        Backups.backup(db.adapter(), SCHEMA, "u1", file, null, null).join();
        BackupSchema wrongSlug = BackupSchema.of(TableDef.of("notes").withColumns(null, "code", null));

        assertThatThrownBy(() -> Backups.restore(db.adapter(), wrongSlug, file, "u2", RestoreMode.SKIP, false).join())
                .cause().isInstanceOf(BackupException.class)
                .hasMessageContaining("Table 'notes' has no column 'code' named by the backup schema");
    }
}
