package dev.dbadapter.schema;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What {@link SchemaFixer#applyFixes} will do, made by {@link SchemaFixer#generateFixPlan}: typed
 * steps in the order they run — missing tables created and tables rebuilt, parents before children
 * across both, then columns added. Pure data; print it, then apply it. As JSON it is the three lists
 * {@code createTables}, {@code addColumns} and {@code recreateTables}.
 *
 * @param steps the steps in execution order
 */
@JsonPropertyOrder({"createTables", "addColumns", "recreateTables"})
public record FixPlan(@JsonIgnore List<FixStep> steps) {
    private static final Comparator<AddColumn> ADD_ORDER =
            Comparator.comparing(AddColumn::table).thenComparing(AddColumn::column);

    /**
     * A missing table, created from {@code schema.sql}.
     *
     * @param table the table key
     * @param sql the {@code CREATE TABLE} statement from {@code schema.sql}
     * @param companions the file's {@code CREATE INDEX} and {@code COMMENT ON} statements for the
     *     table, run right after it
     */
    public record CreateTable(String table, String sql, List<String> companions) implements FixStep {
        /** Copies the list. */
        public CreateTable {
            companions = List.copyOf(companions);
        }

        @Override
        public String describe() {
            return "CREATE TABLE " + table + " (from schema.sql" + (companions.isEmpty() ? ""
                    : ", with its " + companions.size() + " index / comment statement(s)") + ")";
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
    public record AddColumn(String table, String column, String definition, String source, String sql)
            implements FixStep {

        @Override
        public String describe() {
            return "ALTER TABLE " + table + " ADD COLUMN " + column + " " + definition + " (from " + source + ")";
        }
    }

    /**
     * A table rebuilt from {@code schema.sql} (or, with strategy alter, repaired by adding columns).
     *
     * @param table the table key
     * @param missingColumns the columns it lacks, each with the {@code ADD COLUMN} strategy alter uses
     * @param createSql the {@code CREATE TABLE} statement from {@code schema.sql}
     * @param quotedName the table's name as SQL ({@code "products"} or {@code "audit"."log"}); not in JSON
     * @param columns the columns {@code createSql} defines, in file order; not in JSON
     */
    public record RecreateTable(String table, List<AddColumn> missingColumns, String createSql,
            @JsonIgnore String quotedName, @JsonIgnore Set<String> columns) implements FixStep {
        /** Copies the collections. */
        public RecreateTable {
            missingColumns = List.copyOf(missingColumns);
            columns = Collections.unmodifiableSet(new LinkedHashSet<>(columns));
        }

        @Override
        public String describe() {
            return "REBUILD TABLE " + table + " (adds " + String.join(", ", missingColumns.stream()
                    .map(AddColumn::column).toList()) + "; keeps rows, indexes, triggers, grants and incoming foreign keys)";
        }
    }

    /** Copies the list. */
    public FixPlan {
        steps = List.copyOf(steps);
    }

    /** Returns the tables to create, in the order they are created (parents first). */
    @JsonProperty
    public List<CreateTable> createTables() {
        return stepsOf(CreateTable.class);
    }

    /** Returns the columns to add to tables that miss exactly one, by table and column. */
    @JsonProperty
    public List<AddColumn> addColumns() {
        return stepsOf(AddColumn.class);
    }

    /** Returns the tables that miss two or more columns, in the order they are rebuilt (parents first). */
    @JsonProperty
    public List<RecreateTable> recreateTables() {
        return stepsOf(RecreateTable.class);
    }

    /** Returns whether there is nothing to fix. */
    @JsonIgnore
    public boolean isEmpty() {
        return steps.isEmpty();
    }

    /**
     * Returns the plan as {@code strategy} carries it out: unchanged for recreate; for alter, every
     * table to rebuild becomes {@code ADD COLUMN}s, which run after the tables are created.
     */
    public FixPlan forStrategy(FixOptions.Strategy strategy) {
        if (strategy == FixOptions.Strategy.RECREATE || recreateTables().isEmpty()) {
            return this;
        }
        List<FixStep> altered = new ArrayList<>();
        List<AddColumn> adds = new ArrayList<>();
        for (FixStep step : steps) {
            switch (step) {
                case CreateTable create -> altered.add(create);
                case AddColumn add -> adds.add(add);
                case RecreateTable rebuild -> adds.addAll(rebuild.missingColumns());
            }
        }
        adds.sort(ADD_ORDER);
        altered.addAll(adds);
        return new FixPlan(altered);
    }

    /**
     * Returns the steps in execution order, one line each ({@code CREATE TABLE categories},
     * {@code ADD COLUMN items.g}, {@code REBUILD products (adds price, active; keeps rows)}).
     */
    public List<String> steps(FixOptions.Strategy strategy) {
        return forStrategy(strategy).steps.stream().map(FixStep::describe).toList();
    }

    /**
     * Returns the plan of {@code tables} (creates and rebuilds, already parents first) followed by
     * {@code adds}, sorted by table and column.
     */
    static FixPlan of(List<? extends FixStep> tables, List<AddColumn> adds) {
        List<FixStep> steps = new ArrayList<>(tables);
        steps.addAll(adds.stream().sorted(ADD_ORDER).toList());
        return new FixPlan(steps);
    }

    private <T extends FixStep> List<T> stepsOf(Class<T> type) {
        return steps.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
