package dev.dbadapter.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dbadapter.testing.PgDatabaseExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Values the Python library wrote in its own way — Python's {@code json} module's bare
 * {@code NaN} / {@code Infinity}, and {@code str()} of {@code bytes} and {@code timedelta} — restore
 * as the values they stood for, along both {@link Route}s.
 */
class PythonWrittenValuesTest {
    @RegisterExtension
    static final PgDatabaseExtension db = new PgDatabaseExtension();

    static final BackupSchema SCHEMA = BackupSchema.of(TableDef.of("samples"));

    @TempDir
    Path dir;

    @BeforeAll
    static void sqlStandardIntervals() {
        // under sql_standard, "-1 day 23:59:59" would mean minus 1 day 23:59:59, not minus one second
        db.sql("ALTER DATABASE " + db.databaseName() + " SET intervalstyle = 'sql_standard'");
    }

    @BeforeEach
    void createTable() {
        db.sql("""
                DROP TABLE IF EXISTS samples;
                CREATE TABLE samples (id bigserial PRIMARY KEY, slug text, user_id text, ratio double precision,
                    amount numeric, tiny real, data bytea, took interval);
                """);
    }

    Path write(String rows) throws Exception {
        String text = "{\"metadata\": {\"created_at\": \"2026-11-24T12:00:00\", \"user_id\": \"u1\","
                + " \"backup_type\": \"full\", \"version\": \"1.1\"}, \"samples\": " + rows + "}";
        return Files.writeString(dir.resolve("python-" + System.nanoTime() + ".json"), text);
    }

    RestoreResult restore(Route route, Path file) {
        return route.restore(db, SCHEMA, file, RestoreMode.SKIP);
    }

    @ParameterizedTest
    @EnumSource(Route.class)
    void bareNanAndInfinityTokensRestoreIntoFloatAndNumericColumns(Route route) throws Exception {
        Path file = write("""
                [{"id": 1, "slug": "nan", "user_id": "u1", "ratio": NaN, "amount": NaN, "tiny": NaN},
                 {"id": 2, "slug": "inf", "user_id": "u1", "ratio": Infinity, "amount": Infinity, "tiny": -Infinity},
                 {"id": 3, "slug": "neg", "user_id": "u1", "ratio": -Infinity, "amount": -Infinity, "tiny": 1.5}]""");

        RestoreResult result = restore(route, file);

        assertThat(result.totalFailed()).as(result.toString()).isZero();
        assertThat(db.query("SELECT slug, ratio::text, amount::text, tiny::text FROM samples ORDER BY id"))
                .containsExactly(
                        Map.of("slug", "nan", "ratio", "NaN", "amount", "NaN", "tiny", "NaN"),
                        Map.of("slug", "inf", "ratio", "Infinity", "amount", "Infinity", "tiny", "-Infinity"),
                        Map.of("slug", "neg", "ratio", "-Infinity", "amount", "-Infinity", "tiny", "1.5"));
    }

    @ParameterizedTest
    @EnumSource(Route.class)
    void pythonBytesTextRestoresAsTheBytesItShows(Route route) throws Exception {
        // str(b'\x00\xffa\n\'"q'), str(b"it's") and base64 as the library writes it
        Path file = write("""
                [{"id": 1, "slug": "escapes", "user_id": "u1", "data": "b'\\\\x00\\\\xffa\\\\n\\\\'\\"q'"},
                 {"id": 2, "slug": "double-quoted", "user_id": "u1", "data": "b\\"it's\\""},
                 {"id": 3, "slug": "empty", "user_id": "u1", "data": "b''"},
                 {"id": 4, "slug": "base64", "user_id": "u1", "data": "AP8Q"}]""");

        RestoreResult result = restore(route, file);

        assertThat(result.totalFailed()).as(result.toString()).isZero();
        assertThat(db.query("SELECT slug, encode(data, 'hex') AS hex FROM samples ORDER BY id")).containsExactly(
                Map.of("slug", "escapes", "hex", "00ff610a272271"),
                Map.of("slug", "double-quoted", "hex", "69742773"),
                Map.of("slug", "empty", "hex", ""),
                Map.of("slug", "base64", "hex", "00ff10"));
    }

    @ParameterizedTest
    @EnumSource(Route.class)
    void malformedPythonBytesTextIsRefusedNamingTheRowAndChangesNothing(Route route) throws Exception {
        Path file = write("""
                [{"id": 1, "slug": "fine", "user_id": "u1", "data": "b'ok'"},
                 {"id": 2, "slug": "broken", "user_id": "u1", "data": "b'\\\\x0'"}]""");

        assertThatThrownBy(() -> restore(route, file))
                .isInstanceOf(BackupException.class)
                .hasMessageContaining("samples[1].data")
                .hasMessageContaining("\\x without two hex digits");
        assertThat(db.scalar("SELECT count(*) FROM samples")).isEqualTo(0L);
    }

    @ParameterizedTest
    @EnumSource(Route.class)
    void pythonTimedeltaTextRestoresAsTheSameInterval(Route route) throws Exception {
        Path file = write("""
                [{"id": 1, "slug": "day-two-hours", "user_id": "u1", "took": "1 day, 2:00:00"},
                 {"id": 2, "slug": "minus-one-second", "user_id": "u1", "took": "-1 day, 23:59:59"},
                 {"id": 3, "slug": "fraction", "user_id": "u1", "took": "3 days, 0:00:00.500000"},
                 {"id": 4, "slug": "seconds", "user_id": "u1", "took": "0:00:01"},
                 {"id": 5, "slug": "postgres-text", "user_id": "u1", "took": "2 hours"}]""");

        RestoreResult result = restore(route, file);

        assertThat(result.totalFailed()).as(result.toString()).isZero();
        List<Object> seconds = db.query("SELECT extract(epoch FROM took)::text AS s FROM samples ORDER BY id").stream()
                .map(row -> row.get("s")).toList();
        assertThat(seconds).containsExactly("93600.000000", "-1.000000", "259200.500000", "1.000000", "7200.000000");
    }
}
