package dev.dbadapter.adapter.postgres;

import static dev.dbadapter.adapter.postgres.Async.await;
import static dev.dbadapter.adapter.postgres.Async.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dbadapter.adapter.DatabaseException;
import dev.dbadapter.testing.Maps;
import dev.dbadapter.testing.PgDatabaseExtension;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** CRUD beyond the main paths: every filter kind in count, quoted columns, views, generated columns, caches. */
class AdapterExtrasTest {
    @RegisterExtension
    static final PgDatabaseExtension db = new PgDatabaseExtension();

    private static final String OWNER = "00000000-0000-0000-0000-00000000000a";

    @BeforeEach
    void fresh() {
        db.sql("""
                DROP SCHEMA IF EXISTS inventory CASCADE;
                DROP TABLE IF EXISTS people, priced, docs CASCADE;
                CREATE TABLE people (id serial PRIMARY KEY, "DisplayName" text, age int, owner uuid, tags text[],
                    active boolean);
                INSERT INTO people ("DisplayName", age, owner, tags, active) VALUES
                    ('Ann', 30, '00000000-0000-0000-0000-00000000000a', '{a,b}', true),
                    ('bob', 25, NULL, '{}', false),
                    ('Cy', NULL, '00000000-0000-0000-0000-00000000000a', NULL, true),
                    ('Dee', 41, '00000000-0000-0000-0000-00000000000b', '{b}', NULL);
                CREATE VIEW adults AS SELECT id, "DisplayName", age FROM people WHERE age >= 30;
                CREATE SCHEMA inventory;
                CREATE TABLE inventory.stock (sku text PRIMARY KEY, qty int NOT NULL);
                INSERT INTO inventory.stock VALUES ('x-1', 5), ('x-2', 0), ('y-1', 7);
                CREATE TABLE priced (id serial PRIMARY KEY, net numeric(10,2) NOT NULL, rate numeric(4,2) NOT NULL,
                    gross numeric(12,2) GENERATED ALWAYS AS (net * (1 + rate)) STORED);
                CREATE TABLE docs (id serial PRIMARY KEY, body jsonb, meta json);
                """);
    }

    private static Map<String, Object> map(Object... keysAndValues) {
        return Maps.ordered(keysAndValues);
    }

    @Test
    void countHonoursEveryKindOfFilter() {
        PostgresAdapter adapter = db.adapter();
        assertThat(await(adapter.count("people", null))).isEqualTo(4L);
        assertThat(await(adapter.count("people", Map.of()))).isEqualTo(4L);
        assertThat(await(adapter.count("people", Map.of("active", true)))).isEqualTo(2L);
        assertThat(await(adapter.count("people", map("age", null)))).isEqualTo(1L);
        assertThat(await(adapter.count("people", map("owner", OWNER)))).isEqualTo(2L);
        assertThat(await(adapter.count("people", map("owner", UUID.fromString(OWNER), "active", true)))).isEqualTo(2L);
        assertThat(await(adapter.count("people", Map.of("age", List.of(25, 41, 99))))).isEqualTo(2L);
        assertThat(await(adapter.count("people", Map.of("age", Set.of(30))))).isEqualTo(1L);
        assertThat(await(adapter.count("people", Map.of("age", List.of())))).isZero();
        assertThat(await(adapter.count("people", map("\"DisplayName\"", "bob", "active", false)))).isEqualTo(1L);
        assertThat(await(adapter.count("people", map("age", "30")))).isEqualTo(1L);
        assertThat(await(adapter.count("people", map("tags", "{a,b}")))).isEqualTo(1L);
    }

    @Test
    void aCollectionFilterHoldingNullDoesNotMatchNullRows() {
        List<Object> ages = new ArrayList<>(Arrays.asList(25, null));
        assertThat(await(db.adapter().count("people", Map.of("age", ages)))).isEqualTo(1L);
    }

    @Test
    void selectReturnsAQuotedMixedCaseColumnUnderItsOwnName() {
        List<Map<String, Object>> rows = await(db.adapter().select("people", "id, \"DisplayName\"",
                Map.of("active", true), "id"));
        assertThat(rows).containsExactly(map("id", 1, "DisplayName", "Ann"), map("id", 3, "DisplayName", "Cy"));
        assertThat(rows.getFirst().keySet()).containsExactly("id", "DisplayName");
    }

    @Test
    void anUnquotedMixedCaseColumnFoldsAndIsNotFound() {
        Throwable error = failure(db.adapter().select("people", "DisplayName", null, null));
        assertThat(error).isInstanceOf(DatabaseException.class).hasMessageContaining("displayname");
        assertThat(((DatabaseException) error).sqlState()).isEqualTo("42703");
    }

    @Test
    void orderByAQuotedColumnSortsByThatColumn() {
        List<Map<String, Object>> rows = await(db.adapter().select("people", "\"DisplayName\"", null,
                "\"DisplayName\" desc"));
        // byte order in the test database's collation may differ; compare with PostgreSQL's own order
        List<Object> expected = db.query("SELECT \"DisplayName\" FROM people ORDER BY \"DisplayName\" DESC").stream()
                .map(r -> r.get("DisplayName")).toList();
        assertThat(rows).extracting(r -> r.get("DisplayName")).containsExactlyElementsOf(expected)
                .hasSize(4);
        List<Map<String, Object>> byAge = await(db.adapter().select("people", "age", null, "age desc nulls last, \"DisplayName\""));
        assertThat(byAge).extracting(r -> r.get("age")).containsExactly(41, 30, 25, null);
    }

    @Test
    void selectAndCountWorkOnAView() {
        assertThat(await(db.adapter().select("adults", "*", null, "age"))).extracting(r -> r.get("DisplayName"))
                .containsExactly("Ann", "Dee");
        assertThat(await(db.adapter().count("adults", Map.of("age", 41)))).isEqualTo(1L);
    }

    @Test
    void schemaQualifiedTablesSupportEveryOperation() {
        PostgresAdapter adapter = db.adapter();
        assertThat(await(adapter.select("inventory.stock", "sku", Map.of("qty", List.of(0, 7)), "sku")))
                .extracting(r -> r.get("sku")).containsExactly("x-2", "y-1");
        assertThat(await(adapter.insert("inventory.stock", Map.of("sku", "z-9", "qty", 1)))).containsEntry("qty", 1);
        assertThat(await(adapter.update("inventory.stock", Map.of("qty", 2), Map.of("sku", "z-9")))).containsEntry("qty", 2);
        assertThat(await(adapter.count("\"inventory\".\"stock\"", null))).isEqualTo(4L);
        assertThat(await(adapter.delete("inventory.stock", Map.of("sku", "z-9")))).isEqualTo(1);
        assertThat(db.scalar("SELECT count(*) FROM inventory.stock")).isEqualTo(3L);
    }

    @Test
    void insertIntoATableWithAGeneratedColumnReturnsTheComputedValue() {
        Map<String, Object> row = await(db.adapter().insert("priced", Map.of("net", "10.00", "rate", new java.math.BigDecimal("0.25"))));
        assertThat(row.get("gross")).isEqualTo(new java.math.BigDecimal("12.50"));
        List<Map<String, Object>> many = await(db.adapter().insertMany("priced", List.of(
                Map.of("net", 1, "rate", 0), Map.of("net", 2, "rate", 1))));
        assertThat(many).extracting(r -> r.get("gross"))
                .containsExactly(new java.math.BigDecimal("1.00"), new java.math.BigDecimal("4.00"));
    }

    @Test
    void writingAGeneratedColumnIsAnSqlErrorAndWritesNothing() {
        Throwable error = failure(db.adapter().insert("priced", Map.of("net", 1, "rate", 0, "gross", 5)));
        assertThat(error).isInstanceOf(DatabaseException.class).hasMessageContaining("gross");
        assertThat(((DatabaseException) error).sqlState()).isEqualTo("428C9");
        assertThat(db.scalar("SELECT count(*) FROM priced")).isEqualTo(0L);
    }

    @Test
    void updateWritesAMapIntoJsonbAndJsonColumns() {
        Map<String, Object> created = await(db.adapter().insert("docs", Map.of("body", Map.of("v", 1))));
        Map<String, Object> body = map("title", "It's \"quoted\"", "n", new java.math.BigDecimal("2.5"), "list", List.of(1, "two", map("three", 3)),
                "none", null, "flag", true);
        Map<String, Object> updated = await(db.adapter().update("docs", Map.of("body", body, "meta", Map.of("k", "v")),
                Map.of("id", created.get("id"))));
        assertThat(updated.get("body")).isEqualTo(body);
        assertThat(updated.get("meta")).isEqualTo(Map.of("k", "v"));
        assertThat(db.scalar("SELECT body->'list'->2->>'three' FROM docs")).isEqualTo("3");
        assertThat(db.scalar("SELECT jsonb_typeof(body->'none') FROM docs")).isEqualTo("null");
    }

    @Test
    void aJsonbColumnCanBeFilteredByAMap() {
        await(db.adapter().insert("docs", Map.of("body", Map.of("k", "a"))));
        await(db.adapter().insert("docs", Map.of("body", Map.of("k", "b"))));
        assertThat(await(db.adapter().select("docs", "id", Map.of("body", Map.of("k", "b")), null))).hasSize(1);
    }

    @Test
    void deleteWithACollectionFilterRemovesExactlyThoseRows() {
        int deleted = await(db.adapter().delete("people", Map.of("\"DisplayName\"", Set.of("Ann", "Dee", "nobody"))));
        assertThat(deleted).isEqualTo(2);
        assertThat(db.query("SELECT \"DisplayName\" FROM people ORDER BY id")).extracting(r -> r.get("DisplayName"))
                .containsExactly("bob", "Cy");
        assertThat(await(db.adapter().delete("people", Map.of("id", List.of())))).isZero();
        assertThat(db.scalar("SELECT count(*) FROM people")).isEqualTo(2L);
    }

    @Test
    void deleteMatchingNothingReturnsZero() {
        assertThat(await(db.adapter().delete("people", Map.of("age", 1000)))).isZero();
        assertThat(db.scalar("SELECT count(*) FROM people")).isEqualTo(4L);
    }

    @Test
    void aScriptReturnsTheRowsOfItsLastRowReturningStatement() {
        List<Map<String, Object>> rows = await(db.adapter().execute("""
                INSERT INTO inventory.stock VALUES ('s-1', 1);
                UPDATE inventory.stock SET qty = qty + 10 WHERE sku = 's-1';
                SELECT sku, qty FROM inventory.stock WHERE sku = 's-1';
                """));
        assertThat(rows).containsExactly(map("sku", "s-1", "qty", 11));
        assertThat(await(db.adapter().execute("SELECT 1 AS a; UPDATE inventory.stock SET qty = 0 WHERE false")))
                .containsExactly(map("a", 1));
        assertThat(await(db.adapter().execute("UPDATE inventory.stock SET qty = 0 WHERE false; SET LOCAL work_mem = '8MB'")))
                .isEmpty();
        assertThat(await(db.adapter().execute("DELETE FROM inventory.stock WHERE sku = :sku RETURNING qty",
                Map.of("sku", "s-1")))).containsExactly(map("qty", 11));
    }

    @Test
    void aColumnAddedByExecuteIsWritableAtOnce() {
        PostgresAdapter adapter = db.adapter();
        await(adapter.insert("docs", Map.of("body", List.of(1))));
        await(adapter.execute("ALTER TABLE docs ADD COLUMN labels text[]"));
        Map<String, Object> row = await(adapter.insert("docs", Map.of("body", List.of(2), "labels", List.of("x", "y"))));
        assertThat(row.get("labels")).isEqualTo(List.of("x", "y"));
        assertThat(row.get("body")).isEqualTo(List.of(2));
    }

    @Test
    void aColumnRetypedThroughWithConnectionIsWrittenByItsNewType() {
        PostgresAdapter adapter = db.adapter();
        db.sql("ALTER TABLE docs ADD COLUMN labels text[]");
        await(adapter.insert("docs", Map.of("labels", List.of("a"))));
        await(adapter.withConnection(connection -> {
            try (Statement statement = connection.createStatement()) {
                return statement.execute("ALTER TABLE docs ALTER COLUMN labels TYPE jsonb USING to_jsonb(labels)");
            }
        }));
        Map<String, Object> row = await(adapter.insert("docs", Map.of("labels", List.of("b", 2))));
        assertThat(row.get("labels")).isEqualTo(List.of("b", 2));
        assertThat(db.scalar("SELECT jsonb_typeof(labels) FROM docs WHERE id = " + row.get("id"))).isEqualTo("array");
    }

    @Test
    void aColumnRetypedInsideATransactionIsWrittenByItsNewTypeAfterCommit() {
        PostgresAdapter adapter = db.adapter();
        db.sql("ALTER TABLE docs ADD COLUMN labels jsonb");
        await(adapter.insert("docs", Map.of("labels", List.of("a"))));
        await(adapter.transaction(tx -> tx.execute(
                "ALTER TABLE docs ALTER COLUMN labels TYPE text[] USING ARRAY[labels->>0]")));
        Map<String, Object> row = await(adapter.insert("docs", Map.of("labels", List.of("b", "c"))));
        assertThat(row.get("labels")).isEqualTo(List.of("b", "c"));
    }

    @Test
    void closingTwiceIsHarmless() {
        PostgresAdapter adapter = db.newAdapter(PoolOptions.DEFAULTS);
        assertThat(await(adapter.count("people", null))).isEqualTo(4L);
        adapter.close();
        adapter.close();
        assertThat(adapter.isClosed()).isTrue();
        assertThatThrownBy(() -> await(adapter.count("people", null))).hasMessageContaining("closed");
    }

    @Test
    void workRunsOnVirtualThreads() {
        PostgresAdapter adapter = db.adapter();
        boolean plain = await(adapter.withConnection(connection -> Thread.currentThread().isVirtual()));
        boolean inTransaction = await(adapter.inTransaction(tx -> tx
                .withConnection(connection -> Thread.currentThread().isVirtual())));
        assertThat(plain).isTrue();
        assertThat(inTransaction).isTrue();
    }

    @Test
    void aSelectStarAndABlankColumnListReturnEveryColumn() {
        Map<String, Object> star = await(db.adapter().select("people", "*", Map.of("id", 1), null)).getFirst();
        Map<String, Object> blank = await(db.adapter().select("people", " ", Map.of("id", 1), null)).getFirst();
        assertThat(star.keySet()).containsExactly("id", "DisplayName", "age", "owner", "tags", "active");
        assertThat(blank).isEqualTo(star);
    }

    @Test
    void filtersOnAUuidColumnAcceptAUuidOrItsText() {
        Map<String, Object> filters = new HashMap<>();
        filters.put("owner", List.of(UUID.fromString(OWNER), UUID.fromString("00000000-0000-0000-0000-00000000000b")));
        assertThat(await(db.adapter().count("people", filters))).isEqualTo(3L);
        assertThat(await(db.adapter().count("people", Map.of("owner", List.of(OWNER.toUpperCase()))))).isEqualTo(2L);
    }
}
