package dev.dbadapter.backup.internal;

import dev.dbadapter.backup.BackupException;
import dev.dbadapter.backup.ForeignKey;
import dev.dbadapter.backup.TableDef;
import dev.dbadapter.internal.Identifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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
 */
public record TargetTable(TableDef def, String sql, Map<String, Column> columns, String sequence,
        Set<String> generated) {

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
        Map<String, Column> columns = new LinkedHashMap<>();
        Set<String> generatedColumns = new HashSet<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT a.attname, format_type(a.atttypid, NULL), t.typname, t.typcategory, a.attidentity,
                       a.attgenerated, pg_get_expr(d.adbin, d.adrelid)
                FROM pg_attribute a
                JOIN pg_type t ON t.oid = a.atttypid
                LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                WHERE a.attrelid = to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped
                ORDER BY a.attnum""")) {
            statement.setString(1, quoted);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    String generated = rs.getString(6);
                    if (generated != null && !generated.isEmpty()) {
                        generatedColumns.add(rs.getString(1));
                        continue;
                    }
                    String identity = rs.getString(5);
                    boolean isIdentity = identity != null && !identity.isEmpty();
                    String name = rs.getString(1);
                    columns.put(name, new Column(name, rs.getString(2), ValueKind.of(rs.getString(3), rs.getString(4)),
                            isIdentity ? "identity" : rs.getString(7), "a".equals(identity)));
                }
            }
        }
        if (columns.isEmpty() && generatedColumns.isEmpty()) {
            throw new BackupException("Table '" + def.name() + "' does not exist in the target database",
                    "create the schema first (db-adapter fix)", null);
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
            try (PreparedStatement statement = connection.prepareStatement("SELECT pg_get_serial_sequence(?, ?)")) {
                statement.setString(1, quoted);
                statement.setString(2, def.pk());
                try (ResultSet rs = statement.executeQuery()) {
                    rs.next();
                    sequence = rs.getString(1);
                }
            }
        }
        return new TargetTable(def, quoted, columns, sequence, Set.copyOf(generatedColumns));
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
