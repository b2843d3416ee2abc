package dev.dbadapter.cli;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.dbadapter.ErrorCode;
import dev.dbadapter.UsageException;
import dev.dbadapter.adapter.DatabaseClient;
import dev.dbadapter.backup.BackupCheck;
import dev.dbadapter.backup.BackupResult;
import dev.dbadapter.backup.BackupSchema;
import dev.dbadapter.backup.Backups;
import dev.dbadapter.backup.TableDef;
import dev.dbadapter.factory.ResolvedProfile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code db-adapter backup}: writes one user's rows of the backup schema's tables to a JSON file, or
 * with {@code --validate FILE} checks a backup file without a database.
 */
@Command(name = "backup", description = "Back up one user's data to a JSON file, or validate a backup file (--validate).")
final class BackupCommand extends Subcommand {
    @Mixin
    BackupSchemaOption backupSchema;

    @Mixin
    UserIdOption userId;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Output file; .gz compresses (default: backups/<profile>-<timestamp>.json).")
    Path outputFile;

    @Option(names = "--tables", split = ",", paramLabel = "TABLE",
            description = "Back up only these tables (and the parents they need), comma-separated.")
    List<String> tables;

    @Option(names = "--validate", paramLabel = "FILE", description = "Check a backup file instead; no database needed.")
    Path validate;

    @Option(names = "--list", arity = "0..1", paramLabel = "DIR", fallbackValue = "backups",
            description = "List the backups of DIR (default: backups), newest first, from their metadata.")
    Path list;

    @Override
    public Integer call() {
        Output output = output();
        if (list != null) {
            return BackupListing.print(output, root.argumentPath(list));
        }
        BackupSchema schema = backupSchema.load(root);
        if (validate != null) {
            return validate(output, schema, root.argumentPath(validate));
        }
        schema = selectTables(schema);
        String user = userId.resolve(root);
        ResolvedProfile profile = root.currentProfile();
        Path target = root.argumentPath(outputFile != null ? outputFile : Backups.defaultPath(profile.name()));
        BackupResult result;
        try (DatabaseClient adapter = root.open(profile);
                ProgressBars bars = ProgressBars.of(this, "Backing up")) {
            result = Backups.backup(adapter, schema, user, target, null, Map.of("profile", profile.name()), bars).join();
        }
        if (output.json()) {
            output.print(result);
            return 0;
        }
        output.success("Backup saved to: " + result.path());
        result.tableCounts().forEach((table, count) -> output.line(String.format("  %s: %,d rows", table, count)));
        if (!result.atomic()) {
            output.line("Not atomic: this backend has no snapshot, so tables were read one after the other.");
        }
        return 0;
    }

    private int validate(Output output, BackupSchema schema, Path file) {
        BackupCheck result = Backups.validateBackup(file, schema);
        if (output.json()) {
            output.print(new ValidationDocument(file, result));
            if (!result.valid()) {
                output.failed(new JsonEnvelope.Error(ErrorCode.BACKUP.name(), "Backup is invalid: " + file, null,
                        result.errors()));
            }
        } else {
            if (result.valid()) {
                output.success("Backup is valid: " + file);
            } else {
                output.failure("Backup is invalid: " + file);
            }
            if (!result.errors().isEmpty()) {
                output.line("Errors:");
                result.errors().forEach(error -> output.line("  - " + error));
            }
            if (!result.warnings().isEmpty()) {
                output.line("Warnings:");
                result.warnings().forEach(warning -> output.line("  - " + warning));
            }
        }
        return result.valid() ? 0 : DbAdapterCommand.FAILED;
    }

    /** Keeps the tables named by {@code --tables} and the ancestors they need, in schema order. */
    private BackupSchema selectTables(BackupSchema schema) {
        if (tables == null || tables.isEmpty()) {
            return schema;
        }
        Set<String> wanted = new LinkedHashSet<>();
        for (String name : tables) {
            TableDef table = schema.table(name.strip()).orElseThrow(() -> new UsageException(
                    "Table '" + name.strip() + "' is not in the backup schema",
                    "tables in the schema: " + schema.tables().stream().map(TableDef::name).toList()));
            while (table != null && wanted.add(table.name())) {
                table = table.parent() == null ? null : schema.table(table.parent().table()).orElseThrow();
            }
        }
        List<TableDef> kept = new ArrayList<>();
        for (TableDef table : schema.tables()) {
            if (wanted.contains(table.name())) {
                kept.add(table);
            }
        }
        return new BackupSchema(kept);
    }

    /** The JSON document of {@code --validate}: the file, then what validation found. */
    record ValidationDocument(Path file, @JsonUnwrapped BackupCheck result) {
    }
}
