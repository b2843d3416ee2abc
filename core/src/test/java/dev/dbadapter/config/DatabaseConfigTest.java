package dev.dbadapter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbadapter.ErrorCode;
import dev.dbadapter.adapter.Provider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DatabaseConfigTest {
    private static final Path FILE = Path.of("db.toml");

    private static DatabaseConfig parse(String toml) {
        return DatabaseConfig.parse(FILE, toml, Map.of());
    }

    @Test
    void readsEveryKeyOfEveryTable() {
        DatabaseConfig config = parse("""
                [profiles.local]
                url = "postgresql://user:pass@localhost:5432/mydb"
                description = "Local development"
                provider = "postgres"
                db_password = "secret"
                protected = false

                [profiles.prod]
                url = "postgresql://app:[YOUR-PASSWORD]@db.example.com/app"
                provider = "supabase"
                protected = true

                [schema]
                file = "db/schema.sql"
                validate_on_connect = false
                column_defs = "column-defs.json"
                backup_schema = "backup-schema.json"

                [sync]
                tables = ["categories", "products"]

                [defaults]
                user_id_env = "DEV_USER_ID"
                """);
        assertThat(config.profiles()).containsOnlyKeys("local", "prod");
        assertThat(config.profiles().keySet()).containsExactly("local", "prod");
        DatabaseProfile local = config.profile("local");
        assertThat(local.url()).isEqualTo("postgresql://user:pass@localhost:5432/mydb");
        assertThat(local.description()).isEqualTo("Local development");
        assertThat(local.provider()).isEqualTo(Provider.POSTGRES);
        assertThat(local.dbPassword()).isEqualTo("secret");
        assertThat(local.isProtected()).isFalse();
        DatabaseProfile prod = config.profile("prod");
        assertThat(prod.provider()).isEqualTo(Provider.SUPABASE);
        assertThat(prod.isProtected()).isTrue();
        assertThat(prod.description()).isNull();
        assertThat(config.schema()).isEqualTo(new SchemaSettings("db/schema.sql", false, "column-defs.json", "backup-schema.json"));
        assertThat(config.sync().tables()).containsExactly("categories", "products");
        assertThat(config.defaults().userIdEnv()).isEqualTo("DEV_USER_ID");
        assertThat(config.warnings()).isEmpty();
    }

    @Test
    void appliesDefaultsForAbsentTablesAndKeys() {
        DatabaseConfig config = parse("""
                [profiles.local]
                url = "postgresql://localhost/db"
                """);
        DatabaseProfile local = config.profile("local");
        assertThat(local.provider()).isEqualTo(Provider.POSTGRES);
        assertThat(local.isProtected()).isFalse();
        assertThat(local.dbPassword()).isNull();
        assertThat(config.schema()).isEqualTo(SchemaSettings.DEFAULTS);
        assertThat(config.schema().file()).isEqualTo("schema.sql");
        assertThat(config.schema().validateOnConnect()).isTrue();
        assertThat(config.sync().tables()).isEmpty();
        assertThat(config.defaults().userIdEnv()).isNull();
    }

    @Test
    void schemaTableWithOnlySomeKeysKeepsDefaultsForTheRest() {
        DatabaseConfig config = parse("""
                [schema]
                column_defs = "defs.json"
                """);
        assertThat(config.schema()).isEqualTo(new SchemaSettings("schema.sql", true, "defs.json", null));
    }

    @Test
    void badTomlNamesFileAndLine() {
        assertThatThrownBy(() -> parse("""
                [profiles.local]
                url = "postgresql://localhost/db"
                description = "unterminated
                """))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("db.toml:3: invalid TOML")
                .satisfies(e -> assertThat(((ConfigException) e).line()).isEqualTo(3))
                .satisfies(e -> assertThat(((ConfigException) e).code()).isEqualTo(ErrorCode.CONFIG));
    }

    @Test
    void missingUrlNamesProfileAndItsLine() {
        assertThatThrownBy(() -> parse("""
                # comment

                [profiles.local]
                description = "no url here"
                """))
                .isInstanceOf(ConfigException.class)
                .hasMessage("db.toml:3: profile 'local' has no url")
                .satisfies(e -> assertThat(((ConfigException) e).hint()).contains("url = "));
    }

    @Test
    void wrongTypeNamesKeyAndLine() {
        assertThatThrownBy(() -> parse("""
                [profiles.local]
                url = "postgresql://localhost/db"
                protected = "yes"
                """))
                .isInstanceOf(ConfigException.class)
                .hasMessage("db.toml:3: profiles.local.protected must be true or false, not string");
        assertThatThrownBy(() -> parse("""
                [sync]
                tables = "categories"
                """))
                .hasMessage("db.toml:2: sync.tables must be an array of strings, not string");
        assertThatThrownBy(() -> parse("""
                [profiles.local]
                url = 42
                """))
                .hasMessage("db.toml:2: profiles.local.url must be a string, not number");
        assertThatThrownBy(() -> parse("profiles = 3\n"))
                .hasMessage("db.toml:1: 'profiles' must be a table");
    }

    @Test
    void unknownProviderIsAnError() {
        assertThatThrownBy(() -> parse("""
                [profiles.local]
                url = "postgresql://localhost/db"
                provider = "mysql"
                """))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("db.toml:3").hasMessageContaining("unknown provider 'mysql'");
    }

    @ParameterizedTest
    @CsvSource({"postgres, POSTGRES", "Postgres, POSTGRES", "POSTGRES, POSTGRES", "supabase, SUPABASE",
        "SupaBase, SUPABASE"})
    void providerIsReadIgnoringCase(String written, Provider expected) {
        DatabaseProfile profile = parse("""
                [profiles.p]
                url = "postgresql://localhost/db"
                provider = "%s"
                """.formatted(written)).profile("p");
        assertThat(profile.provider()).isEqualTo(expected);
    }

    @Test
    void anUnknownProviderNamesFileLineProfileAndTheKnownOnes() {
        assertThatThrownBy(() -> parse("""
                [profiles.a]
                url = "postgresql://localhost/a"

                [profiles.b]
                url = "postgresql://localhost/b"
                provider = "postgresql"
                """))
                .isInstanceOfSatisfying(ConfigException.class, error -> {
                    assertThat(error.getMessage()).isEqualTo("db.toml:6: profile 'b' has unknown provider 'postgresql'");
                    assertThat(error.line()).isEqualTo(6);
                    assertThat(error.file()).isEqualTo(FILE);
                    assertThat(error.hint()).isEqualTo("use \"postgres\" or \"supabase\"");
                    assertThat(error.code()).isEqualTo(ErrorCode.CONFIG);
                });
    }

    @Test
    void theProviderPrintsAndSerialisesInLowerCase() throws Exception {
        DatabaseProfile profile = parse("""
                [profiles.p]
                url = "postgresql://localhost/db"
                provider = "SUPABASE"
                """).profile("p");
        assertThat(new ObjectMapper().writeValueAsString(profile)).contains("\"provider\":\"supabase\"");
        assertThat(profile.toString()).contains("provider=supabase");
        assertThat(Provider.POSTGRES.id()).isEqualTo("postgres");
    }

    @Test
    void aSupabaseProfileKeepsItsApiKeyShownOnlyMasked() throws Exception {
        DatabaseConfig config = DatabaseConfig.parse(FILE, """
                [profiles.supa]
                url = "https://abcd.supabase.co?apikey=sb_secret_inline"
                provider = "supabase"
                api_key = "${KEY}"

                [profiles.pg]
                url = "postgresql://localhost/db"
                api_key = "stray"
                """, Map.of("KEY", "eyJhbGciOiJIUzI1NiJ9.eyJyb2xlIjoic2VydmljZV9yb2xlIn0.c2ln"));
        DatabaseProfile supa = config.profile("supa");
        assertThat(supa.apiKey()).startsWith("eyJ");
        assertThat(supa.maskedApiKey()).isEqualTo("*** (legacy JWT, role service_role)");
        assertThat(supa.maskedUrl()).isEqualTo("https://abcd.supabase.co?apikey=***");
        assertThat(new ObjectMapper().writeValueAsString(supa)).doesNotContain("eyJ").doesNotContain("inline");
        assertThat(config.profile("pg").apiKey()).isNull();
        assertThat(config.warnings()).singleElement().asString()
                .contains("api_key in [profiles.pg] is used only with provider = \"supabase\"");
    }

    @Test
    void unknownKeysAreWarningsWithTheirLine() {
        DatabaseConfig config = parse("""
                [profiles.local]
                url = "postgresql://localhost/db"
                descripton = "typo"

                [schema]
                validate_on_conect = false

                [misc]
                x = 1
                """);
        assertThat(config.warnings()).hasSize(3);
        assertThat(config.warnings().get(0)).startsWith("db.toml:3: unknown key 'descripton' in [profiles.local]");
        assertThat(config.warnings().get(1)).startsWith("db.toml:6: unknown key 'validate_on_conect' in [schema]");
        assertThat(config.warnings().get(2)).isEqualTo("db.toml:8: unknown key 'misc' (ignored)");
        assertThat(config.schema().validateOnConnect()).isTrue();
    }

    @Test
    void expandsEnvironmentVariablesWithDefaults() {
        DatabaseConfig config = DatabaseConfig.parse(FILE, """
                [profiles.local]
                url = "postgresql://${DB_USER}:${DB_PASS}@${DB_HOST:-localhost}:5432/${DB_NAME:-app}"
                db_password = "${SECRET:-fallback}"
                description = "$NOT_A_REFERENCE and ${EMPTY:-was empty}"
                """, Map.of("DB_USER", "alice", "DB_PASS", "p@ss", "DB_NAME", "shop", "EMPTY", ""));
        DatabaseProfile local = config.profile("local");
        assertThat(local.url()).isEqualTo("postgresql://alice:p@ss@localhost:5432/shop");
        assertThat(local.dbPassword()).isEqualTo("fallback");
        assertThat(local.description()).isEqualTo("$NOT_A_REFERENCE and was empty");
    }

    @Test
    void unsetVariableWithoutDefaultNamesVariableAndLineWhenTheProfileIsUsed() {
        DatabaseConfig config = parse("""
                [profiles.local]
                url = "postgresql://app:${DB_PASS}@localhost/app"
                """);

        assertThat(config.profiles()).isEmpty();
        assertThat(config.unusable()).containsOnlyKeys("local");
        assertThatThrownBy(() -> config.profile("local"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("db.toml:2: profiles.local.url: environment variable DB_PASS is not set"
                        + " (write ${DB_PASS:-default} for a fallback)");
    }

    @Test
    void aVariableOnlyOneProfileNeedsLeavesTheOtherProfilesUsable() {
        DatabaseConfig config = parse("""
                [profiles.prod]
                url = "postgresql://app@prod/app"
                db_password = "${PROD_PASSWORD}"
                protected = true

                [profiles.local]
                url = "postgresql://app@localhost/app"
                """);

        assertThat(config.profile("local").url()).isEqualTo("postgresql://app@localhost/app");
        assertThatThrownBy(() -> config.profile("prod")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("db.toml:3: profiles.prod.db_password: environment variable PROD_PASSWORD is not set");
        assertThatThrownBy(() -> config.profile("stage")).isInstanceOf(ProfileNotFoundException.class)
                .hasMessageContaining("prod").hasMessageContaining("local");
    }

    @Test
    void anUnclosedReferenceInAProfileStillFailsTheWholeFile() {
        assertThatThrownBy(() -> parse("""
                [profiles.local]
                url = "postgresql://app@localhost/app"
                [profiles.prod]
                url = "postgresql://app@prod/app?password=${DB_PASS"
                """))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("db.toml:4").hasMessageContaining("is not closed");
    }

    @Test
    void unknownProfileListsAvailableOnes() {
        DatabaseConfig config = parse("""
                [profiles.local]
                url = "postgresql://localhost/db"
                [profiles.staging]
                url = "postgresql://staging/db"
                """);
        assertThatThrownBy(() -> config.profile("prod"))
                .isInstanceOf(ProfileNotFoundException.class)
                .hasMessage("Profile 'prod' not found. Available profiles: local, staging")
                .satisfies(e -> assertThat(((ProfileNotFoundException) e).available()).containsExactly("local", "staging"))
                .satisfies(e -> assertThat(((ProfileNotFoundException) e).profile()).isEqualTo("prod"));
    }

    @Test
    void missingFileIsAClearError(@TempDir Path dir) {
        Path file = dir.resolve("db.toml");
        assertThatThrownBy(() -> DatabaseConfig.load(file, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ": configuration file not found")
                .satisfies(e -> assertThat(((ConfigException) e).hint()).contains("[profiles.NAME]"));
    }

    @Test
    void loadsFromFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("db.toml");
        Files.writeString(file, "[profiles.a]\nurl = \"postgresql://h/db\"\n");
        DatabaseConfig config = DatabaseConfig.load(file, Map.of());
        assertThat(config.source()).isEqualTo(file);
        assertThat(config.profile("a").url()).isEqualTo("postgresql://h/db");
    }

    @Test
    void emptyFileHasNoProfiles() {
        DatabaseConfig config = parse("");
        assertThat(config.profiles()).isEmpty();
        assertThat(config.schema()).isEqualTo(SchemaSettings.DEFAULTS);
    }

    @Test
    void profileNeverShowsItsPassword() {
        DatabaseProfile profile = parse("""
                [profiles.local]
                url = "postgresql://app:hunter2@localhost/db"
                db_password = "hunter3"
                """).profile("local");
        assertThat(profile.toString()).doesNotContain("hunter2").doesNotContain("hunter3").contains("app:***@");
        assertThat(profile.maskedUrl()).isEqualTo("postgresql://app:***@localhost/db");
    }

    @Test
    void protectedProfileRefusesWritesUnlessAllowed() {
        DatabaseConfig config = parse("""
                [profiles.prod]
                url = "postgresql://h/db"
                protected = true
                [profiles.dev]
                url = "postgresql://h/dev"
                """);
        assertThatThrownBy(() -> config.profile("prod").checkWritable(false))
                .isInstanceOf(ProtectedProfileException.class)
                .hasMessage("Profile 'prod' is protected: refusing to write to it")
                .satisfies(e -> assertThat(((dev.dbadapter.DbAdapterException) e).code()).isEqualTo(ErrorCode.PROTECTED_PROFILE))
                .satisfies(e -> assertThat(((dev.dbadapter.DbAdapterException) e).hint()).contains("--allow-protected"))
                .satisfies(e -> assertThat(((ProtectedProfileException) e).profile()).isEqualTo("prod"));
        config.profile("prod").checkWritable(true);
        config.profile("dev").checkWritable(false);
    }
}
