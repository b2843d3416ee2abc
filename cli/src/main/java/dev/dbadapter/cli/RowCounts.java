package dev.dbadapter.cli;

import dev.dbadapter.adapter.DatabaseClient;
import dev.dbadapter.adapter.postgres.PostgresClient;
import dev.dbadapter.internal.Identifiers;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Exact row counts of every table in a schema, read in two round trips. */
final class RowCounts {
    private RowCounts() {
    }

    /** Returns table name to row count for the ordinary tables of {@code schema}, sorted by name. */
    static CompletableFuture<Map<String, Long>> of(DatabaseClient database, String schema) {
        PostgresClient client = PostgresClient.require(database, "row count");
        return client.withConnection(connection -> {
            List<String> tables = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement("""
                    SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname = ? AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY c.relname""")) {
                statement.setString(1, schema);
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        tables.add(rs.getString(1));
                    }
                }
            }
            Map<String, Long> counts = new LinkedHashMap<>();
            if (tables.isEmpty()) {
                return counts;
            }
            List<String> selects = new ArrayList<>();
            for (int i = 0; i < tables.size(); i++) {
                selects.add("SELECT " + i + ", count(*) FROM " + Identifiers.quote(schema) + "."
                        + Identifiers.quote(tables.get(i)));
            }
            try (Statement statement = connection.createStatement();
                    ResultSet rs = statement.executeQuery(String.join(" UNION ALL ", selects))) {
                Map<Integer, Long> byIndex = new LinkedHashMap<>();
                while (rs.next()) {
                    byIndex.put(rs.getInt(1), rs.getLong(2));
                }
                for (int i = 0; i < tables.size(); i++) {
                    counts.put(tables.get(i), byIndex.getOrDefault(i, 0L));
                }
            }
            return counts;
        });
    }

    /** Returns the counts as table rows: table name and count. */
    static List<List<String>> rows(Map<String, Long> counts) {
        List<List<String>> rows = new ArrayList<>();
        counts.forEach((table, count) -> rows.add(List.of(table, String.format(java.util.Locale.ROOT, "%,d", count))));
        return rows;
    }
}
