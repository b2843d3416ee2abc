package dev.dbadapter.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares a live schema's columns with the expected ones. Pure set logic, no I/O: get the actual
 * columns from {@link SchemaIntrospector#columnNames} and the expected ones from
 * {@link SchemaFile#expectedColumns()}.
 */
public final class SchemaValidator {

    private SchemaValidator() {
    }

    /**
     * Validates {@code actual} against {@code expected}: every expected table must exist with every
     * expected column. Extra columns are ignored; extra tables are reported as a warning.
     *
     * @param actual table key to column names, as the database has them
     * @param expected table key to column names, as the schema file defines them
     * @return the differences; {@code valid} when no table or column is missing
     */
    public static ValidationResult validate(Map<String, ? extends Set<String>> actual,
            Map<String, ? extends Set<String>> expected) {
        Objects.requireNonNull(actual, "actual");
        Objects.requireNonNull(expected, "expected");
        List<String> missingTables = new ArrayList<>();
        List<ValidationResult.MissingColumn> missingColumns = new ArrayList<>();
        for (String table : new TreeSet<>(expected.keySet())) {
            Set<String> actualColumns = actual.get(table);
            if (actualColumns == null) {
                missingTables.add(table);
                continue;
            }
            for (String column : new TreeSet<>(expected.get(table))) {
                if (!actualColumns.contains(column)) {
                    missingColumns.add(new ValidationResult.MissingColumn(table, column,
                            "Column '" + column + "' missing from table '" + table + "'"));
                }
            }
        }
        List<String> extraTables = new ArrayList<>(new TreeSet<>(actual.keySet()));
        extraTables.removeAll(expected.keySet());
        boolean valid = missingTables.isEmpty() && missingColumns.isEmpty();
        return new ValidationResult(valid, missingTables, missingColumns, extraTables);
    }
}
