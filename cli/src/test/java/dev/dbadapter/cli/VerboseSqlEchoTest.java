package dev.dbadapter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbadapter.testing.PgDatabaseExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --verbose} echoes each SQL statement with its time on stderr. Run as its own process through
 * {@link Main}, because the logging backend reads its levels once per JVM.
 */
class VerboseSqlEchoTest {
    @RegisterExtension
    static final PgDatabaseExtension db = new PgDatabaseExtension();

    @TempDir
    Path dir;

    record Run(int exitCode, String out, String err) {
    }

    Run main(String... args) throws Exception {
        Files.writeString(dir.resolve("db.toml"), "[profiles.local]\nurl = \"" + db.url() + "\"\n");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile());
        builder.environment().put("DB_PROFILE", "local");
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8));
    }

    @Test
    void verboseShowsEachStatementWithItsTimeOnStderr() throws Exception {
        db.sql("CREATE TABLE IF NOT EXISTS things (id int)");

        Run verbose = main("--verbose", "status");
        Run plain = main("status");

        assertThat(verbose.exitCode()).as(verbose.err()).isZero();
        assertThat(verbose.err()).contains("dev.dbadapter.sql").contains("count(*) FROM \"public\".\"things\"")
                .containsPattern("-- \\d+\\.\\d{3} ms");
        assertThat(verbose.out()).doesNotContain("dev.dbadapter.sql");
        assertThat(plain.err()).doesNotContain("dev.dbadapter.sql");
    }
}
