package dev.dbadapter.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of {@link SchemaValidator#validate}: what the live schema lacks compared with the
 * expected one. Extra tables are a warning only and do not make the schema invalid.
 *
 * @param valid whether no table and no column is missing
 * @param missingTables expected tables the database does not have, sorted
 * @param missingColumns expected columns of existing tables that the database does not have, sorted
 * @param extraTables tables the database has but the expectation does not name, sorted (warning only)
 */
public record ValidationResult(boolean valid, List<String> missingTables, List<MissingColumn> missingColumns,
        List<String> extraTables) {

    /**
     * A column an existing table lacks.
     *
     * @param table the table key
     * @param column the column name
     * @param message a sentence saying so
     */
    public record MissingColumn(String table, String column, String message) {
    }

    /** Copies the lists. */
    public ValidationResult {
        missingTables = List.copyOf(missingTables);
        missingColumns = List.copyOf(missingColumns);
        extraTables = List.copyOf(extraTables);
    }

    /** Returns the number of errors: missing tables plus missing columns. */
    @JsonProperty("errorCount")
    public int errorCount() {
        return missingTables.size() + missingColumns.size();
    }

    /**
     * Returns the report the Python library prints: {@code Schema valid}, or {@code Schema validation
     * failed:} followed by the missing tables, the missing columns ({@code - table.column}) and the
     * extra tables as a warning.
     */
    public String formatReport() {
        if (valid) {
            return "Schema valid";
        }
        List<String> lines = new ArrayList<>();
        lines.add("Schema validation failed:");
        if (!missingTables.isEmpty()) {
            lines.add("\n  Missing tables (" + missingTables.size() + "):");
            missingTables.forEach(table -> lines.add("    - " + table));
        }
        if (!missingColumns.isEmpty()) {
            lines.add("\n  Missing columns (" + missingColumns.size() + "):");
            missingColumns.forEach(diff -> lines.add("    - " + diff.table() + "." + diff.column()));
        }
        if (!extraTables.isEmpty()) {
            lines.add("\n  Extra tables (warning): " + String.join(", ", extraTables));
        }
        return String.join("\n", lines);
    }
}
