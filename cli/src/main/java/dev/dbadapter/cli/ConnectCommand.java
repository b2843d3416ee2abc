package dev.dbadapter.cli;

import dev.dbadapter.DbAdapterException;
import dev.dbadapter.config.DatabaseConfig;
import dev.dbadapter.factory.ConnectionResult;
import dev.dbadapter.factory.Connector;
import dev.dbadapter.factory.ResolvedProfile;
import dev.dbadapter.schema.SchemaMismatchException;
import dev.dbadapter.schema.ValidationResult;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import picocli.CommandLine.Command;

/**
 * {@code db-adapter connect}: connects to the current profile, validates its schema when
 * {@code validate_on_connect} is set, shows the row counts and, on success only, records the profile
 * in the {@code .db-profile} lock file.
 */
@Command(name = "connect", description = "Connect to the current profile (DB_PROFILE or .db-profile), validate its"
        + " schema when validate_on_connect is set, and make it the current profile on success.")
final class ConnectCommand extends Subcommand {
    @Override
    public Integer call() {
        Output output = output();
        DatabaseConfig config = root.config();
        ResolvedProfile resolved = root.currentProfile();
        requireDirectConnection(resolved);
        Map<String, Set<String>> expected = config.schema().validateOnConnect()
                ? SchemaFiles.schemaFile(root, null).expectedColumns() : null;
        ConnectionResult result;
        try {
            result = Connector.connectAndValidate(root.factory(), resolved.name(), expected,
                    root.options().envPrefix, false).join();
        } catch (CompletionException e) {
            return failed(output, resolved, e.getCause() == null ? e : e.getCause());
        }
        Map<String, Long> counts = rowCounts(resolved, output);

        if (output.json()) {
            output.print(new Document(true, result.profile(), result.report(), null, counts));
            return 0;
        }
        output.success("Connected to profile: " + resolved.name());
        if (result.report() == null) {
            output.line("Schema validation: skipped (validate_on_connect = false)");
        } else {
            output.line("Schema validation: PASSED");
            if (!result.report().extraTables().isEmpty()) {
                output.line("Extra tables (warning): " + String.join(", ", result.report().extraTables()));
            }
        }
        if (counts != null && !counts.isEmpty()) {
            output.table("Tables", List.of("Table", "Rows"), RowCounts.rows(counts));
        }
        return 0;
    }

    /**
     * Tells a connect that failed as its own outcome, exit 1: an invalid schema with its report (the
     * current profile unchanged), anything else with the reason.
     */
    private static int failed(Output output, ResolvedProfile resolved, Throwable error) {
        String profile = resolved.name();
        ValidationResult report = error instanceof SchemaMismatchException mismatch ? mismatch.report() : null;
        if (output.json()) {
            output.print(new Document(false, profile, report, error.getMessage(), null));
            output.failed(JsonEnvelope.Error.of(error));
        } else if (report == null) {
            output.failure("Failed to connect to profile: " + profile);
            output.line(error.getMessage());
            if (error instanceof DbAdapterException failure && failure.hint() != null) {
                output.line("Hint: " + failure.hint());
            }
        } else {
            output.failure("Connected to profile: " + profile);
            output.line(report.formatReport());
            output.line("");
            output.line("Run '" + DbAdapterCommand.commandFor(resolved, "fix")
                    + "' to see how to repair the schema. The current profile was not changed.");
        }
        return DbAdapterCommand.FAILED;
    }

    /** Counts rows for the summary; a failure here only costs the table, not the connect. */
    private Map<String, Long> rowCounts(ResolvedProfile resolved, Output output) {
        RowCounts.Reading counts = RowCounts.read(root, resolved, Connector.SCHEMA);
        if (counts.failure() != null) {
            output.warning("cannot count rows: " + counts.failure());
        }
        return counts.tables();
    }

    /**
     * The JSON document: whether the connect succeeded, the validation report ({@code schemaValid} and
     * {@code report} null when the schema was not checked), why it failed, and the row counts.
     */
    record Document(boolean success, String profile, Boolean schemaValid, ValidationResult report, String error,
            Map<String, Long> tables) {
        Document(boolean success, String profile, ValidationResult report, String error, Map<String, Long> tables) {
            this(success, profile, report == null ? null : report.valid(), report, error, tables);
        }
    }
}
