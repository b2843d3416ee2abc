package dev.dbadapter.factory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbadapter.ErrorCode;
import dev.dbadapter.adapter.DatabaseException;
import dev.dbadapter.config.ConfigException;
import dev.dbadapter.config.ProfileNotFoundException;
import dev.dbadapter.schema.SchemaMismatchException;
import dev.dbadapter.testing.PgDatabaseExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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
        assertThat(result.profile()).isEqualTo("local");
        assertThat(result.report().valid()).isTrue();
        assertThat(Files.readString(dir.resolve(".db-profile")).strip()).isEqualTo("local");
    }

    @Test
    void invalidSchemaFailsAndLeavesTheLockFileAsItWas() throws Exception {
        Files.writeString(dir.resolve(".db-profile"), "down\n");
        Throwable failure = failure(Connector.connectAndValidate(factory, "local",
                Map.of("items", Set.of("id", "name", "price")), null, false));
        assertThat(failure).isInstanceOf(SchemaMismatchException.class).hasMessageContaining("Schema validation failed");
        assertThat(((SchemaMismatchException) failure).report().missingColumns()).extracting(c -> c.column())
                .containsExactly("price");
        assertThat(Files.readString(dir.resolve(".db-profile"))).isEqualTo("down\n");
    }

    @Test
    void aSupabaseProfileWithoutAKeyFailsClearlyAndLeavesTheLockFileAsItWas() throws Exception {
        Files.writeString(dir.resolve(".db-profile"), "local\n");
        assertThat(failure(Connector.connectAndValidate(factory, "supa", null, null, false)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Profile 'supa' has provider \"supabase\" but no api_key");
        assertThat(Files.readString(dir.resolve(".db-profile"))).isEqualTo("local\n");
    }

    @Test
    void validateOnlyNeverWritesTheLockFile() {
        ConnectionResult result = Connector.connectAndValidate(factory, "local",
                Map.of("items", Set.of("id")), null, true).join();
        assertThat(result.report().valid()).isTrue();
        assertThat(dir.resolve(".db-profile")).doesNotExist();
    }

    @Test
    void skippedValidationLeavesSchemaValidUnset() {
        ConnectionResult result = Connector.connectAndValidate(factory, "local", null, null, false).join();
        assertThat(result.profile()).isEqualTo("local");
        assertThat(result.report()).isNull();
        assertThat(dir.resolve(".db-profile")).exists();
    }

    @Test
    void unreachableDatabaseFailsWithAConnectionError() {
        Throwable failure = failure(Connector.connectAndValidate(
                AdapterFactory.create(new Workspace(dir, Map.of("APP_DB_PROFILE", "down"))), null,
                Map.of("items", Set.of("id")), "APP_", false));
        assertThat(failure).isInstanceOf(DatabaseException.class);
        assertThat(((DatabaseException) failure).code()).isEqualTo(ErrorCode.CONNECTION);
        assertThat(((DatabaseException) failure).sqlState()).startsWith("08");
        assertThat(dir.resolve(".db-profile")).doesNotExist();
    }

    @Test
    void unknownProfileFailsNamingIt() {
        assertThat(failure(Connector.connectAndValidate(factory, "nope", null, null, false)))
                .isInstanceOf(ProfileNotFoundException.class).hasMessageContaining("'nope' not found");
        assertThat(dir.resolve(".db-profile")).doesNotExist();
    }

    /** Returns what {@code future} failed with, unwrapped; fails the test when it succeeded. */
    static Throwable failure(CompletableFuture<?> future) {
        try {
            throw new AssertionError("expected the connect to fail, but it returned " + future.join());
        } catch (CompletionException e) {
            return e.getCause();
        }
    }
}
