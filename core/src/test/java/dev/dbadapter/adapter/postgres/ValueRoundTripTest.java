package dev.dbadapter.adapter.postgres;

import static dev.dbadapter.adapter.postgres.Async.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dbadapter.adapter.postgres.internal.ValueCodec;
import dev.dbadapter.testing.PgDatabaseExtension;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every value type of DESIGN.md written through insert and read back through select. */
class ValueRoundTripTest {
    @RegisterExtension
    static final PgDatabaseExtension db = new PgDatabaseExtension();

    @BeforeAll
    static void createTables() {
        db.sql("""
                CREATE TABLE scalars (
                    id serial PRIMARY KEY,
                    i integer, l bigint, n numeric(12,4), d double precision, b boolean, s text,
                    u uuid, day date, ts timestamp, tstz timestamptz, bin bytea);
                CREATE TABLE arrays (
                    id serial PRIMARY KEY,
                    ints integer[], texts text[], uuids uuid[], grid integer[][]);
                CREATE TABLE docs (
                    id serial PRIMARY KEY, j json, jb jsonb, tags text[], note text);
                """);
    }

    private static Map<String, Object> roundTrip(String table, Map<String, ?> data) {
        Map<String, Object> created = await(db.adapter().insert(table, data));
        List<Map<String, Object>> read = await(db.adapter().select(table, Map.of("id", created.get("id"))));
        assertThat(read).hasSize(1);
        assertThat(read.getFirst()).usingRecursiveComparison().isEqualTo(created);
        return read.getFirst();
    }

    @Test
    void scalarValuesComeBackAsTheirNaturalJavaTypes() {
        UUID uuid = UUID.randomUUID();
        LocalDateTime timestamp = LocalDateTime.of(2026, 11, 24, 12, 30, 45, 123_456_000);
        OffsetDateTime instant = OffsetDateTime.of(2026, 11, 24, 12, 0, 0, 0, ZoneOffset.ofHours(2));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("i", 42);
        data.put("l", 9_000_000_000L);
        data.put("n", new BigDecimal("12345678.1200"));
        data.put("d", 3.25);
        data.put("b", true);
        data.put("s", "hello");
        data.put("u", uuid);
        data.put("day", LocalDate.of(2026, 2, 28));
        data.put("ts", timestamp);
        data.put("tstz", instant);
        data.put("bin", new byte[] {0, 1, (byte) 0xff, 42});

        Map<String, Object> row = roundTrip("scalars", data);

        assertThat(row.get("id")).isInstanceOf(Integer.class);
        assertThat(row.get("i")).isEqualTo(42);
        assertThat(row.get("l")).isEqualTo(9_000_000_000L);
        assertThat(row.get("n")).isEqualTo(new BigDecimal("12345678.1200"));
        assertThat(row.get("d")).isEqualTo(3.25);
        assertThat(row.get("b")).isEqualTo(true);
        assertThat(row.get("s")).isEqualTo("hello");
        assertThat(row.get("u")).isEqualTo(uuid);
        assertThat(row.get("day")).isEqualTo(LocalDate.of(2026, 2, 28));
        assertThat(row.get("ts")).isEqualTo(timestamp);
        assertThat(row.get("tstz")).isInstanceOf(OffsetDateTime.class);
        assertThat(((OffsetDateTime) row.get("tstz")).isEqual(instant)).isTrue();
        assertThat((byte[]) row.get("bin")).containsExactly(0, 1, 0xff, 42);
    }

    @Test
    void timestampsWithTimeZoneReadAsTheDriverGivesThemInTextAndBinaryTransfer() throws Exception {
        db.sql("""
                CREATE TABLE stamps (id int PRIMARY KEY, at timestamptz);
                INSERT INTO stamps VALUES (1, '2026-11-24 12:00:00.123456+02'), (2, '1970-01-01 00:00:00Z'),
                    (3, '1969-12-31 23:59:59.999999Z'), (4, '1582-10-15 00:00:00Z'), (5, '1582-10-14 23:59:59.999999Z'),
                    (6, '1500-06-01 12:00:00Z'), (7, '0044-03-15 00:00:00Z BC'), (8, 'infinity'), (9, '-infinity'),
                    (10, NULL), (11, '9999-12-31 23:59:59.999999Z');
                """);
        Map<Integer, OffsetDateTime> expected = new HashMap<>();
        try (Connection connection = db.connection(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT id, at FROM stamps")) {
            while (rs.next()) {
                expected.put(rs.getInt(1), rs.getObject(2, OffsetDateTime.class));
            }
        }
        assertThat(expected).hasSize(11).containsEntry(8, OffsetDateTime.MAX).containsEntry(9, OffsetDateTime.MIN);

        // the driver switches a statement it has run five times to binary transfer
        for (int round = 0; round < 7; round++) {
            for (int id = 1; id <= 11; id++) {
                Object read = await(db.adapter().select("stamps", Map.of("id", id))).getFirst().get("at");
                assertThat(read).as("row %d, round %d", id, round).isEqualTo(expected.get(id));
            }
        }
        assertThat(await(db.adapter().select("stamps", "at", Map.of(), "id"))).extracting(row -> row.get("at"))
                .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, 11).mapToObj(expected::get).toList());
    }

    @Test
    void numericValuesKeepTheirScaleAndSpecialValuesInEveryTransfer() {
        db.sql("""
                CREATE TABLE amounts (id int PRIMARY KEY, n numeric, fixed numeric(8,3), list numeric[]);
                INSERT INTO amounts VALUES (1, 1.50, 2.5, '{1.50,NaN,NULL}'), (2, 'NaN', NULL, '{}'),
                    (3, 'Infinity', -0.001, '{-Infinity}'), (4, '-Infinity', 0, NULL),
                    (5, 123456789012345678901234567890.123456789, 99999.999, '{{1,2},{3.25,4}}');
                """);
        Map<Integer, List<Object>> expected = Map.of(
                1, Arrays.asList(new BigDecimal("1.50"), new BigDecimal("2.500"),
                        Arrays.asList(new BigDecimal("1.50"), Double.NaN, null)),
                2, Arrays.asList(Double.NaN, null, List.of()),
                3, Arrays.asList(Double.POSITIVE_INFINITY, new BigDecimal("-0.001"), List.of(Double.NEGATIVE_INFINITY)),
                4, Arrays.asList(Double.NEGATIVE_INFINITY, new BigDecimal("0.000"), null),
                5, Arrays.asList(new BigDecimal("123456789012345678901234567890.123456789"), new BigDecimal("99999.999"),
                        List.of(List.of(BigDecimal.ONE, new BigDecimal("2")), List.of(new BigDecimal("3.25"),
                                new BigDecimal("4")))));
        // the driver switches a statement it has run five times to binary transfer
        for (int round = 0; round < 7; round++) {
            for (int id = 1; id <= 5; id++) {
                Map<String, Object> row = await(db.adapter().select("amounts", Map.of("id", id))).getFirst();
                assertThat(Arrays.asList(row.get("n"), row.get("fixed"), row.get("list"))).as("row %d, round %d", id, round)
                        .isEqualTo(expected.get(id));
            }
        }
    }

    @Test
    void columnTypeNamesComeFromEachColumnsOwnType() throws Exception {
        db.sql("CREATE TYPE feeling AS ENUM ('calm', 'busy'); CREATE DOMAIN price AS numeric(10,2);"
                + " CREATE TABLE typed (id serial, big bigserial, tags text[], doc jsonb, feeling feeling, cost price)");
        try (Connection connection = db.connection(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT * FROM typed")) {
            List<String> names = new ArrayList<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                names.add(ValueCodec.typeName(rs, i));
            }
            // serial columns are their integer type; a domain is its base type, as the server sends it
            assertThat(names).containsExactly("int4", "int8", "_text", "jsonb", "feeling", "numeric");
        }
        await(db.adapter().insert("typed", Map.of("feeling", "busy", "cost", "2.50", "tags", List.of("a"))));
        assertThat(await(db.adapter().select("typed", Map.of()))).singleElement().satisfies(row -> {
            assertThat(row.get("feeling")).hasToString("busy");
            assertThat(row.get("cost")).isEqualTo(new BigDecimal("2.50"));
            assertThat(row.get("tags")).isEqualTo(List.of("a"));
            assertThat(row.get("big")).isEqualTo(1L);
        });
    }

    @Test
    void intervalsComeBackAsTheServerPrintsThem() {
        db.sql("CREATE TABLE spans (id serial PRIMARY KEY, span interval)");
        await(db.adapter().insertMany("spans", List.of(Map.of("span", "1 day 02:03:04.5"), Map.of("span", "-1 mons"))));
        assertThat(await(db.adapter().select("spans", "span", Map.of(), "id")))
                .extracting(row -> row.get("span")).containsExactly("1 day 02:03:04.5", "-1 mons");
    }

    @Test
    void numericKeepsItsExactScale() {
        Map<String, Object> row = roundTrip("scalars", Map.of("n", new BigDecimal("0.1")));

        assertThat(row.get("n")).isInstanceOf(BigDecimal.class);
        assertThat(((BigDecimal) row.get("n")).scale()).isEqualTo(4);
        assertThat(((BigDecimal) row.get("n")).toPlainString()).isEqualTo("0.1000");
    }

    @Test
    void nullIsStoredAsSqlNullInEveryColumnType() {
        Map<String, Object> data = new HashMap<>();
        for (String column : List.of("i", "l", "n", "d", "b", "s", "u", "day", "ts", "tstz", "bin")) {
            data.put(column, null);
        }

        Map<String, Object> row = roundTrip("scalars", data);

        assertThat(row).containsOnlyKeys("id", "i", "l", "n", "d", "b", "s", "u", "day", "ts", "tstz", "bin");
        row.forEach((column, value) -> {
            if (!column.equals("id")) {
                assertThat(value).as(column).isNull();
            }
        });
        assertThat(db.scalar("SELECT count(*) FROM scalars WHERE id = " + row.get("id")
                + " AND i IS NULL AND u IS NULL AND tstz IS NULL AND bin IS NULL")).isEqualTo(1L);
    }

    @Test
    void stringsAreCastByPostgresqlToTheColumnType() {
        UUID uuid = UUID.randomUUID();

        Map<String, Object> row = roundTrip("scalars", Map.of(
                "i", "17", "l", "12345678901", "n", "2.5", "u", uuid.toString(), "day", "2026-01-31",
                "ts", "2026-01-31 08:15:00", "tstz", "2026-01-31T08:15:00Z", "b", "true"));

        assertThat(row.get("i")).isEqualTo(17);
        assertThat(row.get("l")).isEqualTo(12_345_678_901L);
        assertThat(row.get("n")).isEqualTo(new BigDecimal("2.5000"));
        assertThat(row.get("u")).isEqualTo(uuid);
        assertThat(row.get("day")).isEqualTo(LocalDate.of(2026, 1, 31));
        assertThat(row.get("ts")).isEqualTo(LocalDateTime.of(2026, 1, 31, 8, 15));
        assertThat(((OffsetDateTime) row.get("tstz")).toInstant())
                .isEqualTo(OffsetDateTime.of(2026, 1, 31, 8, 15, 0, 0, ZoneOffset.UTC).toInstant());
        assertThat(row.get("b")).isEqualTo(true);
    }

    @Test
    void stringFiltersAreCastToo() {
        UUID uuid = UUID.randomUUID();
        await(db.adapter().insert("scalars", Map.of("u", uuid, "day", LocalDate.of(2020, 5, 1), "i", 5)));

        assertThat(await(db.adapter().select("scalars", Map.of("u", uuid.toString(), "day", "2020-05-01", "i", "5"))))
                .singleElement().satisfies(row -> assertThat(row.get("u")).isEqualTo(uuid));
    }

    @Test
    void listsRoundTripAsArraysOfEachElementType() {
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();

        Map<String, Object> row = roundTrip("arrays", Map.of(
                "ints", List.of(1, 2, 3),
                "texts", List.of("a", "b,c", "\"quoted\"", "back\\slash", ""),
                "uuids", List.of(first, second),
                "grid", List.of(List.of(1, 2), List.of(3, 4))));

        assertThat(row.get("ints")).isEqualTo(List.of(1, 2, 3));
        assertThat(row.get("texts")).isEqualTo(List.of("a", "b,c", "\"quoted\"", "back\\slash", ""));
        assertThat(row.get("uuids")).isEqualTo(List.of(first, second));
        assertThat(row.get("grid")).isEqualTo(List.of(List.of(1, 2), List.of(3, 4)));
        assertThat(db.scalar("SELECT grid[2][1] FROM arrays WHERE id = " + row.get("id"))).isEqualTo(3);
    }

    @Test
    void arraysKeepNullElementsAndMayBeEmpty() {
        List<Integer> withNull = Arrays.asList(1, null, 3);

        Map<String, Object> row = roundTrip("arrays", Map.of("ints", withNull, "texts", List.of()));

        assertThat(row.get("ints")).isEqualTo(withNull);
        assertThat(row.get("texts")).isEqualTo(List.of());
    }

    @Test
    void arraysMayBeGivenAsJavaArraysOrArrayLiterals() {
        Map<String, Object> row = roundTrip("arrays", Map.of("ints", new Integer[] {7, 8}, "texts", "{x,y}"));

        assertThat(row.get("ints")).isEqualTo(List.of(7, 8));
        assertThat(row.get("texts")).isEqualTo(List.of("x", "y"));
    }

    @Test
    void arraysOfDatesTimestampsDecimalsAndEnumsRoundTrip() {
        db.sql("CREATE TYPE mood AS ENUM ('happy', 'sad'); CREATE TABLE more_arrays (id serial PRIMARY KEY, "
                + "days date[], stamps timestamptz[], amounts numeric(6,2)[], moods mood[], mood mood, flags boolean[])");
        OffsetDateTime stamp = OffsetDateTime.of(2026, 6, 1, 9, 30, 0, 0, ZoneOffset.UTC);

        Map<String, Object> row = roundTrip("more_arrays", Map.of(
                "days", List.of(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 31)),
                "stamps", List.of(stamp),
                "amounts", List.of(new BigDecimal("1.50"), new BigDecimal("20")),
                "moods", List.of("happy", "sad"), "mood", "sad",
                "flags", List.of(true, false)));

        assertThat(row.get("days")).isEqualTo(List.of(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 31)));
        assertThat(row.get("stamps")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                .singleElement().satisfies(value -> assertThat(((OffsetDateTime) value).isEqual(stamp)).isTrue());
        assertThat(row.get("amounts")).isEqualTo(List.of(new BigDecimal("1.50"), new BigDecimal("20.00")));
        assertThat(row.get("moods")).isEqualTo(List.of("happy", "sad"));
        assertThat(row.get("mood")).isEqualTo("sad");
        assertThat(row.get("flags")).isEqualTo(List.of(true, false));
        assertThat(await(db.adapter().count("more_arrays", Map.of("mood", List.of("sad", "happy"))))).isEqualTo(1L);
    }

    @Test
    void jsonAndJsonbColumnsRoundTripNestedMapsAndLists() {
        Map<String, Object> nested = Map.of(
                "name", "hammer", "price", new BigDecimal("9.99"), "count", 3, "active", true,
                "tags", List.of("tools", Map.of("deep", List.of(1, 2))), "missing", Map.of());
        List<Object> list = List.of(1, "two", Map.of("three", 3), List.of());

        Map<String, Object> asMap = roundTrip("docs", Map.of("j", nested, "jb", nested));
        Map<String, Object> asList = roundTrip("docs", Map.of("j", list, "jb", list));

        assertThat(asMap.get("j")).isEqualTo(nested);
        assertThat(asMap.get("jb")).isEqualTo(nested);
        assertThat(asList.get("j")).isEqualTo(list);
        assertThat(asList.get("jb")).isEqualTo(list);
        assertThat(db.scalar("SELECT jsonb_typeof(jb) FROM docs WHERE id = " + asList.get("id"))).isEqualTo("array");
        assertThat(db.scalar("SELECT jb #>> '{tags,1,deep,1}' FROM docs WHERE id = " + asMap.get("id"))).isEqualTo("2");
    }

    @Test
    void jsonScalarsRoundTrip() {
        Map<String, Object> number = roundTrip("docs", Map.of("j", 42, "jb", 42));
        Map<String, Object> bool = roundTrip("docs", Map.of("j", false, "jb", true));
        Map<String, Object> decimal = roundTrip("docs", Map.of("jb", new BigDecimal("1.50")));
        Map<String, Object> text = roundTrip("docs", Map.of("j", "\"plain\"", "jb", "\"plain\""));
        Map<String, Object> jsonNull = roundTrip("docs", Map.of("jb", "null"));

        assertThat(number.get("j")).isEqualTo(42);
        assertThat(number.get("jb")).isEqualTo(42);
        assertThat(bool.get("j")).isEqualTo(false);
        assertThat(bool.get("jb")).isEqualTo(true);
        assertThat(decimal.get("jb")).isEqualTo(new BigDecimal("1.50"));
        assertThat(text.get("j")).isEqualTo("plain");
        assertThat(text.get("jb")).isEqualTo("plain");
        assertThat(jsonNull.get("jb")).isNull();
        assertThat(db.scalar("SELECT jsonb_typeof(jb) FROM docs WHERE id = " + number.get("id"))).isEqualTo("number");
        assertThat(db.scalar("SELECT jsonb_typeof(jb) FROM docs WHERE id = " + bool.get("id"))).isEqualTo("boolean");
        assertThat(db.scalar("SELECT jsonb_typeof(jb) FROM docs WHERE id = " + jsonNull.get("id"))).isEqualTo("null");
    }

    @Test
    void aStringIntoAJsonColumnIsParsedAsJsonText() {
        Map<String, Object> row = roundTrip("docs", Map.of("jb", "{\"a\": [1, 2]}"));

        assertThat(row.get("jb")).isEqualTo(Map.of("a", List.of(1, 2)));
    }

    @Test
    void aListIsJsonInAJsonbColumnAndAnArrayInATextArrayColumnWithoutConfiguration() {
        Map<String, Object> row = roundTrip("docs", Map.of("jb", List.of("a", "b"), "tags", List.of("a", "b")));

        assertThat(row.get("jb")).isEqualTo(List.of("a", "b"));
        assertThat(row.get("tags")).isEqualTo(List.of("a", "b"));
        assertThat(db.scalar("SELECT jsonb_typeof(jb) FROM docs WHERE id = " + row.get("id"))).isEqualTo("array");
        assertThat(db.scalar("SELECT array_length(tags, 1) FROM docs WHERE id = " + row.get("id"))).isEqualTo(2);
    }

    @Test
    void updateWritesListsAndMapsByColumnTypeToo() {
        Map<String, Object> created = await(db.adapter().insert("docs", Map.of("note", "before")));

        Map<String, Object> updated = await(db.adapter().update("docs",
                Map.of("jb", List.of(1, Map.of("k", "v")), "tags", List.of("x"), "j", Map.of("a", 1)),
                Map.of("id", created.get("id"))));

        assertThat(updated.get("jb")).isEqualTo(List.of(1, Map.of("k", "v")));
        assertThat(updated.get("tags")).isEqualTo(List.of("x"));
        assertThat(updated.get("j")).isEqualTo(Map.of("a", 1));
    }

    @Test
    void jsonbColumnsWritesListsAsJsonIntoATextColumn() {
        try (PostgresAdapter adapter = PostgresAdapter.builder(db.url()).jsonbColumns(Set.of("note")).build()) {
            Map<String, Object> row = await(adapter.insert("docs", Map.of("note", List.of("a", Map.of("b", 2)))));

            assertThat(row.get("note")).isEqualTo("[\"a\",{\"b\":2}]");
            assertThat(db.scalar("SELECT note::jsonb ->> 0 FROM docs WHERE id = " + row.get("id"))).isEqualTo("a");
        }
    }

    @Test
    void insertManyMixesArrayAndJsonColumnsPerColumn() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            rows.add(Map.of("tags", List.of("t" + i), "jb", List.of(i), "note", "n" + i));
        }

        List<Map<String, Object>> created = await(db.adapter().insertMany("docs", rows));

        assertThat(created).extracting(row -> row.get("tags"))
                .containsExactly(List.of("t0"), List.of("t1"), List.of("t2"));
        assertThat(created).extracting(row -> row.get("jb")).containsExactly(List.of(0), List.of(1), List.of(2));
    }
}
