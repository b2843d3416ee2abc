package dev.dbadapter.schema;

import java.util.List;

/**
 * The outcome of {@link SchemaFixer#applyFixes}. A failed or refused fix has {@code success}
 * false, an {@code error}, and changed nothing.
 *
 * @param success whether the fix (or preview) went through without error
 * @param applied whether changes were committed; {@code false} for a preview or a failure
 * @param tablesCreated tables created from {@code schema.sql}
 * @param tablesRecreated tables rebuilt from {@code schema.sql}
 * @param columnsAdded columns added, as {@code table.column}
 * @param backupPath where the pre-fix backup went, or {@code null} when none was made
 * @param statements the DDL run (or, for a preview, the statements known in advance), in order
 * @param warnings things the user should know, such as a column left nullable
 * @param error why the fix failed or was refused, or {@code null}
 */
public record FixResult(boolean success, boolean applied, List<String> tablesCreated, List<String> tablesRecreated,
        List<String> columnsAdded, String backupPath, List<String> statements, List<String> warnings, String error) {

    /** Copies the lists. */
    public FixResult {
        tablesCreated = List.copyOf(tablesCreated);
        tablesRecreated = List.copyOf(tablesRecreated);
        columnsAdded = List.copyOf(columnsAdded);
        statements = List.copyOf(statements);
        warnings = List.copyOf(warnings);
    }

    /** Returns a failed result that changed nothing. */
    public static FixResult failed(String error, String backupPath, List<String> warnings) {
        return new FixResult(false, false, List.of(), List.of(), List.of(), backupPath, List.of(), warnings, error);
    }
}
