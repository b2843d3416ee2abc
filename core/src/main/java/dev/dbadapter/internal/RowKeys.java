package dev.dbadapter.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
                Identifiers.normalize(key, "column");
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
        return values(table, rows).keys();
    }

    /**
     * The rows of one {@code insertMany} as values in the order of their keys.
     *
     * @param keys the insertable keys every row has, in the first row's order
     * @param rows each row's values of {@code keys}, as they were when read
     */
    public record Values(List<String> keys, List<Object[]> rows) {
    }

    /**
     * Checks that every row of {@code rows} has the same insertable keys and reads their values.
     *
     * @throws IllegalArgumentException when there are no insertable keys, a row is null or a row has
     *     other keys than the first
     */
    public static Values values(String table, List<? extends Map<String, ?>> rows) {
        List<String> keys = insertable(rows.getFirst());
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("Nothing to insert into " + table + ": no column given");
        }
        String[] names = keys.toArray(String[]::new);
        List<Object[]> values = new ArrayList<>(rows.size());
        for (Map<String, ?> row : rows) {
            Object[] rowValues = new Object[names.length];
            // a row of exactly these keys (checked already) needs no check per key
            boolean same = row != null && row.size() == names.length;
            for (int c = 0; c < names.length && same; c++) {
                rowValues[c] = row.get(names[c]);
                same = rowValues[c] != null || row.containsKey(names[c]);
            }
            if (!same) {
                List<String> rowKeys = insertable(row);
                if (!(rowKeys.size() == keys.size() && rowKeys.containsAll(keys))) {
                    throw new IllegalArgumentException("Every row inserted into " + table
                            + " must have the same columns: expected " + keys + " but got " + rowKeys);
                }
                for (int c = 0; c < names.length; c++) {
                    rowValues[c] = row.get(names[c]);
                }
            }
            values.add(rowValues);
        }
        return new Values(keys, values);
    }
}
