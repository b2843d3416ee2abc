package dev.dbadapter.factory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbadapter.config.ConfigException;
import dev.dbadapter.schema.SchemaFile;
import dev.dbadapter.schema.SchemaMismatchException;
import dev.dbadapter.testing.PgDatabaseExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@link Connector#connectAndValidate} rules beyond {@link ConnectorTest}. */
class ConnectorValidationTest {
    @RegisterExtension
    static final PgDatabaseExtension db = new PgDatabaseExtension();

    @TempDir
    Path dir;

    AdapterFactory factory;

    @BeforeAll
    static void tables() {
        db.sql("""
                CREATE TABLE items (id serial PRIMARY KEY, name text);
                CREATE TABLE "Users" ("Id" int, email text);
                CREATE TABLE leftovers (id int);
                CREATE SCHEMA audit;
                CREATE TABLE audit.log (id int, msg text);
                """);
    }

    @BeforeEach
    void config() throws Exception {
        Files.writeString(dir.resolve("db.toml"), """
                [profiles.local]
                url = "%s"

                [profiles.other]
                url = "%s"
                """.formatted(db.url(), db.url()));
        factory = AdapterFactory.create(new Workspace(dir, Map.of()));
    }

    @Test
    void successfulConnectReplacesAnEarlierLockFile() throws Exception {
        Files.writeString(dir.resolve(".db-profile"), "other\n");
        ConnectionResult result = Connector.connectAndValidate(factory, "local",
                Map.of("items", Set.of("id")), null, false).join();
        assertThat(result.profile()).isEqualTo("local");
        assertThat(Files.readString(dir.resolve(".db-profile")).strip()).isEqualTo("local");
    }

    @Test
    void validateOnlyKeepsAnEarlierLockFileEvenWhenValid() throws Exception {
        Files.writeString(dir.resolve(".db-profile"), "other\n");
        ConnectionResult result = Connector.connectAndValidate(factory, "local",
                Map.of("items", Set.of("id")), null, true).join();
        assertThat(result.report().valid()).isTrue();
        assertThat(Files.readString(dir.resolve(".db-profile"))).isEqualTo("other\n");
    }

    @Test
    void validateOnlyWithAnInvalidSchemaFailsWithoutWriting() {
        Throwable failure = ConnectorTest.failure(Connector.connectAndValidate(factory, "local",
                Map.of("ghosts", Set.of("id")), null, true));
        assertThat(failure).isInstanceOf(SchemaMismatchException.class).hasMessage("Schema validation failed: 1 error(s)");
        assertThat(((SchemaMismatchException) failure).report().missingTables()).containsExactly("ghosts");
        assertThat(dir.resolve(".db-profile")).doesNotExist();
    }

    @Test
    void extraTablesOnlyAreASuccessCarryingTheWarning() {
        ConnectionResult result = Connector.connectAndValidate(factory, "local",
                Map.of("items", Set.of("id", "name")), null, false).join();
        assertThat(result.report().valid()).isTrue();
        assertThat(result.report().extraTables()).containsExactly("Users", "leftovers");
    }

    @Test
    void errorCountsEveryMissingTableAndColumn() {
        Throwable failure = ConnectorTest.failure(Connector.connectAndValidate(factory, "local",
                Map.of("items", Set.of("id", "a", "b"), "ghosts", Set.of("id")), null, false));
        assertThat(failure).hasMessage("Schema validation failed: 3 error(s)");
        assertThat(((SchemaMismatchException) failure).report().errorCount()).isEqualTo(3);
    }

    @Test
    void profileComesFromThePrefixedEnvironmentVariableWhenNotGiven() {
        AdapterFactory prefixed = AdapterFactory.create(new Workspace(dir, Map.of("APP_DB_PROFILE", "other")));
        ConnectionResult result = Connector.connectAndValidate(prefixed, null, null, "APP_", false).join();
        assertThat(result.profile()).isEqualTo("other");
        assertThat(dir.resolve(".db-profile")).exists();
    }

    @Test
    void noProfileAnywhereFailsSayingHowToPickOne() {
        Throwable failure = ConnectorTest.failure(Connector.connectAndValidate(factory, null, null, null, false));
        assertThat(failure).isInstanceOf(ConfigException.class).hasMessage("No database profile selected");
        assertThat(((ConfigException) failure).hint()).contains("DB_PROFILE");
        assertThat(dir.resolve(".db-profile")).doesNotExist();
    }

    @Test
    void quotedMixedCaseTablesFromASchemaFileValidate() {
        SchemaFile file = SchemaFile.parse("CREATE TABLE \"Users\" (\"Id\" int, email text); CREATE TABLE items (id int);");
        ConnectionResult result = Connector.connectAndValidate(factory, "local", file.expectedColumns(), null, true).join();
        assertThat(result.report().valid()).isTrue();
    }

    @Test
    void tablesOutsidePublicNamedByTheSchemaFileAreFoundInTheirSchema() {
        SchemaFile file = SchemaFile.parse("CREATE TABLE items (id int); CREATE TABLE audit.log (id int, msg text);");
        ConnectionResult result = Connector.connectAndValidate(factory, "local", file.expectedColumns(), null, true).join();
        assertThat(result.report().missingTables()).isEmpty();
        assertThat(result.report().valid()).isTrue();
    }

    @Test
    void missingColumnOfATableOutsidePublicIsReportedQualified() {
        SchemaFile file = SchemaFile.parse("CREATE TABLE audit.log (id int, msg text, level text);");
        Throwable failure = ConnectorTest.failure(
                Connector.connectAndValidate(factory, "local", file.expectedColumns(), null, true));
        assertThat(((SchemaMismatchException) failure).report().missingColumns())
                .extracting(c -> c.table() + "." + c.column()).containsExactly("audit.log.level");
    }
}
