package dev.dbadapter.sync.internal;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyInputStream;

/**
 * One side's rows of a table summed up per bucket of slugs: the slugs are spread over
 * {@link #COUNT} buckets by a hash of their text, and each bucket holds how many rows it has and
 * the sum of their row hashes (each hash covers the slug and, in overwrite mode, the row's digest).
 * Two sides whose bucket agrees have the same slugs there, with the same content; only the buckets
 * that disagree need comparing row by row. The server sends two numbers a row, which are summed
 * here as they arrive: grouping a million rows into buckets on the server costs more than sending
 * them. The summary takes a fixed amount of memory (two arrays of {@link #COUNT}), whatever the
 * number of rows.
 */
final class Buckets {
    /** How many buckets: enough that a change of one row in a hundred leaves most buckets equal. */
    static final int COUNT = 1 << 17;
    /** COPY's binary signature, flags and header extension length, before the first row. */
    private static final int HEADER_BYTES = 11 + 4;

    private final long[] rows = new long[COUNT];
    private final long[] sums = new long[COUNT];

    /** Returns the 64-bit hash of the slug text {@code slug} (an SQL expression) that buckets rows, as SQL. */
    static String slugHash(String slug) {
        return "hashtextextended(" + slug + ", 1)";
    }

    /** Returns the bucket of the slug text {@code slug} (an SQL expression), as SQL: as {@link #add} buckets it. */
    static String of(String slug) {
        // rows without a slug share bucket 0
        return "coalesce((" + slugHash(slug) + " & " + (COUNT - 1) + ")::int, 0)";
    }

    /**
     * Returns the query that gives each row's slug hash and digest: {@code slug} is the slug's text
     * and {@code digest} a 64-bit hash of the rest of the row, both SQL expressions over
     * {@code from}, filtered by {@code where}.
     */
    static String query(String slug, String digest, String from, String where) {
        return "SELECT " + slugHash(slug) + ", (" + digest + ")::bigint FROM " + from + " WHERE " + where;
    }

    /**
     * Sums up the rows that {@code sql} (from {@link #query}) returns on {@code connection}, read as
     * binary COPY: one stream of fixed-size numbers, where a cursor's fetches would each wait for a
     * round trip.
     *
     * @throws SQLException when the query fails, or its rows are not two 64-bit numbers
     */
    static Buckets read(Connection connection, String sql) throws SQLException {
        Buckets buckets = new Buckets();
        try (PGCopyInputStream copy = new PGCopyInputStream(connection.unwrap(PGConnection.class),
                        "COPY (" + sql + ") TO STDOUT (FORMAT binary)");
                DataInputStream in = new DataInputStream(new BufferedInputStream(copy, 1 << 16))) {
            in.skipNBytes(HEADER_BYTES);
            in.skipNBytes(in.readInt());
            for (short fields = in.readShort(); fields != -1; fields = in.readShort()) {
                if (fields != 2) {
                    throw new SQLException("a bucket summary row has " + fields + " columns, not 2");
                }
                int length = in.readInt();
                boolean noSlug = length == -1;
                long slugHash = noSlug ? 0 : number(in, length);
                length = in.readInt();
                buckets.add(noSlug, slugHash, length == -1 ? 0 : number(in, length));
            }
        } catch (IOException e) {
            throw e.getCause() instanceof SQLException cause ? cause
                    : new SQLException("reading a bucket summary failed: " + e.getMessage(), e);
        }
        return buckets;
    }

    /** Reads a binary COPY field of {@code length} bytes that must be a 64-bit number. */
    private static long number(DataInputStream in, int length) throws IOException, SQLException {
        if (length != Long.BYTES) {
            throw new SQLException("a bucket summary value has " + length + " bytes, not 8");
        }
        return in.readLong();
    }

    /** Counts a row whose slug hashes to {@code slugHash} (unless {@code noSlug}) with {@code digest}. */
    void add(boolean noSlug, long slugHash, long digest) {
        int bucket = noSlug ? 0 : (int) (slugHash & (COUNT - 1));
        rows[bucket]++;
        // a sum that overflows wraps around alike on both sides
        sums[bucket] += (noSlug ? 1 : slugHash) ^ digest;
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
