package dev.dbadapter.sync.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.IntConsumer;

/**
 * One side's rows of a table summed up per bucket of slugs: the slugs are spread over
 * {@link #COUNT} buckets by a hash of their text, and each bucket holds how many rows it has and
 * the sum of their row hashes (each hash covers the slug and, in overwrite mode, the row's digest).
 * Two sides whose bucket agrees have the same slugs there, with the same content; only the buckets
 * that disagree need comparing row by row. The server sends two numbers a row, which are summed
 * here as they arrive: grouping a million rows into buckets on the server costs more than sending
 * them. The summary takes a fixed amount of memory (two arrays of {@link #COUNT}), whatever the
 * number of rows.
 *
 * <p>When the query also gives each row's place in its table ({@code ctid}), the summary keeps each
 * row's slug hash, digest and place, up to {@link #PLACE_LIMIT} rows (three numbers a row). Two
 * such sides tell which rows of the buckets that disagree have no equal row on the other side
 * ({@link #toCompare}), and only those rows (with every row of the same slug) need reading again, by
 * place, instead of every row of those buckets by another scan. A place only means the same row
 * within one snapshot: the caller compares by place only when both sides read their rows again in
 * the snapshot of their summary.
 */
final class Buckets {
    /** How many buckets: enough that a change of one row in a hundred leaves most buckets equal. */
    static final int COUNT = 1 << 17;
    /** COPY's binary signature, flags and header extension length, before the first row. */
    private static final int HEADER_BYTES = 11 + 4;

    /** The most rows whose hashes and places are kept (24 bytes each); a bigger side is read again by bucket. */
    static final int PLACE_LIMIT = 2_000_000;

    private final long[] rows = new long[COUNT];
    private final long[] sums = new long[COUNT];
    /** Per row, while kept: slug hash, digest and place (block number and line number, 32 and 16 bits). */
    private long[] slugHashes = new long[1024];
    private long[] digests = new long[1024];
    private long[] places = new long[1024];
    private int placed;
    private boolean placesKept = true;

    /**
     * The rows of both sides to compare row by row, by place, as the text of a {@code tid[]} each,
     * and how many rows each list has.
     */
    record Places(String source, String destination, long sourceRows, long destinationRows) {
    }

    /** A row's slug hash and digest: rows equal in both are in sync. */
    private record Row(long slugHash, long digest) {
    }

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
     * {@code from}, filtered by {@code where}; and, unless {@code place} is null, the row's place
     * (an SQL expression of type {@code tid}, the table's {@code ctid}).
     */
    static String query(String slug, String digest, String place, String from, String where) {
        return "SELECT " + slugHash(slug) + ", (" + digest + ")::bigint" + (place == null ? "" : ", " + place)
                + " FROM " + from + " WHERE " + where;
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
        try (BinaryCopyReader in = new BinaryCopyReader(connection, "COPY (" + sql + ") TO STDOUT (FORMAT binary)")) {
            in.skip(HEADER_BYTES);
            in.skip(in.readInt());
            for (short fields = in.readShort(); fields != -1; fields = in.readShort()) {
                if (fields != 2 && fields != 3) {
                    throw new SQLException("a bucket summary row has " + fields + " columns, not 2 or 3");
                }
                int length = in.readInt();
                boolean noSlug = length == -1;
                long slugHash = noSlug ? 0 : number(in, length);
                length = in.readInt();
                long digest = length == -1 ? 0 : number(in, length);
                buckets.add(noSlug, slugHash, digest);
                if (fields == 3) {
                    buckets.place(noSlug, slugHash, digest, in);
                } else {
                    buckets.placesKept = false;
                }
            }
            in.finish();
        }
        return buckets;
    }

    /**
     * Reads a row's place (a binary {@code tid}: block and line number) and keeps it with its slug hash
     * and digest, while rows are kept; a row without a slug stops the keeping (it is compared by bucket).
     */
    private void place(boolean noSlug, long slugHash, long digest, BinaryCopyReader in) throws SQLException {
        if (in.readInt() != 6) {
            throw new SQLException("a bucket summary's third column is not a row's place (tid)");
        }
        long place = (in.readInt() & 0xffffffffL) << 16 | in.readShort() & 0xffff;
        if (!placesKept) {
            return;
        }
        if (noSlug || placed == PLACE_LIMIT) {
            placesKept = false;
            slugHashes = digests = places = null;
            return;
        }
        if (placed == places.length) {
            int size = (int) Math.min(PLACE_LIMIT, places.length * 2L);
            slugHashes = Arrays.copyOf(slugHashes, size);
            digests = Arrays.copyOf(digests, size);
            places = Arrays.copyOf(places, size);
        }
        slugHashes[placed] = slugHash;
        digests[placed] = digest;
        places[placed++] = place;
    }

    /**
     * Returns the rows of {@code source} and {@code destination} in the {@code differing} buckets to
     * compare row by row: those without an equal row (same slug hash and digest) on the other side,
     * and every other row of their slugs; or null when a side did not keep its rows.
     */
    static Places toCompare(Buckets source, Buckets destination, int[] differing) {
        if (!source.placesKept || !destination.placesKept) {
            return null;
        }
        BitSet buckets = new BitSet(COUNT);
        for (int bucket : differing) {
            buckets.set(bucket);
        }
        Map<Row, Integer> unmatched = new HashMap<>();
        destination.forEachIn(buckets, i -> unmatched.merge(destination.row(i), 1, Integer::sum));
        Set<Long> slugs = new HashSet<>();
        source.forEachIn(buckets, i -> {
            Row row = source.row(i);
            if (unmatched.merge(row, -1, Integer::sum) < 0) {
                slugs.add(row.slugHash());
            }
        });
        unmatched.forEach((row, count) -> {
            if (count > 0) {
                slugs.add(row.slugHash());
            }
        });
        StringBuilder fromSource = new StringBuilder();
        StringBuilder fromDestination = new StringBuilder();
        long sourceRows = source.placesOf(buckets, slugs, fromSource);
        long destinationRows = destination.placesOf(buckets, slugs, fromDestination);
        return new Places(fromSource.toString(), fromDestination.toString(), sourceRows, destinationRows);
    }

    private Row row(int i) {
        return new Row(slugHashes[i], digests[i]);
    }

    /** Runs {@code action} with the index of every kept row in {@code buckets}. */
    private void forEachIn(BitSet buckets, IntConsumer action) {
        for (int i = 0; i < placed; i++) {
            if (buckets.get((int) (slugHashes[i] & (COUNT - 1)))) {
                action.accept(i);
            }
        }
    }

    /** Writes the places of the kept rows in {@code buckets} whose slug hash is one of {@code slugs} as a {@code tid[]}; returns how many. */
    private long placesOf(BitSet buckets, Set<Long> slugs, StringBuilder text) {
        long[] count = {0};
        text.append('{');
        forEachIn(buckets, i -> {
            if (slugs.contains(slugHashes[i])) {
                text.append(count[0]++ == 0 ? "" : ",").append("\"(").append(places[i] >>> 16).append(',')
                        .append(places[i] & 0xffff).append(")\"");
            }
        });
        text.append('}');
        return count[0];
    }

    /** Reads a binary COPY field of {@code length} bytes that must be a 64-bit number. */
    private static long number(BinaryCopyReader in, int length) throws SQLException {
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
