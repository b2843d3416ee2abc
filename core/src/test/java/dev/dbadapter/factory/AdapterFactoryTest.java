package dev.dbadapter.factory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dbadapter.DbAdapterException;
import dev.dbadapter.ErrorCode;
import dev.dbadapter.adapter.DatabaseClient;
import dev.dbadapter.adapter.Provider;
import dev.dbadapter.adapter.postgres.PostgresAdapter;
import dev.dbadapter.adapter.supabase.SupabaseAdapter;
import dev.dbadapter.config.ConfigException;
import dev.dbadapter.config.DatabaseProfile;
import dev.dbadapter.config.ProfileNotFoundException;
import dev.dbadapter.testing.PgDatabaseExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class AdapterFactoryTest {
    @RegisterExtension
    static final PgDatabaseExtension db = new PgDatabaseExtension();

    @TempDir
    Path dir;

    private AdapterFactory factory(Map<String, String> env) throws Exception {
        Files.writeString(dir.resolve("db.toml"), """
                [profiles.local]
                url = "%s"
                description = "test database"

                [profiles.other]
                url = "postgresql://nobody@127.0.0.1:1/none"

                [profiles.secret]
                url = "postgresql://postgres:[YOUR-PASSWORD]@127.0.0.1:5432/db"
                db_password = "p@ss:w/rd %%"

                [profiles.nopass]
                url = "postgresql://postgres:[YOUR-PASSWORD]@127.0.0.1:5432/db"

                [profiles.supa]
                url = "https://project.supabase.co"
                provider = "supabase"
                """.formatted(db.url()));
        return AdapterFactory.create(new Workspace(dir, env));
    }

    @Test
    void environmentVariableSelectsTheProfile() throws Exception {
        ResolvedProfile resolved = factory(Map.of("DB_PROFILE", "other")).resolveProfile(null);
        assertThat(resolved.name()).isEqualTo("other");
        assertThat(resolved.source()).isEqualTo(ProfileSource.ENVIRONMENT);
        assertThat(resolved.origin()).isEqualTo("env DB_PROFILE");
    }

    @Test
    void prefixedVariableIsReadWhenAPrefixIsGiven() throws Exception {
        AdapterFactory factory = factory(Map.of("DB_PROFILE", "other", "MYAPP_DB_PROFILE", "local"));
        assertThat(factory.resolveProfile("MYAPP_").name()).isEqualTo("local");
        assertThat(factory.resolveProfile("MYAPP_").origin()).isEqualTo("env MYAPP_DB_PROFILE");
        assertThat(factory.resolveProfile(null).name()).isEqualTo("other");
    }

    @Test
    void environmentWinsOverLockFile() throws Exception {
        AdapterFactory factory = factory(Map.of("DB_PROFILE", "other"));
        factory.lockFile().write("local");
        assertThat(factory.resolveProfile(null).name()).isEqualTo("other");
    }

    @Test
    void lockFileIsUsedWhenNoVariableIsSet() throws Exception {
        AdapterFactory factory = factory(Map.of());
        factory.lockFile().write("local");
        assertThat(Files.readString(dir.resolve(".db-profile"))).isEqualTo("local\n");
        ResolvedProfile resolved = factory.resolveProfile(null);
        assertThat(resolved.name()).isEqualTo("local");
        assertThat(resolved.source()).isEqualTo(ProfileSource.LOCK_FILE);
    }

    @Test
    void lockFileReadsWhatWasLastWrittenAndNothingWhenMissingOrBlank() throws Exception {
        LockFile lock = factory(Map.of()).lockFile();
        assertThat(lock.read()).isEmpty();
        lock.write("local");
        assertThat(lock.read()).contains("local");
        lock.write("other");
        assertThat(lock.read()).contains("other");
        Files.delete(dir.resolve(".db-profile"));
        assertThat(lock.read()).isEmpty();
        Files.writeString(dir.resolve(".db-profile"), "  \n");
        assertThat(lock.read()).isEmpty();
    }

    @Test
    void noSelectionIsAnErrorWithAHint() throws Exception {
        AdapterFactory factory = factory(Map.of());
        assertThatThrownBy(() -> factory.resolveProfile(null))
                .isInstanceOf(ConfigException.class)
                .hasMessage("No database profile selected")
                .satisfies(e -> {
                    DbAdapterException error = (DbAdapterException) e;
                    assertThat(error.code()).isEqualTo(ErrorCode.CONFIG);
                    assertThat(error.hint()).contains("DB_PROFILE").contains("local, other");
                });
    }

    @Test
    void lockFileNamingAMissingProfileListsTheAvailableOnes() throws Exception {
        AdapterFactory factory = factory(Map.of());
        factory.lockFile().write("gone");
        assertThatThrownBy(() -> factory.resolveProfile(null))
                .isInstanceOf(ProfileNotFoundException.class)
                .hasMessageContaining("'gone'").hasMessageContaining("local, other, secret, nopass, supa");
    }

    @Test
    void resolveUrlEncodesThePassword() throws Exception {
        DatabaseProfile secret = factory(Map.of()).config().profile("secret");
        assertThat(AdapterFactory.resolveUrl(secret))
                .isEqualTo("postgresql://postgres:p%40ss%3Aw%2Frd%20%25@127.0.0.1:5432/db");
        DatabaseProfile local = factory(Map.of()).config().profile("local");
        assertThat(AdapterFactory.resolveUrl(local)).isEqualTo(db.url());
    }

    @Test
    void placeholderWithoutPasswordIsAConfigError() throws Exception {
        DatabaseProfile profile = factory(Map.of()).config().profile("nopass");
        assertThatThrownBy(() -> AdapterFactory.resolveUrl(profile))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("[YOUR-PASSWORD]").hasMessageContaining("no db_password");
    }

    @Test
    void explicitUrlWinsOverProfileWhichWinsOverEnvironment() throws Exception {
        AdapterFactory factory = factory(Map.of("DB_PROFILE", "other"));
        try (DatabaseClient adapter = factory.getAdapter(new AdapterRequest(db.url(), "other", null, null, null))) {
            assertThat(adapter.execute("SELECT current_database() AS name").join())
                    .containsExactly(Map.of("name", db.databaseName()));
        }
        try (DatabaseClient adapter = factory.getAdapter(AdapterRequest.profile("local"))) {
            assertThat(adapter.execute("SELECT 1 AS one").join()).containsExactly(Map.of("one", 1));
        }
        try (DatabaseClient adapter = factory(Map.of("DB_PROFILE", "local")).getAdapter(AdapterRequest.current())) {
            assertThat(adapter.count("pg_catalog.pg_namespace", Map.of("nspname", "public")).join()).isEqualTo(1L);
        }
    }

    @Test
    void aSupabaseProfileOpensASupabaseAdapterWithItsKey() throws Exception {
        AdapterFactory factory = factory(Map.of("SUPABASE_KEY", "sb_secret_abc123"));
        Files.writeString(dir.resolve("db.toml"), Files.readString(dir.resolve("db.toml")) + """

                [profiles.keyed]
                url = "https://project.supabase.co/"
                provider = "supabase"
                api_key = "${SUPABASE_KEY}"
                """);
        DatabaseProfile keyed = factory.config().profile("keyed");
        assertThat(keyed.apiKey()).isEqualTo("sb_secret_abc123");
        assertThat(keyed.maskedApiKey()).isEqualTo("sb_secret_***");
        assertThat(keyed.toString()).contains("api_key=sb_secret_***").doesNotContain("abc123");
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(keyed))
                .contains("\"api_key\":\"sb_secret_***\"").doesNotContain("abc123");
        try (DatabaseClient client = factory.getAdapter(AdapterRequest.profile("keyed"))) {
            assertThat(client).isInstanceOf(SupabaseAdapter.class);
            assertThat(client.provider()).isEqualTo(Provider.SUPABASE);
            assertThat(client.toString()).isEqualTo("SupabaseAdapter[https://project.supabase.co, the secret key"
                    + " (sb_secret_…)]");
        }
    }

    @Test
    void aSupabaseProfileWithoutAnApiKeyIsAConfigErrorSayingHowToAddOne() throws Exception {
        AdapterFactory factory = factory(Map.of());
        assertThatThrownBy(() -> factory.getAdapter(AdapterRequest.profile("supa")))
                .isInstanceOfSatisfying(ConfigException.class, error -> {
                    assertThat(error.getMessage()).contains("Profile 'supa' has provider \"supabase\" but no api_key");
                    assertThat(error.code()).isEqualTo(ErrorCode.CONFIG);
                    assertThat(error.hint()).contains("api_key = \"${SUPABASE_KEY}\"");
                });
    }

    @Test
    void aPostgresProfileOpensAPostgresClient() throws Exception {
        AdapterFactory factory = factory(Map.of());
        try (DatabaseClient client = factory.getAdapter(AdapterRequest.profile("local"))) {
            assertThat(client.provider()).isEqualTo(Provider.POSTGRES);
            assertThat(client).isInstanceOf(PostgresAdapter.class);
            client.execute("CREATE TABLE opened (id int)").join();
            client.insert("opened", Map.of("id", 7)).join();
        }
        assertThat(db.scalar("SELECT id FROM opened")).isEqualTo(7);
    }

    @Test
    void aRequestWithoutPoolOpensAConnectionPerCall() throws Exception {
        AdapterFactory factory = factory(Map.of());
        try (DatabaseClient client = factory.getAdapter(AdapterRequest.profile("local").withoutPool())) {
            List<Object> pids = List.of(
                    client.execute("SELECT pg_backend_pid() AS pid").join().getFirst().get("pid"),
                    client.execute("SELECT pg_backend_pid() AS pid").join().getFirst().get("pid"));
            assertThat(pids.get(0)).isNotEqualTo(pids.get(1));
            assertThat(((PostgresAdapter) client).poolStats().total()).isZero();
        }
    }

    @Test
    void configFileCanBeGivenExplicitly() throws Exception {
        Path other = dir.resolve("conf/other.toml");
        Files.createDirectories(other.getParent());
        Files.writeString(other, "[profiles.x]\nurl = \"postgresql://h/db\"\n");
        AdapterFactory factory = AdapterFactory.create(new Workspace(dir, Map.of("DB_PROFILE", "x")), Path.of("conf/other.toml"));
        assertThat(factory.resolveProfile(null).profile().url()).isEqualTo("postgresql://h/db");
        assertThat(List.copyOf(factory.config().profiles().keySet())).containsExactly("x");
    }
}
