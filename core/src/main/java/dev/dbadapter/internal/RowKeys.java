package dev.dbadapter.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The keys of rows written through the {@code Map} API, checked the same way by every backend: keys
 * starting with {@code _} are metadata and dropped, the rest must be valid column names, and every row
 * of one {@code insertMany} must have the same ones.
 */
public final class RowKeys {
    private RowKeys() {
    }

    /**
     * Returns the keys of {@code data} that name columns, in its order, as given (not folded).
     *
     * @throws IllegalArgumentException when {@code data} or a key is null, or a key is not a valid column name
     */
    public static List<String> insertable(Map<String, ?> data) {
        if (data == null) {
            throw new IllegalArgumentException("Row data must not be null");
        }
        List<String> keys = new ArrayList<>();
        for (String key : data.keySet()) {
            if (key == null) {
                throw new IllegalArgumentException("Column name must not be null");
            }
            if (!key.startsWith("_")) {
                Identifiers.column(key);
                keys.add(key);
            }
        }
        return keys;
    }

    /**
     * Returns the insertable keys every row of {@code rows} has, in the first row's order.
     *
     * @throws IllegalArgumentException when there are none or a row has other keys than the first
     */
    public static List<String> common(String table, List<? extends Map<String, ?>> rows) {
        Map<String, ?> first = rows.getFirst();
        List<String> keys = insertable(first);
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("Nothing to insert into " + table + ": no column given");
        }
        Set<String> firstKeys = first.keySet();
        for (Map<String, ?> row : rows) {
            // the same key set as the first row's (checked already): nothing to check per key
            if (row != null && row.size() == firstKeys.size() && firstKeys.containsAll(row.keySet())) {
                continue;
            }
            List<String> rowKeys = insertable(row);
            if (!rowKeys.equals(keys) && !(rowKeys.size() == keys.size() && rowKeys.containsAll(keys))) {
                throw new IllegalArgumentException("Every row inserted into " + table
                        + " must have the same columns: expected " + keys + " but got " + rowKeys);
            }
        }
        return keys;
    }
}
