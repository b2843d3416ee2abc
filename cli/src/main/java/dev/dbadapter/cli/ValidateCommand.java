package dev.dbadapter.cli;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.dbadapter.ErrorCode;
import dev.dbadapter.adapter.DatabaseClient;
import dev.dbadapter.factory.ResolvedProfile;
import dev.dbadapter.schema.SchemaFile;
import dev.dbadapter.schema.SchemaIntrospector;
import dev.dbadapter.schema.SchemaValidator;
import dev.dbadapter.schema.ValidationResult;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code db-adapter validate}: checks the current profile's live schema against the schema file.
 * Read-only; exit code 1 when a table or column is missing.
 */
@Command(name = "validate", description = "Check the current profile's schema against the schema file (read-only);"
        + " exit code 1 when tables or columns are missing.")
final class ValidateCommand extends Subcommand {
    @Mixin
    SchemaFileOption schemaFile;

    @Override
    public Integer call() {
        Output output = output();
        ResolvedProfile resolved = root.currentProfile();
        requireDirectConnection(resolved);
        SchemaFile file;
        ValidationResult result;
        try (DatabaseClient adapter = root.openSingle(resolved);
                SchemaIntrospector introspector = new SchemaIntrospector(adapter)) {
            // the connection is opened while the schema file is parsed: connecting and parsing overlap
            CompletableFuture<String> connected = introspector.testConnection();
            file = schemaFile.read(root);
            Map<String, Set<String>> actual = connected
                    .thenCompose(version -> introspector.columnNamesFor(file.expectedColumns().keySet())).join();
            result = SchemaValidator.validate(actual, file.expectedColumns());
        }
        if (output.json()) {
            output.print(new Document(resolved.name(), file.source(), result));
            if (!result.valid()) {
                output.failed(new JsonEnvelope.Error(ErrorCode.SCHEMA.name(), "Schema validation: FAILED (profile "
                        + resolved.name() + ", " + file.source() + ")", null, null));
            }
        } else if (result.valid()) {
            output.success("Schema validation: PASSED (profile " + resolved.name() + ", " + file.source() + ")");
            if (!result.extraTables().isEmpty()) {
                output.line("Extra tables (warning): " + String.join(", ", result.extraTables()));
            }
        } else {
            output.failure("Schema validation: FAILED (profile " + resolved.name() + ", " + file.source() + ")");
            // the report's own first line ("Schema validation failed:") would say it a second time
            String report = result.formatReport();
            output.line(report.substring(report.indexOf('\n') + 1));
        }
        return result.valid() ? 0 : DbAdapterCommand.FAILED;
    }

    /** The JSON document: profile and schema file, then what validation found. */
    record Document(String profile, String schemaFile, @JsonUnwrapped ValidationResult result) {
    }
}
