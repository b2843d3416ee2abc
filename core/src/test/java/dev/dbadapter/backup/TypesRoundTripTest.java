package dev.dbadapter.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbadapter.adapter.postgres.internal.ValueCodec;
import dev.dbadapter.testing.PgDatabaseExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class TypesRoundTripTest {
    @RegisterExtension
    static final PgDatabaseExtension db = new PgDatabaseExtension();

    static final String COLUMNS = "i, big, num, dbl, flag, body, uid, day, at, at_tz, tags, nums, doc, docb, grid, tiny,"
            + " flags::text, stamps::text, docs::text, bins::text";

    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("unchecked")
    void everyTypeSurvivesBackupAndRestoreIntoAnEmptyDatabase() throws Exception {
        db.sql("""
                CREATE TABLE things (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, slug text, user_id uuid,
                    i integer, big bigint, num numeric, dbl double precision, flag boolean, body text, uid uuid,
                    day date, at timestamp, at_tz timestamptz, bin bytea, tags text[], nums int[], doc json, docb jsonb,
                    grid int[][], tiny real, flags boolean[], stamps timestamptz[], docs jsonb[], bins bytea[], twice integer GENERATED ALWAYS AS (i * 2) STORED);
                INSERT INTO things (slug, user_id, i, big, num, dbl, flag, body, uid, day, at, at_tz, bin, tags, nums, doc, docb, grid, tiny, flags, stamps, docs, bins)
                VALUES ('full', 'aaaaaaaa-0000-0000-0000-000000000001', -1073741824, 9223372036854775807,
                    123456789012345678901234567890.123456789012345678901, 0.1, true, E'multi\\nline\\ttab "quoted" \\\\ back',
                    'b1b2b3b4-0000-4000-8000-00000000000a', '2026-02-28', '2026-11-24 12:00:00.123456',
                    '2026-11-24 12:00:00+05:30', '\\x00ff10', ARRAY['a', 'b c', '', NULL, 'q"uote', 'back\\slash', '{brace}'],
                    ARRAY[1, NULL, 3], '{"n": 1.10, "s": "x", "l": [1, 2]}', '{"deep": {"big": 12345678901234567890}}',
                    ARRAY[[1, 2], [3, 4]], 1.5, '{t,f,NULL}', ARRAY['2026-01-02 03:04:05.5+00'::timestamptz, NULL],
                    ARRAY['{"a": [1, "x,y"]}'::jsonb, '"s"'::jsonb, NULL], ARRAY['\\x00'::bytea, '\\xdead'::bytea]),
                    ('tiny-num', 'aaaaaaaa-0000-0000-0000-000000000001', 0, 0, 0.0000001, 'NaN', false, '', NULL,
                    '0001-01-01', '2026-01-01 00:00:00', '1970-01-01 00:00:00Z', '\\x', '{}', '{}', 'null', '[]', '{}', '-Infinity',
                    '{}', '{}', '{}', '{}'),
                    ('nulls', 'aaaaaaaa-0000-0000-0000-000000000001', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
                """);
        BackupSchema schema = BackupSchema.of(TableDef.of("things"));
        String user = "aaaaaaaa-0000-0000-0000-000000000001";
        List<Map<String, Object>> before = db.query("SELECT slug, " + COLUMNS + ", encode(bin, 'hex') AS bin_hex FROM things ORDER BY slug");
        Path file = dir.resolve("things.json");
        Backups.backup(db.adapter(), schema, user, file, null, null).join();

        Map<?, ?> json = PythonJson.load(file);
        @SuppressWarnings("unchecked")
        Map<String, Object> full = (Map<String, Object>) ((List<?>) json.get("things")).stream()
                .filter(row -> "full".equals(((Map<?, ?>) row).get("slug"))).findFirst().orElseThrow();
        assertThat(full.get("num").toString()).isEqualTo("123456789012345678901234567890.123456789012345678901");
        assertThat(full.get("big")).isEqualTo(9223372036854775807L);
        assertThat(full.get("at")).isEqualTo("2026-11-24T12:00:00.123456");
        assertThat(full.get("at_tz")).isEqualTo("2026-11-24T06:30:00+00:00");
        assertThat(full.get("uid")).isEqualTo("b1b2b3b4-0000-4000-8000-00000000000a");
        assertThat(full.get("bin")).isEqualTo("AP8Q");
        assertThat((List<Object>) full.get("tags")).containsExactly("a", "b c", "", null, "q\"uote", "back\\slash", "{brace}");
        assertThat((List<Object>) full.get("nums")).containsExactly(1, null, 3);
        assertThat(full.get("doc")).isInstanceOf(Map.class);
        assertThat(full.get("grid")).isEqualTo(List.of(List.of(1, 2), List.of(3, 4)));
        assertThat((List<Object>) full.get("flags")).containsExactly(true, false, null);
        assertThat((List<Object>) full.get("stamps")).containsExactly("2026-01-02T03:04:05.5+00:00", null);
        assertThat((List<Object>) full.get("docs")).containsExactly(Map.of("a", List.of(1, "x,y")), "s", null);
        assertThat((List<Object>) full.get("bins")).containsExactly("AA==", "3q0=");
        assertThat(full).containsEntry("twice", -2147483648);

        db.sql("TRUNCATE things RESTART IDENTITY");
        RestoreResult result = Backups.restore(db.adapter(), schema, file, user, RestoreMode.SKIP, false).join();

        assertThat(result.tables().get("things").inserted()).as(result.toString()).isEqualTo(3);
        assertThat(result.totalFailed()).isZero();
        assertThat(result.warnings()).isEmpty();
        List<Map<String, Object>> after = db.query("SELECT slug, " + COLUMNS + ", encode(bin, 'hex') AS bin_hex FROM things ORDER BY slug");
        assertThat(after.toString()).isEqualTo(before.toString());
        assertThat(after.getFirst().get("bin_hex")).isEqualTo("00ff10");
        assertThat(db.scalar("SELECT twice FROM things WHERE slug = 'full'")).isEqualTo(-2147483648);
        assertThat(db.scalar("SELECT count(*) FROM things WHERE user_id = '" + user + "'")).isEqualTo(3L);
    }
}
