package dev.dbadapter.sync.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/**
 * One side's rows of a table summed up per bucket of slugs: the slugs are spread over
 * {@link #COUNT} buckets by a hash of their text, and each bucket holds how many rows it has and
 * the sum of their row hashes (each hash covers the slug and, in overwrite mode, the row's digest).
 * Two sides whose bucket agrees have the same slugs there, with the same content; only the buckets
 * that disagree need comparing row by row. The summary takes a fixed amount of memory (two arrays
 * of {@link #COUNT}), whatever the number of rows; the server sends at most one row per bucket.
 */
final class Buckets {
    /** How many buckets: enough that a change of one row in a hundred leaves most buckets equal. */
    static final int COUNT = 1 << 17;
    private static final long SUM_MODULUS = Long.MAX_VALUE;

    private final long[] rows = new long[COUNT];
    private final long[] sums = new long[COUNT];

    /** Returns the 64-bit hash of the slug text {@code slug} (an SQL expression) that buckets rows, as SQL. */
    static String slugHash(String slug) {
        return "hashtextextended(" + slug + ", 1)";
    }

    /** Returns the bucket of the slug text {@code slug} (an SQL expression), as SQL. */
    static String of(String slug) {
        // rows without a slug share bucket 0
        return "coalesce((" + slugHash(slug) + " & " + (COUNT - 1) + ")::int, 0)";
    }

    /**
     * Returns the query that sums up rows per bucket: {@code slug} is the slug's text and
     * {@code digest} a 64-bit hash of the rest of the row, both SQL expressions over {@code from},
     * filtered by {@code where}.
     */
    static String query(String slug, String digest, String from, String where) {
        // the hashes are computed below the grouping (OFFSET 0 keeps the sub-select), so the server
        // groups two numbers a row, by hashing, not the rows' values by sorting; the sum is reduced
        // once per bucket, so it fits a bigint
        return "SELECT b, count(*), (sum(h) % " + SUM_MODULUS + ")::bigint FROM (SELECT " + of(slug) + " AS b, coalesce("
                + slugHash(slug) + ", 1) # " + digest + " AS h FROM " + from + " WHERE " + where + " OFFSET 0) s GROUP BY b";
    }

    /**
     * Reads the summary that {@code sql} (from {@link #query}) returns on {@code connection}, as COPY
     * text: one stream, where a cursor's fetches would each wait for a round trip.
     */
    static Buckets read(Connection connection, String sql) throws SQLException {
        Buckets buckets = new Buckets();
        CopyOut copy = connection.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY (" + sql + ") TO STDOUT");
        try {
            byte[] line;
            while ((line = copy.readFromCopy()) != null) {
                int[] at = {0};
                int bucket = (int) number(line, at);
                buckets.rows[bucket] = number(line, at);
                buckets.sums[bucket] = number(line, at);
            }
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
        return buckets;
    }

    /** Reads the integer at {@code at[0]} of a COPY text line and moves past it and its delimiter. */
    private static long number(byte[] line, int[] at) {
        int i = at[0];
        boolean negative = line[i] == '-';
        if (negative) {
            i++;
        }
        long value = 0;
        while (i < line.length && line[i] >= '0' && line[i] <= '9') {
            value = value * 10 + (line[i++] - '0');
        }
        at[0] = i + 1;
        return negative ? -value : value;
    }

    /** Returns the buckets where this side and {@code other} disagree, in ascending order. */
    int[] differing(Buckets other) {
        int[] found = new int[COUNT];
        int n = 0;
        for (int b = 0; b < COUNT; b++) {
            if (rows[b] != other.rows[b] || sums[b] != other.sums[b]) {
                found[n++] = b;
            }
        }
        return Arrays.copyOf(found, n);
    }

    /** Returns how many rows this side has in the buckets not in {@code except} (ascending). */
    long rowsOutside(int[] except) {
        long total = 0;
        int next = 0;
        for (int b = 0; b < COUNT; b++) {
            if (next < except.length && except[next] == b) {
                next++;
            } else {
                total += rows[b];
            }
        }
        return total;
    }

    /** Returns how many buckets hold rows on this side. */
    int used() {
        int used = 0;
        for (long count : rows) {
            used += count > 0 ? 1 : 0;
        }
        return used;
    }
}
