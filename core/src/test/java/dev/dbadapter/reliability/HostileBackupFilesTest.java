package dev.dbadapter.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.dbadapter.DbAdapterException;
import dev.dbadapter.backup.BackupCheck;
import dev.dbadapter.backup.BackupSchema;
import dev.dbadapter.backup.Backups;
import dev.dbadapter.backup.RestoreMode;
import dev.dbadapter.backup.RestoreResult;
import dev.dbadapter.backup.TableDef;
import dev.dbadapter.testing.DataSnapshot;
import dev.dbadapter.testing.PgDatabaseExtension;
import dev.dbadapter.testing.Reliability;
import dev.dbadapter.testing.ReliabilityFigures;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backup files built to break the reader: truncated at every kind of place, wrong types, huge
 * numbers, 100,000-deep nesting, a 50 MB line, UTF-16, gzip named {@code .json} and text named
 * {@code .gz}. Validation and restore give a clear error or a correct result within seconds; a
 * failed restore writes nothing.
 */
@Reliability
class HostileBackupFilesTest {
    @RegisterExtension
    static final PgDatabaseExtension db = new PgDatabaseExtension();

    static final BackupSchema SCHEMA = BackupSchema.of(TableDef.of("items"));
    static final String HEAD = "{\"metadata\": {\"version\": \"1.1\", \"backup_type\": \"full\", \"user_id\": \"u1\","
            + " \"created_at\": \"2026-01-01T00:00:00\"}, \"items\": [";
    static final String VALID = HEAD + "{\"id\": 1, \"slug\": \"a\", \"user_id\": \"u1\", \"note\": \"n\"},"
            + " {\"id\": 2, \"slug\": \"b\", \"user_id\": \"u1\", \"note\": null}]}";

    @TempDir
    Path dir;

    @BeforeEach
    void table() {
        db.sql("""
                DROP TABLE IF EXISTS items;
                CREATE TABLE items (id serial PRIMARY KEY, slug text NOT NULL, user_id text NOT NULL, note text);
                INSERT INTO items (slug, user_id) VALUES ('kept', 'u2');
                """);
    }

    @Test
    void aFileCutAtAnyPointIsAClearErrorAndRestoresNothing() throws Exception {
        DataSnapshot before = DataSnapshot.of(db);
        for (int length = 0; length < VALID.length() - 1; length += 3) {
            Path file = dir.resolve("cut-" + length + ".json");
            Files.writeString(file, VALID.substring(0, length));
            expectRefused(file);
        }
        before.assertUnchanged(db);
    }

    @Test
    void wrongTypesAndHugeNumbersAreAClearErrorOrRestoredForTheUserOnly() throws Exception {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("metadata-array", "{\"metadata\": [], \"items\": []}");
        cases.put("table-object", HEAD.replace("\"items\": [", "\"items\": {") + "}}");
        cases.put("table-string", HEAD.replace("\"items\": [", "\"items\": \"rows\"") + "}");
        cases.put("row-number", HEAD + "1]}");
        cases.put("id-object", HEAD + "{\"id\": {\"a\": 1}, \"slug\": \"a\"}]}");
        cases.put("slug-array", HEAD + "{\"id\": 1, \"slug\": [1]}]}");
        cases.put("huge-id", HEAD + "{\"id\": 1234567890123456789012345678901234567890, \"slug\": \"a\"}]}");
        cases.put("exponent-id", HEAD + "{\"id\": 1e400, \"slug\": \"a\"}]}");
        cases.put("huge-note", HEAD + "{\"id\": 1, \"slug\": \"a\", \"note\": 1e999999}]}");
        cases.put("version-number", VALID.replace("\"1.1\"", "1.1"));
        cases.put("trailing-garbage", VALID + " {}");
        cases.put("nul-bytes", VALID.replace("\"n\"", "\"n\u0000\""));
        cases.put("lone-surrogate", VALID.replace("\"n\"", "\"\\ud800\""));
        DataSnapshot before = DataSnapshot.of(db);
        for (Map.Entry<String, String> entry : cases.entrySet()) {
            Path file = dir.resolve(entry.getKey() + ".json");
            Files.writeString(file, entry.getValue(), StandardCharsets.UTF_8);
            RestoreResult result = refusedOrRestored(file);
            if (result != null) {
                // restored: as user u9 only, which the snapshot below proves once those rows are gone
                db.sql("DELETE FROM items WHERE user_id = 'u9'");
            }
        }
        before.assertUnchanged(db);
    }

    @Test
    void aHundredThousandDeepNestingIsAClearError() throws Exception {
        Path file = dir.resolve("deep.json");
        try (Writer out = Files.newBufferedWriter(file)) {
            out.write(HEAD + "{\"id\": 1, \"slug\": \"a\", \"note\": ");
            out.write("[".repeat(100_000));
            out.write("]".repeat(100_000));
            out.write("}]}");
        }
        DataSnapshot before = DataSnapshot.of(db);
        expectRefused(file);
        before.assertUnchanged(db);
    }

    @Test
    void aFiftyMegabyteLineIsRestoredCorrectly() throws Exception {
        Path file = dir.resolve("wide.json");
        try (Writer out = Files.newBufferedWriter(file)) {
            out.write(HEAD + "{\"id\": 1, \"slug\": \"wide\", \"user_id\": \"u1\", \"note\": \"");
            char[] chunk = "x".repeat(1 << 20).toCharArray();
            for (int i = 0; i < 50; i++) {
                out.write(chunk);
            }
            out.write("\"}]}");
        }
        ReliabilityFigures.badInput();
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            assertThat(Backups.validateBackup(file, SCHEMA).errors()).isEmpty();
            RestoreResult result = Backups.restore(db.adapter(), SCHEMA, file, "u9", RestoreMode.SKIP, false).get();
            assertThat(result.totalInserted()).isEqualTo(1L);
        });
        assertThat(db.scalar("SELECT length(note) FROM items WHERE slug = 'wide'")).isEqualTo(50 << 20);
    }

    @Test
    void utf16GzipNamedJsonAndTextNamedGzAreAClearErrorOrReadCorrectly() throws Exception {
        Path utf16 = dir.resolve("utf16.json");
        Files.writeString(utf16, VALID, StandardCharsets.UTF_16);
        Path gzipNamedJson = dir.resolve("packed.json");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gzipNamedJson))) {
            out.write(VALID.getBytes(StandardCharsets.UTF_8));
        }
        Path textNamedGz = dir.resolve("plain.json.gz");
        Files.writeString(textNamedGz, VALID);
        Path binary = dir.resolve("random.json");
        Files.write(binary, new java.util.Random(7).ints(4096, 0, 256).collect(java.io.ByteArrayOutputStream::new,
                java.io.ByteArrayOutputStream::write, (a, b) -> a.writeBytes(b.toByteArray())).toByteArray());
        DataSnapshot before = DataSnapshot.of(db);
        for (Path file : new Path[] {utf16, gzipNamedJson, textNamedGz, binary}) {
            RestoreResult result = refusedOrRestored(file);
            if (result != null) {
                assertThat(result.totalInserted()).as(file.toString()).isEqualTo(2L);
                db.sql("DELETE FROM items WHERE user_id = 'u9'");
            }
        }
        before.assertUnchanged(db);
    }

    /** Validates and restores {@code file}, which must be refused with a clear error. */
    private static void expectRefused(Path file) throws Exception {
        assertThat(refusedOrRestored(file)).as(file + " was restored").isNull();
    }

    /**
     * Validates and restores {@code file} as user u9 within seconds: returns the result when it was
     * restored, or null when both refused it with one of the library's errors.
     */
    private static RestoreResult refusedOrRestored(Path file) {
        ReliabilityFigures.badInput();
        return assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            BackupCheck check = Backups.validateBackup(file, SCHEMA);
            assertThat(check.errors()).allSatisfy(error -> assertThat(error).isNotBlank());
            try {
                // restore reads old keys only to map them: it may take a key validate calls malformed
                return Backups.restore(db.adapter(), SCHEMA, file, "u9", RestoreMode.SKIP, false).get();
            } catch (ExecutionException e) {
                assertThat(e.getCause()).as(file.toString()).isInstanceOf(DbAdapterException.class);
                assertThat(e.getCause().getMessage()).as(file.toString()).isNotBlank().doesNotContain("\tat ");
                return null;
            }
        });
    }
}
