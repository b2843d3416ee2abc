package dev.dbadapter.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dbadapter.testing.PgDatabaseExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Backup files cross between this library and the Python one without loss: the files we write keep
 * every value when read as Python's {@code json.load} reads them ({@code numeric} as strings,
 * non-finite floats as bare tokens), and a file in the Python library's exact output style restores
 * to the values Python read from the database — along both {@link Route}s.
 */
class PythonFileConventionsTest {
    @RegisterExtension
    static final PgDatabaseExtension db = new PgDatabaseExtension();

    static final BackupSchema SCHEMA = BackupSchema.of(TableDef.of("samples"));

    /** Every column as text, so values compare exactly, whatever their Java type. */
    static final String AS_TEXT = "SELECT slug, amount::text, amounts::text, ratio::text, ratios::text, tiny::text,"
            + " data::text, extract(epoch FROM took)::text AS took, day::text, at::text, at_tz::text, clock::text, clock_tz::text, uid::text,"
            + " doc::text, label FROM samples ORDER BY slug";

    @TempDir
    Path dir;

    @BeforeEach
    void createTable() {
        db.sql("""
                DROP TABLE IF EXISTS samples;
                CREATE TABLE samples (id bigserial PRIMARY KEY, slug text, user_id text, amount numeric, amounts numeric[],
                    ratio double precision, ratios float8[], tiny real, data bytea, took interval, day date,
                    at timestamp, at_tz timestamptz, clock time, clock_tz timetz, uid uuid, doc jsonb, label text);
                SET timezone = 'UTC';
                """);
    }

    void insertAwkwardValues() {
        db.sql("""
                INSERT INTO samples (slug, user_id, amount, amounts, ratio, ratios, tiny) VALUES
                  ('huge', 'u1', 12345678901234567890.123456789012345678, '{1.10,NaN,-0.5}', 0.1, '{1e+20,NaN,-Infinity}', 1.1),
                  ('tiny', 'u1', 1E-30, '{}', 'NaN', NULL, 'Infinity'),
                  ('scaled', 'u1', 0.000, NULL, '-Infinity', '{}', '-Infinity'),
                  ('special', 'u1', 'NaN', '{Infinity}', 1.7976931348623157e308, '{4.9e-324}', 3.4028235e38),
                  ('infinite', 'u1', '-Infinity', NULL, 123456789.123456789, NULL, NULL)
                """);
    }

    @ParameterizedTest
    @EnumSource(Route.class)
    void ourNumbersSurviveAReaderThatMakesEveryFractionADouble(Route route) throws Exception {
        insertAwkwardValues();
        Path file = dir.resolve("ours.json");

        route.backup(db, SCHEMA, "u1", file);

        assertThat(PythonJson.numbersADoubleWouldChange(file)).isEmpty();
        Map<String, Map<String, Object>> rows = rowsBySlug(file);
        assertThat(rows.get("huge")).containsEntry("amount", "12345678901234567890.123456789012345678")
                .containsEntry("amounts", List.of("1.10", "NaN", "-0.5")).containsEntry("ratio", 0.1)
                .containsEntry("tiny", 1.1);
        assertThat(rows.get("huge").get("ratios")).isEqualTo(List.of(1e20, Double.NaN, Double.NEGATIVE_INFINITY));
        assertThat(rows.get("tiny")).containsEntry("amount", "0.000000000000000000000000000001")
                .containsEntry("ratio", Double.NaN).containsEntry("tiny", Double.POSITIVE_INFINITY);
        assertThat(rows.get("scaled")).containsEntry("amount", "0.000").containsEntry("ratio", Double.NEGATIVE_INFINITY);
        assertThat(rows.get("special")).containsEntry("amount", "NaN").containsEntry("amounts", List.of("Infinity"))
                .containsEntry("ratio", Double.MAX_VALUE).containsEntry("ratios", List.of(Double.MIN_VALUE));
        assertThat(rows.get("infinite")).containsEntry("amount", "-Infinity");
        String text = Files.readString(file);
        assertThat(text).contains("\"ratio\":NaN").contains("\"ratio\":-Infinity").contains("\"tiny\":Infinity")
                .doesNotContain("\"NaN\",\"tiny\"").doesNotContain("\"ratio\":\"");
    }

    @ParameterizedTest
    @EnumSource(Route.class)
    void ourFileRestoresToTheSameValues(Route route) throws Exception {
        insertAwkwardValues();
        List<Map<String, Object>> before = db.query(AS_TEXT);
        Path file = dir.resolve("ours.json");
        route.backup(db, SCHEMA, "u1", file);
        db.sql("TRUNCATE samples");

        RestoreResult result = route.restore(db, SCHEMA, file, RestoreMode.SKIP);

        assertThat(result.totalFailed()).as(result.toString()).isZero();
        assertThat(db.query(AS_TEXT)).isEqualTo(before);
    }

    /** A file as the Python library writes it: {@code json.dump(data, f, indent=2, default=str)}. */
    static final String PYTHON_FILE = """
            {
              "metadata": {
                "created_at": "2026-11-24T12:00:00.123456",
                "user_id": "u1",
                "backup_type": "full",
                "version": "1.1",
                "samples_count": 5
              },
              "samples": [
                {
                  "id": 1,
                  "slug": "numbers",
                  "user_id": "u1",
                  "amount": "12345678901234567890.123456789012345678",
                  "amounts": ["19.99", "1E-30", "NaN"],
                  "ratio": NaN,
                  "ratios": [Infinity, -Infinity, 0.1, 1e+20],
                  "tiny": -Infinity,
                  "data": "b'\\\\x00\\\\xff\\\\'q\\"'",
                  "took": "-1 day, 23:59:59",
                  "day": "2026-02-28",
                  "at": "2026-11-24T12:00:00",
                  "at_tz": "2026-11-24T12:00:00+00:00",
                  "clock": "12:30:00",
                  "clock_tz": "12:30:00+05:30",
                  "uid": "b1b2b3b4-0000-4000-8000-00000000000a",
                  "doc": {"n": 1.10, "s": "caf\\u00e9", "l": [1, "x,y"]},
                  "label": "caf\\u00e9 \\ud83c\\udf89 \\"q\\" \\\\ back"
                },
                {
                  "id": 2,
                  "slug": "micros",
                  "user_id": "u1",
                  "amount": "1E-30",
                  "ratio": Infinity,
                  "took": "3 days, 0:00:00.500000",
                  "at": "2026-11-24T12:00:00.000001",
                  "at_tz": "2026-11-24T12:00:00.500000-03:30",
                  "clock": "23:59:59.999999",
                  "clock_tz": "00:00:00.000001+00:00",
                  "doc": [1, "two", null, {"three": 3}]
                },
                {"id": 3, "slug": "json-string", "user_id": "u1", "doc": "just text", "data": "b''", "took": "0:00:01"},
                {"id": 4, "slug": "json-number", "user_id": "u1", "doc": 12345678901234567890, "amount": "0.000"},
                {"id": 5, "slug": "json-null", "user_id": "u1", "doc": null, "label": "\\u00e9t\\u00e9"}
              ]
            }
            """;

    @ParameterizedTest
    @EnumSource(Route.class)
    void aFileInThePythonLibrarysStyleRestoresToTheValuesPythonRead(Route route) throws Exception {
        Path file = Files.writeString(dir.resolve("python.json"), PYTHON_FILE);
        assertThat(Backups.validateBackup(file, SCHEMA).valid()).isTrue();

        RestoreResult result = route.restore(db, SCHEMA, file, RestoreMode.SKIP);

        assertThat(result.totalFailed()).as(result.toString()).isZero();
        Map<String, Map<String, Object>> rows = db.query(AS_TEXT).stream()
                .collect(java.util.stream.Collectors.toMap(row -> (String) row.get("slug"), row -> row));
        assertThat(rows.get("numbers"))
                .containsEntry("amount", "12345678901234567890.123456789012345678")
                .containsEntry("amounts", "{19.99,0.000000000000000000000000000001,NaN}")
                .containsEntry("ratio", "NaN").containsEntry("ratios", "{Infinity,-Infinity,0.1,1e+20}")
                .containsEntry("tiny", "-Infinity").containsEntry("data", "\\x00ff277122")
                .containsEntry("took", "-1.000000").containsEntry("day", "2026-02-28")
                .containsEntry("at", "2026-11-24 12:00:00").containsEntry("at_tz", "2026-11-24 12:00:00+00")
                .containsEntry("clock", "12:30:00").containsEntry("clock_tz", "12:30:00+05:30")
                .containsEntry("uid", "b1b2b3b4-0000-4000-8000-00000000000a")
                .containsEntry("doc", "{\"l\": [1, \"x,y\"], \"n\": 1.10, \"s\": \"café\"}")
                .containsEntry("label", "café 🎉 \"q\" \\ back");
        assertThat(rows.get("micros"))
                .containsEntry("amount", "0.000000000000000000000000000001").containsEntry("ratio", "Infinity")
                .containsEntry("took", "259200.500000").containsEntry("at", "2026-11-24 12:00:00.000001")
                .containsEntry("at_tz", "2026-11-24 15:30:00.5+00").containsEntry("clock", "23:59:59.999999")
                .containsEntry("clock_tz", "00:00:00.000001+00")
                .containsEntry("doc", "[1, \"two\", null, {\"three\": 3}]");
        assertThat(rows.get("json-string")).containsEntry("doc", "\"just text\"").containsEntry("data", "\\x")
                .containsEntry("took", "1.000000");
        assertThat(rows.get("json-number")).containsEntry("doc", "12345678901234567890").containsEntry("amount", "0.000");
        assertThat(rows.get("json-null")).containsEntry("doc", null).containsEntry("label", "été");
    }

    @ParameterizedTest
    @EnumSource(Route.class)
    void aValueThatCannotBeReadIsAnErrorNamingTableRowAndColumnAndChangesNothing(Route route) throws Exception {
        Path file = Files.writeString(dir.resolve("python.json"), PYTHON_FILE.replace("\"took\": \"0:00:01\"",
                "\"took\": \"b'\\\\x0'\"").replace("\"data\": \"b''\"", "\"data\": \"b'\\\\x0'\""));

        assertThatThrownBy(() -> route.restore(db, SCHEMA, file, RestoreMode.SKIP))
                .isInstanceOf(BackupException.class)
                .hasMessageContaining("samples[2].data");
        assertThat(db.scalar("SELECT count(*) FROM samples")).isEqualTo(0L);
    }

    @ParameterizedTest
    @EnumSource(Route.class)
    void aBareNanInAJsonbColumnIsRefusedWithoutWritingAnything(Route route) throws Exception {
        Path file = Files.writeString(dir.resolve("python.json"),
                PYTHON_FILE.replace("\"doc\": 12345678901234567890", "\"doc\": NaN"));

        assertThatThrownBy(() -> route.restore(db, SCHEMA, file, RestoreMode.SKIP))
                .isInstanceOf(BackupException.class)
                .hasMessageContaining("samples[3].doc: NaN is not a JSON value");
        assertThat(db.scalar("SELECT count(*) FROM samples")).isEqualTo(0L);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> rowsBySlug(Path file) throws Exception {
        return ((List<Map<String, Object>>) PythonJson.load(file).get("samples")).stream()
                .collect(java.util.stream.Collectors.toMap(row -> (String) row.get("slug"), row -> row));
    }
}
