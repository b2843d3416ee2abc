package dev.dbadapter.backup.internal;

import java.util.Collection;
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
    /** Per column, whether its text is wanted; null when every column's is. */
    private final boolean[] wanted;

    /** Creates a layout of {@code names} with the matching {@code kinds}. */
    public RowLayout(List<String> names, List<ValueKind> kinds) {
        this(names, kinds.toArray(ValueKind[]::new), null);
    }

    private RowLayout(List<String> names, ValueKind[] kinds, boolean[] wanted) {
        this.names = List.copyOf(names);
        this.kinds = kinds;
        this.wanted = wanted;
        for (int i = 0; i < names.size(); i++) {
            positions.putIfAbsent(names.get(i), i);
        }
    }

    /**
     * Returns this layout reading the text of the columns named in {@code kept} only: the values of
     * the others are still read and checked as they would be turned into text (a reader fails on the
     * same values), and marked present, but their text is left null.
     */
    public RowLayout keeping(Collection<String> kept) {
        boolean[] keep = new boolean[names.size()];
        for (int i = 0; i < keep.length; i++) {
            keep[i] = kept.contains(names.get(i));
        }
        return new RowLayout(names, kinds, keep);
    }

    /** Returns whether the text of column {@code index} is wanted. */
    boolean wanted(int index) {
        return wanted == null || wanted[index];
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
