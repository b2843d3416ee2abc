package dev.dbadapter.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dbadapter.testing.PgDatabaseExtension;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Bucket summaries summed from binary COPY rows: the buckets the server computes for a slug are the
 * ones the summary puts it in, order does not matter, and counts, nulls and overflowing sums come
 * through exactly.
 */
class BucketsTest {
    @RegisterExtension
    static final PgDatabaseExtension db = new PgDatabaseExtension();

    /** The summary {@code sql} gives. */
    private static Buckets read(String sql) throws Exception {
        try (Connection connection = db.connection()) {
            return Buckets.read(connection, sql);
        }
    }

    /** The summary of {@code rows}, a VALUES list of (slug text, digest bigint). */
    private static Buckets summary(String rows) throws Exception {
        return read(Buckets.query("v.slug", "v.digest", "(VALUES " + rows + ") v(slug, digest)", "true"));
    }

    private static int bucketOf(String slug) throws Exception {
        try (Connection connection = db.connection(); Statement statement = connection.createStatement();
                var rs = statement.executeQuery("SELECT " + Buckets.of("'" + slug + "'::text"))) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void theSameRowsInAnotherOrderAgree() throws Exception {
        Buckets one = summary("('a', 1::bigint), ('b', 2), ('c', -3), (NULL, 4)");
        Buckets other = summary("(NULL, 4::bigint), ('c', -3), ('a', 1), ('b', 2)");

        assertThat(one.differing(other)).isEmpty();
        assertThat(one.rowsOutside(new int[0])).isEqualTo(4);
    }

    @Test
    void aChangedDigestPutsTheServersBucketOfItsSlugApart() throws Exception {
        Buckets one = summary("('apple', 1::bigint), ('pear', 2), ('plum', 9223372036854775807)");
        Buckets other = summary("('apple', 1::bigint), ('pear', 3), ('plum', 9223372036854775807)");

        assertThat(one.differing(other)).containsExactly(bucketOf("pear"));
        assertThat(one.rowsOutside(one.differing(other))).isEqualTo(2);
    }

    @Test
    void aMissingRowAndRowsWithoutASlugAreSeen() throws Exception {
        Buckets one = summary("('apple', 1::bigint), (NULL, 5), (NULL, 5)");

        assertThat(one.differing(summary("('apple', 1::bigint), (NULL, 5)"))).containsExactly(0);
        assertThat(one.differing(summary("(NULL, 5::bigint), (NULL, 5)"))).containsExactly(bucketOf("apple"));
        assertThat(one.used()).isEqualTo(bucketOf("apple") == 0 ? 1 : 2);
    }

    @Test
    void duplicatedRowsAreNotTakenForOtherDuplicates() throws Exception {
        // equal counts, and sums a plain exclusive or would cancel to zero on both sides
        Buckets twice = summary("('x', 7::bigint), ('x', 7)");
        Buckets otherTwice = summary("('x', 8::bigint), ('x', 8)");

        assertThat(twice.differing(otherTwice)).containsExactly(bucketOf("x"));
    }

    @Test
    void sumsThatOverflowStillAgree() throws Exception {
        String rows = "('s', 9223372036854775807::bigint), ('s', 9223372036854775807), ('s', -9223372036854775808)";

        assertThat(summary(rows).differing(summary(rows))).isEmpty();
    }

    @Test
    void anEmptySideHasNoRows() throws Exception {
        Buckets empty = read("SELECT 1::bigint, 1::bigint WHERE false");

        assertThat(empty.used()).isZero();
        assertThat(empty.differing(summary("('a', 1::bigint)"))).containsExactly(bucketOf("a"));
    }

    @Test
    void rowsOfAnotherShapeAreRefusedClearly() {
        assertThatThrownBy(() -> read("SELECT 1, 2::bigint")).isInstanceOf(SQLException.class)
                .hasMessageContaining("4 bytes, not 8");
        assertThatThrownBy(() -> read("SELECT 1::bigint")).isInstanceOf(SQLException.class)
                .hasMessageContaining("1 columns, not 2");
    }

    @Test
    void aFailingQueryReportsTheServersError() {
        assertThatThrownBy(() -> read("SELECT 1::bigint, (1 / 0)::bigint")).isInstanceOf(SQLException.class)
                .hasMessageContaining("division by zero");
    }
}
