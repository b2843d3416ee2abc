package dev.dbadapter.schema;

/**
 * One step of a {@link FixPlan}: create a missing table ({@link FixPlan.CreateTable}), add a missing
 * column ({@link FixPlan.AddColumn}) or rebuild a table that misses several
 * ({@link FixPlan.RecreateTable}). {@link FixPlan#steps()} holds them in the order
 * {@link SchemaFixer#applyFixes} runs them.
 */
public sealed interface FixStep permits FixPlan.CreateTable, FixPlan.AddColumn, FixPlan.RecreateTable {

    /** Returns the key of the table the step changes ({@code name}, or {@code schema.name} outside public). */
    String table();

    /**
     * Returns the step as one line, as {@link FixPlan#steps(FixOptions.Strategy)} lists it
     * ({@code CREATE TABLE categories (from schema.sql)}).
     */
    String describe();
}
