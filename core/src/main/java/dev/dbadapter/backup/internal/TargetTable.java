package dev.dbadapter.backup.internal;

import dev.dbadapter.adapter.postgres.internal.catalog.Catalog;
import dev.dbadapter.adapter.postgres.internal.catalog.Index;
import dev.dbadapter.adapter.postgres.internal.catalog.Sequence;
import dev.dbadapter.backup.BackupException;
import dev.dbadapter.backup.ForeignKey;
import dev.dbadapter.backup.TableDef;
import dev.dbadapter.internal.Identifiers;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A table to restore into, as the catalog describes it: its writable columns with their types and
 * how its primary key gets new values.
 *
 * @param def the schema's description
 * @param sql the table name quoted for SQL
 * @param columns the columns that can be written (generated columns left out), in table order
 * @param sequence the sequence behind the primary key (serial or identity), or {@code null}
 * @param generated the generated columns, which are never written
 * @param uniqueMatch whether a unique index (not partial, on columns only) over some of the user,
 *     slug and parent columns lets at most one existing row match an incoming one
 */
public record TargetTable(TableDef def, String sql, Map<String, Column> columns, String sequence,
        Set<String> generated, boolean uniqueMatch) {

    /**
     * One writable column.
     *
     * @param name the column name as stored
     * @param type the SQL type without modifiers, for casts ({@code numeric}, {@code integer[]})
     * @param kind how backup values become text for it
     * @param defaultExpr its default expression, or {@code null}
     * @param identityAlways whether it is {@code GENERATED ALWAYS AS IDENTITY}
     */
    public record Column(String name, String type, ValueKind kind, String defaultExpr, boolean identityAlways) {
        /** Returns the name quoted for SQL. */
        public String sql() {
            return Identifiers.quote(name);
        }

        /** Returns whether the database fills the column when no value is given. */
        public boolean hasDefault() {
            return defaultExpr != null || identityAlways;
        }
    }

    /**
     * Reads the catalog for {@code def}'s table.
     *
     * @throws BackupException when the table does not exist or lacks a column the schema names
     */
    public static TargetTable load(Connection connection, TableDef def) throws SQLException {
        String quoted = Identifiers.table(def.name());
        Catalog catalog = new Catalog(connection);
        Catalog.Scope scope = Catalog.Scope.table(quoted);
        var found = catalog.columns(scope).getOrDefault(quoted, List.of());
        if (found.isEmpty()) {
            throw new BackupException("Table '" + def.name() + "' does not exist in the target database",
                    "create the schema first (db-adapter fix)", null);
        }
        Map<String, Column> columns = new LinkedHashMap<>();
        Set<String> generatedColumns = new HashSet<>();
        for (var column : found) {
            if (column.generated()) {
                generatedColumns.add(column.name());
            } else {
                columns.put(column.name(), new Column(column.name(), column.castType(),
                        ValueKind.of(column.typeName(), column.typeCategory()),
                        column.identity() != null ? "identity" : column.defaultExpr(),
                        "ALWAYS".equals(column.identity())));
            }
        }
        List<String> needed = new ArrayList<>(List.of(def.pk(), def.slugField(), def.userField()));
        if (def.parent() != null) {
            needed.add(def.parent().field());
        }
        for (ForeignKey ref : def.optionalRefs()) {
            needed.add(ref.field());
        }
        for (String column : needed) {
            if (!columns.containsKey(column)) {
                throw new BackupException("Table '" + def.name() + "' has no column '" + column
                        + "' named by the backup schema");
            }
        }
        String sequence = null;
        if (columns.get(def.pk()).hasDefault()) {
            sequence = catalog.sequences(scope).getOrDefault(quoted, List.of()).stream()
                    .filter(owned -> owned.column().equals(def.pk())).map(Sequence::qualifiedName)
                    .findFirst().orElse(null);
        }
        return new TargetTable(def, quoted, columns, sequence, Set.copyOf(generatedColumns),
                hasUniqueMatch(catalog.indexes(scope).getOrDefault(quoted, List.of()), def));
    }

    private static boolean hasUniqueMatch(List<Index> indexes, TableDef def) {
        Set<String> matched = new HashSet<>();
        for (String field : def.parent() == null ? List.of(def.userField(), def.slugField())
                : List.of(def.userField(), def.slugField(), def.parent().field())) {
            matched.add(field);
            // how pg_get_indexdef writes a name that needs quotes
            matched.add('"' + field.replace("\"", "\"\"") + '"');
        }
        return indexes.stream().anyMatch(index -> index.unique() && !index.definition().contains(" WHERE ")
                && matched.containsAll(index.columns()));
    }

    /** Returns the column named {@code name} (as stored), or {@code null}. */
    public Column column(String name) {
        return columns.get(name);
    }

    /** Returns the primary-key column. */
    public Column pk() {
        return columns.get(def.pk());
    }

    /** The layout the file's rows are read with: every writable column. */
    public RowLayout layout() {
        List<Column> list = List.copyOf(columns.values());
        return new RowLayout(list.stream().map(Column::name).toList(), list.stream().map(Column::kind).toList());
    }
}
