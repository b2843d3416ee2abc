package dev.dbadapter.cli;

import dev.dbadapter.DbAdapterException;
import dev.dbadapter.adapter.DatabaseClient;
import dev.dbadapter.adapter.postgres.PostgresClient;
import dev.dbadapter.adapter.supabase.SupabaseAdapter;
import dev.dbadapter.factory.ResolvedProfile;
import dev.dbadapter.internal.Identifiers;
import dev.dbadapter.schema.SchemaIntrospector;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Exact row counts of every table in a schema: two round trips over PostgreSQL, a description and one
 * count a table (sent together) over Supabase's REST API.
 */
final class RowCounts {
    private RowCounts() {
    }

    /**
     * The row counts of a profile's database, or why they could not be read (an unreachable database,
     * a refused login): exactly one of the two is set.
     *
     * @param tables table name to row count, sorted by name
     * @param failure what went wrong
     * @param hint what to do about the failure, when the error says
     */
    record Reading(Map<String, Long> tables, String failure, String hint) {
    }

    /**
     * Opens {@code profile}'s database and counts the rows of {@code schema}'s tables. For the
     * commands that show counts as extra information, so a failure is returned, not thrown.
     */
    static Reading read(DbAdapterCommand root, ResolvedProfile profile, String schema) {
        // two statements: one connection, no pool (whose retries delay an unreachable database's error)
        try (DatabaseClient database = root.openSingle(profile)) {
            return new Reading(of(database, schema).join(), null, null);
        } catch (CompletionException | DbAdapterException e) {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            String message = cause.getMessage();
            return new Reading(null, message == null ? cause.getClass().getSimpleName() : message,
                    cause instanceof DbAdapterException error ? error.hint() : null);
        }
    }

    /**
     * Returns table name to row count for the ordinary tables of {@code schema}, sorted by name,
     * leaving out the bookkeeping tables that validation leaves out too
     * ({@link SchemaIntrospector#DEFAULT_EXCLUDED_TABLES}), as the Python tool did.
     */
    static CompletableFuture<Map<String, Long>> of(DatabaseClient database, String schema) {
        if (database instanceof SupabaseAdapter supabase) {
            return restCounts(supabase, schema);
        }
        PostgresClient client = PostgresClient.require(database, "row count");
        return client.withConnection(connection -> {
            List<String> tables = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement("""
                    SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname = ? AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY c.relname""")) {
                statement.setString(1, schema);
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        if (!SchemaIntrospector.DEFAULT_EXCLUDED_TABLES.contains(rs.getString(1))) {
                            tables.add(rs.getString(1));
                        }
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

    /**
     * Counts through Supabase's REST API: the tables its description lists (those the key's role can
     * see), each counted exactly, the counts asked for at once.
     */
    private static CompletableFuture<Map<String, Long>> restCounts(SupabaseAdapter supabase, String schema) {
        String prefix = schema.equals("public") ? "" : Identifiers.quote(schema) + ".";
        return supabase.tables().thenCompose(names -> {
            List<String> tables = names.stream().filter(name -> !SchemaIntrospector.DEFAULT_EXCLUDED_TABLES.contains(name))
                    .toList();
            List<CompletableFuture<Long>> counts = tables.stream()
                    .map(table -> supabase.count(prefix + Identifiers.quote(table), Map.of())).toList();
            return CompletableFuture.allOf(counts.toArray(CompletableFuture[]::new)).thenApply(done -> {
                Map<String, Long> byTable = new LinkedHashMap<>();
                for (int i = 0; i < tables.size(); i++) {
                    byTable.put(tables.get(i), counts.get(i).join());
                }
                return byTable;
            });
        });
    }

    /** Returns the counts as table rows: table name and count. */
    static List<List<String>> rows(Map<String, Long> counts) {
        List<List<String>> rows = new ArrayList<>();
        counts.forEach((table, count) -> rows.add(List.of(table, String.format(java.util.Locale.ROOT, "%,d", count))));
        return rows;
    }
}
