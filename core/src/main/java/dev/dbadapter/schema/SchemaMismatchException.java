package dev.dbadapter.schema;

/**
 * The live schema lacks tables or columns the expected schema has. {@link #report()} says which;
 * {@link SchemaFixer#generateFixPlan} plans the repair.
 */
public final class SchemaMismatchException extends SchemaException {
    private final ValidationResult report;

    /** Creates the exception for {@code report}, an invalid validation result. */
    public SchemaMismatchException(ValidationResult report) {
        super("Schema validation failed: " + report.errorCount() + " error(s)",
                "run 'db-adapter fix' to see how to repair the schema", null);
        this.report = report;
    }

    /** Returns what the live schema lacks. */
    public ValidationResult report() {
        return report;
    }
}
