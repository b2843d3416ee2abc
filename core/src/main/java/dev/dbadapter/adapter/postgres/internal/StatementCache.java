package dev.dbadapter.adapter.postgres.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The SQL text of {@code select}, {@code count} and {@code insert} calls of one adapter (shared with
 * its transactions), and its quoted table names, keyed by the caller's raw table, column and order-by
 * strings and the rendered filter. The text is a pure function of those, so table, column and
 * order-by names are checked (and quoted) once per distinct call shape instead of on every call; a
 * shape whose names are refused throws and is never cached. Bounded: past {@link #MAX_ENTRIES} new
 * shapes are built every time instead of cached.
 */
public final class StatementCache {
    static final int MAX_ENTRIES = 2_048;

    private final Map<Key, String> entries = new ConcurrentHashMap<>();

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
}
