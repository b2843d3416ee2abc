package dev.dbadapter.adapter.supabase;

import static dev.dbadapter.adapter.postgres.Async.await;
import static dev.dbadapter.adapter.postgres.Async.failure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dbadapter.adapter.ColumnInfo;
import dev.dbadapter.adapter.NoRowsException;
import dev.dbadapter.adapter.Provider;
import dev.dbadapter.testing.PgDatabaseExtension;
import dev.dbadapter.testing.PostgrestExtension;
import dev.dbadapter.testing.PostgrestExtension.Key;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every CRUD call of {@link SupabaseAdapter} against a real PostgREST behind the stand-in gateway. */
class SupabaseCrudTest {
    @RegisterExtension
    static final PgDatabaseExtension db = new PgDatabaseExtension();
    @RegisterExtension
    static final PostgrestExtension rest = new PostgrestExtension(db);

    @BeforeAll
    static void schema() {
        db.sql("""
                CREATE TABLE products (id serial PRIMARY KEY, slug text NOT NULL UNIQUE, name text,
                    price numeric(10, 2), stock integer, user_id text NOT NULL DEFAULT 'u1');
                """);
    }

    @BeforeEach
    void rows() {
        db.sql("""
                TRUNCATE products RESTART IDENTITY;
                INSERT INTO products (slug, name, price, stock) VALUES
                    ('hammer', 'Hammer', 12.50, 3), ('saw', 'Saw', 20.00, NULL), ('drill', 'Drill', 99.99, 1);
                """);
    }

    private static SupabaseAdapter secret() {
        return rest.adapter(Key.SECRET);
    }

    @ParameterizedTest
    @EnumSource(value = Key.class, names = {"SECRET", "SERVICE_ROLE_JWT"})
    void selectsWithColumnsFiltersAndOrderThroughBothKindsOfServiceKey(Key key) {
        SupabaseAdapter adapter = rest.adapter(key);
        assertThat(await(adapter.select("products", "slug, price", Map.of(), "price desc")))
                .containsExactly(Map.of("slug", "drill", "price", new BigDecimal("99.99")),
                        Map.of("slug", "saw", "price", new BigDecimal("20.00")),
                        Map.of("slug", "hammer", "price", new BigDecimal("12.50")));
        assertThat(await(adapter.select("products", "slug", Map.of("stock", 3), null)))
                .containsExactly(Map.of("slug", "hammer"));
    }

    @Test
    void aNullFilterIsIsNullAndACollectionIsAnyOf() {
        Map<String, Object> isNull = new HashMap<>();
        isNull.put("stock", null);
        assertThat(await(secret().select("products", "slug", isNull, null))).containsExactly(Map.of("slug", "saw"));
        assertThat(await(secret().select("products", "slug", Map.of("slug", List.of("saw", "drill", "nothing")), "slug")))
                .containsExactly(Map.of("slug", "drill"), Map.of("slug", "saw"));
        assertThat(await(secret().select("products", "slug", Map.of("slug", List.of()), null))).isEmpty();
        assertThat(await(secret().select("products", "slug", Map.of("slug", Arrays.asList("saw", null)), null)))
                .containsExactly(Map.of("slug", "saw"));
    }

    @Test
    void ordersBySeveralColumnsEachWithItsDirection() {
        db.sql("INSERT INTO products (slug, name, price) VALUES ('saw2', 'Saw', 5)");
        assertThat(await(secret().select("products", "slug", Map.of(), "name desc, price")))
                .extracting(row -> row.get("slug")).containsExactly("saw2", "saw", "hammer", "drill");
        assertThat(await(secret().select("products", "slug", Map.of(), "stock desc nulls last, slug")))
                .extracting(row -> row.get("slug")).containsExactly("hammer", "drill", "saw", "saw2");
    }

    @Test
    void insertReturnsTheStoredRowWithItsDefaultsAndDropsUnderscoreKeys() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("slug", "nails");
        data.put("price", new BigDecimal("0.10"));
        data.put("_meta", "dropped");
        Map<String, Object> row = await(secret().insert("products", data));
        assertThat(row).containsEntry("id", 4).containsEntry("slug", "nails").containsEntry("user_id", "u1")
                .containsEntry("price", new BigDecimal("0.10")).containsEntry("stock", null).doesNotContainKey("_meta");
        assertThat(db.scalar("SELECT name IS NULL FROM products WHERE slug = 'nails'")).isEqualTo(true);
    }

    @Test
    void insertManyReturnsTheRowsInInputOrder() {
        List<Map<String, Object>> created = await(secret().insertMany("products", List.of(
                Map.of("slug", "a", "stock", 1), Map.of("stock", 2, "slug", "b"))));
        assertThat(created).extracting(row -> row.get("slug")).containsExactly("a", "b");
        assertThat(created).extracting(row -> row.get("id")).containsExactly(4, 5);
        assertThat(await(secret().insertMany("products", List.of()))).isEmpty();
    }

    @Test
    void updateReturnsTheFirstUpdatedRowAndNoMatchIsNoRows() {
        Map<String, Object> row = await(secret().update("products", Map.of("stock", 7), Map.of("slug", "saw")));
        assertThat(row).containsEntry("slug", "saw").containsEntry("stock", 7);
        assertThat(failure(secret().update("products", Map.of("stock", 7), Map.of("slug", "nothing"))))
                .isInstanceOf(NoRowsException.class).hasMessage("No row in products matches {slug=nothing}");
    }

    @Test
    void deleteReturnsHowManyRowsWentAndCountCountsExactly() {
        assertThat(await(secret().count("products", Map.of()))).isEqualTo(3L);
        assertThat(await(secret().count("products", Map.of("slug", List.of("saw", "drill"))))).isEqualTo(2L);
        assertThat(await(secret().delete("products", Map.of("slug", List.of("saw", "drill"))))).isEqualTo(2);
        assertThat(await(secret().delete("products", Map.of("slug", "nothing")))).isZero();
        assertThat(await(secret().count("products", Map.of()))).isEqualTo(1L);
    }

    @Test
    void columnsComeFromTheApiDescriptionInTableOrder() {
        assertThat(await(secret().columns("products"))).containsExactly(
                new ColumnInfo("id", "integer", true, false), new ColumnInfo("slug", "text", false, false),
                new ColumnInfo("name", "text", false, false), new ColumnInfo("price", "numeric", false, false),
                new ColumnInfo("stock", "integer", false, false), new ColumnInfo("user_id", "text", true, false));
        assertThat(await(secret().columns("no_such_table"))).isEmpty();
        assertThat(await(secret().tables())).contains("products");
    }

    @Test
    void saysItIsSupabase() {
        assertThat(secret().provider()).isEqualTo(Provider.SUPABASE);
        assertThat(secret().toString()).contains(rest.url()).contains("secret key").doesNotContain(rest.key(Key.SECRET));
    }
}
