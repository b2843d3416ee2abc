package dev.dbadapter.adapter.postgres;

import static dev.dbadapter.adapter.postgres.Async.await;
import static dev.dbadapter.adapter.postgres.Async.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dbadapter.ErrorCode;
import dev.dbadapter.adapter.NoRowsException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import dev.dbadapter.testing.Maps;
import dev.dbadapter.testing.PgDatabaseExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** select / count / insert / insertMany / update / delete against a real table. */
class CrudTest {
    @RegisterExtension
    static final PgDatabaseExtension db = new PgDatabaseExtension();

    private static final UUID OWNER_A = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    private static final UUID OWNER_B = UUID.fromString("00000000-0000-0000-0000-00000000000b");

    @BeforeEach
    void freshProducts() {
        db.sql("""
                DROP TABLE IF EXISTS products;
                CREATE TABLE products (
                    id serial PRIMARY KEY, slug text UNIQUE NOT NULL, name text, price integer,
                    owner uuid, category text);
                INSERT INTO products (slug, name, price, owner, category) VALUES
                    ('hammer', 'Hammer', 10, '00000000-0000-0000-0000-00000000000a', 'tools'),
                    ('saw', 'Saw', 25, '00000000-0000-0000-0000-00000000000a', 'tools'),
                    ('glue', 'Glue', 5, '00000000-0000-0000-0000-00000000000b', NULL),
                    ('tape', 'Tape', 5, NULL, 'supplies'),
                    ('drill', 'Drill', 99, '00000000-0000-0000-0000-00000000000b', NULL);
                """);
    }

    private static List<Object> slugs(List<Map<String, Object>> rows) {
        return rows.stream().map(row -> row.get("slug")).toList();
    }

    private static Map<String, Object> filters(Object... keysAndValues) {
        return Maps.ordered(keysAndValues);
    }

    @Test
    void repeatedFilterShapesKeepEachCallsOwnValuesAndKinds() {
        // the same keys again and again: the rendered clause is reused, the values never are
        for (int round = 0; round < 3; round++) {
            assertThat(slugs(await(db.adapter().select("products", "*", filters("category", "tools"), "slug"))))
                    .containsExactly("hammer", "saw");
            assertThat(slugs(await(db.adapter().select("products", "*", filters("category", null), "slug"))))
                    .containsExactly("drill", "glue");
            assertThat(slugs(await(db.adapter().select("products", "*", filters("category", List.of("supplies", "tools")),
                    "slug")))).containsExactly("hammer", "saw", "tape");
            assertThat(slugs(await(db.adapter().select("products", "*", filters("category", "tools", "price", 25), null))))
                    .containsExactly("saw");
            assertThat(slugs(await(db.adapter().select("products", "*", filters("price", 5, "category", null), null))))
                    .containsExactly("glue");
            assertThat(await(db.adapter().count("products", filters("price", 5, "category", "supplies")))).isEqualTo(1);
        }
        // a name the cache has never accepted is still checked, whatever shape it comes in
        assertThatThrownBy(() -> db.adapter().select("products", filters("category", "tools", "price; DROP TABLE x", 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("price; DROP TABLE x");
        Map<String, Object> nullKey = new HashMap<>();
        nullKey.put(null, 1);
        assertThatThrownBy(() -> db.adapter().select("products", nullKey)).isInstanceOf(IllegalArgumentException.class);
        assertThat(await(db.adapter().count("products", Map.of()))).isEqualTo(5);
    }

    @Test
    void selectWithoutFiltersReturnsEveryRow() {
        assertThat(await(db.adapter().select("products"))).hasSize(5);
    }

    @Test
    void selectReturnsTheNamedColumnsInSelectOrder() {
        List<Map<String, Object>> rows = await(db.adapter().select("products", "name, slug", Map.of("slug", "saw"), null));

        assertThat(rows).singleElement().satisfies(row -> {
            assertThat(row).containsExactly(Map.entry("name", "Saw"), Map.entry("slug", "saw"));
        });
    }

    @Test
    void filtersAreAndedEqualities() {
        List<Map<String, Object>> rows = await(db.adapter().select("products", "*",
                filters("category", "tools", "price", 25), null));

        assertThat(slugs(rows)).containsExactly("saw");
    }

    @Test
    void nullFilterMeansIsNull() {
        List<Map<String, Object>> rows = await(db.adapter().select("products", "*", filters("category", null), "slug"));

        assertThat(slugs(rows)).containsExactly("drill", "glue");
        assertThat(await(db.adapter().count("products", filters("owner", null)))).isEqualTo(1L);
    }

    @Test
    void collectionFilterMeansAnyOfItsValues() {
        assertThat(slugs(await(db.adapter().select("products", "*", filters("slug", List.of("saw", "glue", "nope")), "slug"))))
                .containsExactly("glue", "saw");
        assertThat(slugs(await(db.adapter().select("products", "*", filters("price", List.of(5, 99)), "slug"))))
                .containsExactly("drill", "glue", "tape");
        assertThat(slugs(await(db.adapter().select("products", "*", filters("owner", List.of(OWNER_B)), "slug"))))
                .containsExactly("drill", "glue");
        assertThat(slugs(await(db.adapter().select("products", "*", filters("owner", List.of(OWNER_A.toString())), "slug"))))
                .containsExactly("hammer", "saw");
    }

    @Test
    void collectionFilterValuesWithQuotesCommasAndBracesAreMatchedExactly() {
        await(db.adapter().insert("products", Map.of("slug", "a,\"b\"}{\\c")));

        assertThat(slugs(await(db.adapter().select("products", "*", filters("slug", List.of("a,\"b\"}{\\c")), null))))
                .containsExactly("a,\"b\"}{\\c");
    }

    @Test
    void emptyCollectionFilterMatchesNothing() {
        assertThat(await(db.adapter().select("products", "*", filters("slug", List.of()), null))).isEmpty();
        assertThat(await(db.adapter().select("products", "*", filters("owner", List.of()), null))).isEmpty();
        assertThat(await(db.adapter().count("products", filters("price", List.of())))).isZero();
    }

    @Test
    void collectionFilterCombinesWithOtherFilters() {
        assertThat(await(db.adapter().count("products", filters("price", List.of(5, 10), "category", null)))).isEqualTo(1L);
    }

    @Test
    void orderByAcceptsDirectionsListsAndNullsPlacement() {
        assertThat(slugs(await(db.adapter().select("products", "*", Map.of(), "price desc, slug"))))
                .containsExactly("drill", "saw", "hammer", "glue", "tape");
        assertThat(slugs(await(db.adapter().select("products", "*", Map.of(), "price ASC, slug DESC"))))
                .containsExactly("tape", "glue", "hammer", "saw", "drill");
        assertThat(slugs(await(db.adapter().select("products", "*", Map.of(), "category nulls first, slug"))))
                .containsExactly("drill", "glue", "tape", "hammer", "saw");
        assertThat(slugs(await(db.adapter().select("products", "*", Map.of(), "category desc nulls last, slug"))))
                .containsExactly("hammer", "saw", "tape", "drill", "glue");
        assertThat(slugs(await(db.adapter().select("products", "*", Map.of(), "  price\tdesc ,  slug  "))))
                .containsExactly("drill", "saw", "hammer", "glue", "tape");
    }

    @Test
    void orderByWithAnUnknownDirectionIsRejected() {
        assertThatThrownBy(() -> db.adapter().select("products", "*", Map.of(), "price sideways"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("price sideways");
    }

    @Test
    void countCountsMatchingRows() {
        assertThat(await(db.adapter().count("products", Map.of()))).isEqualTo(5L);
        assertThat(await(db.adapter().count("products", filters("owner", OWNER_A)))).isEqualTo(2L);
        assertThat(await(db.adapter().count("products", filters("slug", "nope")))).isZero();
    }

    @Test
    void insertReturnsTheStoredRowWithDefaults() {
        Map<String, Object> created = await(db.adapter().insert("products", Map.of("slug", "nail", "price", 1)));

        assertThat(created).containsEntry("slug", "nail").containsEntry("price", 1).containsEntry("name", null);
        assertThat(created.get("id")).isEqualTo(6);
        assertThat(db.scalar("SELECT price FROM products WHERE slug = 'nail'")).isEqualTo(1);
    }

    @Test
    void insertDropsUnderscoreKeys() {
        Map<String, Object> data = filters("slug", "nail", "_meta", "ignored", "_id", 99);

        Map<String, Object> created = await(db.adapter().insert("products", data));

        assertThat(created).doesNotContainKeys("_meta", "_id").containsEntry("slug", "nail");
        assertThat(db.scalar("SELECT count(*) FROM products WHERE slug = 'nail'")).isEqualTo(1L);
    }

    @Test
    void updateDropsUnderscoreKeys() {
        Map<String, Object> updated = await(db.adapter().update("products",
                filters("name", "Big saw", "_source", "ui"), filters("slug", "saw")));

        assertThat(updated).containsEntry("name", "Big saw").doesNotContainKey("_source");
    }

    @Test
    void insertWithOnlyUnderscoreKeysIsRefused() {
        assertThatThrownBy(() -> db.adapter().insert("products", Map.of("_meta", 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("products");
        assertThatThrownBy(() -> db.adapter().insert("products", Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(db.scalar("SELECT count(*) FROM products")).isEqualTo(5L);
    }

    @Test
    void insertManyCreatesAllRowsAcrossBatchesInInputOrder() {
        List<Map<String, Object>> rows = IntStream.range(0, 2_500)
                .mapToObj(i -> Map.<String, Object>of("slug", "item-" + i, "price", i, "owner", OWNER_A))
                .toList();

        List<Map<String, Object>> created = await(db.adapter().insertMany("products", rows));

        assertThat(created).hasSize(2_500);
        assertThat(created).extracting(row -> row.get("slug"))
                .containsExactlyElementsOf(rows.stream().map(row -> row.get("slug")).toList());
        assertThat(created).extracting(row -> row.get("price")).containsExactlyElementsOf(
                IntStream.range(0, 2_500).boxed().toList());
        assertThat(created).allSatisfy(row -> assertThat(row.get("owner")).isEqualTo(OWNER_A));
        assertThat(db.scalar("SELECT count(*) FROM products WHERE slug LIKE 'item-%'")).isEqualTo(2_500L);
        assertThat(db.scalar("SELECT bool_and(id > 5) FROM products WHERE slug LIKE 'item-%'")).isEqualTo(true);
        List<Object> ids = created.stream().map(row -> row.get("id")).toList();
        assertThat(ids).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void insertManyAcceptsRowsWithTheSameKeysInAnotherOrder() {
        Map<String, Object> first = filters("slug", "a", "price", 1);
        Map<String, Object> second = filters("price", 2, "slug", "b", "_skip", true);

        List<Map<String, Object>> created = await(db.adapter().insertMany("products", List.of(first, second)));

        assertThat(created).extracting(row -> row.get("slug"), row -> row.get("price"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a", 1), org.assertj.core.groups.Tuple.tuple("b", 2));
    }

    @Test
    void insertManyOfNothingReturnsNothing() {
        assertThat(await(db.adapter().insertMany("products", List.of()))).isEmpty();
    }

    @Test
    void insertManyWithDifferingKeysIsRefusedAndWritesNothing() {
        List<Map<String, Object>> rows = List.of(Map.of("slug", "a"), Map.of("slug", "b", "price", 2));

        assertThatThrownBy(() -> db.adapter().insertMany("products", rows))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("same columns");
        assertThat(db.scalar("SELECT count(*) FROM products")).isEqualTo(5L);
    }

    @Test
    void insertManyFailingInALaterBatchWritesNoRowAtAll() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 1_500; i++) {
            rows.add(Map.of("slug", i == 1_200 ? "hammer" : "x-" + i));
        }

        Throwable error = failure(db.adapter().insertMany("products", rows));

        assertThat(error).isInstanceOf(dev.dbadapter.adapter.DatabaseException.class);
        assertThat(((dev.dbadapter.adapter.DatabaseException) error).sqlState()).isEqualTo("23505");
        assertThat(db.scalar("SELECT count(*) FROM products")).isEqualTo(5L);
        assertThat(await(db.adapter().count("products", Map.of()))).isEqualTo(5L);
    }

    @Test
    void updateReturnsTheFirstUpdatedRowAndChangesEveryMatch() {
        Map<String, Object> updated = await(db.adapter().update("products", Map.of("price", 7), filters("owner", OWNER_B)));

        assertThat(updated.get("slug")).isIn("glue", "drill");
        assertThat(updated).containsEntry("price", 7);
        assertThat(db.scalar("SELECT count(*) FROM products WHERE price = 7")).isEqualTo(2L);
    }

    @Test
    void updateWithNullFilterAndNullValue() {
        Map<String, Object> updated = await(db.adapter().update("products", filters("name", null), filters("owner", null)));

        assertThat(updated).containsEntry("slug", "tape").containsEntry("name", null);
        assertThat(db.scalar("SELECT name FROM products WHERE slug = 'tape'")).isNull();
    }

    @Test
    void updateWithCollectionFilter() {
        await(db.adapter().update("products", Map.of("category", "x"), filters("slug", List.of("glue", "tape"))));

        assertThat(db.scalar("SELECT string_agg(slug, ',' ORDER BY slug) FROM products WHERE category = 'x'"))
                .isEqualTo("glue,tape");
    }

    @Test
    void updateMatchingNothingFailsWithNoRowsNamingTableAndFilters() {
        Throwable error = failure(db.adapter().update("products", Map.of("price", 1), filters("slug", "nope")));

        assertThat(error).isInstanceOf(NoRowsException.class)
                .hasMessageContaining("products").hasMessageContaining("slug").hasMessageContaining("nope");
        assertThat(((NoRowsException) error).code()).isEqualTo(ErrorCode.NO_ROWS);
        assertThat(db.scalar("SELECT count(*) FROM products WHERE price = 1")).isEqualTo(0L);
    }

    @Test
    void updateAndDeleteWithoutFiltersAreRefusedAndChangeNothing() {
        assertThatThrownBy(() -> db.adapter().update("products", Map.of("price", 0), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("filter");
        assertThatThrownBy(() -> db.adapter().update("products", Map.of("price", 0), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("filter");
        assertThatThrownBy(() -> db.adapter().delete("products", Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("filter");
        assertThatThrownBy(() -> db.adapter().delete("products", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("filter");

        assertThat(db.scalar("SELECT count(*) FROM products")).isEqualTo(5L);
        assertThat(db.scalar("SELECT count(*) FROM products WHERE price = 0")).isEqualTo(0L);
    }

    @Test
    void updateWithNothingToSetIsRefused() {
        assertThatThrownBy(() -> db.adapter().update("products", Map.of("_only", 1), filters("slug", "saw")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("products");
        assertThat(db.scalar("SELECT price FROM products WHERE slug = 'saw'")).isEqualTo(25);
    }

    @Test
    void deleteReturnsHowManyRowsWentAway() {
        assertThat(await(db.adapter().delete("products", filters("price", 5)))).isEqualTo(2);
        assertThat(await(db.adapter().delete("products", filters("slug", "nope")))).isZero();
        assertThat(await(db.adapter().delete("products", filters("owner", List.of(OWNER_A, OWNER_B))))).isEqualTo(3);

        assertThat(db.scalar("SELECT count(*) FROM products")).isEqualTo(0L);
    }

    @Test
    void filtersAcceptMapsThatPermitNullKeysOnlyWhenNoneIsNull() {
        Map<String, Object> withNullValue = new HashMap<>();
        withNullValue.put("category", null);
        withNullValue.put("price", 5);

        assertThat(slugs(await(db.adapter().select("products", withNullValue)))).containsExactly("glue");
        assertThat(slugs(await(db.adapter().select("products", "*", filters("price", Arrays.asList(5, null)), "slug"))))
                .containsExactly("glue", "tape");
    }
}
