package dev.dbadapter.adapter.postgres.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbadapter.internal.Filter;
import dev.dbadapter.testing.PgDatabaseExtension;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The PostgreSQL rendering of a {@link Filter}: its text, and what it selects in a real database. */
class FilterSqlTest {
    @RegisterExtension
    static final PgDatabaseExtension db = new PgDatabaseExtension();

    private static final String OWNER = "00000000-0000-0000-0000-00000000000a";

    @BeforeAll
    static void createTable() {
        db.sql("""
                CREATE TABLE items (id int PRIMARY KEY, slug text, "Price" int, owner uuid, "odd""name" text);
                INSERT INTO items VALUES
                    (1, 'saw', 5, '00000000-0000-0000-0000-00000000000a', 'x'),
                    (2, 'a,"b"}{\\c', 10, NULL, NULL),
                    (3, NULL, NULL, '00000000-0000-0000-0000-00000000000b', 'y');
                """);
    }

    private static Map<String, Object> map(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

    /** The ids of the rows of {@code items} that {@code filters} selects, run through the renderer. */
    private static List<Integer> ids(Map<String, Object> filters) throws SQLException {
        FilterSql.Where where = FilterSql.where(Filter.of(filters));
        List<Integer> ids = new ArrayList<>();
        try (Connection connection = db.connection();
                PreparedStatement statement = connection.prepareStatement("SELECT id FROM items" + where.sql() + " ORDER BY id")) {
            where.bind(connection, statement, 1);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getInt(1));
                }
            }
        }
        return ids;
    }

    @Test
    void anEqualsConditionIsOneBoundValue() throws SQLException {
        FilterSql.Where where = FilterSql.where(Filter.of(map("slug", "saw")));
        assertThat(where.sql()).isEqualTo(" WHERE \"slug\" = ?");
        assertThat(where.values()).containsExactly("saw");
        assertThat(ids(map("slug", "saw"))).containsExactly(1);
        assertThat(ids(map("owner", UUID.fromString(OWNER)))).containsExactly(1);
        assertThat(ids(map("owner", OWNER))).containsExactly(1);
    }

    @Test
    void anIsNullConditionBindsNothing() throws SQLException {
        FilterSql.Where where = FilterSql.where(Filter.of(map("slug", null)));
        assertThat(where.sql()).isEqualTo(" WHERE \"slug\" IS NULL");
        assertThat(where.values()).isEmpty();
        assertThat(ids(map("slug", null))).containsExactly(3);
    }

    @Test
    void anAnyOfConditionIsOneUntypedArrayLiteral() throws SQLException {
        FilterSql.Where where = FilterSql.where(Filter.of(map("Price", List.of(5, 99))));
        assertThat(where.sql()).isEqualTo(" WHERE \"price\" = ANY(?)");
        assertThat(where.values()).containsExactly(new FilterSql.ArrayLiteral("{\"5\",\"99\"}"));
        assertThat(ids(map("\"Price\"", List.of(5, 99)))).containsExactly(1);
        assertThat(ids(map("slug", List.of("a,\"b\"}{\\c", "nope")))).containsExactly(2);
        assertThat(ids(map("owner", List.of(UUID.fromString(OWNER))))).containsExactly(1);
    }

    @Test
    void anEmptyCollectionMatchesNothing() throws SQLException {
        assertThat(FilterSql.where(Filter.of(map("slug", List.of()))).values())
                .containsExactly(new FilterSql.ArrayLiteral("{}"));
        assertThat(ids(map("slug", List.of()))).isEmpty();
        assertThat(ids(map("owner", List.of()))).isEmpty();
    }

    @Test
    void aNullInACollectionDoesNotMatchNullRows() throws SQLException {
        assertThat(FilterSql.where(Filter.of(map("\"Price\"", Arrays.asList(10, null)))).values())
                .containsExactly(new FilterSql.ArrayLiteral("{\"10\",NULL}"));
        assertThat(ids(map("\"Price\"", Arrays.asList(10, null)))).containsExactly(2);
    }

    @Test
    void conditionsAreAndedAndQuotedColumnsKeepTheirCase() throws SQLException {
        Map<String, Object> filters = map("\"odd\"\"name\"", "x", "\"Price\"", List.of(5, 10), "slug", "saw");
        assertThat(FilterSql.where(Filter.of(filters)).sql())
                .isEqualTo(" WHERE \"odd\"\"name\" = ? AND \"Price\" = ANY(?) AND \"slug\" = ?");
        assertThat(ids(filters)).containsExactly(1);
        assertThat(ids(map("\"odd\"\"name\"", null, "owner", null))).containsExactly(2);
    }

    @Test
    void noFilterRendersNoWhereClause() throws SQLException {
        assertThat(FilterSql.where(Filter.NONE)).isEqualTo(new FilterSql.Where("", List.of()));
        assertThat(ids(null)).containsExactly(1, 2, 3);
    }

    @Test
    void placeholdersAreAskedInOrderAndColumnsQualifiedByTheAlias() {
        List<String> asked = new ArrayList<>();
        String sql = FilterSql.conditions(Filter.of(map("a", 1, "b", null, "c", List.of("x"))), "t0", (column, value) -> {
            asked.add(column + "=" + value);
            return "$" + asked.size();
        });
        assertThat(sql).isEqualTo("t0.\"a\" = $1 AND t0.\"b\" IS NULL AND t0.\"c\" = ANY($2)");
        assertThat(asked).containsExactly("a=1", "c=ArrayLiteral[text={\"x\"}]");
        assertThat(FilterSql.conditions(Filter.NONE, "t0", (column, value) -> "?")).isEmpty();
    }
}
