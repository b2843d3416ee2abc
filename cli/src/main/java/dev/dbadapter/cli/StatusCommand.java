package dev.dbadapter.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.dbadapter.DbAdapterException;
import dev.dbadapter.adapter.DatabaseClient;
import dev.dbadapter.adapter.Provider;
import dev.dbadapter.config.DatabaseProfile;
import dev.dbadapter.factory.ResolvedProfile;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code db-adapter status}: the current profile, where it came from, and live row counts when the
 * database can be reached.
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
        Map<String, Long> counts = null;
        String unreachable = null;
        try (DatabaseClient adapter = root.open(resolved)) {
            counts = RowCounts.of(adapter, schema).join();
        } catch (CompletionException | DbAdapterException e) {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            unreachable = cause.getMessage();
        }
        if (output.json()) {
            output.print(new Document(profile.name(), resolved.origin(), profile.provider(), profile.description(),
                    profile.maskedUrl(), profile.isProtected(), unreachable == null, unreachable, counts));
            return 0;
        }
        output.line("Profile:     " + profile.name() + (profile.isProtected() ? " (protected)" : ""));
        output.line("Source:      " + resolved.origin());
        output.line("Provider:    " + profile.provider().id());
        if (profile.description() != null) {
            output.line("Description: " + profile.description());
        }
        output.line("URL:         " + profile.maskedUrl());
        if (unreachable != null) {
            output.failure("Database unreachable: " + unreachable);
            return 0;
        }
        output.success("Database reachable");
        if (counts.isEmpty()) {
            output.line("No tables in schema " + schema + ".");
        } else {
            output.table("Tables", List.of("Table", "Rows"), RowCounts.rows(counts));
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
            @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Long> tables) {
    }
}
