package dev.dbadapter.adapter;

import dev.dbadapter.SqlNames;
import java.util.Objects;

/**
 * One page of a keyset-paged select ({@link DatabaseClient#selectPage}): at most {@code size} rows in
 * ascending order of the {@code key} column, starting after the key value {@code after}. The key must
 * be unique (a primary key) so that no row is read twice or skipped.
 *
 * @param key the column the rows are ordered and paged by, as SQL spells it
 * @param after the key of the last row of the previous page, or {@code null} for the first page
 * @param size the most rows the page holds, at least 1
 */
public record Page(String key, Object after, int size) {
    /**
     * Checks the key column's name and the size.
     *
     * @throws IllegalArgumentException when {@code key} is not a valid column name or {@code size} is below 1
     */
    public Page {
        SqlNames.fold(key, "column");
        if (size < 1) {
            throw new IllegalArgumentException("A page holds at least one row, not " + size);
        }
    }

    /** Returns the first page of {@code size} rows ordered by {@code key}. */
    public static Page first(String key, int size) {
        return new Page(key, null, size);
    }

    /** Returns the page after this one, whose previous page ended with the key {@code lastKey}. */
    public Page next(Object lastKey) {
        return new Page(key, Objects.requireNonNull(lastKey, "lastKey"), size);
    }
}
