package dev.dbadapter.sync.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One side's rows of a table summed up per bucket of slugs: the slugs are spread over
 * {@link #COUNT} buckets by a hash of their text, and each bucket holds how many rows it has and
 * the sum of their row hashes (each hash covers the slug and, in overwrite mode, the row's digest).
 * Two sides whose bucket agrees have the same slugs there, with the same content; only the buckets
 * that disagree need comparing row by row. The server sends two numbers a row, which are summed
 * here as they arrive: grouping a million rows into buckets on the server costs more than sending
 * them. The summary takes a fixed amount of memory (two numbers for each of {@link #COUNT} buckets), whatever the
 * number of rows.
 *
 * <p>When the query also gives each row's place in its table ({@code ctid}), the summary keeps each
 * row's slug hash, digest and place, up to {@link #PLACE_LIMIT} rows, chained by bucket. Two
 * such sides tell which rows of the buckets that disagree have no equal row on the other side
 * ({@link #toCompare}), and only those rows (with every row of the same slug) need reading again, by
 * place, instead of every row of those buckets by another scan. A place only means the same row
 * within one snapshot: the caller compares by place only when both sides read their rows again in
 * the snapshot of their summary.
 */
final class Buckets {
    /** How many buckets: enough that a change of one row in a hundred leaves most buckets equal. */
    static final int COUNT = 1 << 17;

    /** The most rows whose hashes and places are kept (28 bytes each); a bigger side is read again by bucket. */
    static final int PLACE_LIMIT = 2_000_000;

    /** Per bucket, side by side (one memory access for both): its row count and the sum of its row hashes. */
    private final long[] tallies = new long[2 * COUNT];
    /** Per row, while kept: slug hash, digest and place (block number and line number, 32 and 16 bits). */
    private long[] slugHashes = new long[1024];
    private long[] digests = new long[1024];
    private long[] places = new long[1024];
    /**
     * The kept rows chained by bucket, so that the rows of a bucket are found without a pass over
     * all rows: per bucket the index of its last row plus one (0 for none), per row that of the
     * bucket's row before it.
     */
    private int[] lastInBucket = new int[COUNT];
    private int[] before = new int[1024];
    private int placed;
    private boolean placesKept = true;

    /**
     * The rows of both sides to compare row by row, by place, as the text of a {@code tid[]} each,
     * and how many rows each list has.
     */
    record Places(String source, String destination, long sourceRows, long destinationRows) {
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
     * {@code from}, filtered by {@code where}; unless {@code place} is null, the row's place (an SQL
     * expression of type {@code tid}, the table's {@code ctid}); and the number of each key in
     * {@code keys} (SQL), whose part of the digest {@link #read} looks up.
     */
    static String query(String slug, String digest, String place, List<String> keys, String from, String where) {
        return "SELECT " + slugHash(slug) + ", (" + digest + ")::bigint" + (place == null ? "" : ", " + place)
                + keys.stream().map(key -> ", " + key).collect(Collectors.joining()) + " FROM " + from + " WHERE " + where;
    }

    /**
     * Sums up the rows that {@code sql} (from {@link #query}) returns on {@code connection}, read as
     * binary COPY: one stream of fixed-size numbers, where a cursor's fetches would each wait for a
     * round trip. A row's digest is combined (exclusive or) with the part each of {@code references}
     * gives for the row's key in its column of the query.
     *
     * @throws SQLException when the query fails, or its rows are not 64-bit numbers and a place
     */
    static Buckets read(Connection connection, String sql, List<ReferenceSlugs> references) throws SQLException {
        Buckets buckets = new Buckets();
        int columns = 2 + references.size();
        ReferenceSlugs[] lookups = references.toArray(new ReferenceSlugs[0]);
        try (BinaryCopyReader in = new BinaryCopyReader(connection, "COPY (" + sql + ") TO STDOUT (FORMAT binary)")) {
            in.header();
            for (short fields = in.readShort(); fields != -1; fields = in.readShort()) {
                if (fields != columns && fields != columns + 1) {
                    throw new SQLException("a bucket summary row has " + fields + " columns, not " + columns + " or "
                            + (columns + 1));
                }
                int length = in.readInt();
                boolean noSlug = length == -1;
                long slugHash = noSlug ? 0 : number(in, length);
                length = in.readInt();
                long digest = length == -1 ? 0 : number(in, length);
                long place = fields > columns ? place(in) : -1;
                for (ReferenceSlugs reference : lookups) {
                    length = in.readInt();
                    digest ^= reference.part(length == -1, length == -1 ? 0 : number(in, length));
                }
                buckets.add(noSlug, slugHash, digest);
                buckets.keep(noSlug, slugHash, digest, place);
            }
            in.finish();
        }
        return buckets;
    }

    /** Reads a row's place: a binary {@code tid}, block and line number, as one number. */
    private static long place(BinaryCopyReader in) throws SQLException {
        if (in.readInt() != 6) {
            throw new SQLException("a bucket summary's third column is not a row's place (tid)");
        }
        return (in.readInt() & 0xffffffffL) << 16 | in.readShort() & 0xffff;
    }

    /**
     * Keeps a row's slug hash, digest and {@code place} (-1 for none) while rows are kept; a row
     * without a slug or a place stops the keeping (the rows are then compared by bucket).
     */
    private void keep(boolean noSlug, long slugHash, long digest, long place) {
        if (!placesKept) {
            return;
        }
        if (noSlug || place == -1 || placed == PLACE_LIMIT) {
            placesKept = false;
            slugHashes = digests = places = null;
            lastInBucket = before = null;
            return;
        }
        if (placed == places.length) {
            int size = (int) Math.min(PLACE_LIMIT, places.length * 2L);
            slugHashes = Arrays.copyOf(slugHashes, size);
            digests = Arrays.copyOf(digests, size);
            places = Arrays.copyOf(places, size);
            before = Arrays.copyOf(before, size);
        }
        int bucket = (int) (slugHash & (COUNT - 1));
        slugHashes[placed] = slugHash;
        digests[placed] = digest;
        places[placed] = place;
        before[placed] = lastInBucket[bucket];
        lastInBucket[bucket] = ++placed;
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
        StringBuilder sourcePlaces = new StringBuilder("{");
        StringBuilder destinationPlaces = new StringBuilder("{");
        long sourceRows = 0;
        long destinationRows = 0;
        // a slug falls in one bucket, so each bucket is paired on its own
        for (int bucket : differing) {
            int[] fromSource = source.rowsIn(bucket);
            int[] fromDestination = destination.rowsIn(bucket);
            long[] unpaired = unpaired(source.pairs(fromSource), destination.pairs(fromDestination));
            if (unpaired.length > 0) {
                long[] ofSource = source.slugsOf(fromSource, unpaired);
                long[] ofDestination = destination.slugsOf(fromDestination, unpaired);
                long[] slugs = Arrays.copyOf(ofSource, ofSource.length + ofDestination.length);
                System.arraycopy(ofDestination, 0, slugs, ofSource.length, ofDestination.length);
                Arrays.sort(slugs);
                sourceRows += source.placesOf(fromSource, slugs, sourcePlaces);
                destinationRows += destination.placesOf(fromDestination, slugs, destinationPlaces);
            }
        }
        return new Places(sourcePlaces.append('}').toString(), destinationPlaces.append('}').toString(), sourceRows,
                destinationRows);
    }

    /** Returns the indexes of the kept rows in {@code bucket}. */
    private int[] rowsIn(int bucket) {
        int n = 0;
        for (int row = lastInBucket[bucket]; row != 0; row = before[row - 1]) {
            n++;
        }
        int[] rowsIn = new int[n];
        for (int row = lastInBucket[bucket]; row != 0; row = before[row - 1]) {
            rowsIn[--n] = row - 1;
        }
        return rowsIn;
    }

    /** Returns one number for a row's slug hash and digest: rows equal in both have equal numbers. */
    private long pair(int i) {
        return slugHashes[i] * 0x9E3779B97F4A7C15L + digests[i];
    }

    /** Returns the {@link #pair} of each of the kept rows {@code indexes}, sorted. */
    private long[] pairs(int[] indexes) {
        long[] pairs = new long[indexes.length];
        for (int k = 0; k < indexes.length; k++) {
            pairs[k] = pair(indexes[k]);
        }
        Arrays.sort(pairs);
        return pairs;
    }

    /** Returns, sorted, the pairs that {@code one} and {@code other} (both sorted) hold a different number of times. */
    private static long[] unpaired(long[] one, long[] other) {
        long[] found = new long[one.length + other.length];
        int n = 0;
        int i = 0;
        int j = 0;
        while (i < one.length || j < other.length) {
            long pair = j == other.length || i < one.length && one[i] < other[j] ? one[i] : other[j];
            int inOne = 0;
            int inOther = 0;
            for (; i < one.length && one[i] == pair; i++) {
                inOne++;
            }
            for (; j < other.length && other[j] == pair; j++) {
                inOther++;
            }
            if (inOne != inOther) {
                found[n++] = pair;
            }
        }
        return Arrays.copyOf(found, n);
    }

    /** Returns the slug hashes of those of the kept rows {@code indexes} whose pair is one of {@code pairs} (sorted). */
    private long[] slugsOf(int[] indexes, long[] pairs) {
        long[] slugs = new long[indexes.length];
        int n = 0;
        for (int i : indexes) {
            if (Arrays.binarySearch(pairs, pair(i)) >= 0) {
                slugs[n++] = slugHashes[i];
            }
        }
        return Arrays.copyOf(slugs, n);
    }

    /**
     * Adds the places of those of the kept rows {@code indexes} whose slug hash is one of
     * {@code slugs} (sorted) to {@code text}, the elements of a {@code tid[]} after its brace; returns how many.
     */
    private long placesOf(int[] indexes, long[] slugs, StringBuilder text) {
        long count = 0;
        for (int i : indexes) {
            if (Arrays.binarySearch(slugs, slugHashes[i]) >= 0) {
                count++;
                text.append(text.length() == 1 ? "" : ",").append("\"(").append(places[i] >>> 16).append(',')
                        .append(places[i] & 0xffff).append(")\"");
            }
        }
        return count;
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
        tallies[2 * bucket]++;
        // a sum that overflows wraps around alike on both sides
        tallies[2 * bucket + 1] += (noSlug ? 1 : slugHash) ^ digest;
    }

    /** Returns the buckets where this side and {@code other} disagree, in ascending order. */
    int[] differing(Buckets other) {
        int[] found = new int[COUNT];
        int n = 0;
        for (int b = 0; b < COUNT; b++) {
            if (tallies[2 * b] != other.tallies[2 * b] || tallies[2 * b + 1] != other.tallies[2 * b + 1]) {
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
                total += tallies[2 * b];
            }
        }
        return total;
    }

    /** Returns how many buckets hold rows on this side. */
    int used() {
        int used = 0;
        for (int b = 0; b < COUNT; b++) {
            used += tallies[2 * b] > 0 ? 1 : 0;
        }
        return used;
    }
}
