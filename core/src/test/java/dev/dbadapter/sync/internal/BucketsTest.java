package dev.dbadapter.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dbadapter.testing.PgDatabaseExtension;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
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
            return Buckets.read(connection, sql, List.of());
        }
    }

    /** The summary of {@code rows}, a VALUES list of (slug text, digest bigint). */
    private static Buckets summary(String rows) throws Exception {
        return read(Buckets.query("v.slug", "v.digest", null, List.of(), "(VALUES " + rows + ") v(slug, digest)", "true"));
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

    /** Creates the tables {@code one} and {@code other} (slug text, digest bigint), then runs {@code rows}. */
    private static void tables(String rows) {
        db.sql("DROP TABLE IF EXISTS one, other; CREATE TABLE one (slug text, digest bigint);"
                + " CREATE TABLE other (slug text, digest bigint); " + rows);
    }

    /** The summary of the rows of {@code table} (slug text, digest bigint), with their places. */
    private static Buckets placed(String table) throws Exception {
        return read(Buckets.query("t.slug", "t.digest", "t.ctid", List.of(), table + " t", "true"));
    }

    /** The slugs and digests of {@code table}'s rows at {@code places} (a tid[] literal), sorted. */
    private static String rowsAt(String table, String places) throws Exception {
        try (Connection connection = db.connection(); var statement = connection.prepareStatement("SELECT string_agg("
                + "coalesce(slug, '-') || ':' || digest, ' ' ORDER BY slug, digest) FROM " + table
                + " WHERE ctid = ANY (?::tid[])")) {
            statement.setString(1, places);
            var rs = statement.executeQuery();
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void onlyRowsWithoutAnEqualRowOnTheOtherSideAreComparedByPlaceWithTheOtherRowsOfTheirSlug() throws Exception {
        tables("""
                INSERT INTO one SELECT 's' || g, g FROM generate_series(1, 2000) g;
                INSERT INTO other SELECT 's' || g, g FROM generate_series(1, 2000) g;
                -- changed, only in one, only in the other, and a slug twice of which one row is equal
                UPDATE one SET digest = -7 WHERE slug = 's7';
                INSERT INTO one VALUES ('new', 1), ('twice', 1), ('twice', 2);
                INSERT INTO other VALUES ('gone', 1), ('twice', 1);
                """);
        Buckets one = placed("one");
        Buckets other = placed("other");

        Buckets.Places places = Buckets.toCompare(one, other, one.differing(other));

        assertThat(rowsAt("one", places.source())).isEqualTo("new:1 s7:-7 twice:1 twice:2");
        assertThat(rowsAt("other", places.destination())).isEqualTo("gone:1 s7:7 twice:1");
        assertThat(places.sourceRows()).isEqualTo(4);
        assertThat(places.destinationRows()).isEqualTo(3);
    }

    @Test
    void aSlugOfManyRowsIsComparedWithAllItsRowsWhenOneOfThemDiffers() throws Exception {
        tables("""
                INSERT INTO one SELECT 'many', g FROM generate_series(1, 500) g;
                INSERT INTO other SELECT 'many', g FROM generate_series(1, 500) g;
                INSERT INTO one SELECT 's' || g, g FROM generate_series(1, 300) g;
                INSERT INTO other SELECT 's' || g, g FROM generate_series(1, 300) g;
                UPDATE one SET digest = -1 WHERE slug = 'many' AND digest = 250;
                """);
        Buckets one = placed("one");
        Buckets other = placed("other");

        Buckets.Places places = Buckets.toCompare(one, other, one.differing(other));

        assertThat(places.sourceRows()).isEqualTo(500);
        assertThat(places.destinationRows()).isEqualTo(500);
        assertThat(rowsAt("one", places.source())).startsWith("many:-1 many:1 many:2 ").doesNotContain("s1");
    }

    @Test
    void rowsWithoutASlugOrWithoutPlacesLeaveTheComparisonToBuckets() throws Exception {
        tables("""
                INSERT INTO one VALUES ('a', 1), (NULL, 2);
                INSERT INTO other VALUES ('a', 2);
                """);
        Buckets withNull = placed("one");
        Buckets unplaced = summary("('a', 1::bigint)");
        Buckets other = placed("other");

        assertThat(Buckets.toCompare(withNull, other, withNull.differing(other))).isNull();
        assertThat(Buckets.toCompare(other, unplaced, other.differing(unplaced))).isNull();
    }

    @Test
    void rowsOfAnotherShapeAreRefusedClearly() {
        assertThatThrownBy(() -> read("SELECT 1, 2::bigint")).isInstanceOf(SQLException.class)
                .hasMessageContaining("4 bytes, not 8");
        assertThatThrownBy(() -> read("SELECT 1::bigint")).isInstanceOf(SQLException.class)
                .hasMessageContaining("1 columns, not 2 or 3");
        assertThatThrownBy(() -> read("SELECT 1::bigint, 2::bigint, 3::bigint")).isInstanceOf(SQLException.class)
                .hasMessageContaining("third column is not a row's place");
    }

    @Test
    void aFailingQueryReportsTheServersError() {
        assertThatThrownBy(() -> read("SELECT 1::bigint, (1 / 0)::bigint")).isInstanceOf(SQLException.class)
                .hasMessageContaining("division by zero");
    }
}
