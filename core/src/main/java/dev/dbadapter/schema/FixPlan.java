package dev.dbadapter.schema;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What {@link SchemaFixer#applyFixes} will do, made by {@link SchemaFixer#generateFixPlan}: tables to
 * create, columns to add and tables to rebuild. Pure data; print it, then apply it.
 *
 * @param createTables missing tables, parents before children
 * @param addColumns columns to add to tables that miss exactly one
 * @param recreateTables tables that miss two or more columns, parents before children
 */
public record FixPlan(List<CreateTable> createTables, List<AddColumn> addColumns, List<RecreateTable> recreateTables) {

    /**
     * A missing table, created from {@code schema.sql}.
     *
     * @param table the table key
     * @param sql the {@code CREATE TABLE} statement from {@code schema.sql}
     * @param companions the file's {@code CREATE INDEX} and {@code COMMENT ON} statements for the
     *     table, run right after it
     */
    public record CreateTable(String table, String sql, List<String> companions) {
        /** Copies the list. */
        public CreateTable {
            companions = List.copyOf(companions);
        }
    }

    /**
     * A missing column, added with {@code ALTER TABLE ... ADD COLUMN}.
     *
     * @param table the table key
     * @param column the column name
     * @param definition the definition used ({@code NOT NULL} and {@code PRIMARY KEY} already dropped)
     * @param source where the definition came from: {@code column-defs} or {@code schema.sql}
     * @param sql the statement
     */
    public record AddColumn(String table, String column, String definition, String source, String sql) {
    }

    /**
     * A table rebuilt from {@code schema.sql} (or, with strategy alter, repaired by adding columns).
     *
     * @param table the table key
     * @param missingColumns the columns it lacks, each with the {@code ADD COLUMN} strategy alter uses
     * @param createSql the {@code CREATE TABLE} statement from {@code schema.sql}
     */
    public record RecreateTable(String table, List<AddColumn> missingColumns, String createSql) {
        /** Copies the list. */
        public RecreateTable {
            missingColumns = List.copyOf(missingColumns);
        }
    }

    /** Copies the lists. */
    public FixPlan {
        createTables = List.copyOf(createTables);
        addColumns = List.copyOf(addColumns);
        recreateTables = List.copyOf(recreateTables);
    }

    /** Returns whether there is nothing to fix. */
    @JsonIgnore
    public boolean isEmpty() {
        return createTables.isEmpty() && addColumns.isEmpty() && recreateTables.isEmpty();
    }

    /**
     * Returns the plan as {@code strategy} carries it out: unchanged for recreate; for alter, every
     * table to rebuild becomes {@code ADD COLUMN}s.
     */
    public FixPlan forStrategy(FixOptions.Strategy strategy) {
        if (strategy == FixOptions.Strategy.RECREATE || recreateTables.isEmpty()) {
            return this;
        }
        List<AddColumn> adds = new ArrayList<>(addColumns);
        recreateTables.forEach(table -> adds.addAll(table.missingColumns()));
        adds.sort(Comparator.comparing(AddColumn::table).thenComparing(AddColumn::column));
        return new FixPlan(createTables, adds, List.of());
    }

    /**
     * Returns the steps in execution order, one line each ({@code CREATE TABLE categories},
     * {@code ADD COLUMN items.g}, {@code REBUILD products (adds price, active; keeps rows)}).
     */
    public List<String> steps(FixOptions.Strategy strategy) {
        FixPlan plan = forStrategy(strategy);
        List<String> steps = new ArrayList<>();
        plan.createTables.forEach(create -> steps.add("CREATE TABLE " + create.table() + " (from schema.sql"
                + (create.companions().isEmpty() ? "" : ", with its " + create.companions().size()
                        + " index / comment statement(s)") + ")"));
        plan.recreateTables.forEach(rebuild -> steps.add("REBUILD TABLE " + rebuild.table() + " (adds "
                + String.join(", ", rebuild.missingColumns().stream().map(AddColumn::column).toList())
                + "; keeps rows, indexes, triggers, grants and incoming foreign keys)"));
        plan.addColumns.forEach(add -> steps.add("ALTER TABLE " + add.table() + " ADD COLUMN " + add.column()
                + " " + add.definition() + " (from " + add.source() + ")"));
        return steps;
    }
}
