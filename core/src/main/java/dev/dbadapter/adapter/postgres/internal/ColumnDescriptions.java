package dev.dbadapter.adapter.postgres.internal;

import dev.dbadapter.adapter.ColumnInfo;
import dev.dbadapter.adapter.postgres.internal.catalog.Catalog;
import dev.dbadapter.adapter.postgres.internal.catalog.Column;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** Describes one table's columns as {@link ColumnInfo}s, from the catalog reader, for {@code DatabaseClient.columns}. */
final class ColumnDescriptions {
    private ColumnDescriptions() {
    }

    /** Returns the columns of {@code quotedTable} in table order; empty when it does not exist. */
    static List<ColumnInfo> read(Connection connection, String quotedTable) throws SQLException {
        List<Column> columns = new Catalog(connection).columns(Catalog.Scope.table(quotedTable)).values().stream()
                .findFirst().orElse(List.of());
        return columns.stream()
                .map(column -> new ColumnInfo(column.name(), column.castType(),
                        column.hasDefault() && !column.generated(), column.generated()))
                .toList();
    }
}
