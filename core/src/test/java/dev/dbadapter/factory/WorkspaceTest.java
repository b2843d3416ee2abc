package dev.dbadapter.factory;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Workspace}: {@code db.toml} found in parent folders as git finds its root, the lock file beside it. */
class WorkspaceTest {
    @TempDir
    Path dir;

    @Test
    void dbTomlIsFoundInAParentFolderWithTheLockFileBesideIt() throws Exception {
        Files.writeString(dir.resolve("db.toml"), "");
        Path deep = Files.createDirectories(dir.resolve("src/main/java"));

        Workspace workspace = new Workspace(deep, Map.of());

        assertThat(workspace.configFile()).isEqualTo(dir.resolve("db.toml").toAbsolutePath().normalize());
        assertThat(workspace.lockFile()).isEqualTo(dir.resolve(".db-profile").toAbsolutePath().normalize());
    }

    @Test
    void theNearestDbTomlWins() throws Exception {
        Files.writeString(dir.resolve("db.toml"), "");
        Path service = Files.createDirectories(dir.resolve("service/sub"));
        Files.writeString(dir.resolve("service/db.toml"), "");

        Workspace workspace = new Workspace(service, Map.of());

        assertThat(workspace.configFile()).isEqualTo(dir.resolve("service/db.toml").toAbsolutePath().normalize());
        assertThat(workspace.lockFile()).isEqualTo(dir.resolve("service/.db-profile").toAbsolutePath().normalize());
    }

    @Test
    void withoutAnyDbTomlBothAreInTheWorkingDirectory() {
        Workspace workspace = new Workspace(dir, Map.of());
        // a test's temp folder has no db.toml above it
        assertThat(workspace.configFile()).isEqualTo(dir.resolve("db.toml").toAbsolutePath().normalize());
        assertThat(workspace.lockFile()).isEqualTo(dir.resolve(".db-profile").toAbsolutePath().normalize());
    }
}
