package dev.dbadapter.cli;

import dev.dbadapter.ErrorCode;
import dev.dbadapter.UsageException;
import dev.dbadapter.backup.BackupSchema;
import dev.dbadapter.config.DatabaseConfig;
import dev.dbadapter.factory.ResolvedProfile;
import dev.dbadapter.sync.SyncMode;
import dev.dbadapter.sync.SyncOptions;
import dev.dbadapter.sync.SyncResult;
import dev.dbadapter.sync.Syncs;
import dev.dbadapter.sync.TableSyncResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code db-adapter sync --from PROFILE}: compares one user's rows of another profile with the
 * current profile's and, with {@code --confirm}, brings the new (and, in overwrite mode, the
 * changed) rows into the current profile.
 */
@Command(name = "sync", description = "Compare one user's rows of another profile (--from) with the current"
        + " profile's, and with --confirm copy the new rows (--mode overwrite: also the changed ones) into the current"
        + " profile. With [schema] backup_schema, keys are remapped and the sync is one transaction.")
final class SyncCommand extends Subcommand {
    @Option(names = "--from", required = true, paramLabel = "PROFILE", description = "The profile to copy from.")
    String from;

    @Option(names = "--tables", split = ",", paramLabel = "TABLE",
            description = "Tables to sync, parents first, comma-separated (default: [sync] tables in db.toml).")
    List<String> tables;

    @Mixin
    UserIdOption userId;

    @Option(names = {"-m", "--mode"}, defaultValue = "skip", paramLabel = "MODE",
            description = "skip (default): insert rows whose slug is new, keep existing rows; overwrite: also update"
                    + " existing rows whose content differs.")
    SyncMode mode;

    @Option(names = "--delete", description = "Also delete the user's rows in the current profile whose slug the source lacks.")
    boolean delete;

    @Option(names = "--dry-run", description = "Compare only; change nothing.")
    boolean dryRun;

    @Option(names = "--confirm", description = "Write the changes (default: compare and preview only).")
    boolean confirm;

    @Mixin
    AllowProtectedOption allowProtected;

    @Option(names = "--user-field", paramLabel = "COLUMN", defaultValue = "user_id",
            description = "The column holding the user id (default: ${DEFAULT-VALUE}).")
    String userField;

    @Option(names = "--slug-field", paramLabel = "COLUMN", defaultValue = "slug",
            description = "The column that identifies a row in both databases (default: ${DEFAULT-VALUE}).")
    String slugField;

    @Override
    public Integer call() {
        if (confirm && dryRun) {
            throw new IllegalArgumentException("--confirm writes and --dry-run only compares: give one");
        }
        Output output = output();
        DatabaseConfig config = root.config();
        ResolvedProfile destination = root.currentProfile();
        config.profile(from);
        List<String> chosen = tables != null && !tables.isEmpty() ? tables : config.sync().tables();
        if (chosen.isEmpty()) {
            throw new UsageException("No tables to sync", "pass --tables a,b or set tables = [\"a\", \"b\"] under [sync] in db.toml");
        }
        String user = userId.resolve(root);
        BackupSchema schema = config.schema().backupSchema() == null ? null : BackupSchemaOption.configured(root);
        if (confirm) {
            allowProtected.checkWritable(destination);
        }
        output.line("Comparing profiles...");
        output.line("  Source:      " + from);
        output.line("  Destination: " + destination.name());
        output.line("  Tables:      " + String.join(", ", chosen));
        output.line("  User:        " + user);
        SyncResult result;
        try (ProgressBars bars = ProgressBars.of(this, "Syncing")) {
            SyncOptions options = new SyncOptions(chosen, user, userField, slugField, mode, delete, !confirm, confirm,
                    allowProtected.allowed, schema, bars);
            result = Syncs.syncData(root.factory(), from, destination.name(), options).join();
        }
        return print(output, result);
    }

    private int print(Output output, SyncResult result) {
        int code = result.ok() ? 0 : DbAdapterCommand.FAILED;
        if (output.json()) {
            output.print(result);
            output.resultWarnings(result.warnings());
            if (!result.ok()) {
                output.failed(new JsonEnvelope.Error(result.tables().isEmpty() ? ErrorCode.CONNECTION.name()
                        : ErrorCode.SQL.name(), failureHeadline(result), null,
                        failures(result).size() > 1 ? failures(result) : null));
            }
            return code;
        }
        result.warnings().forEach(output::warning);
        if (!result.tables().isEmpty()) {
            output.line("");
            output.table("Data Comparison", List.of("Table", "Source rows", "Destination rows", "New",
                    result.mode() == SyncMode.OVERWRITE ? "Existing / differing" : "Existing", "To delete"), rows(result));
        }
        result.errors().forEach(output::failure);
        if (!result.errors().isEmpty() && result.tables().isEmpty()) {
            return code;
        }
        output.line("");
        if (dryRun) {
            output.line("DRY RUN - No changes made.");
        } else if (!confirm) {
            output.line("No changes made: this is a preview. To apply it, add --confirm.");
        } else {
            printCommitted(output, result);
        }
        return code;
    }

    private static List<List<String>> rows(SyncResult result) {
        List<List<String>> rows = new ArrayList<>();
        result.tables().forEach((table, counts) -> rows.add(List.of(table, number(counts.sourceRows()),
                number(counts.destinationRows()), number(counts.newRows()),
                counts.differing() == null ? number(counts.existing())
                        : number(counts.existing()) + " / " + number(counts.differing()),
                result.delete() ? number(counts.missing()) : "-")));
        return rows;
    }

    private static void printCommitted(Output output, SyncResult result) {
        if (result.ok()) {
            output.success("Sync complete.");
        } else {
            output.failure(failureHeadline(result));
        }
        for (Map.Entry<String, TableSyncResult> entry : result.tables().entrySet()) {
            TableSyncResult counts = entry.getValue();
            String line = "  " + entry.getKey() + ": " + number(counts.inserted()) + " inserted, "
                    + number(counts.updated()) + " updated, " + number(counts.deleted()) + " deleted";
            output.line(counts.error() == null ? line : line + " (failed: " + counts.error() + ")");
        }
        if (!result.atomic()) {
            output.line("Not atomic: a side has no transactions, so rows were written in batches and those written"
                    + " before a failure stay.");
        }
    }

    private static String failureHeadline(SyncResult result) {
        long failed = result.tables().values().stream().filter(table -> table.error() != null).count();
        return !result.errors().isEmpty() ? result.errors().getFirst()
                : "Sync finished with " + failed + " failed table(s); the other tables were committed";
    }

    private static List<String> failures(SyncResult result) {
        List<String> details = new ArrayList<>(result.errors());
        result.tables().forEach((table, counts) -> {
            if (counts.error() != null) {
                details.add(table + ": " + counts.error());
            }
        });
        return details;
    }

    private static String number(long value) {
        return String.format("%,d", value);
    }
}
