package dev.dbadapter.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.dbadapter.ErrorCode;
import dev.dbadapter.adapter.Provider;
import dev.dbadapter.config.DatabaseProfile;
import dev.dbadapter.factory.ResolvedProfile;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code db-adapter status}: the current profile, where it came from, and live row counts when the
 * database can be reached; exit 1 when it cannot (what is known of the profile is printed all the same).
 */
@Command(name = "status", description = "Show the current profile and, if reachable, the row count of each table.")
final class StatusCommand extends Subcommand {
    @Option(names = "--schema", defaultValue = "public", description = "Database schema to count rows in (default: ${DEFAULT-VALUE}).")
    String schema;

    @Override
    public Integer call() {
        Output output = output();
        ResolvedProfile resolved = root.currentProfile();
        DatabaseProfile profile = resolved.profile();
        RowCounts.Reading counts = RowCounts.read(root, resolved, schema);
        if (output.json()) {
            output.print(new Document(profile.name(), resolved.origin(), profile.provider(), profile.description(),
                    profile.maskedUrl(), profile.isProtected(), counts.failure() == null, counts.failure(),
                    counts.hint(), counts.tables()));
            if (counts.failure() != null) {
                output.failed(new JsonEnvelope.Error(ErrorCode.CONNECTION.name(), "Database unreachable: "
                        + counts.failure(), counts.hint(), null));
            }
            return counts.failure() == null ? 0 : DbAdapterCommand.FAILED;
        }
        output.line("Profile:     " + profile.name() + (profile.isProtected() ? " (protected)" : ""));
        output.line("Source:      " + switch (resolved.source()) {
            case EXPLICIT -> "the -p/--profile flag";
            case ENVIRONMENT -> "environment variable " + resolved.origin().replaceFirst("^env ", "");
            case LOCK_FILE -> "lock file " + resolved.origin();
        });
        output.line("Provider:    " + profile.provider().id());
        if (profile.description() != null) {
            output.line("Description: " + profile.description());
        }
        output.line("URL:         " + profile.maskedUrl());
        if (counts.failure() != null) {
            output.failure("Database unreachable: " + counts.failure());
            if (counts.hint() != null) {
                output.line("Hint: " + counts.hint());
            }
            return DbAdapterCommand.FAILED;
        }
        output.success("Database reachable");
        if (counts.tables().isEmpty()) {
            output.line("No tables in schema " + schema + ".");
        } else {
            output.table("Tables", List.of("Table", "Rows"), RowCounts.rows(counts.tables()));
        }
        return 0;
    }

    /**
     * The JSON document: the profile, where it came from, and either the row counts (reachable) or why
     * the database could not be reached.
     */
    record Document(String profile, String source, Provider provider, String description, String url,
            @JsonProperty("protected") boolean isProtected, boolean reachable,
            @JsonInclude(JsonInclude.Include.NON_NULL) String error,
            @JsonInclude(JsonInclude.Include.NON_NULL) String hint,
            @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Long> tables) {
    }
}
