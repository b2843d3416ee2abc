package dev.dbadapter.factory;

import dev.dbadapter.adapter.DatabaseClient;
import dev.dbadapter.adapter.postgres.internal.SqlErrors;
import dev.dbadapter.schema.SchemaIntrospector;
import dev.dbadapter.schema.SchemaMismatchException;
import dev.dbadapter.schema.SchemaValidator;
import dev.dbadapter.schema.ValidationResult;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Connects to a profile and checks its schema, as {@code db-adapter connect} does: the lock file that
 * makes the profile current is written only when that succeeds.
 */
public final class Connector {
    /** The schema whose tables are known by their bare names (other schemas' tables as {@code schema.table}). */
    public static final String SCHEMA = "public";

    private Connector() {
    }

    /**
     * Connects to a profile, validates its schema against {@code expectedColumns} (when given) and,
     * on success, records the profile in the lock file.
     *
     * @param factory the factory holding the configuration and the lock file
     * @param profile the profile name, or {@code null} for the current one ({@code {envPrefix}DB_PROFILE},
     *     then the lock file)
     * @param expectedColumns table key to column names to validate against (keyed as {@link
     *     dev.dbadapter.schema.SchemaFile} keys tables: {@code schema.table} outside public), or {@code null}
     *     to skip validation
     * @param envPrefix prefix of {@code DB_PROFILE}, or {@code null}
     * @param validateOnly when {@code true} the lock file is never written
     * @return a future of the profile reached and the validation report. It fails, leaving the lock
     *     file as it was, with {@link dev.dbadapter.config.ProfileNotFoundException} or
     *     {@link dev.dbadapter.config.ConfigException} when no profile can be resolved or opened, with
     *     {@link dev.dbadapter.adapter.UnsupportedOperationForBackendException} when the profile's backend
     *     cannot be checked (the check reads PostgreSQL's catalog), with
     *     {@link dev.dbadapter.adapter.DatabaseException} when the database cannot be reached, and with
     *     {@link SchemaMismatchException}, carrying the report, when the schema is invalid
     */
    public static CompletableFuture<ConnectionResult> connectAndValidate(AdapterFactory factory, String profile,
            Map<String, ? extends Set<String>> expectedColumns, String envPrefix, boolean validateOnly) {
        Objects.requireNonNull(factory, "factory");
        ResolvedProfile resolved;
        DatabaseClient adapter = null;
        SchemaIntrospector introspector;
        try {
            resolved = factory.resolveProfile(profile, envPrefix);
            // a connection check runs a few statements on one connection: no pool, whose retries would hold
            // back an error that cannot heal (a refused connection, a missing database) for the acquire
            // timeout; a silent host fails within the connect timeout
            adapter = factory.getAdapter(resolved.profile(), AdapterRequest.current().withoutPool());
            introspector = new SchemaIntrospector(adapter);
        } catch (RuntimeException e) {
            if (adapter != null) {
                adapter.close();
            }
            return CompletableFuture.failedFuture(e);
        }
        DatabaseClient client = adapter;
        String name = resolved.name();
        CompletableFuture<ConnectionResult> result = introspector.testConnection().thenCompose(version -> {
            if (expectedColumns == null) {
                return CompletableFuture.completedFuture(new ConnectionResult(name, null));
            }
            return introspector.columnNamesFor(expectedColumns.keySet()).thenApply(actual -> {
                ValidationResult report = SchemaValidator.validate(actual, expectedColumns);
                if (!report.valid()) {
                    throw new SchemaMismatchException(report);
                }
                return new ConnectionResult(name, report);
            });
        }).thenApply(outcome -> {
            if (!validateOnly) {
                factory.lockFile().write(name);
            }
            return outcome;
        });
        // closing waits for the adapter's own threads, so it must not run on one of them
        return result.handleAsync((outcome, error) -> {
            introspector.close();
            client.close();
            if (error != null) {
                throw SqlErrors.translate(error, null);
            }
            return outcome;
        });
    }
}
