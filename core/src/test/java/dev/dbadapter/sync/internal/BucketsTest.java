package dev.dbadapter.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbadapter.testing.PgDatabaseExtension;
import java.sql.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Bucket summaries read as COPY text: counts, signs and the largest sums come through exactly. */
class BucketsTest {
    @RegisterExtension
    static final PgDatabaseExtension db = new PgDatabaseExtension();

    private static Buckets read(String values) throws Exception {
        try (Connection connection = db.connection()) {
            return Buckets.read(connection, "SELECT * FROM (VALUES " + values + ") v(b, n, s)");
        }
    }

    @Test
    void countsAndSumsAreReadWithTheirSigns() throws Exception {
        Buckets summary = read("(0, 2, -5::bigint), (7, 40, 0::bigint), (131071, 1, 9223372036854775806::bigint)");

        assertThat(summary.used()).isEqualTo(3);
        assertThat(summary.rowsOutside(new int[0])).isEqualTo(43);
        assertThat(summary.rowsOutside(new int[] {7})).isEqualTo(3);
        assertThat(summary.differing(read("(0, 2, -5::bigint), (7, 40, 0::bigint), (131071, 1, 9223372036854775806::bigint)")))
                .isEmpty();
        assertThat(summary.differing(read("(0, 2, 5::bigint), (7, 40, 0::bigint), (131071, 1, -9223372036854775806::bigint)")))
                .containsExactly(0, 131071);
        assertThat(summary.differing(read("(0, 2, -5::bigint), (7, 41, 0::bigint)"))).containsExactly(7, 131071);
    }

    @Test
    void anEmptySummaryHasNoRows() throws Exception {
        Buckets summary = read("(0, 1, 1::bigint)");
        Buckets empty;
        try (Connection connection = db.connection()) {
            empty = Buckets.read(connection, "SELECT 0, 0::bigint, 0::bigint WHERE false");
        }

        assertThat(empty.used()).isZero();
        assertThat(empty.differing(summary)).containsExactly(0);
    }
}
