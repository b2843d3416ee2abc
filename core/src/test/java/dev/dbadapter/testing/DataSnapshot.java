package dev.dbadapter.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every row of every table of a test database, as text, to prove that a failed operation changed
 * nothing: {@link #assertUnchanged} compares with a later snapshot, counts the rows that went
 * missing or changed in {@link ReliabilityFigures}, and fails naming the tables that differ.
 */
public record DataSnapshot(Map<String, List<String>> rows) {

    /** Reads every row of every ordinary table in the {@code public} schema of {@code db}. */
    public static DataSnapshot of(PgDatabaseExtension db) {
        Map<String, List<String>> rows = new LinkedHashMap<>();
        for (Map<String, Object> table : db.query("SELECT quote_ident(relname) AS name FROM pg_class"
                + " WHERE relkind IN ('r', 'p') AND relnamespace = 'public'::regnamespace ORDER BY relname")) {
            String name = (String) table.get("name");
            List<String> texts = new ArrayList<>();
            for (Map<String, Object> row : db.query("SELECT t::text AS row FROM " + name + " t ORDER BY 1")) {
                texts.add((String) row.get("row"));
            }
            rows.put(name, texts);
        }
        return new DataSnapshot(rows);
    }

    /** Returns the number of rows over all tables. */
    public int rowCount() {
        return rows.values().stream().mapToInt(List::size).sum();
    }

    /** Asserts that {@code db} holds exactly the rows (and tables) of this snapshot. */
    public void assertUnchanged(PgDatabaseExtension db) {
        DataSnapshot after = of(db);
        long lost = 0;
        for (Map.Entry<String, List<String>> table : rows.entrySet()) {
            List<String> remaining = new ArrayList<>(table.getValue());
            after.rows.getOrDefault(table.getKey(), List.of()).forEach(remaining::remove);
            lost += remaining.size();
        }
        ReliabilityFigures.rowsLost(lost);
        assertThat(after.rows).as("every table's rows as before").isEqualTo(rows);
    }
}
