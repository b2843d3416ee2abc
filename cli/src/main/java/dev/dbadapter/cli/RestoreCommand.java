package dev.dbadapter.cli;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.dbadapter.ErrorCode;
import dev.dbadapter.adapter.DatabaseClient;
import dev.dbadapter.adapter.postgres.internal.SqlErrors;
import dev.dbadapter.backup.BackupException;
import dev.dbadapter.backup.BackupMetadata;
import dev.dbadapter.backup.BackupSchema;
import dev.dbadapter.backup.Backups;
import dev.dbadapter.backup.RestoreMode;
import dev.dbadapter.backup.RestoreOptions;
import dev.dbadapter.backup.RestoreResult;
import dev.dbadapter.backup.RowFailure;
import dev.dbadapter.factory.ResolvedProfile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code db-adapter restore FILE}: restores a backup file as one user's rows, in one transaction
 * where the backend has them (in batches without one through Supabase's REST API), after a
 * confirmation (unless {@code -y} or {@code --dry-run}).
 */
@Command(name = "restore", description = "Restore a backup file into the current profile's database.")
final class RestoreCommand extends Subcommand {
    @Parameters(index = "0", paramLabel = "FILE", description = "The backup file (.json or .json.gz).")
    Path file;

    @Mixin
    BackupSchemaOption backupSchema;

    @Mixin
    UserIdOption userId;

    @Option(names = {"-m", "--mode"}, defaultValue = "skip", paramLabel = "MODE",
            description = "What to do with rows that exist: skip, overwrite or fail (default: ${DEFAULT-VALUE}).")
    RestoreMode mode;

    @Option(names = "--dry-run", description = "Report what would happen; change nothing.")
    boolean dryRun;

    @Option(names = "--preserve-ids",
            description = "Keep the backup's primary keys instead of taking fresh ones from the database.")
    boolean preserveIds;

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
    boolean yes;

    @Mixin
    AllowProtectedOption allowProtected;

    @Override
    public Integer call() throws IOException {
        Output output = output();
        BackupSchema schema = backupSchema.load(root);
        Path source = root.argumentPath(file);
        UserIdOption.Choice chosen = userFor(source);
        String user = chosen.id();
        ResolvedProfile profile = root.currentProfile();
        if (!dryRun) {
            allowProtected.checkWritable(profile);
        }
        if (!dryRun && !yes && !confirm("Restore " + source + " into profile '" + profile.name() + "' as user " + user
                + " (mode " + mode.name().toLowerCase(Locale.ROOT) + ")?")) {
            if (output.json()) {
                output.print(new Cancelled(true));
                output.failed(new JsonEnvelope.Error(JsonEnvelope.CANCELLED, "restore cancelled; nothing was changed",
                        null, null));
            } else {
                output.line("Restore cancelled; nothing was changed.");
            }
            return DbAdapterCommand.FAILED;
        }
        RestoreResult result;
        try (DatabaseClient adapter = root.open(profile);
                ProgressBars bars = ProgressBars.of(this, "Restoring")) {
            RestoreOptions options = RestoreOptions.DEFAULTS.withMode(mode).withDryRun(dryRun)
                    .withPreserveIds(preserveIds).withProgress(bars);
            result = Backups.restore(adapter, schema, source, user, options).join();
        } catch (CompletionException e) {
            if (SqlErrors.unwrap(e) instanceof BackupException invalid && !invalid.errors().isEmpty()) {
                return invalidFile(output, source, invalid);
            }
            throw e;
        }
        print(output, result, chosen);
        return result.totalFailed() > 0 ? DbAdapterCommand.FAILED : 0;
    }

    /**
     * Returns {@code --user-id}, else the variable named by {@code user_id_env}, else the
     * {@code user_id} of the backup's metadata (said on stderr, as the Python tool restored).
     */
    private UserIdOption.Choice userFor(Path source) {
        UserIdOption.Choice given = userId.given(root);
        if (given != null) {
            return given;
        }
        String fromBackup = BackupMetadata.read(source).userId();
        if (fromBackup == null || fromBackup.isBlank()) {
            throw userId.missing(root);
        }
        output().note("Restoring as user " + fromBackup + " from the backup's metadata (--user-id picks another)");
        return new UserIdOption.Choice(fromBackup, "backup metadata");
    }

    private int invalidFile(Output output, Path source, BackupException invalid) {
        if (output.json()) {
            output.failed(new JsonEnvelope.Error(invalid.code().name(), "Backup is invalid: " + source
                    + " (nothing was changed)", invalid.hint(), invalid.errors()));
        } else {
            output.failure("Backup is invalid: " + source + " (nothing was changed)");
            invalid.errors().forEach(error -> output.line("  - " + error));
        }
        return DbAdapterCommand.FAILED;
    }

    private void print(Output output, RestoreResult result, UserIdOption.Choice user) {
        if (output.json()) {
            output.print(new Restored(result, user.id(), user.source()));
            output.resultWarnings(result.warnings());
            if (result.totalFailed() > 0) {
                output.failed(new JsonEnvelope.Error(ErrorCode.BACKUP.name(),
                        "Restore finished with " + number(result.totalFailed()) + " failed rows", null, null));
            }
            return;
        }
        List<List<String>> rows = new ArrayList<>();
        result.tables().forEach((table, counts) -> rows.add(List.of(table, number(counts.inserted()),
                number(counts.updated()), number(counts.skipped()), number(counts.orphaned()), number(counts.failed()))));
        output.table("Restore Results" + (result.dryRun() ? " (dry run)" : ""),
                List.of("Table", "Inserted", "Updated", "Skipped", "Orphaned", "Failed"), rows);
        result.tables().forEach((table, counts) -> printRows(output, "Orphaned rows in " + table
                + " (not restored: their parent was not)", counts.orphanDetails(), counts.orphaned()));
        result.tables().forEach((table, counts) -> printRows(output, "Failed rows in " + table, counts.failureDetails(),
                counts.failed()));
        result.warnings().forEach(output::warning);
        if (!result.atomic() && !result.dryRun()) {
            output.line("Not atomic: this backend has no transactions, so rows were written in batches and"
                    + " those written before a failure stay.");
        }
        if (result.dryRun()) {
            output.line("Dry run: nothing was changed.");
        } else if (result.totalFailed() > 0) {
            output.failure("Restore finished with " + number(result.totalFailed()) + " failed rows");
        } else {
            output.success("Restore complete");
        }
    }

    private static void printRows(Output output, String heading, List<RowFailure> listed, long count) {
        if (listed.isEmpty()) {
            return;
        }
        output.line(heading + ":");
        for (RowFailure row : listed) {
            output.line("  row " + row.rowIndex() + " (pk=" + row.oldPk() + "): " + row.error());
        }
        if (count > listed.size()) {
            output.line("  ... and " + number(count - listed.size()) + " more");
        }
    }

    private static String number(long value) {
        return String.format("%,d", value);
    }

    /** The JSON document of a restore: the result's fields, and whose rows it wrote and why that user. */
    record Restored(@JsonUnwrapped RestoreResult result, String userId, String userIdSource) {
    }

    /** The JSON document of a restore the user declined. */
    record Cancelled(boolean cancelled) {
    }

}
