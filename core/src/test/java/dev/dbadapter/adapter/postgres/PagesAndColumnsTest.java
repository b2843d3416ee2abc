package dev.dbadapter.adapter.postgres;

import static dev.dbadapter.adapter.postgres.Async.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dbadapter.adapter.ColumnInfo;
import dev.dbadapter.adapter.Page;
import dev.dbadapter.testing.PgDatabaseExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code selectPage} (keyset paging) and {@code columns} (what a table's columns are) against real tables. */
class PagesAndColumnsTest {
    @RegisterExtension
    static final PgDatabaseExtension db = new PgDatabaseExtension();

    @BeforeEach
    void items() {
        db.sql("""
                DROP TABLE IF EXISTS items, "Mixed Case";
                CREATE TABLE items (id int PRIMARY KEY, owner text, tag text);
                INSERT INTO items SELECT g, CASE WHEN g % 3 = 0 THEN 'b' ELSE 'a' END, CASE WHEN g % 5 = 0 THEN NULL ELSE 'x' END
                FROM generate_series(1, 25) g;
                """);
    }

    private static List<Object> ids(List<Map<String, Object>> rows) {
        return rows.stream().map(row -> row.get("id")).toList();
    }

    @Test
    void pagesFollowTheKeyWithoutGapsOrRepeatsAndEndShort() {
        List<Object> seen = new ArrayList<>();
        Page page = Page.first("id", 7);
        List<Integer> sizes = new ArrayList<>();
        while (true) {
            List<Map<String, Object>> rows = await(db.adapter().selectPage("items", "id, owner", Map.of("owner", "a"), page));
            sizes.add(rows.size());
            seen.addAll(ids(rows));
            if (rows.size() < page.size()) {
                break;
            }
            page = page.next(rows.getLast().get("id"));
        }
        assertThat(seen).isEqualTo(ids(db.query("SELECT id FROM items WHERE owner = 'a' ORDER BY id")));
        assertThat(sizes).containsExactly(7, 7, 3);
    }

    @Test
    void aPageTakesNullAndListFiltersAndTheColumnsAsked() {
        List<Map<String, Object>> rows = await(db.adapter().selectPage("items", "id", java.util.Collections.singletonMap("tag", null),
                new Page("id", 5, 10)));
        assertThat(ids(rows)).containsExactly(10, 15, 20, 25);
        assertThat(rows.getFirst().keySet()).containsExactly("id");
        assertThat(ids(await(db.adapter().selectPage("items", "*", Map.of("id", List.of(3, 4, 9, 12)), new Page("id", 3, 2)))))
                .containsExactly(4, 9);
    }

    @Test
    void uuidKeysPageInTheDatabasesOrder() {
        db.sql("CREATE TABLE tokens (id uuid PRIMARY KEY); INSERT INTO tokens SELECT gen_random_uuid() FROM generate_series(1, 9)");
        List<Object> seen = new ArrayList<>();
        Page page = Page.first("id", 4);
        for (int i = 0; i < 3; i++) {
            List<Map<String, Object>> rows = await(db.adapter().selectPage("tokens", "id", Map.of(), page));
            seen.addAll(ids(rows));
            if (!rows.isEmpty()) {
                page = page.next(rows.getLast().get("id"));
            }
        }
        assertThat(seen).isEqualTo(ids(db.query("SELECT id FROM tokens ORDER BY id")));
        assertThat(seen.getFirst()).isInstanceOf(UUID.class);
    }

    @Test
    void badPagesAreRefusedBeforeAnySql() {
        assertThatThrownBy(() -> Page.first("id; drop table items", 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Page.first("id", 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one row");
        assertThatThrownBy(() -> db.adapter().selectPage("items; --", "*", Map.of(), Page.first("id", 1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(db.scalar("SELECT count(*) FROM items")).isEqualTo(25L);
    }

    @Test
    void columnsSayTypeDefaultAndGeneration() {
        db.sql("""
                CREATE TABLE "Mixed Case" (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "Name" varchar(20) NOT NULL,
                    tags text[], doc jsonb DEFAULT '{}', at timestamptz DEFAULT now(), bin bytea,
                    twice int GENERATED ALWAYS AS (length("Name") * 2) STORED, dropped int);
                ALTER TABLE "Mixed Case" DROP COLUMN dropped;
                """);
        assertThat(await(db.adapter().columns("\"Mixed Case\""))).containsExactly(
                new ColumnInfo("id", "bigint", true, false),
                new ColumnInfo("Name", "character varying", false, false),
                new ColumnInfo("tags", "text[]", false, false),
                new ColumnInfo("doc", "jsonb", true, false),
                new ColumnInfo("at", "timestamp with time zone", true, false),
                new ColumnInfo("bin", "bytea", false, false),
                new ColumnInfo("twice", "integer", false, true));
        assertThat(new ColumnInfo("tags", "text[]", false, false).isArray()).isTrue();
    }

    @Test
    void aMissingTableHasNoColumns() {
        assertThat(await(db.adapter().columns("no_such_table"))).isEmpty();
        assertThatThrownBy(() -> db.adapter().columns("bad name")).isInstanceOf(IllegalArgumentException.class);
    }
}
