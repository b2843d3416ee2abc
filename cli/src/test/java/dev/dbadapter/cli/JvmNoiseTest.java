package dev.dbadapter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The JVM prints nothing of its own around the command's output: the progress bars' terminal probe
 * calls a restricted method, which JDK 22+ warns about unless the jar enables native access.
 */
class JvmNoiseTest {
    @Test
    void theJarManifestEnablesNativeAccessAndTheLauncherLeavesItToTheManifest() throws Exception {
        // the tests run in cli/: the jar's manifest is declared in its pom, the launcher is at the repo root
        assertThat(Files.readString(Path.of("pom.xml"))).contains("<Enable-Native-Access>ALL-UNNAMED</Enable-Native-Access>");
        // --enable-native-access on the command line differs from the JDK's base CDS archive: "[error][cds]" lines
        assertThat(Files.readString(Path.of("..", "db-adapter"))).contains("-jar")
                .doesNotContainPattern("(?m)^[^#]*--enable-native-access");
    }
}
