package dev.dbadapter.backup;

import static dev.dbadapter.backup.RestoreBehaviourTest.join;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dbadapter.adapter.Provider;
import dev.dbadapter.testing.ForwardingClient;
import dev.dbadapter.testing.PgDatabaseExtension;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Backups#backup} through a client that is not a PostgreSQL one: paged selects give the same
 * file as COPY (values, rows, counts), and what it writes restores along both routes.
 */
class PortableBackupTest {
    @RegisterExtension
    static final PgDatabaseExtension db = new PgDatabaseExtension();

    static final BackupSchema SHOP = BackupSchema.of(TableDef.of("shelves"), TableDef.child("items", "shelves", "shelf_id"));
    static final BackupSchema TYPES = BackupSchema.of(TableDef.of("kinds"));
    /** Every column but {@code padded}: the COPY restore casts to {@code character}, which is {@code char(1)}. */
    static final String TYPED_COLUMNS = "i, big, small, num, num_nan, num_inf, real4, dbl, flag, body, uid, day,"
            + " day_inf, at, at_inf, at_tz, clock, clock_tz, span, net, encode(bin, 'hex') AS bin, tags, nums, grid, dbls, flags,"
            + " stamps, days, docs, bins::text, ids, doc, docb";

    static final ObjectMapper EXACT = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES).build();

    @TempDir
    Path dir;

    /** The tables and rows of these tests: a shop of shelves and items, and a table of every common type. */
    static final String TABLES = """
                CREATE TABLE shelves (id serial PRIMARY KEY, slug text NOT NULL, user_id text NOT NULL, kind text);
                CREATE TABLE items (id bigserial PRIMARY KEY, slug text NOT NULL, user_id text NOT NULL,
                    shelf_id int NOT NULL REFERENCES shelves(id), price numeric(8,2), note text);
                INSERT INTO shelves (slug, user_id, kind) VALUES ('a', 'u1', 'wood'), ('b', 'u1', 'metal'), ('c', 'u1', 'wood'),
                    ('theirs', 'u2', 'wood');
                INSERT INTO items (slug, user_id, shelf_id, price, note)
                    SELECT 'i' || g, CASE WHEN g % 97 = 0 THEN 'u2' ELSE 'u1' END, 1 + g % 4, g / 7.0, CASE WHEN g % 5 = 0 THEN NULL ELSE 'n' || g END
                    FROM generate_series(1, 2600) g;
                CREATE TABLE kinds (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, slug text NOT NULL, user_id uuid NOT NULL,
                    i int, big bigint, small smallint, num numeric, num_nan numeric, num_inf numeric, real4 real, dbl double precision,
                    flag boolean, body text, padded char(5), uid uuid, day date, day_inf date, at timestamp, at_inf timestamp,
                    at_tz timestamptz, clock time, clock_tz timetz, span interval, net inet, bin bytea, tags text[], nums int[],
                    grid int[][], dbls float8[], flags boolean[], stamps timestamptz[], days date[], docs jsonb[], bins bytea[],
                    ids uuid[], doc json, docb jsonb, twice int GENERATED ALWAYS AS (small * 2) STORED);
                INSERT INTO kinds (slug, user_id, i, big, small, num, num_nan, num_inf, real4, dbl, flag, body, padded, uid, day,
                    day_inf, at, at_inf, at_tz, clock, clock_tz, span, net, bin, tags, nums, grid, dbls, flags, stamps, days, docs,
                    bins, ids, doc, docb) VALUES
                  ('one', '00000000-0000-0000-0000-0000000000aa', 2147483647, -9223372036854775808, -32768,
                    98765432109876543210.0123456789, 'NaN', 'Infinity', 0.1, 0.1, true, E'line\\nbreak\\ttab "q" \\\\ é 🎉', 'ab',
                    'B1B2B3B4-0000-4000-8000-00000000000A', '2026-02-28', 'infinity', '2026-11-24 12:00:00.5', '-infinity',
                    '2026-11-24 12:00:00.123+05:30', '23:59:58.25', '12:00:00+05:30', '1 day 02:03:04', '192.168.0.1/24',
                    '\\x00ff10', ARRAY['a', '', NULL, 'q"u', 'b\\s', '{x}', 'NULL'], ARRAY[1, NULL, -3], ARRAY[[1, 2], [3, 4]],
                    '{1e20, 1.5e-5, -0, NaN, -Infinity, 123456789012345, 1e15, 100}'::float8[], '{t,f,NULL}',
                    ARRAY['2026-01-02 03:04:05.5+00'::timestamptz, NULL], ARRAY['2026-01-02'::date], ARRAY['{"a": [1, "x,y"]}'::jsonb,
                    '"s"', '1.50', NULL], ARRAY['\\x00'::bytea, '\\xdead'], ARRAY['a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid],
                    '{"n": 1.10,  "s": "x", "l": [1, 2]}', '{"e": 1e3, "deep": {"big": 12345678901234567890, "f": 0.5}, "a": null}'),
                  ('two', '00000000-0000-0000-0000-0000000000aa', 0, 0, 0, 0.0000001, 1, 0, 1e6, 1e-300, false, '', '', NULL,
                    '0044-03-15', NULL, '2000-01-01', NULL, '1970-01-01 00:00:00Z', '00:00', '12:00-02', '-1 mons', '::1', '\\x',
                    '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', 'null', '[]'),
                  ('nulls', '00000000-0000-0000-0000-0000000000aa', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                    NULL, NULL, NULL, NULL, NULL, NULL);
                """;

    @BeforeAll
    static void tables() {
        db.sql(TABLES);
    }

    static ForwardingClient rest() {
        return new ForwardingClient(db.adapter(), Provider.SUPABASE);
    }

    /**
     * The file as JSON text with every number as written ({@code 20.00} is not {@code 2E+1}), without
     * the one field that differs between two backups, rows in key order (COPY writes them in the
     * order its query plan gives, pages in key order).
     */
    static String content(Path file) throws IOException {
        try (InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(Files.newInputStream(file))
                : Files.newInputStream(file)) {
            JsonNode json = EXACT.readTree(in);
            ((ObjectNode) json.get("metadata")).remove("created_at");
            for (Map.Entry<String, JsonNode> table : json.properties()) {
                if (!table.getKey().equals("metadata")) {
                    List<JsonNode> rows = new ArrayList<>();
                    table.getValue().forEach(rows::add);
                    rows.sort(Comparator.comparingLong(row -> row.get("id").asLong()));
                    ((ArrayNode) table.getValue()).removeAll().addAll(rows);
                }
            }
            return json.toString();
        }
    }

    @Test
    void bothRoutesWriteTheSameFileForEveryCommonType() throws IOException {
        Path copy = dir.resolve("copy.json");
        Path paged = dir.resolve("paged.json");
        String user = "00000000-0000-0000-0000-0000000000aa";
        BackupResult copied = join(Backups.backup(db.adapter(), TYPES, user, copy, null, null));
        BackupResult selected = join(Backups.backup(rest(), TYPES, user, paged, null, null));

        assertThat(selected.tableCounts()).isEqualTo(copied.tableCounts()).containsExactly(Map.entry("kinds", 3L));
        assertThat(content(paged)).isEqualTo(content(copy));
        String written = Files.readString(paged);
        assertThat(written).contains("\"dbls\":[1e+20,1.5e-05,-0,NaN,-Infinity,123456789012345,1e+15,100]")
                .contains("\"real4\":1e+06").contains("\"dbl\":1e-300").contains("\"num\":\"0.0000001\"")
                .contains("\"at_tz\":\"2026-11-24T06:30:00.123+00:00\"").contains("\"clock_tz\":\"12:00:00+05:30\"")
                .contains("\"span\":\"1 day 02:03:04\"").contains("\"bin\":\"AP8Q\"")
                .contains("\"big\":12345678901234567890");
    }

    @Test
    void pagesCoverTheUsersRowsWithFiltersAndOnlyChildrenOfBackedUpParents() throws IOException {
        Path copy = dir.resolve("copy.json.gz");
        Path paged = dir.resolve("paged.json.gz");
        Map<String, Map<String, Object>> filters = Map.of("shelves", Map.of("kind", "wood"));
        Map<String, Object> metadata = Map.of("profile", "test");
        ForwardingClient client = rest();
        BackupResult copied = join(Backups.backup(db.adapter(), SHOP, "u1", copy, filters, metadata));
        BackupResult selected = join(Backups.backup(client, SHOP, "u1", paged, filters, metadata));

        long expected = (Long) db.scalar("SELECT count(*) FROM items i JOIN shelves s ON s.id = i.shelf_id"
                + " WHERE i.user_id = 'u1' AND s.user_id = 'u1' AND s.kind = 'wood'");
        assertThat(selected.tableCounts()).isEqualTo(copied.tableCounts())
                .containsExactly(Map.entry("shelves", 2L), Map.entry("items", expected));
        assertThat(content(paged)).isEqualTo(content(copy));
        assertThat(content(paged)).contains("\"profile\":\"test\"");
        long userItems = (Long) db.scalar("SELECT count(*) FROM items WHERE user_id = 'u1'");
        assertThat(client.calls("selectPage")).as("one page of shelves, the user's items in pages of 1000")
                .isEqualTo(1 + userItems / 1000 + 1);
        try (var files = Files.list(dir)) {
            assertThat(files.map(file -> file.getFileName().toString()).sorted().toList())
                    .as("no temporary file left").containsExactly("copy.json.gz", "paged.json.gz");
        }
    }

    @Test
    void aPagedBackupRestoresAlongBothRoutesToTheSameRows() {
        Path file = dir.resolve("kinds.json");
        String user = "00000000-0000-0000-0000-0000000000aa";
        String other = "00000000-0000-0000-0000-0000000000bb";
        join(Backups.backup(rest(), TYPES, user, file, null, null));
        String original = db.query("SELECT slug, " + TYPED_COLUMNS + ", twice FROM kinds WHERE user_id = '" + user
                + "' ORDER BY id").toString();

        for (Route route : Route.values()) {
            db.sql("DELETE FROM kinds WHERE user_id = '" + other + "'");
            RestoreResult result = route.restore(db, TYPES, file, other, RestoreOptions.DEFAULTS);
            assertThat(result.tables().get("kinds")).as(route.name()).isEqualTo(new TableRestoreResult(3, 0, 0, 0, List.of()));
            assertThat(result.warnings()).as(route.name()).isEmpty();
            assertThat(db.query("SELECT slug, " + TYPED_COLUMNS + ", twice FROM kinds WHERE user_id = '" + other
                    + "' ORDER BY id").toString()).as(route.name()).isEqualTo(original);
        }
        assertThat(db.scalar("SELECT padded FROM kinds WHERE user_id = '" + other + "' AND slug = 'one'"))
                .as("the batched route, restored last, keeps char(5)").isEqualTo("ab   ");
    }

    @Test
    void aMissingTableOrColumnIsAClearErrorAndWritesNoFile() {
        Path file = dir.resolve("missing.json");
        assertThatThrownBy(() -> join(Backups.backup(rest(), BackupSchema.of(TableDef.of("nowhere")), "u1", file, null, null)))
                .isInstanceOf(BackupException.class).hasMessage("Table 'nowhere' does not exist in the database");
        assertThatThrownBy(() -> join(Backups.backup(rest(), SHOP, "u1", file, Map.of("items", Map.of("colour", "red")), null)))
                .isInstanceOf(BackupException.class).hasMessage("Table 'items' has no column 'colour'");
        assertThatThrownBy(() -> Backups.backup(rest(), SHOP, "u1", file, Map.of("racks", Map.of("kind", "x")), null))
                .isInstanceOf(BackupException.class).hasMessageContaining("'racks', which is not in the backup schema");
        assertThat(dir.resolve("missing.json")).doesNotExist();
    }
}
