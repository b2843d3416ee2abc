package dev.dbadapter.sync.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * The rows of a referenced table as a digest sees them, held in the client: for each row, the
 * number of its key and the part of the digest ({@link SyncTable#referenceSlugs}) that a row pointing
 * at it has. A summary can then send a row's key instead of joining the referenced table on the
 * server for every row, which costs the server more than the lookup costs here. Held for tables
 * of at most {@link #LIMIT} rows (16 bytes each).
 */
final class ReferenceSlugs {
    /** The most rows held; a bigger table is joined on the server. */
    static final int LIMIT = 100_000;

    private final long[] keys;
    private final long[] parts;
    private final boolean[] taken;
    private final int shift;
    private final long seed;

    private ReferenceSlugs(long[] rowKeys, long[] rowParts, int rows, long seed) {
        int size = Integer.highestOneBit(Math.max(rows, 8) * 2 - 1) << 1;
        keys = new long[size];
        parts = new long[size];
        taken = new boolean[size];
        shift = Long.numberOfLeadingZeros(size - 1L);
        this.seed = seed;
        for (int row = 0; row < rows; row++) {
            int slot = slot(rowKeys[row]);
            keys[slot] = rowKeys[row];
            parts[slot] = rowParts[row];
            taken[slot] = true;
        }
    }

    /**
     * Reads what {@code sql} (from {@link SyncTable#referenceSlugs}) gives on {@code connection}: two
     * 64-bit numbers a row, the second never null; {@code seed} is the part of a row that points at none.
     *
     * @return the rows, or null when the table has more than {@link #LIMIT}
     * @throws SQLException when the query fails, or its rows are not two 64-bit numbers
     */
    static ReferenceSlugs read(Connection connection, String sql, long seed) throws SQLException {
        return read(connection, sql, seed, LIMIT);
    }

    /**
     * Reads what {@code sql} gives on {@code connection}, as {@link #read(Connection, String, long)}
     * does, unless it has more than {@code limit} rows.
     *
     * @return the rows, or null when the table has more than {@code limit}
     * @throws SQLException when the query fails, or its rows are not two 64-bit numbers
     */
    static ReferenceSlugs read(Connection connection, String sql, long seed, int limit) throws SQLException {
        long[] rowKeys = new long[1024];
        long[] rowParts = new long[1024];
        int rows = 0;
        try (BinaryCopyReader in = new BinaryCopyReader(connection,
                "COPY (" + sql + " LIMIT " + (limit + 1L) + ") TO STDOUT (FORMAT binary)")) {
            in.header();
            for (short fields = in.readShort(); fields != -1; fields = in.readShort()) {
                if (fields != 2 || in.readInt() != Long.BYTES) {
                    throw new SQLException("a referenced row's key and slug hash are not two 64-bit numbers");
                }
                long key = in.readLong();
                if (in.readInt() != Long.BYTES) {
                    throw new SQLException("a referenced row's slug hash is not a 64-bit number");
                }
                if (rows == limit) {
                    return null;
                }
                if (rows == rowKeys.length) {
                    rowKeys = Arrays.copyOf(rowKeys, rows * 2);
                    rowParts = Arrays.copyOf(rowParts, rows * 2);
                }
                rowKeys[rows] = key;
                rowParts[rows++] = in.readLong();
            }
            in.finish();
        }
        return new ReferenceSlugs(rowKeys, rowParts, rows, seed);
    }

    /** Returns the part of a digest for a row pointing at the row with key number {@code key}; {@code isNull} when it points at none. */
    long part(boolean isNull, long key) {
        if (isNull) {
            return seed;
        }
        int slot = slot(key);
        return taken[slot] ? parts[slot] : seed;
    }

    /** Returns the slot holding {@code key}, or the free slot where it goes. */
    private int slot(long key) {
        int mask = keys.length - 1;
        int slot = (int) ((key * 0x9E3779B97F4A7C15L) >>> shift);
        while (taken[slot] && keys[slot] != key) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }
}
