package dev.dbadapter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbadapter.testing.PgDatabaseExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Commands run from a subfolder of a project find its {@code db.toml} and {@code .db-profile}, as git finds its root. */
class ConfigDiscoveryTest {
    @RegisterExtension
    static final PgDatabaseExtension db = new PgDatabaseExtension();

    @TempDir
    Path dir;

    CliRunner root;
    CliRunner deep;

    @BeforeEach
    void project() throws Exception {
        root = new CliRunner(dir);
        root.write("db.toml", """
                [profiles.local]
                url = "%s"

                [schema]
                validate_on_connect = false
                """.formatted(db.url()));
        deep = new CliRunner(Files.createDirectories(dir.resolve("src/main")));
    }

    @Test
    void aSubfolderUsesTheProjectsDbTomlAndLockFile() throws Exception {
        root.write(".db-profile", "local\n");

        CliRunner.Result result = deep.run("profiles");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("Current profile: local (from .db-profile)");
    }

    @Test
    void connectFromASubfolderWritesTheLockFileBesideDbToml() throws Exception {
        CliRunner.Result result = deep.env("DB_PROFILE", "local").run("connect");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(Files.readString(dir.resolve(".db-profile")).strip()).isEqualTo("local");
        assertThat(dir.resolve("src/main/.db-profile")).doesNotExist();
    }
}
