package dev.dbadapter.adapter.supabase;

import static dev.dbadapter.adapter.postgres.Async.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dbadapter.adapter.Page;
import dev.dbadapter.testing.PgDatabaseExtension;
import dev.dbadapter.testing.PostgrestExtension;
import dev.dbadapter.testing.PostgrestExtension.Key;
import dev.dbadapter.testing.SupabaseGateway;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Reads past PostgREST's {@code db-max-rows} (1000, as on Supabase) and bulk writes, counted at the
 * gateway: a caller gets every row, in few requests.
 */
class SupabasePagingTest {
    @RegisterExtension
    static final PgDatabaseExtension db = new PgDatabaseExtension();
    @RegisterExtension
    static final PostgrestExtension rest = new PostgrestExtension(db);

    static final int ROWS = 2_345;

    @BeforeAll
    static void schema() {
        db.sql("""
                CREATE TABLE items (id serial PRIMARY KEY, grp integer NOT NULL, label text);
                CREATE TABLE bulk (id serial PRIMARY KEY, label text NOT NULL);
                INSERT INTO items (grp, label) SELECT i % 3, 'item ' || i FROM generate_series(1, 2345) AS i;
                """);
    }

    @BeforeEach
    void clear() {
        rest.gateway().clearRequests();
    }

    @Test
    void selectReturnsEveryRowPastTheServersCapInTheAskedOrder() {
        SupabaseAdapter adapter = rest.adapter(Key.SECRET);
        List<Map<String, Object>> rows = await(adapter.select("items", "id, grp", Map.of(), "grp desc, id"));
        assertThat(rows).hasSize(ROWS);
        List<Integer> ids = rows.stream().map(row -> (Integer) row.get("id")).toList();
        assertThat(ids).doesNotHaveDuplicates();
        List<Map<String, Object>> expected = db.query("SELECT id, grp FROM items ORDER BY grp DESC, id");
        assertThat(rows).isEqualTo(expected);
        assertThat(await(adapter.select("items"))).hasSize(ROWS);
        assertThat(await(adapter.select("items", Map.of("grp", 1)))).hasSize(782);
        assertThat(gets()).isLessThanOrEqualTo(1 + 4 + 4 + 1 + 2); // description + pages of 1000
    }

    @Test
    void aSmallSelectIsOneRequest() {
        SupabaseAdapter adapter = rest.adapter(Key.SECRET);
        await(adapter.columns("items"));
        rest.gateway().clearRequests();
        assertThat(await(adapter.select("items", Map.of("id", List.of(1, 2, 3))))).hasSize(3);
        assertThat(gets()).isEqualTo(1);
    }

    @Test
    void selectPageFillsPagesLargerThanTheCap() {
        SupabaseAdapter adapter = rest.adapter(Key.SECRET);
        List<Map<String, Object>> page = await(adapter.selectPage("items", "id", Map.of(), Page.first("id", 1500)));
        assertThat(page).hasSize(1500);
        assertThat(page.getLast()).containsEntry("id", 1500);
        List<Map<String, Object>> rest2 = await(adapter.selectPage("items", "id", Map.of(), Page.first("id", 1500).next(1500)));
        assertThat(rest2).hasSize(ROWS - 1500);
        assertThat(rest2.getFirst()).containsEntry("id", 1501);
    }

    @Test
    void pagingThroughATableReadsEveryRowOnce() {
        SupabaseAdapter adapter = rest.adapter(Key.PUBLISHABLE);
        List<Object> ids = new ArrayList<>();
        Page page = Page.first("id", 1000);
        while (true) {
            List<Map<String, Object>> rows = await(adapter.selectPage("items", "*", Map.of("grp", 2), page));
            rows.forEach(row -> ids.add(row.get("id")));
            if (rows.size() < page.size()) {
                break;
            }
            page = page.next(rows.getLast().get("id"));
        }
        assertThat(ids).hasSize(782).doesNotHaveDuplicates();
    }

    @Test
    void insertManySendsOneRequestPerBatch() {
        SupabaseAdapter adapter = rest.adapter(Key.SECRET);
        List<Map<String, Object>> rows = IntStream.range(0, 2_500).mapToObj(i -> Map.<String, Object>of("label", "b" + i)).toList();
        List<Map<String, Object>> created = await(adapter.insertMany("bulk", rows));
        assertThat(created).hasSize(2_500);
        assertThat(created.getFirst()).containsEntry("label", "b0");
        assertThat(created.getLast()).containsEntry("label", "b2499");
        assertThat(rest.gateway().requests().stream().filter(request -> request.method().equals("POST")).count())
                .isEqualTo(3);
        assertThat(db.scalar("SELECT count(*) FROM bulk")).isEqualTo(2_500L);
    }

    private static long gets() {
        return rest.gateway().requests().stream().map(SupabaseGateway.Recorded::method).filter("GET"::equals).count();
    }
}
