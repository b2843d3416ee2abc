package dev.dbadapter.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dbadapter.ErrorCode;
import dev.dbadapter.adapter.postgres.PostgresClient;
import dev.dbadapter.backup.BackupSchema;
import dev.dbadapter.backup.Backups;
import dev.dbadapter.backup.RestoreMode;
import dev.dbadapter.backup.TableDef;
import dev.dbadapter.schema.FixOptions;
import dev.dbadapter.schema.FixPlan;
import dev.dbadapter.schema.SchemaFile;
import dev.dbadapter.schema.SchemaFixer;
import dev.dbadapter.schema.SchemaIntrospector;
import dev.dbadapter.schema.SchemaValidator;
import dev.dbadapter.schema.ValidationResult;
import dev.dbadapter.testing.ForwardingClient;
import dev.dbadapter.testing.PgDatabaseExtension;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What needs PostgreSQL asks for it through {@link PostgresClient#require}: a client without a direct
 * connection is refused with one typed error naming the operation and the backend, before anything
 * changes. Backup and restore need no such connection.
 */
class BackendCapabilityTest {
    @RegisterExtension
    static final PgDatabaseExtension db = new PgDatabaseExtension();

    static final BackupSchema NOTES = BackupSchema.of(TableDef.of("notes"));

    @TempDir
    Path dir;

    @BeforeEach
    void notes() {
        db.sql("""
                DROP TABLE IF EXISTS notes, tags;
                CREATE TABLE notes (id serial PRIMARY KEY, slug text NOT NULL, user_id text NOT NULL);
                INSERT INTO notes (slug, user_id) VALUES ('a', 'u1'), ('b', 'u1');
                """);
    }

    @Test
    void aPostgresClientIsReturnedAsItIs() {
        assertThat(PostgresClient.require(db.adapter(), "restore")).isSameAs(db.adapter());
    }

    @Test
    void theClientATransactionHandsOutHasTheCapability() {
        Long inside = db.adapter().transaction(tx -> tx.insert("notes", Map.of("slug", "c", "user_id", "u1"))
                .thenCompose(row -> PostgresClient.require(tx, "count").withConnection(connection -> {
                    try (var statement = connection.createStatement();
                            var rs = statement.executeQuery("SELECT count(*) FROM notes")) {
                        rs.next();
                        return rs.getLong(1);
                    }
                }))).join();
        assertThat(inside).isEqualTo(3L);
    }

    @Test
    void aClientWithoutADirectConnectionIsRefusedNamingTheOperationAndTheBackend() {
        DatabaseClient postgresWrapper = new ForwardingClient(db.adapter(), Provider.POSTGRES);
        assertThatThrownBy(() -> PostgresClient.require(postgresWrapper, "restore"))
                .isInstanceOfSatisfying(UnsupportedOperationForBackendException.class, error -> {
                    assertThat(error.getMessage()).isEqualTo("The restore needs a direct PostgreSQL connection, which"
                            + " ForwardingClient (provider postgres) does not offer");
                    assertThat(error.operation()).isEqualTo("restore");
                    assertThat(error.provider()).isEqualTo(Provider.POSTGRES);
                    assertThat(error.code()).isEqualTo(ErrorCode.UNSUPPORTED_BY_BACKEND);
                    assertThat(error.code().exitCode()).isEqualTo(2);
                    assertThat(error.hint()).contains("provider = \"postgres\"");
                });
        assertThatThrownBy(() -> PostgresClient.require(new ForwardingClient(db.adapter(), Provider.SUPABASE), "backup"))
                .hasMessage("The backup needs a direct PostgreSQL connection, which ForwardingClient"
                        + " (provider supabase) does not offer");
    }

    @Test
    void theWrapperItselfWorksThroughTheMapApi() {
        DatabaseClient wrapper = new ForwardingClient(db.adapter(), Provider.POSTGRES);
        wrapper.transaction(tx -> tx.insert("notes", Map.of("slug", "c", "user_id", "u2"))).join();
        assertThat(wrapper.count("notes", Map.of("user_id", "u2")).join()).isEqualTo(1L);
    }

    @Test
    void backupAndRestoreTakeTheWrapperThroughItsCrudCalls() {
        Path file = dir.resolve("notes.json");
        ForwardingClient wrapper = new ForwardingClient(db.adapter(), Provider.POSTGRES);
        Backups.backup(wrapper, NOTES, "u1", file, null, null).join();

        Backups.restore(wrapper, NOTES, file, "u2", RestoreMode.SKIP, false).join();

        assertThat(db.scalar("SELECT count(*) FROM notes WHERE user_id = 'u2'")).isEqualTo(2L);
        assertThat(wrapper.calls("execute") + wrapper.calls("transaction")).isZero();
    }

    @Test
    void fixRefusesTheWrapperAndCreatesNothing() {
        SchemaFile schemaFile = SchemaFile.parse("""
                CREATE TABLE notes (id serial PRIMARY KEY, slug text NOT NULL, user_id text NOT NULL);
                CREATE TABLE tags (id serial PRIMARY KEY, name text);
                """);
        ValidationResult validation;
        try (SchemaIntrospector introspector = new SchemaIntrospector(db.adapter())) {
            validation = SchemaValidator.validate(introspector.columnNames("public").join(),
                    schemaFile.expectedColumns());
        }
        FixPlan plan = SchemaFixer.generateFixPlan(validation, Map.of(), schemaFile);
        assertThat(plan.createTables()).hasSize(1);
        DatabaseClient wrapper = new ForwardingClient(db.adapter(), Provider.POSTGRES);

        assertThatThrownBy(() -> SchemaFixer.applyFixes(wrapper, plan, FixOptions.preview().confirmed()))
                .isInstanceOf(UnsupportedOperationForBackendException.class)
                .hasMessage("The schema fix needs a direct PostgreSQL connection, which ForwardingClient"
                        + " (provider postgres) does not offer");
        assertThat(db.scalar("SELECT to_regclass('public.tags') IS NULL")).isEqualTo(true);

        assertThat(SchemaFixer.applyFixes(db.adapter(), plan, FixOptions.preview().confirmed()).join().applied()).isTrue();
        assertThat(db.scalar("SELECT to_regclass('public.tags') IS NULL")).isEqualTo(false);
    }

    @Test
    void theIntrospectorRefusesTheWrapper() {
        assertThatThrownBy(() -> new SchemaIntrospector(new ForwardingClient(db.adapter(), Provider.SUPABASE)))
                .isInstanceOf(UnsupportedOperationForBackendException.class)
                .hasMessageStartingWith("The schema introspection needs a direct PostgreSQL connection");
    }
}
