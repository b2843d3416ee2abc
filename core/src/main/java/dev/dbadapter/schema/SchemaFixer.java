package dev.dbadapter.schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.dbadapter.DbAdapterException;
import dev.dbadapter.InternalException;
import dev.dbadapter.adapter.DatabaseClient;
import dev.dbadapter.adapter.DatabaseException;
import dev.dbadapter.adapter.UnsupportedOperationForBackendException;
import dev.dbadapter.adapter.postgres.PostgresClient;
import dev.dbadapter.adapter.postgres.internal.SqlErrors;
import dev.dbadapter.adapter.postgres.internal.ValueCodec;
import dev.dbadapter.internal.Identifiers;
import dev.dbadapter.schema.internal.ColumnDefinitions;
import dev.dbadapter.schema.internal.TableRebuild;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Repairs schema drift: {@link #generateFixPlan} turns a {@link ValidationResult} into a
 * {@link FixPlan} (pure logic), {@link #applyFixes} carries it out in one transaction.
 *
 * <ul>
 *   <li>A missing table is created from {@code schema.sql}, parents before children.
 *   <li>A table missing exactly one column gets {@code ALTER TABLE ... ADD COLUMN} with the
 *       definition from {@code column-defs.json} ({@code "table.column": "SQL definition"}), else from
 *       {@code schema.sql}; {@code PRIMARY KEY} is dropped, and {@code NOT NULL} unless the definition
 *       has {@code REFERENCES}.
 *   <li>A table missing two or more columns is rebuilt from {@code schema.sql}, keeping its rows,
 *       other indexes and constraints, triggers, grants, comments, policies, the foreign keys of other
 *       tables pointing at it, and its sequence positions. What cannot be carried over (a dependent
 *       view, say) is refused before any DDL. {@link FixOptions.Strategy#ALTER} adds the columns
 *       instead and never rebuilds.
 * </ul>
 */
public final class SchemaFixer {
    private SchemaFixer() {
    }

    /**
     * Plans the repair of {@code validation}'s differences.
     *
     * @param columnDefs {@code "table.column"} to SQL definition (from {@code column-defs.json}); may be
     *     empty or {@code null}
     * @param schemaFile the schema file the expectation came from
     * @return the plan; empty when the validation found nothing missing
     * @throws SchemaException when a missing table is not in the schema file, or a missing column has no
     *     definition in either source (all such problems named at once)
     */
    public static FixPlan generateFixPlan(ValidationResult validation, Map<String, String> columnDefs,
            SchemaFile schemaFile) {
        Objects.requireNonNull(validation, "validation");
        Objects.requireNonNull(schemaFile, "schemaFile");
        List<String> problems = new ArrayList<>();
        Map<String, String> definitions = new LinkedHashMap<>();
        (columnDefs == null ? Map.<String, String>of() : columnDefs).forEach((key, definition) -> {
            try {
                ColumnDefinitions.requireOne(key, definition);
                definitions.put(ColumnDefinitions.key(key), definition);
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        });
        if (!problems.isEmpty()) {
            throw new SchemaException("Cannot plan the fix: " + String.join("; ", problems),
                    "write each column-defs value as one column definition: a type, then DEFAULT and constraints",
                    null);
        }

        Map<String, FixPlan.CreateTable> creates = new LinkedHashMap<>();
        for (String table : validation.missingTables()) {
            schemaFile.table(table).ifPresentOrElse(
                    definition -> creates.put(table, new FixPlan.CreateTable(table, definition.createSql(),
                            schemaFile.companions(table))),
                    () -> problems.add("table " + table + " is missing but " + schemaFile.source() + " does not create it"));
        }

        Map<String, List<FixPlan.AddColumn>> byTable = new LinkedHashMap<>();
        for (ValidationResult.MissingColumn missing : validation.missingColumns()) {
            String key = missing.table() + "." + missing.column();
            String definition = definitions.get(key);
            String source = "column-defs";
            if (definition == null) {
                definition = schemaFile.table(missing.table())
                        .map(table -> table.columns().get(missing.column())).orElse(null);
                source = "schema.sql";
            }
            if (definition == null || definition.isBlank()) {
                problems.add("no definition for missing column " + key + " in column-defs or " + schemaFile.source());
                continue;
            }
            String cleaned = ColumnDefinitions.forAddColumn(definition);
            String sql = "ALTER TABLE " + quotedTable(missing.table(), schemaFile) + " ADD COLUMN "
                    + Identifiers.quote(missing.column()) + " " + cleaned;
            byTable.computeIfAbsent(missing.table(), t -> new ArrayList<>())
                    .add(new FixPlan.AddColumn(missing.table(), missing.column(), cleaned, source, sql));
        }

        List<FixPlan.AddColumn> adds = new ArrayList<>();
        Map<String, FixPlan.RecreateTable> recreates = new LinkedHashMap<>();
        byTable.forEach((table, columns) -> {
            if (columns.size() == 1) {
                adds.add(columns.getFirst());
            } else if (schemaFile.table(table).isEmpty()) {
                problems.add("table " + table + " misses " + columns.size() + " columns but "
                        + schemaFile.source() + " does not create it, so it cannot be rebuilt");
            } else {
                SchemaFile.TableDefinition definition = schemaFile.table(table).orElseThrow();
                recreates.put(table, new FixPlan.RecreateTable(table, columns, definition.createSql(),
                        quotedTable(table, schemaFile), definition.columns().keySet()));
            }
        });
        if (!problems.isEmpty()) {
            throw new SchemaException("Cannot plan the fix: " + String.join("; ", problems),
                    "add the definitions to column-defs.json (\"table.column\": \"SQL definition\") or to "
                            + schemaFile.source(), null);
        }
        Map<String, FixStep> tableSteps = new LinkedHashMap<>();
        schemaFile.creationOrder(creates.keySet()).forEach(table -> tableSteps.put(table, creates.get(table)));
        schemaFile.creationOrder(recreates.keySet()).forEach(table -> tableSteps.put(table, recreates.get(table)));
        return FixPlan.of(parentsFirst(tableSteps, schemaFile), adds);
    }

    /**
     * Returns the steps of {@code tableSteps} (creates, then rebuilds) with every table after the
     * tables of the same fix it references: a new table may reference a rebuilt one, and a rebuilt
     * one a new one.
     */
    private static List<FixStep> parentsFirst(Map<String, FixStep> tableSteps, SchemaFile schemaFile) {
        List<FixStep> ordered = new ArrayList<>();
        Set<String> done = new LinkedHashSet<>();
        for (String table : tableSteps.keySet()) {
            visit(table, tableSteps, schemaFile, done, new LinkedHashSet<>(), ordered);
        }
        return ordered;
    }

    private static void visit(String table, Map<String, FixStep> tableSteps, SchemaFile schemaFile, Set<String> done,
            Set<String> visiting, List<FixStep> out) {
        if (done.contains(table) || !visiting.add(table)) {
            return;
        }
        for (String parent : schemaFile.table(table).map(SchemaFile.TableDefinition::references).orElse(Set.of())) {
            if (tableSteps.containsKey(parent) && !parent.equals(table)) {
                visit(parent, tableSteps, schemaFile, done, visiting, out);
            }
        }
        done.add(table);
        out.add(tableSteps.get(table));
    }

    /**
     * Reads a {@code column-defs.json} file: one JSON object of {@code "table.column": "SQL definition"}.
     *
     * @throws SchemaFileException when the file cannot be read, is not such an object, or a key lacks
     *     the {@code table.column} form
     */
    public static Map<String, String> readColumnDefs(Path path) {
        JsonNode root;
        try {
            root = ValueCodec.JSON.readTree(Files.readString(path));
        } catch (JsonProcessingException e) {
            throw new SchemaFileException(path.toString(), e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
                    "not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new SchemaFileException(path.toString(), 0, "cannot read the column definitions ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
        }
        if (root == null || !root.isObject()) {
            throw new SchemaFileException(path.toString(), 0,
                    "expected a JSON object of \"table.column\": \"SQL definition\"", null);
        }
        Map<String, String> definitions = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            String key;
            try {
                key = ColumnDefinitions.key(field.getKey());
            } catch (IllegalArgumentException e) {
                throw new SchemaFileException(path.toString(), 0, "key \"" + field.getKey()
                        + "\" is not of the form \"table.column\": " + e.getMessage(), e);
            }
            if (!field.getValue().isTextual() || field.getValue().asText().isBlank()) {
                throw new SchemaFileException(path.toString(), 0, "the definition of \"" + field.getKey()
                        + "\" must be a non-empty string of SQL", null);
            }
            try {
                ColumnDefinitions.requireOne(field.getKey(), field.getValue().asText());
            } catch (IllegalArgumentException e) {
                throw new SchemaFileException(path.toString(), 0, e.getMessage(), e);
            }
            if (definitions.put(key, field.getValue().asText()) != null) {
                throw new SchemaFileException(path.toString(), 0, "two keys name the column " + key, null);
            }
        }
        return definitions;
    }

    /**
     * Applies {@code plan}, or previews it when {@code options} are not confirmed. A preview checks
     * what a rebuild could not carry over and changes nothing. When confirmed: tables to rebuild are
     * checked first (a refusal changes nothing), the backup hook runs (unless {@code noBackup}), then
     * all DDL runs in one transaction, so a failure changes nothing either.
     *
     * @return a future of what the fix did (or, for a preview, would do). It fails, having changed
     *     nothing, with {@link RebuildRefusedException} when a table to rebuild has something the rebuild
     *     cannot carry over (confirmed or not); with {@link PreFixBackupException} when the backup hook
     *     fails (its failure is the cause); with {@link DatabaseException} when the database rejects a
     *     statement or cannot be reached (SQLSTATE and cause kept; the message says that the fix failed
     *     and which statement ran last)
     * @throws UnsupportedOperationForBackendException when {@code database} has no direct PostgreSQL
     *     connection (the fix reads the catalog and runs DDL in one transaction)
     */
    public static CompletableFuture<FixResult> applyFixes(DatabaseClient database, FixPlan plan, FixOptions options) {
        PostgresClient client = PostgresClient.require(database, "schema fix");
        Objects.requireNonNull(options, "options");
        FixPlan effective = Objects.requireNonNull(plan, "plan").forStrategy(options.strategy());
        if (effective.isEmpty()) {
            return CompletableFuture.completedFuture(new FixResult(false, List.of(), List.of(), List.of(),
                    null, List.of(), List.of()));
        }
        CompletableFuture<Void> rebuildable = effective.recreateTables().isEmpty()
                ? CompletableFuture.completedFuture(null)
                : client.withConnection(connection -> requireRebuildable(connection, effective))
                        .exceptionallyCompose(error -> CompletableFuture.failedFuture(fixFailed(error, null)));
        return rebuildable.thenCompose(checked -> {
            if (!options.confirm()) {
                return CompletableFuture.completedFuture(new FixResult(false, List.of(), List.of(), List.of(),
                        null, plannedStatements(effective), List.of()));
            }
            return apply(client, effective, backup(effective, options));
        });
    }

    /**
     * Runs the backup hook before tables are rebuilt, unless there are none, no hook is set or the
     * backup is skipped.
     *
     * @return where the backup went, or {@code null} when none was made
     * @throws PreFixBackupException when the hook fails
     */
    private static String backup(FixPlan plan, FixOptions options) {
        if (plan.recreateTables().isEmpty() || options.noBackup() || options.backupHook() == null) {
            return null;
        }
        try {
            return options.backupHook().backup(plan.recreateTables().stream().map(FixPlan.RecreateTable::table).toList());
        } catch (Exception e) {
            throw new PreFixBackupException(SqlErrors.unwrap(e));
        }
    }

    private static CompletableFuture<FixResult> apply(PostgresClient client, FixPlan plan, String backupPath) {
        Log log = new Log();
        return client.inTransaction(tx -> tx.withConnection(connection -> {
            requireRebuildable(connection, plan);
            return run(connection, plan, log, backupPath);
        })).exceptionallyCompose(error -> CompletableFuture.failedFuture(fixFailed(error, log)));
    }

    /**
     * Returns the exception a fix fails with for {@code error}: a database error stays a
     * {@link DatabaseException} (SQLSTATE, server fields and cause kept) whose message says the fix
     * failed, nothing was changed and, when {@code log} has one, which statement ran last; a library
     * exception (a refusal, say) as it is; anything else as an {@link InternalException} saying the same.
     */
    private static DbAdapterException fixFailed(Throwable error, Log log) {
        RuntimeException failure = SqlErrors.translate(error, null);
        String where = log == null || log.statements.isEmpty() ? "" : " (while running: " + log.statements.getLast() + ")";
        return switch (failure) {
            case DatabaseException database ->
                    database.withMessage("Fix failed, nothing was changed: " + database.getMessage() + where);
            case DbAdapterException named -> named;
            default -> new InternalException("Fix failed, nothing was changed: " + failure + where, failure);
        };
    }

    private static FixResult run(Connection connection, FixPlan plan, Log log, String backupPath) throws SQLException {
        TableRebuild rebuild = new TableRebuild(connection, log);
        List<String> created = new ArrayList<>();
        List<String> recreated = new ArrayList<>();
        List<String> added = new ArrayList<>();
        for (FixStep step : plan.steps()) {
            switch (step) {
                case FixPlan.CreateTable create -> {
                    execute(connection, log, create.sql());
                    for (String companion : create.companions()) {
                        execute(connection, log, companion);
                    }
                    created.add(create.table());
                }
                case FixPlan.RecreateTable recreate -> {
                    rebuild.rebuild(target(recreate));
                    recreated.add(recreate.table());
                }
                case FixPlan.AddColumn add -> {
                    execute(connection, log, add.sql());
                    added.add(add.table() + "." + add.column());
                }
            }
        }
        return new FixResult(true, created, recreated, added, backupPath, log.statements, log.warnings);
    }

    /**
     * Checks that every table of {@code plan} to rebuild can be rebuilt. Reads only.
     *
     * @throws RebuildRefusedException naming everything that cannot be carried over
     */
    private static Void requireRebuildable(Connection connection, FixPlan plan) throws SQLException {
        TableRebuild rebuild = new TableRebuild(connection, new Log());
        List<String> reasons = new ArrayList<>();
        for (FixPlan.RecreateTable recreate : plan.recreateTables()) {
            reasons.addAll(rebuild.refusals(target(recreate)));
        }
        if (!reasons.isEmpty()) {
            throw new RebuildRefusedException(reasons);
        }
        return null;
    }

    private static TableRebuild.Target target(FixPlan.RecreateTable recreate) {
        return new TableRebuild.Target(recreate.table(), recreate.quotedName(), recreate.columns(), recreate.createSql());
    }

    private static List<String> plannedStatements(FixPlan plan) {
        List<String> statements = new ArrayList<>();
        for (FixStep step : plan.steps()) {
            switch (step) {
                case FixPlan.CreateTable create -> {
                    statements.add(create.sql());
                    statements.addAll(create.companions());
                }
                case FixPlan.RecreateTable recreate -> statements.add("-- rebuild " + recreate.table() + "\n"
                        + recreate.createSql());
                case FixPlan.AddColumn add -> statements.add(add.sql());
            }
        }
        return statements;
    }

    private static String quotedTable(String key, SchemaFile schemaFile) {
        return schemaFile.table(key)
                .map(table -> (table.schema() == null ? "" : Identifiers.quote(table.schema()) + ".")
                        + Identifiers.quote(table.name()))
                .orElseGet(() -> {
                    int dot = key.indexOf('.');
                    return dot < 0 ? Identifiers.quote(key)
                            : Identifiers.quote(key.substring(0, dot)) + "." + Identifiers.quote(key.substring(dot + 1));
                });
    }

    private static void execute(Connection connection, Log log, String sql) throws SQLException {
        log.statement(sql);
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** Collects the statements run and the warnings of one fix. */
    private static final class Log implements TableRebuild.DdlLog {
        final List<String> statements = new ArrayList<>();
        final List<String> warnings = new ArrayList<>();

        @Override
        public void statement(String sql) {
            statements.add(sql);
        }

        @Override
        public void warning(String message) {
            warnings.add(message);
        }
    }
}
