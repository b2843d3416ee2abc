package dev.dbadapter.adapter.postgres.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The SQL text of {@code select} and {@code count} calls, keyed by the caller's raw table, column,
 * order-by and filter-shape strings. The text is a pure function of those strings, so names are
 * checked (and quoted) once per distinct call shape instead of on every call; a shape whose names
 * are refused throws and is never cached. Bounded: past {@link #MAX_ENTRIES} new shapes are built
 * every time instead of cached.
 */
final class StatementCache {
    static final int MAX_ENTRIES = 2_048;

    private static final Map<Key, String> CACHE = new ConcurrentHashMap<>();

    private StatementCache() {
    }

    /** What makes two calls produce the same SQL text. */
    record Key(String operation, String table, String columns, String orderBy, String filterShape) {
    }

    /** Returns the cached SQL for {@code key}, building (and so checking) it with {@code build} on a miss. */
    static String get(Key key, Supplier<String> build) {
        String sql = CACHE.get(key);
        if (sql == null) {
            sql = build.get();
            if (CACHE.size() < MAX_ENTRIES) {
                CACHE.putIfAbsent(key, sql);
            }
        }
        return sql;
    }
}
