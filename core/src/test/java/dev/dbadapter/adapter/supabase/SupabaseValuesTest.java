package dev.dbadapter.adapter.supabase;

import static dev.dbadapter.adapter.postgres.Async.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dbadapter.adapter.ColumnInfo;
import dev.dbadapter.testing.PgDatabaseExtension;
import dev.dbadapter.testing.PostgrestExtension;
import dev.dbadapter.testing.PostgrestExtension.Key;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Values and names that PostgREST's URL grammar gives a meaning (commas, dots, colons, parentheses,
 * quotes, backslashes, the word {@code null}) or that need encoding (unicode, spaces) round-trip
 * through inserts and filters; typed values come back as the PostgreSQL adapter returns them; hostile
 * names are refused before any request.
 */
class SupabaseValuesTest {
    @RegisterExtension
    static final PgDatabaseExtension db = new PgDatabaseExtension();
    @RegisterExtension
    static final PostgrestExtension rest = new PostgrestExtension(db);

    static SupabaseAdapter adapter;

    @BeforeAll
    static void schema() {
        db.sql("""
                CREATE TABLE notes (id bigserial PRIMARY KEY, body text, "Odd.Name, (x)" text);
                CREATE TABLE "Shop Items" (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), "Label" text NOT NULL);
                CREATE TABLE "Bücher & Co/2" (id serial PRIMARY KEY, "Tïtel?" text);
                CREATE TABLE typed (id serial PRIMARY KEY, day date, at timestamp, at_tz timestamptz, uid uuid,
                    amount numeric, ratio double precision, big bigint, flag boolean, tags text[], doc jsonb,
                    raw bytea, counts integer[]);
                """);
        adapter = rest.adapter(Key.SECRET);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a,b", "x.y", "k:v", "(paren)", "in.(1,2)", "say \"hi\"", "back\\slash", "null", "NULL",
        "  spaced  ", "ünïcödé €", "emoji 😀", "100%25", "a&b=c", "#hash?", "eq.1", "*", ""})
    void anAwkwardValueRoundTripsThroughInsertEqualsAndAnyOf(String value) {
        Map<String, Object> row = await(adapter.insert("notes", Map.of("body", value)));
        assertThat(row.get("body")).isEqualTo(value);
        assertThat(await(adapter.select("notes", "id", Map.of("body", value), null)))
                .containsExactly(Map.of("id", row.get("id")));
        assertThat(await(adapter.select("notes", "id", Map.of("body", List.of(value, "other")), null)))
                .containsExactly(Map.of("id", row.get("id")));
        assertThat(await(adapter.delete("notes", Map.of("id", row.get("id"))))).isEqualTo(1);
    }

    @Test
    void theWordNullIsAStringNotANull() {
        db.sql("TRUNCATE notes");
        await(adapter.insert("notes", Map.of("body", "null")));
        Map<String, Object> isNull = new LinkedHashMap<>();
        isNull.put("body", null);
        await(adapter.insert("notes", isNull));
        assertThat(await(adapter.count("notes", Map.of("body", "null")))).isEqualTo(1L);
        assertThat(await(adapter.count("notes", isNull))).isEqualTo(1L);
        assertThat(await(adapter.count("notes", Map.of("body", List.of("null"))))).isEqualTo(1L);
        db.sql("TRUNCATE notes");
    }

    @Test
    void quotedAndAwkwardNamesWorkAsThePostgresAdapterTakesThem() {
        Map<String, Object> row = await(adapter.insert("\"Shop Items\"", Map.of("\"Label\"", "x,y")));
        assertThat(row).containsEntry("Label", "x,y").containsKey("id");
        assertThat(row.get("id")).isInstanceOf(UUID.class);
        assertThat(await(adapter.select("\"Shop Items\"", "\"Label\"", Map.of("\"Label\"", "x,y"), "\"Label\" desc")))
                .containsExactly(Map.of("Label", "x,y"));
        Map<String, Object> odd = await(adapter.insert("notes", Map.of("\"Odd.Name, (x)\"", "v")));
        assertThat(odd).containsEntry("Odd.Name, (x)", "v");
        assertThat(await(adapter.update("NOTES", Map.of("\"Odd.Name, (x)\"", "w"), Map.of("ID", odd.get("id")))))
                .containsEntry("Odd.Name, (x)", "w");
        assertThat(await(adapter.select("public.notes", "\"Odd.Name, (x)\"", Map.of("\"Odd.Name, (x)\"", "w"), null)))
                .hasSize(1);
        await(adapter.insertMany("\"Bücher & Co/2\"", List.of(Map.of("\"Tïtel?\"", "Faust"), Map.of("\"Tïtel?\"", "ß"))));
        assertThat(await(adapter.select("\"Bücher & Co/2\"", "\"Tïtel?\"", Map.of("\"Tïtel?\"", "ß"), null)))
                .containsExactly(Map.of("Tïtel?", "ß"));
        assertThat(await(adapter.count("\"Bücher & Co/2\"", Map.of()))).isEqualTo(2L);
    }

    @Test
    void typedValuesGoInAndComeBackAsNaturalJavaTypes() {
        UUID uid = UUID.randomUUID();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("day", LocalDate.of(2026, 12, 1));
        data.put("at", LocalDateTime.of(2026, 12, 1, 20, 15, 30, 123_456_000));
        data.put("at_tz", OffsetDateTime.of(2026, 12, 1, 20, 15, 0, 0, ZoneOffset.ofHours(2)));
        data.put("uid", uid);
        data.put("amount", new BigDecimal("12345678901234567890.000000001"));
        data.put("ratio", 0.1);
        data.put("big", 9_007_199_254_740_993L);
        data.put("flag", true);
        data.put("tags", List.of("a,b", "c\"d", "null"));
        data.put("doc", Map.of("n", 1, "list", List.of(true, "x")));
        data.put("raw", new byte[] {0, 1, (byte) 0xff});
        data.put("counts", List.of(1, 2));
        Map<String, Object> row = await(adapter.insert("typed", data));
        assertThat(row.get("day")).isEqualTo(LocalDate.of(2026, 12, 1));
        assertThat(row.get("at")).isEqualTo(LocalDateTime.of(2026, 12, 1, 20, 15, 30, 123_456_000));
        assertThat((OffsetDateTime) row.get("at_tz")).isAtSameInstantAs(OffsetDateTime.of(2026, 12, 1, 18, 15, 0, 0,
                ZoneOffset.UTC));
        assertThat(row.get("uid")).isEqualTo(uid);
        assertThat(row.get("amount")).isEqualTo(new BigDecimal("12345678901234567890.000000001"));
        assertThat(row.get("ratio")).isEqualTo(0.1);
        assertThat(row.get("big")).isEqualTo(9_007_199_254_740_993L);
        assertThat(row.get("flag")).isEqualTo(true);
        assertThat(row.get("tags")).isEqualTo(List.of("a,b", "c\"d", "null"));
        assertThat(row.get("doc")).isEqualTo(Map.of("n", 1, "list", List.of(true, "x")));
        assertThat((byte[]) row.get("raw")).containsExactly(0, 1, 0xff);
        assertThat(row.get("counts")).isEqualTo(List.of(1, 2));
        assertThat(db.scalar("SELECT raw = '\\x0001ff'::bytea AND doc = '{\"n\": 1, \"list\": [true, \"x\"]}'::jsonb"
                + " AND big = 9007199254740993 FROM typed WHERE uid = '" + uid + "'")).isEqualTo(true);

        assertThat(await(adapter.select("typed", "id", Map.of("uid", uid, "day", LocalDate.of(2026, 12, 1),
                "raw", new byte[] {0, 1, (byte) 0xff}, "flag", true), null))).hasSize(1);
    }

    @Test
    void aStringForAJsonColumnIsTheJsonItHolds() {
        Map<String, Object> row = await(adapter.insert("typed", Map.of("doc", "{\"a\": [1, 2]}")));
        assertThat(row.get("doc")).isEqualTo(Map.of("a", List.of(1, 2)));
        assertThat(await(adapter.columns("typed"))).contains(new ColumnInfo("doc", "jsonb", false, false),
                new ColumnInfo("tags", "text[]", false, false));
    }

    @Test
    void hostileNamesAreRefusedBeforeAnyRequest() {
        rest.gateway().clearRequests();
        assertThatThrownBy(() -> adapter.select("notes; DROP TABLE notes", "*", Map.of(), null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> adapter.select("notes", "id, body)", Map.of(), null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> adapter.select("notes", "*", Map.of("body&select=x", 1), null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> adapter.select("notes", "*", Map.of(), "id; drop"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> adapter.insert("notes", Map.of("\"a\"\"b\"", 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("double quote");
        assertThatThrownBy(() -> adapter.update("notes", Map.of("body", "x"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without filters");
        assertThatThrownBy(() -> adapter.delete("notes", Map.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> adapter.insertMany("notes", List.of(Map.of("body", "a"), Map.of("id", 1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("same columns");
        assertThatThrownBy(() -> adapter.count("a.b.c", Map.of())).isInstanceOf(IllegalArgumentException.class);
        assertThat(rest.gateway().requests()).isEmpty();
    }
}
