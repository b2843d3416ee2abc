package dev.dbadapter.adapter.postgres.internal;

import dev.dbadapter.adapter.postgres.internal.catalog.Catalog;
import dev.dbadapter.adapter.postgres.internal.catalog.Column;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-table column types, read from the catalog once per table and cached, so that a {@code List}
 * value can be written as a PostgreSQL array or as JSON depending on its column.
 */
public final class ColumnTypes {
    private final Set<String> jsonColumns;
    private final Map<String, Map<String, String>> cache = new ConcurrentHashMap<>();

    /** Creates a cache; {@code jsonColumns} are column names always treated as json/jsonb. */
    public ColumnTypes(Set<String> jsonColumns) {
        this.jsonColumns = Set.copyOf(jsonColumns);
    }

    /**
     * Returns how to bind a value for {@code column} of {@code quotedTable}: {@code "json"} for a
     * json/jsonb column, the element type name for an array column, or {@code null} otherwise.
     */
    public String listTarget(Connection connection, String quotedTable, String column) throws SQLException {
        if (jsonColumns.contains(column)) {
            return "json";
        }
        Map<String, String> types = cache.get(quotedTable);
        if (types == null) {
            types = load(connection, quotedTable);
            if (!types.isEmpty()) {
                // a missing table is not cached: it may be created later by other means than execute()
                cache.put(quotedTable, types);
            }
        }
        String type = types.get(column);
        if (type == null) {
            return null;
        }
        if (type.equals("json") || type.equals("jsonb")) {
            return "json";
        }
        return type.startsWith("_") ? type.substring(1) : null;
    }

    /** Forgets every cached table (after DDL may have changed them). */
    public void clear() {
        cache.clear();
    }

    private static Map<String, String> load(Connection connection, String quotedTable) throws SQLException {
        Map<String, String> types = new HashMap<>();
        List<Column> columns = new Catalog(connection).columns(Catalog.Scope.table(quotedTable))
                .getOrDefault(quotedTable, List.of());
        for (Column column : columns) {
            types.put(column.name(), column.typeName());
        }
        return types;
    }
}
