package dev.dbadapter.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dbadapter.testing.PgDatabaseExtension;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A referenced table's rows held in the client give the same part of a digest as joining them on
 * the server, a key pointing nowhere gives the seed, and a table over the limit is not held.
 */
class ReferenceSlugsTest {
    @RegisterExtension
    static final PgDatabaseExtension db = new PgDatabaseExtension();

    private static ReferenceSlugs read(String sql, int limit) throws Exception {
        try (Connection connection = db.connection()) {
            return ReferenceSlugs.read(connection, sql, 9, limit);
        }
    }

    private static long server(String sql) {
        return ((Number) db.query(sql).getFirst().values().iterator().next()).longValue();
    }

    @Test
    void everyKeyGivesTheHashOfItsRowsSlugAndOtherKeysTheSeed() throws Exception {
        db.sql("DROP TABLE IF EXISTS parents; CREATE TABLE parents (id bigint PRIMARY KEY, slug text);"
                + " INSERT INTO parents SELECT g * 7919, 's' || g FROM generate_series(1, 5000) g;"
                + " INSERT INTO parents VALUES (-1, NULL), (0, '')");

        ReferenceSlugs slugs = read("SELECT r.id, coalesce(hashtextextended(r.slug, 9), 9) FROM parents r", 10_000);

        for (long g : List.of(1L, 2L, 2500L, 5000L)) {
            assertThat(slugs.part(false, g * 7919)).isEqualTo(server("SELECT hashtextextended('s" + g + "', 9)"));
        }
        assertThat(slugs.part(false, 0)).isEqualTo(server("SELECT hashtextextended('', 9)")).isNotEqualTo(9);
        assertThat(slugs.part(false, -1)).isEqualTo(9);
        assertThat(slugs.part(false, 7920)).isEqualTo(9);
        assertThat(slugs.part(true, 7919)).isEqualTo(9);
    }

    @Test
    void aTableOverTheLimitIsNotHeld() throws Exception {
        String sql = "SELECT g::bigint, g::bigint FROM generate_series(1, 100) g";

        assertThat(read(sql, 99)).isNull();
        assertThat(read(sql, 100).part(false, 100)).isEqualTo(100);
    }

    @Test
    void rowsOfAnotherShapeAreRefusedClearly() {
        assertThatThrownBy(() -> read("SELECT 1, 2::bigint", 10)).isInstanceOf(SQLException.class)
                .hasMessageContaining("not two 64-bit numbers");
        assertThatThrownBy(() -> read("SELECT 1::bigint, NULL::bigint", 10)).isInstanceOf(SQLException.class)
                .hasMessageContaining("slug hash is not a 64-bit number");
    }
}
