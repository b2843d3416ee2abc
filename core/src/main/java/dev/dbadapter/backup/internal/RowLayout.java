package dev.dbadapter.backup.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The columns a reader extracts from each row object of one table, with how each value is turned
 * into text. Fields of a row that are not in the layout are skipped.
 */
public final class RowLayout {
    private final List<String> names;
    private final ValueKind[] kinds;
    private final Map<String, Integer> positions = new HashMap<>();

    /** Creates a layout of {@code names} with the matching {@code kinds}. */
    public RowLayout(List<String> names, List<ValueKind> kinds) {
        this.names = List.copyOf(names);
        this.kinds = kinds.toArray(ValueKind[]::new);
        for (int i = 0; i < names.size(); i++) {
            positions.putIfAbsent(names.get(i), i);
        }
    }

    /** Returns the number of columns. */
    public int size() {
        return names.size();
    }

    /** Returns the column names in order. */
    public List<String> names() {
        return names;
    }

    /** Returns the position of {@code name}, or -1. */
    public int indexOf(String name) {
        Integer position = name == null ? null : positions.get(name);
        return position == null ? -1 : position;
    }

    ValueKind kind(int index) {
        return kinds[index];
    }
}
