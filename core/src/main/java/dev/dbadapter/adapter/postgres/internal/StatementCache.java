package dev.dbadapter.adapter.postgres.internal;

import dev.dbadapter.internal.Filter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The SQL text of {@code select}, {@code count} and {@code insert} calls of one adapter (shared with
 * its transactions), its quoted table names and its rendered filters, keyed by the caller's raw table,
 * column and order-by strings and the filter map's shape (its keys in order, and whether each value
 * is null, a collection or a value). The text is a pure function of those, so names are checked (and
 * quoted) once per distinct call shape instead of on every call; a shape whose names are refused
 * throws and is never cached. Bounded: past {@link #MAX_ENTRIES} new shapes are built every time
 * instead of cached.
 */
public final class StatementCache {
    static final int MAX_ENTRIES = 2_048;

    private final Map<Key, String> entries = new ConcurrentHashMap<>();
    private final Map<String, String> filters = new ConcurrentHashMap<>();

    /** Creates an empty cache, for one adapter. */
    public StatementCache() {
    }

    /** What makes two calls produce the same SQL text. */
    record Key(String operation, String table, String columns, String orderBy, String where) {
    }

    /** Returns the cached SQL for {@code key}, building (and so checking) it with {@code build} on a miss. */
    String get(Key key, Supplier<String> build) {
        String sql = entries.get(key);
        if (sql == null) {
            sql = build.get();
            if (entries.size() < MAX_ENTRIES) {
                entries.putIfAbsent(key, sql);
            }
        }
        return sql;
    }

    /**
     * Returns the {@code WHERE} clause of {@code filters} as {@link FilterSql#where} renders it, its
     * SQL text cached by the map's shape and its values taken from the map in the same order.
     *
     * @throws IllegalArgumentException when a key is null or not a valid column name
     */
    FilterSql.Where where(Map<String, ?> filters) {
        if (filters == null || filters.isEmpty()) {
            return FilterSql.where(Filter.NONE);
        }
        // each name with its kind and length before it: no two shapes give the same key
        StringBuilder shape = new StringBuilder();
        for (Map.Entry<String, ?> filter : filters.entrySet()) {
            String column = filter.getKey();
            if (column == null) {
                return FilterSql.where(Filter.of(filters));
            }
            Object value = filter.getValue();
            shape.append(value == null ? 'n' : value instanceof Collection<?> ? 'a' : 'v').append(column.length())
                    .append(':').append(column);
        }
        String key = shape.toString();
        String sql = this.filters.get(key);
        if (sql == null) {
            FilterSql.Where rendered = FilterSql.where(Filter.of(filters));
            if (this.filters.size() < MAX_ENTRIES) {
                this.filters.putIfAbsent(key, rendered.sql());
            }
            return rendered;
        }
        List<Object> values = new ArrayList<>(filters.size());
        for (Object value : filters.values()) {
            if (value instanceof Collection<?> items) {
                values.add(new FilterSql.ArrayLiteral(ValueCodec.arrayLiteral(items)));
            } else if (value != null) {
                values.add(value);
            }
        }
        return new FilterSql.Where(sql, values);
    }
}
