package dev.dbadapter.backup.internal;

import dev.dbadapter.adapter.ColumnInfo;
import dev.dbadapter.backup.BackupException;
import dev.dbadapter.backup.ForeignKey;
import dev.dbadapter.backup.TableDef;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A table to restore into through any {@code DatabaseClient}, as its {@code columns()} describe it:
 * the counterpart of {@link TargetTable} for clients without a catalog connection.
 *
 * @param def the schema's description
 * @param columns the columns that can be written (generated ones left out), in table order, by name
 * @param generated the generated columns, which are never written
 */
record ClientTable(TableDef def, Map<String, ColumnInfo> columns, Set<String> generated) {

    /**
     * Builds the table from its described columns.
     *
     * @throws BackupException when the table does not exist or lacks a column the schema names
     */
    static ClientTable of(TableDef def, List<ColumnInfo> described) {
        if (described.isEmpty()) {
            throw new BackupException("Table '" + def.name() + "' does not exist in the target database",
                    "create the schema first (db-adapter fix)", null);
        }
        Map<String, ColumnInfo> columns = new LinkedHashMap<>();
        described.stream().filter(column -> !column.generated()).forEach(column -> columns.put(column.name(), column));
        List<String> needed = new ArrayList<>(List.of(def.pk(), def.slugField(), def.userField()));
        if (def.parent() != null) {
            needed.add(def.parent().field());
        }
        def.optionalRefs().stream().map(ForeignKey::field).forEach(needed::add);
        for (String column : needed) {
            if (!columns.containsKey(column)) {
                throw new BackupException("Table '" + def.name() + "' has no column '" + column
                        + "' named by the backup schema");
            }
        }
        Set<String> generated = described.stream().filter(ColumnInfo::generated).map(ColumnInfo::name)
                .collect(Collectors.toUnmodifiableSet());
        return new ClientTable(def, Collections.unmodifiableMap(columns), generated);
    }

    /** Returns the primary-key column. */
    ColumnInfo pk() {
        return columns.get(def.pk());
    }

    /** Returns whether new rows keep the file's keys: asked for, or the key column has no default. */
    boolean keepsFileKeys(boolean preserveIds) {
        return preserveIds || !pk().hasDefault();
    }

    /** The layout the file's rows are read with: every writable column. */
    RowLayout layout() {
        List<ColumnInfo> list = List.copyOf(columns.values());
        return new RowLayout(list.stream().map(ColumnInfo::name).toList(), list.stream().map(ClientTable::kind).toList());
    }

    /** How backup values become text for a column of this SQL type (as {@code format_type} spells it). */
    static ValueKind kind(ColumnInfo column) {
        String base = column.type().replace("[]", "");
        if (column.isArray()) {
            return switch (base) {
                case "bytea" -> ValueKind.BYTEA_ARRAY;
                case "json", "jsonb" -> ValueKind.JSON_ARRAY;
                default -> ValueKind.ARRAY;
            };
        }
        return switch (base) {
            case "json", "jsonb" -> ValueKind.JSON;
            case "bytea" -> ValueKind.BYTEA;
            default -> base.startsWith("interval") ? ValueKind.INTERVAL : ValueKind.TEXT;
        };
    }
}
