package dev.dbadapter.schema;

import java.util.List;

/**
 * What {@link SchemaFixer#applyFixes} did, or for a preview would do. A fix that fails or is refused
 * has no result: its future fails instead, having changed nothing.
 *
 * @param applied whether changes were committed; {@code false} for a preview or an empty plan
 * @param tablesCreated tables created from {@code schema.sql}
 * @param tablesRecreated tables rebuilt from {@code schema.sql}
 * @param columnsAdded columns added, as {@code table.column}
 * @param backupPath where the pre-fix backup went, or {@code null} when none was made
 * @param statements the DDL run (or, for a preview, the statements known in advance), in order
 * @param warnings things the user should know, such as a column left nullable
 */
public record FixResult(boolean applied, List<String> tablesCreated, List<String> tablesRecreated,
        List<String> columnsAdded, String backupPath, List<String> statements, List<String> warnings) {

    /** Copies the lists. */
    public FixResult {
        tablesCreated = List.copyOf(tablesCreated);
        tablesRecreated = List.copyOf(tablesRecreated);
        columnsAdded = List.copyOf(columnsAdded);
        statements = List.copyOf(statements);
        warnings = List.copyOf(warnings);
    }
}
