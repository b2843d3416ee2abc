package dev.dbadapter.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.dbadapter.DbAdapterException;
import dev.dbadapter.ErrorCode;
import dev.dbadapter.adapter.DatabaseClient;
import dev.dbadapter.backup.Backups;
import dev.dbadapter.config.DatabaseConfig;
import dev.dbadapter.factory.ResolvedProfile;
import dev.dbadapter.schema.FixOptions;
import dev.dbadapter.schema.FixPlan;
import dev.dbadapter.schema.FixResult;
import dev.dbadapter.schema.FixStep;
import dev.dbadapter.schema.SchemaFile;
import dev.dbadapter.schema.SchemaFixer;
import dev.dbadapter.schema.SchemaIntrospector;
import dev.dbadapter.schema.SchemaValidator;
import dev.dbadapter.schema.ValidationResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code db-adapter fix}: shows how the current profile's schema differs from the schema file and the
 * plan to repair it; with {@code --confirm}, applies the plan in one transaction.
 */
@Command(name = "fix", description = "Show the differences between the live schema and the schema file and the plan"
        + " to repair them; apply it with --confirm (all in one transaction: a failure changes nothing).")
final class FixCommand extends Subcommand {
    @Mixin
    SchemaFileOption schemaFile;

    @Option(names = "--column-defs", paramLabel = "FILE",
            description = "Column definitions, {\"table.column\": \"SQL definition\"} (default: [schema] column_defs"
                    + " in db.toml; without one, definitions come from the schema file).")
    Path columnDefs;

    @Option(names = "--strategy", defaultValue = "recreate", paramLabel = "recreate|alter",
            description = "recreate (default): rebuild tables missing two or more columns, keeping their rows;"
                    + " alter: only ADD COLUMN, never rebuild.")
    FixOptions.Strategy strategy;

    @Option(names = "--confirm", description = "Apply the fixes (default: preview only).")
    boolean confirm;

    @Option(names = "--dry-run", description = "Preview only: show the plan and its SQL, change nothing (the default).")
    boolean dryRun;

    @Option(names = "--no-backup", description = "Skip the backup (every row, all users) of tables before they are rebuilt.")
    boolean noBackup;

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation before fixing a protected profile.")
    boolean yes;

    @Mixin
    AllowProtectedOption allowProtected;

    @Override
    public Integer call() throws IOException {
        if (confirm && dryRun) {
            throw new IllegalArgumentException("--confirm applies the fixes and --dry-run only previews them: give one");
        }
        Output output = output();
        DatabaseConfig config = root.config();
        ResolvedProfile resolved = root.currentProfile();
        requireDirectConnection(resolved);
        SchemaFile file = schemaFile.read(root);
        Map<String, String> definitions = SchemaFiles.columnDefs(root, columnDefs);
        if (confirm) {
            allowProtected.checkWritable(resolved);
        }
        try (DatabaseClient adapter = root.openSingle(resolved);
                SchemaIntrospector introspector = new SchemaIntrospector(adapter)) {
            ValidationResult validation = validate(introspector, file);
            Document document = new Document(resolved.name(), file.source(), strategy, validation);
            if (validation.valid()) {
                if (output.json()) {
                    output.print(document);
                } else {
                    output.success("Schema is valid: nothing to fix (profile " + resolved.name() + ").");
                }
                return 0;
            }
            FixPlan plan = SchemaFixer.generateFixPlan(validation, definitions, file).forStrategy(strategy);
            printPlan(output, plan);
            if (confirm && resolved.profile().isProtected() && !yes
                    && !confirm("Apply these fixes to protected profile '" + resolved.name() + "'?")) {
                if (output.json()) {
                    output.print(document.failed(plan, "cancelled: the fixes were not confirmed"));
                    output.failed(new JsonEnvelope.Error(JsonEnvelope.CANCELLED,
                            "fix cancelled: the fixes were not confirmed; nothing was changed", null, null));
                } else {
                    output.line("Fix cancelled; nothing was changed.");
                }
                return DbAdapterCommand.FAILED;
            }

            FixOptions options = new FixOptions(strategy, confirm, noBackup,
                    confirm && !noBackup && config.schema().backupSchema() != null
                            && !plan.recreateTables().isEmpty()
                            ? backupHook(adapter, resolved) : null);
            FixResult result;
            try {
                result = SchemaFixer.applyFixes(adapter, plan, options).join();
            } catch (CompletionException e) {
                if (!(e.getCause() instanceof DbAdapterException error)) {
                    throw e;
                }
                // the plan is printed above, so the failure is told as its outcome, not as a bare error
                if (output.json()) {
                    output.print(document.failed(plan, error.getMessage()));
                    output.failed(JsonEnvelope.Error.of(error));
                } else {
                    output.failure((confirm ? "Fix failed: " : "Fix cannot be applied: ") + error.getMessage());
                }
                return DbAdapterCommand.FAILED;
            }
            ValidationResult after = result.applied() ? validate(introspector, file) : null;
            Boolean validAfter = after == null ? null : after.valid();
            boolean ok = after == null || after.valid();
            if (output.json()) {
                output.print(document.done(plan, result, validAfter));
                output.resultWarnings(result.warnings());
                if (!ok) {
                    output.failed(new JsonEnvelope.Error(ErrorCode.SCHEMA.name(), "The schema is still invalid after"
                            + " the fix; the statements ran but did not produce what " + file.source() + " describes.",
                            null, null));
                }
                return ok ? 0 : DbAdapterCommand.FAILED;
            }
            result.warnings().forEach(output::warning);
            if (!confirm) {
                output.line("");
                output.line("To apply fixes, add --confirm flag.");
                return 0;
            }
            printSummary(output, result, validAfter);
            if (!ok) {
                output.line("");
                output.line(after.formatReport());
                output.failure("The schema is still invalid after the fix; the statements above ran but did not"
                        + " produce what " + file.source() + " describes.");
                return DbAdapterCommand.FAILED;
            }
            return 0;
        }
    }

    /**
     * Returns a hook that copies every row of the tables about to be rebuilt, all users' (a rebuild
     * copies every row of a table, not one user's), before anything changes.
     */
    private FixOptions.BackupHook backupHook(DatabaseClient adapter, ResolvedProfile resolved) {
        Path path = root.argumentPath(Backups.defaultPath(resolved.name() + "-pre-fix"));
        return tables -> SafetyBackup.write(adapter, tables, path, resolved.name()).toString();
    }

    private static ValidationResult validate(SchemaIntrospector introspector, SchemaFile file) {
        return SchemaValidator.validate(introspector.columnNamesFor(file.expectedColumns().keySet()).join(), file.expectedColumns());
    }

    private void printPlan(Output output, FixPlan plan) {
        List<List<String>> rows = new ArrayList<>();
        plan.createTables().forEach(create -> rows.add(List.of(create.table(), "-", "missing table")));
        plan.recreateTables().forEach(recreate -> rows.add(List.of(recreate.table(), "RECREATE",
                "missing columns: " + String.join(", ", recreate.missingColumns().stream()
                        .map(FixPlan.AddColumn::column).toList()))));
        plan.addColumns().forEach(add -> rows.add(List.of(add.table(), add.column(),
                "missing column: " + add.definition())));
        output.table("Schema Differences", List.of("Table", "Column", "Type"), rows);
        output.line("");
        output.line("Execution plan (strategy " + strategy.name().toLowerCase(java.util.Locale.ROOT) + "):");
        List<FixStep> steps = plan.forStrategy(strategy).steps();
        for (int i = 0; i < steps.size(); i++) {
            output.line("  " + (i + 1) + ". " + steps.get(i).describe());
            // the statements themselves, so a preview shows exactly what --confirm runs
            List<String> sql = switch (steps.get(i)) {
                case FixPlan.CreateTable create -> concat(create.sql(), create.companions());
                case FixPlan.AddColumn add -> List.of(add.sql());
                case FixPlan.RecreateTable rebuild -> List.of(rebuild.createSql(),
                        "-- then the rows are copied over and the old table's indexes, triggers, grants and"
                                + " incoming foreign keys restored");
            };
            sql.forEach(statement -> statement.strip().lines().forEach(line -> output.line("       " + line)));
        }
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all;
    }

    private static void printSummary(Output output, FixResult result, Boolean validAfter) {
        output.line("");
        output.success("Fix applied");
        output.line("Tables created:   " + summary(result.tablesCreated()));
        output.line("Tables recreated: " + summary(result.tablesRecreated()));
        output.line("Columns added:    " + summary(result.columnsAdded()));
        output.line("Backup:           " + (result.backupPath() == null ? "none" : result.backupPath()
                + " (every row of " + String.join(", ", result.tablesRecreated()) + ", all users)"));
        if (validAfter != null) {
            output.line("Schema validation: " + (validAfter ? "PASSED" : "FAILED"));
        }
    }

    private static String summary(List<String> names) {
        return names.isEmpty() ? "0" : names.size() + " (" + String.join(", ", names) + ")";
    }

    /**
     * The JSON document: what was compared and what validation found; when the schema is not valid,
     * the plan and its steps, then the result and whether the schema validates after an applied fix, or
     * why the fix failed or was refused.
     */
    record Document(String profile, String schemaFile, FixOptions.Strategy strategy, ValidationResult validation,
            FixPlan plan, @JsonInclude(JsonInclude.Include.NON_NULL) List<String> steps, FixResult result,
            @JsonInclude(JsonInclude.Include.NON_NULL) String error,
            @JsonInclude(JsonInclude.Include.NON_NULL) Boolean validAfter) {

        /** A valid schema: nothing planned, nothing done. */
        Document(String profile, String schemaFile, FixOptions.Strategy strategy, ValidationResult validation) {
            this(profile, schemaFile, strategy, validation, null, null, null, null, null);
        }

        /** The fix (or preview) went through. */
        Document done(FixPlan fixPlan, FixResult fixResult, Boolean valid) {
            return new Document(profile, schemaFile, strategy, validation, fixPlan, fixPlan.steps(strategy), fixResult,
                    null, valid);
        }

        /** The fix failed or was refused; nothing changed. */
        Document failed(FixPlan fixPlan, String why) {
            return new Document(profile, schemaFile, strategy, validation, fixPlan, fixPlan.steps(strategy), null, why,
                    null);
        }
    }
}
