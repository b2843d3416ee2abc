package dev.dbadapter.adapter.postgres.internal;

import dev.dbadapter.adapter.ColumnInfo;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Reads {@link ColumnInfo}s of one table from the catalog, for {@code DatabaseClient.columns}. */
final class ColumnDescriptions {
    private ColumnDescriptions() {
    }

    /** Returns the columns of {@code quotedTable} in table order; empty when it does not exist. */
    static List<ColumnInfo> read(Connection connection, String quotedTable) throws SQLException {
        List<ColumnInfo> columns = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT a.attname, format_type(a.atttypid, NULL),
                       (a.atthasdef AND a.attgenerated = '') OR a.attidentity <> '', a.attgenerated <> ''
                FROM pg_attribute a
                WHERE a.attrelid = to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped
                ORDER BY a.attnum""")) {
            statement.setString(1, quotedTable);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    columns.add(new ColumnInfo(rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getBoolean(4)));
                }
            }
        }
        return columns;
    }
}
