package dev.dbadapter.adapter.postgres;

import static dev.dbadapter.adapter.postgres.Async.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dbadapter.adapter.postgres.internal.ValueCodec;
import dev.dbadapter.testing.PgDatabaseExtension;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Properties checked against the real PostgreSQL (a database of its own, a bounded number of
 * tries): array literals and hostile values come back exactly as they went in.
 */
class DatabasePropertiesTest {
    private static final String DATABASE = "dbat_properties_" + UUID.randomUUID().toString().substring(0, 8);
    private static final List<String> COLUMNS = List.of("a", "b", "c", "d", "e");
    private static PostgresAdapter adapter;

    private static Connection admin() throws SQLException {
        PostgresUrl server = PostgresUrl.parse(PgDatabaseExtension.SERVER_URL);
        return DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
    }

    @BeforeContainer
    static void createDatabase() throws SQLException {
        try (Connection admin = admin(); Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + DATABASE);
        }
        adapter = PostgresAdapter.connect(PgDatabaseExtension.withDatabase(PgDatabaseExtension.SERVER_URL, DATABASE));
        await(adapter.execute("CREATE TABLE hostile (id serial PRIMARY KEY, a text, b text, c text, d text, e text)"));
    }

    @AfterContainer
    static void dropDatabase() throws SQLException {
        if (adapter != null) {
            adapter.close();
        }
        try (Connection admin = admin(); Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
        }
    }

    /** Text PostgreSQL can store: anything but NUL and lone surrogates, weighted towards syntax characters. */
    @Provide
    Arbitrary<String> hostile() {
        Arbitrary<String> syntax = Arbitraries.strings()
                .withChars('\'', '"', '\\', ',', '{', '}', ' ', ';', '-', '$', ':', '?', '\n', '\t', 'é', '中')
                .withCharRange('a', 'c').ofMaxLength(12);
        Arbitrary<String> any = Arbitraries.strings().all().ofMaxLength(20);
        Arbitrary<String> special = Arbitraries.of("NULL", "null", "", " ", "\"NULL\"", "{}", "{a,b}", "😀👍🏽");
        return Arbitraries.oneOf(syntax, any, special).map(DatabasePropertiesTest::storable);
    }

    private static String storable(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().filter(c -> c != 0 && !(c < 0x10000 && Character.isSurrogate((char) c)))
                .forEach(out::appendCodePoint);
        return out.toString();
    }

    @Provide
    Arbitrary<List<String>> textArray() {
        return hostile().injectNull(0.15).list().ofMaxSize(8);
    }

    @Property(tries = 150)
    void anArrayLiteralCastToTextArrayGivesBackTheSameList(@ForAll("textArray") List<String> items) {
        List<Map<String, Object>> rows = await(adapter.execute("SELECT :items::text[] AS v",
                Map.of("items", ValueCodec.arrayLiteral(items))));
        assertThat(rows.getFirst().get("v")).isEqualTo(items);
    }

    @Property(tries = 100)
    void aListBoundToATextArrayParameterComesBackEqual(@ForAll("textArray") List<String> items) {
        Map<String, Object> params = new HashMap<>();
        params.put("items", items);
        List<Map<String, Object>> rows = await(adapter.execute("SELECT cardinality(:items) AS n, :items AS v",
                params));
        assertThat(rows.getFirst().get("v")).isEqualTo(items);
    }

    @Provide
    Arbitrary<Map<String, String>> hostileRow() {
        return Arbitraries.subsetOf(COLUMNS).ofMinSize(1).flatMap(columns -> {
            List<String> keys = List.copyOf(columns);
            return hostile().injectNull(0.1).list().ofSize(keys.size()).map(values -> {
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 0; i < keys.size(); i++) {
                    row.put(keys.get(i), values.get(i));
                }
                return row;
            });
        });
    }

    @Property(tries = 100)
    void aMapOfHostileValuesInsertedAndSelectedBackIsUnchanged(@ForAll("hostileRow") Map<String, String> row) {
        Map<String, Object> created = await(adapter.insert("hostile", row));
        Map<String, Object> selected = await(adapter.select("hostile", Map.of("id", created.get("id")))).getFirst();
        for (String column : COLUMNS) {
            assertThat(selected.get(column)).as(column).isEqualTo(row.get(column));
        }
        assertThat(created).isEqualTo(selected);
    }

    @Property(tries = 60)
    void aHostileValueUsedAsAFilterFindsExactlyItsOwnRow(@ForAll("hostile") String value) {
        Map<String, Object> created = await(adapter.insert("hostile", Map.of("a", value, "b", "filter-probe")));
        List<Map<String, Object>> found = await(adapter.select("hostile", "id", Map.of("a", value, "b",
                "filter-probe"), "id"));
        assertThat(found).extracting(r -> r.get("id")).contains(created.get("id"));
        assertThat(await(adapter.count("hostile", Map.of("a", List.of(value), "id", created.get("id")))))
                .isEqualTo(1L);
        await(adapter.delete("hostile", Map.of("id", created.get("id"))));
    }
}
