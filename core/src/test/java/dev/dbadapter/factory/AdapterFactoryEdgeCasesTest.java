package dev.dbadapter.factory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dbadapter.DbAdapterException;
import dev.dbadapter.ErrorCode;
import dev.dbadapter.adapter.DatabaseClient;
import dev.dbadapter.adapter.Provider;
import dev.dbadapter.adapter.postgres.PostgresUrl;
import dev.dbadapter.config.ConfigException;
import dev.dbadapter.config.DatabaseProfile;
import dev.dbadapter.config.ProfileNotFoundException;
import dev.dbadapter.testing.PgDatabaseExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Profile resolution, lock file and URL resolution corners. */
class AdapterFactoryEdgeCasesTest {
    @RegisterExtension
    static final PgDatabaseExtension db = new PgDatabaseExtension();

    @TempDir
    Path dir;

    private AdapterFactory factory(Map<String, String> env) throws Exception {
        Files.writeString(dir.resolve("db.toml"), """
                [profiles.local]
                url = "postgresql://h/local"

                [profiles.other]
                url = "postgresql://h/other"
                """);
        return AdapterFactory.create(new Workspace(dir, env));
    }

    private static DatabaseProfile profile(String url, String password) {
        return new DatabaseProfile("p", url, null, Provider.POSTGRES, password, false);
    }

    @Test
    void aLockFileWithSurroundingWhitespaceNamesTheProfile() throws Exception {
        AdapterFactory factory = factory(Map.of());
        Files.writeString(dir.resolve(".db-profile"), "\n  other \t\r\n\n");
        ResolvedProfile resolved = factory.resolveProfile(null);
        assertThat(resolved.name()).isEqualTo("other");
        assertThat(resolved.origin()).isEqualTo(".db-profile");
    }

    @Test
    void aLockFileNamingAProfileRemovedFromTheConfigIsAnErrorListingTheOthers() throws Exception {
        AdapterFactory before = factory(Map.of());
        before.lockFile().write("other");
        assertThat(before.resolveProfile(null).name()).isEqualTo("other");
        Files.writeString(dir.resolve("db.toml"), "[profiles.local]\nurl = \"postgresql://h/local\"\n");
        AdapterFactory after = AdapterFactory.create(new Workspace(dir, Map.of()));
        assertThatThrownBy(() -> after.resolveProfile(null))
                .isInstanceOf(ProfileNotFoundException.class)
                .hasMessage("Profile 'other' not found. Available profiles: local");
    }

    @Test
    void aDirectoryWhereTheLockFileShouldBeIsAClearConfigError() throws Exception {
        AdapterFactory factory = factory(Map.of());
        Files.createDirectory(dir.resolve(".db-profile"));
        assertThatThrownBy(() -> factory.resolveProfile(null))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(".db-profile")
                .hasMessageContaining("cannot read lock file")
                .satisfies(e -> assertThat(((DbAdapterException) e).code()).isEqualTo(ErrorCode.CONFIG));
    }

    @Test
    void writingTheLockFileOverADirectoryFailsClearlyAndLeavesNoTemporaryFile() throws Exception {
        AdapterFactory factory = factory(Map.of());
        Files.createDirectories(dir.resolve(".db-profile/inside"));
        assertThatThrownBy(() -> factory.lockFile().write("local"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("cannot write lock file");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("db.toml", ".db-profile");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t\n"})
    void aBlankVariableFallsBackToTheLockFile(String blank) throws Exception {
        AdapterFactory factory = factory(Map.of("DB_PROFILE", blank));
        factory.lockFile().write("other");
        ResolvedProfile resolved = factory.resolveProfile(null);
        assertThat(resolved.name()).isEqualTo("other");
        assertThat(resolved.source()).isEqualTo(ProfileSource.LOCK_FILE);
    }

    @Test
    void aVariableWithSurroundingSpacesNamesTheProfile() throws Exception {
        assertThat(factory(Map.of("DB_PROFILE", "  other\n")).resolveProfile(null).name()).isEqualTo("other");
    }

    @Test
    void theEnvironmentPrefixIsCaseSensitiveAndNamedInTheHint() throws Exception {
        AdapterFactory factory = factory(Map.of("myapp_DB_PROFILE", "other", "MYAPP_db_profile", "other"));
        assertThatThrownBy(() -> factory.resolveProfile("MYAPP_"))
                .isInstanceOf(DbAdapterException.class)
                .hasMessage("No database profile selected")
                .satisfies(e -> assertThat(((DbAdapterException) e).hint()).contains("MYAPP_DB_PROFILE"));
        assertThat(factory.resolveProfile("myapp_").name()).isEqualTo("other");
    }

    @Test
    void aPrefixIgnoresTheUnprefixedVariable() throws Exception {
        AdapterFactory factory = factory(Map.of("DB_PROFILE", "other"));
        factory.lockFile().write("local");
        ResolvedProfile resolved = factory.resolveProfile("APP_");
        assertThat(resolved.name()).isEqualTo("local");
        assertThat(resolved.source()).isEqualTo(ProfileSource.LOCK_FILE);
    }

    @Test
    void anExplicitNameIsUsedEvenWhenTheVariableNamesAnother() throws Exception {
        AdapterFactory factory = factory(Map.of("DB_PROFILE", "other"));
        ResolvedProfile resolved = factory.resolveProfile("local", null);
        assertThat(resolved.name()).isEqualTo("local");
        assertThat(resolved.source()).isEqualTo(ProfileSource.EXPLICIT);
        assertThatThrownBy(() -> factory.resolveProfile("nope", null)).isInstanceOf(ProfileNotFoundException.class);
    }

    @Test
    void passwordsWithEveryReservedCharacterSurviveResolution() {
        String password = " !#$%&'()*+,/:;=?@[]\"<>\\^`{|}~ pässwörd–密码😀%41+";
        String resolved = AdapterFactory.resolveUrl(profile(
                "postgresql://app:[YOUR-PASSWORD]@db.example.com:6543/postgres?sslmode=require", password));
        assertThat(resolved).startsWith("postgresql://app:").endsWith("@db.example.com:6543/postgres?sslmode=require");
        assertThat(resolved.substring("postgresql://app:".length(), resolved.indexOf("@db.")))
                .matches("[A-Za-z0-9%._*-]*");
        PostgresUrl parsed = PostgresUrl.parse(resolved);
        assertThat(parsed.password()).isEqualTo(password);
        assertThat(parsed.user()).isEqualTo("app");
        assertThat(parsed.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.com:6543/postgres?sslmode=require&prepareThreshold=0");
        assertThat(PostgresUrl.mask(resolved)).isEqualTo("postgresql://app:***@db.example.com:6543/postgres?sslmode=require");
    }

    @Test
    void everyPlaceholderIsReplaced() {
        String resolved = AdapterFactory.resolveUrl(profile(
                "postgresql://app:[YOUR-PASSWORD]@h/db?options=[YOUR-PASSWORD]", "a b@c"));
        assertThat(resolved).isEqualTo("postgresql://app:a%20b%40c@h/db?options=a%20b%40c");
    }

    @Test
    void aUrlWithoutThePlaceholderIsLeftAsItIsEvenWithAPassword() {
        assertThat(AdapterFactory.resolveUrl(profile("postgresql://app:own@h/db", "unused")))
                .isEqualTo("postgresql://app:own@h/db");
    }

    @Test
    void anEmptyDbPasswordIsTheSameAsNone() {
        assertThatThrownBy(() -> AdapterFactory.resolveUrl(profile("postgresql://app:[YOUR-PASSWORD]@h/db", "")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Profile 'p' has [YOUR-PASSWORD] in its url but no db_password")
                .satisfies(e -> assertThat(((ConfigException) e).hint()).contains("[profiles.p]"));
    }

    @Test
    void aDbPasswordFromTheEnvironmentIsEncodedIntoTheUrl() throws Exception {
        Files.writeString(dir.resolve("db.toml"), """
                [profiles.prod]
                url = "postgresql://app:[YOUR-PASSWORD]@h/db"
                db_password = "${PROD_PASSWORD}"
                """);
        AdapterFactory factory = AdapterFactory.create(new Workspace(dir, Map.of("PROD_PASSWORD", "s/e:c@r%t")));
        assertThat(AdapterFactory.resolveUrl(factory.config().profile("prod")))
                .isEqualTo("postgresql://app:s%2Fe%3Ac%40r%25t@h/db");
    }

    @Test
    void anExplicitUrlNeedsNoConfigFile() {
        AdapterFactory factory = AdapterFactory.create(new Workspace(dir, Map.of()));
        try (DatabaseClient adapter = factory.getAdapter(AdapterRequest.url(db.url()))) {
            assertThat(adapter.execute("SELECT current_database() AS name").join())
                    .containsExactly(Map.of("name", db.databaseName()));
        }
        assertThatThrownBy(() -> factory.getAdapter(AdapterRequest.current()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("configuration file not found");
    }

    @Test
    void aProfileWithAnEncodedPasswordOpensARealDatabase() throws Exception {
        PostgresUrl server = PostgresUrl.parse(db.url());
        Files.writeString(dir.resolve("db.toml"), """
                [profiles.real]
                url = "%s"
                db_password = "ignored by trust auth: @/:?"
                """.formatted(db.url().replaceFirst("://([^@/]*)@", "://$1:[YOUR-PASSWORD]@")));
        AdapterFactory factory = AdapterFactory.create(new Workspace(dir, Map.of("DB_PROFILE", "real")));
        try (DatabaseClient adapter = factory.getAdapter(AdapterRequest.current())) {
            assertThat(adapter.execute("SELECT current_user AS who").join())
                    .containsExactly(Map.of("who", server.user()));
            assertThat(adapter.toString()).doesNotContain("ignored by trust");
        }
    }

    @Test
    void theNoSelectionHintListsProfilesInFileOrder() throws Exception {
        Files.writeString(dir.resolve("db.toml"), """
                [profiles.zeta]
                url = "postgresql://h/z"
                [profiles.alpha]
                url = "postgresql://h/a"
                """);
        AdapterFactory factory = AdapterFactory.create(new Workspace(dir, Map.of()));
        assertThatThrownBy(() -> factory.resolveProfile(null))
                .satisfies(e -> assertThat(((DbAdapterException) e).hint()).endsWith("profiles: zeta, alpha"));
        assertThat(List.copyOf(factory.config().profiles().keySet())).containsExactly("zeta", "alpha");
    }
}
