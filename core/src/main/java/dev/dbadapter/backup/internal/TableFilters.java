package dev.dbadapter.backup.internal;

import dev.dbadapter.backup.BackupException;
import dev.dbadapter.backup.BackupSchema;
import dev.dbadapter.backup.TableDef;
import dev.dbadapter.internal.Filter;
import java.util.LinkedHashMap;
import java.util.Map;

/** A backup's extra per-table filters, checked once for both backup paths. */
final class TableFilters {
    private TableFilters() {
    }

    /**
     * Returns {@code filters} keyed by the schema's table names ({@code Products} finds
     * {@code products}), each checked as a {@link Filter} (a map value is refused: backup filters
     * compare with one value or a collection of values).
     *
     * @throws BackupException when a filter names a table that is not in the schema
     * @throws IllegalArgumentException when a filter column is not a valid identifier or a value is a map
     */
    static Map<String, Map<String, ?>> byTable(BackupSchema schema, Map<String, ? extends Map<String, ?>> filters) {
        Map<String, Map<String, ?>> byTable = new LinkedHashMap<>();
        if (filters == null) {
            return byTable;
        }
        filters.forEach((table, columns) -> {
            TableDef def = schema.table(table).orElseThrow(() -> new BackupException(
                    "Table filter for '" + table + "', which is not in the backup schema"));
            if (columns != null && columns.values().stream().anyMatch(value -> value instanceof Map<?, ?>)) {
                throw new IllegalArgumentException("Backup filters compare with one value, not a map");
            }
            Filter.of(columns);
            byTable.put(def.name(), columns == null ? Map.of() : columns);
        });
        return byTable;
    }
}
