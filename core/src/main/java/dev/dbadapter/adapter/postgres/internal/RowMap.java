package dev.dbadapter.adapter.postgres.internal;

import java.io.Serial;
import java.io.Serializable;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * One row of a result: its column names shared with every other row of the result, its values in an
 * array. It behaves as the {@link LinkedHashMap} a caller would expect (columns in select order,
 * null values, mutable, equal to any map of the same entries) and turns into one on the first change
 * to its keys: a row of a large result costs an array, not a hash table with an entry per column.
 */
final class RowMap extends AbstractMap<String, Object> implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    private final Columns columns;
    private final Object[] values;
    /** The row once a key was added or removed; every call goes to it from then on. */
    private LinkedHashMap<String, Object> changed;

    /**
     * The distinct column names of a result and where each column's value goes: a label given twice
     * keeps its first place and its last value, as {@link LinkedHashMap#put} would.
     */
    static final class Columns implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
        /** Up to this many names are found by comparing each; more get a hash index. */
        private static final int SCAN_LIMIT = 8;

        private final String[] names;
        private final int[] slots;
        private final Map<String, Integer> index;

        /** Indexes the labels of a result's columns, in column order. */
        Columns(String[] labels) {
            String[] distinct = new String[labels.length];
            Map<String, Integer> positions = labels.length > SCAN_LIMIT ? new HashMap<>() : null;
            slots = new int[labels.length];
            int count = 0;
            for (int i = 0; i < labels.length; i++) {
                int slot = positions != null ? positions.getOrDefault(labels[i], -1) : find(distinct, count, labels[i]);
                if (slot < 0) {
                    slot = count++;
                    distinct[slot] = labels[i];
                    if (positions != null) {
                        positions.put(labels[i], slot);
                    }
                }
                slots[i] = slot;
            }
            names = count == labels.length ? distinct : Arrays.copyOf(distinct, count);
            index = positions;
        }

        private static int find(String[] names, int count, Object key) {
            for (int i = 0; i < count; i++) {
                if (names[i].equals(key)) {
                    return i;
                }
            }
            return -1;
        }

        /** Returns where the value of column {@code column} (0-based) goes in a row's values. */
        int slot(int column) {
            return slots[column];
        }

        /** Returns how many values a row has. */
        int size() {
            return names.length;
        }

        private int indexOf(Object key) {
            if (index != null) {
                Integer found = index.get(key);
                return found == null ? -1 : found;
            }
            return find(names, names.length, key);
        }
    }

    /** Creates a row of {@code columns} holding {@code values}, indexed as {@link Columns#slot} places them. */
    RowMap(Columns columns, Object[] values) {
        this.columns = columns;
        this.values = values;
    }

    @Override
    public int size() {
        return changed != null ? changed.size() : columns.size();
    }

    @Override
    public boolean containsKey(Object key) {
        return changed != null ? changed.containsKey(key) : columns.indexOf(key) >= 0;
    }

    @Override
    public Object get(Object key) {
        if (changed != null) {
            return changed.get(key);
        }
        int i = columns.indexOf(key);
        return i < 0 ? null : values[i];
    }

    @Override
    public Object put(String key, Object value) {
        if (changed == null) {
            int i = columns.indexOf(key);
            if (i >= 0) {
                Object old = values[i];
                values[i] = value;
                return old;
            }
            change();
        }
        return changed.put(key, value);
    }

    @Override
    public Object remove(Object key) {
        if (changed == null) {
            if (columns.indexOf(key) < 0) {
                return null;
            }
            change();
        }
        return changed.remove(key);
    }

    @Override
    public void clear() {
        change();
        changed.clear();
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, Object>> iterator() {
                return changed != null ? changed.entrySet().iterator() : new Entries();
            }

            @Override
            public int size() {
                return RowMap.this.size();
            }
        };
    }

    private void change() {
        if (changed == null) {
            changed = new LinkedHashMap<>(Math.max(4, columns.size() * 2));
            for (int i = 0; i < columns.size(); i++) {
                changed.put(columns.names[i], values[i]);
            }
            Arrays.fill(values, null);
        }
    }

    @Serial
    private Object writeReplace() {
        return new LinkedHashMap<>(this);
    }

    /** The entries of a row not changed yet; removing one changes it. */
    private final class Entries implements Iterator<Entry<String, Object>> {
        private int next;
        private int last = -1;

        @Override
        public boolean hasNext() {
            return next < columns.size();
        }

        @Override
        public Entry<String, Object> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            last = next++;
            return new Column(last);
        }

        @Override
        public void remove() {
            if (last < 0) {
                throw new IllegalStateException("next() was not called, or this entry was removed already");
            }
            RowMap.this.remove(columns.names[last]);
            last = -1;
        }
    }

    /** One column's entry, reading and writing the row as it is now. */
    private final class Column implements Entry<String, Object> {
        private final int i;

        Column(int i) {
            this.i = i;
        }

        @Override
        public String getKey() {
            return columns.names[i];
        }

        @Override
        public Object getValue() {
            return changed != null ? changed.get(getKey()) : values[i];
        }

        @Override
        public Object setValue(Object value) {
            if (changed != null) {
                return changed.put(getKey(), value);
            }
            Object old = values[i];
            values[i] = value;
            return old;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Entry<?, ?> entry && getKey().equals(entry.getKey())
                    && Objects.equals(getValue(), entry.getValue());
        }

        @Override
        public int hashCode() {
            return getKey().hashCode() ^ Objects.hashCode(getValue());
        }

        @Override
        public String toString() {
            return getKey() + "=" + getValue();
        }
    }
}
