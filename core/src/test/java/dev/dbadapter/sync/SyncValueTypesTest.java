package dev.dbadapter.sync;

import static dev.dbadapter.sync.SyncFixture.checksum;
import static dev.dbadapter.sync.SyncFixture.join;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dbadapter.backup.BackupSchema;
import dev.dbadapter.backup.TableDef;
import dev.dbadapter.testing.PgDatabaseExtension;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An overwrite sync compares values of every common type, and of a column typed otherwise on each
 * side: equal values never count as differing, and a change to any one value of any type is found in
 * exactly its row.
 */
class SyncValueTypesTest {
    private static final int ROWS = 40;
    private static final BackupSchema SCHEMA = BackupSchema.of(TableDef.of("kinds"));

    @RegisterExtension
    static final PgDatabaseExtension source = new PgDatabaseExtension();
    @RegisterExtension
    static final PgDatabaseExtension destination = new PgDatabaseExtension();

    private static final String TABLE = """
            DROP TABLE IF EXISTS kinds;
            CREATE COLLATION IF NOT EXISTS case_blind (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
            CREATE TABLE kinds (id serial PRIMARY KEY, slug text NOT NULL, user_id text NOT NULL, i2 smallint,
                i4 integer, i8 bigint, f4 real, f8 double precision, n numeric, b boolean, ts timestamp,
                tstz timestamptz, u uuid, j jsonb, ints integer[], texts text[], day date, plain json, other %1$s,
                price numeric(10,2), tz3 timestamptz(3), blind text COLLATE case_blind);
            INSERT INTO kinds (slug, user_id, i2, i4, i8, f4, f8, n, b, ts, tstz, u, j, ints, texts, day, plain, other, price, tz3,
                blind)
            SELECT 'k-' || g, u, g, g * 1000, g * 10000000000, g / 4.0, g / 3.0, g / 7.0, g %% 2 = 0,
                timestamp '2026-01-01' + g * interval '1 minute', timestamptz '2026-01-01 00:00+00' + g * interval '1 hour',
                md5(g::text)::uuid, jsonb_build_object('g', g, 'list', jsonb_build_array(g, 'x')), ARRAY[g, NULL, 2],
                ARRAY['a' || g, 'b,"c"'], date '2026-01-01' + g, json_build_object('g', g), g, g / 8.0,
                timestamptz '2026-01-01 00:00+00' + g * interval '1.5 second', 'Name ' || g
            FROM generate_series(1, %2$d) g, (VALUES ('u1'), ('u2')) users(u);
            """;

    @BeforeEach
    void createRows() {
        source.sql(TABLE.formatted("integer", ROWS));
        // a column the destination types otherwise: compared by its text
        destination.sql(TABLE.formatted("bigint", ROWS));
    }

    private static SyncResult overwrite() {
        return join(Syncs.sync(source.adapter(), destination.adapter(),
                SyncOptions.of(List.of("kinds"), "u1").withBackupSchema(SCHEMA).withMode(SyncMode.OVERWRITE).confirmed()));
    }

    @Test
    void equalValuesOfEveryTypeAreNotCountedAsDiffering() {
        String before = checksum(destination, "kinds", "true");

        SyncResult result = overwrite();

        assertThat(result.ok()).as(result.toString()).isTrue();
        assertThat(result.tables().get("kinds")).extracting(TableSyncResult::sourceRows, TableSyncResult::newRows,
                TableSyncResult::differing, TableSyncResult::updated).containsExactly((long) ROWS, 0L, 0L, 0L);
        assertThat(checksum(destination, "kinds", "true")).isEqualTo(before);
    }

    @Test
    void aJsonbNumberWithMoreZerosIsTheSameValueAsPostgresqlComparesIt() {
        source.sql("UPDATE kinds SET j = jsonb_set(j, '{g}', '7.00') WHERE slug = 'k-7' AND user_id = 'u1'");
        assertThat(source.scalar("SELECT j = jsonb_set(j, '{g}', '7') FROM kinds WHERE slug = 'k-7' AND user_id = 'u1'"))
                .isEqualTo(true);
        String before = checksum(destination, "kinds", "true");

        SyncResult result = overwrite();

        assertThat(result.tables().get("kinds").differing()).isZero();
        assertThat(checksum(destination, "kinds", "true")).isEqualTo(before);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "i2 = i2 + 1", "i4 = -i4", "i8 = i8 + 1", "f4 = f4 + 0.5", "f8 = f8 * 2", "n = n + 0.0001", "b = NOT b",
        "ts = ts + interval '1 microsecond'", "tstz = tstz + interval '1 second'", "u = md5('other')::uuid",
        "j = jsonb_set(j, '{g}', '\"changed\"')", "ints = ARRAY[1, 2, NULL]", "texts = ARRAY['b,\"c\"', 'a7']",
        "day = day + 1", "plain = '{\"g\": 0}'", "other = other + 1", "i4 = NULL", "j = NULL",
        // values hashed as values, not text: the smallest change, a null, an infinity
        "tstz = tstz + interval '1 microsecond'", "tstz = 'infinity'", "ts = '-infinity'", "b = NULL", "i8 = -i8",
        "price = price + 0.01", "price = NULL", "tz3 = tz3 + interval '1 millisecond'", "u = NULL",
        "j = jsonb_insert(j, '{extra}', '[1, 2]')", "j = '{}'", "j = jsonb_set(j, '{list,0}', '8')",
        // arrays hashed as their elements: other bounds or dimensions, same elements
        "ints = '[0:2]={7,NULL,2}'", "texts = ARRAY[texts]", "ints = ARRAY[NULL, 2]::integer[]",
        // a case a case-blind collation does not see
        "blind = upper(blind)",
        // the same number with one more digit: an unconstrained numeric is compared by its text
        "n = n * 1.0"})
    void aChangeToOneValueOfAnyTypeIsFoundInExactlyItsRow(String change) {
        source.sql("UPDATE kinds SET " + change + " WHERE slug = 'k-7' AND user_id = 'u1'");
        String untouched = checksum(destination, "kinds", "slug <> 'k-7' OR user_id <> 'u1'");

        SyncResult result = overwrite();

        assertThat(result.tables().get("kinds")).extracting(TableSyncResult::differing, TableSyncResult::updated)
                .as(change).containsExactly(1L, 1L);
        assertThat(destination.query("SELECT i2, i4, i8, f4, f8, n, b, ts, tstz, u, j, ints, texts, day, plain::text,"
                + " other, price, tz3, blind FROM kinds WHERE slug = 'k-7' AND user_id = 'u1'").toString())
                .isEqualTo(source.query("SELECT i2, i4, i8, f4, f8, n, b, ts, tstz, u, j, ints, texts, day, plain::text,"
                        + " other, price, tz3, blind FROM kinds WHERE slug = 'k-7' AND user_id = 'u1'").toString());
        assertThat(checksum(destination, "kinds", "slug <> 'k-7' OR user_id <> 'u1'")).isEqualTo(untouched);
    }
}
