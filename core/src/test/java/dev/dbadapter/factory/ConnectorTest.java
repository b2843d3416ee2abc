package dev.dbadapter.factory;

import static org.assertj.core.api.Assertions.assertThat;

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

class ConnectorTest {
    @RegisterExtension
    static final PgDatabaseExtension db = new PgDatabaseExtension();

    @TempDir
    Path dir;

    AdapterFactory factory;

    @BeforeAll
    static void tables() {
        db.sql("CREATE TABLE items (id serial PRIMARY KEY, name text)");
    }

    @BeforeEach
    void config() throws Exception {
        Files.writeString(dir.resolve("db.toml"), """
                [profiles.local]
                url = "%s"

                [profiles.down]
                url = "postgresql://nobody@127.0.0.1:1/none?connect_timeout=1"

                [profiles.supa]
                url = "https://project.supabase.co"
                provider = "supabase"
                """.formatted(db.url()));
        factory = AdapterFactory.create(new Workspace(dir, Map.of("DB_PROFILE", "local")));
    }

    @Test
    void validSchemaSucceedsAndWritesTheLockFile() throws Exception {
        ConnectionResult result = Connector.connectAndValidate(factory, null,
                Map.of("items", Set.of("id", "name")), null, false).join();
        assertThat(result.success()).isTrue();
        assertThat(result.profile()).isEqualTo("local");
        assertThat(result.schemaValid()).isTrue();
        assertThat(result.report().valid()).isTrue();
        assertThat(result.error()).isNull();
        assertThat(Files.readString(dir.resolve(".db-profile")).strip()).isEqualTo("local");
    }

    @Test
    void invalidSchemaFailsAndLeavesTheLockFileAsItWas() throws Exception {
        Files.writeString(dir.resolve(".db-profile"), "down\n");
        ConnectionResult result = Connector.connectAndValidate(factory, "local",
                Map.of("items", Set.of("id", "name", "price")), null, false).join();
        assertThat(result.success()).isFalse();
        assertThat(result.schemaValid()).isFalse();
        assertThat(result.report().missingColumns()).extracting(c -> c.column()).containsExactly("price");
        assertThat(result.error()).contains("Schema validation failed");
        assertThat(Files.readString(dir.resolve(".db-profile"))).isEqualTo("down\n");
    }

    @Test
    void aProfileWithoutABackendFailsClearlyAndLeavesTheLockFileAsItWas() throws Exception {
        Files.writeString(dir.resolve(".db-profile"), "local\n");
        ConnectionResult result = Connector.connectAndValidate(factory, "supa", null, null, false).join();
        assertThat(result.success()).isFalse();
        assertThat(result.error()).isEqualTo("Profile 'supa' uses provider 'supabase', which this version cannot open:"
                + " it has no Supabase backend yet");
        assertThat(Files.readString(dir.resolve(".db-profile"))).isEqualTo("local\n");
    }

    @Test
    void validateOnlyNeverWritesTheLockFile() {
        ConnectionResult result = Connector.connectAndValidate(factory, "local",
                Map.of("items", Set.of("id")), null, true).join();
        assertThat(result.success()).isTrue();
        assertThat(dir.resolve(".db-profile")).doesNotExist();
    }

    @Test
    void skippedValidationLeavesSchemaValidUnset() {
        ConnectionResult result = Connector.connectAndValidate(factory, "local", null, null, false).join();
        assertThat(result.success()).isTrue();
        assertThat(result.schemaValid()).isNull();
        assertThat(result.report()).isNull();
        assertThat(dir.resolve(".db-profile")).exists();
    }

    @Test
    void unreachableDatabaseIsAFailedResult() {
        ConnectionResult result = Connector.connectAndValidate(
                AdapterFactory.create(new Workspace(dir, Map.of("APP_DB_PROFILE", "down"))), null,
                Map.of("items", Set.of("id")), "APP_", false).join();
        assertThat(result.success()).isFalse();
        assertThat(result.profile()).isEqualTo("down");
        assertThat(result.schemaValid()).isNull();
        assertThat(result.error()).isNotBlank();
        assertThat(dir.resolve(".db-profile")).doesNotExist();
    }

    @Test
    void unknownProfileIsAFailedResult() {
        ConnectionResult result = Connector.connectAndValidate(factory, "nope", null, null, false).join();
        assertThat(result.success()).isFalse();
        assertThat(result.error()).contains("'nope' not found");
        assertThat(dir.resolve(".db-profile")).doesNotExist();
    }
}
