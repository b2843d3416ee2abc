package dev.dbadapter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbadapter.testing.DataSnapshot;
import dev.dbadapter.testing.PgDatabaseExtension;
import dev.dbadapter.testing.Reliability;
import dev.dbadapter.testing.ReliabilityFigures;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code db-adapter} process interrupted mid-command: the server ending its session, or
 * Ctrl-C, or the JVM killed outright. A table lock held by the test stops the command at a known
 * point, so nothing depends on timing. Whatever ends it, the database is as before and no file is
 * left at the output path.
 */
@Reliability
class InterruptedCommandsTest {
    @RegisterExtension
    static final PgDatabaseExtension db = new PgDatabaseExtension();

    @TempDir
    Path dir;

    CliRunner cli;

    @BeforeEach
    void setUp() throws Exception {
        cli = ShopFixture.create(db, dir, false);
    }

    /** Starts {@code db-adapter args...} as its own JVM, with the main classpath only (no test logging setup). */
    private Process start(String... args) throws Exception {
        String classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.contains("test-classes") && !entry.endsWith("-tests.jar"))
                .reduce((a, b) -> a + File.pathSeparator + b).orElseThrow();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().put("DB_PROFILE", "local");
        builder.environment().put("DEV_USER_ID", "u1");
        return builder.start();
    }

    /** Holds an exclusive lock on {@code table} until the connection closes. */
    private Connection lock(String table) throws Exception {
        Connection connection = db.connection();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("LOCK TABLE " + table + " IN ACCESS EXCLUSIVE MODE");
        }
        return connection;
    }

    /** Waits until another session of this database waits for a lock, and returns its pid. */
    private long waitingSession() throws Exception {
        for (int i = 0; i < 600; i++) {
            Object pid = db.scalar("SELECT max(pid) FROM pg_stat_activity WHERE datname = current_database()"
                    + " AND wait_event_type = 'Lock'");
            if (pid != null) {
                return ((Number) pid).longValue();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no session waited for the lock within 30 s");
    }

    private static String finish(Process process) throws Exception {
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the process ended").isTrue();
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                + new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void aRestoreWhoseSessionTheServerTerminatesSaysSoInOneLineAndChangesNothing() throws Exception {
        assertThat(cli.run("backup", "-o", "u1.json").exitCode()).isZero();
        long before = (Long) db.scalar("SELECT count(*) FROM products");
        Process process;
        try (Connection locked = lock("products")) {
            process = start("restore", "u1.json", "--user-id", "u2", "-y");
            long pid = waitingSession();
            db.sql("SELECT pg_terminate_backend(" + pid + ")");
            ReliabilityFigures.faultInjected();
        }
        String output = finish(process);
        assertThat(process.exitValue()).as(output).isEqualTo(1);
        assertThat(output).contains("The server terminated the session").contains("57P01")
                .doesNotContain("WARN").doesNotContain("\tat ").doesNotContain("Connection is closed");
        assertThat(output.lines().filter(line -> !line.isBlank()).count()).as(output).isLessThanOrEqualTo(3);
        assertThat(db.scalar("SELECT count(*) FROM products")).isEqualTo(before);
        assertThat(db.scalar("SELECT count(*) FROM categories WHERE user_id = 'u2'")).isEqualTo(1L);
    }

    @Test
    void aRestoreWithoutATerminalOnStdinRefusesAtOnceAndSaysYesIsNeeded() throws Exception {
        assertThat(cli.run("backup", "-o", "u1.json").exitCode()).isZero();
        long before = (Long) db.scalar("SELECT count(*) FROM categories");
        Process process = start("restore", "u1.json", "--user-id", "u2");
        String output = finish(process);
        assertThat(process.exitValue()).as(output).isEqualTo(2);
        assertThat(output).contains("standard input is not a terminal").contains("-y/--yes").doesNotContain("[y/N]");
        assertThat(db.scalar("SELECT count(*) FROM categories")).isEqualTo(before);
    }

    @Test
    void withVerboseTheLibraryWarningsAndTheStackTraceShow() throws Exception {
        assertThat(cli.run("backup", "-o", "u1.json").exitCode()).isZero();
        Process process;
        try (Connection locked = lock("products")) {
            process = start("--verbose", "restore", "u1.json", "--user-id", "u2", "-y");
            db.sql("SELECT pg_terminate_backend(" + waitingSession() + ")");
        }
        String output = finish(process);
        assertThat(process.exitValue()).as(output).isEqualTo(1);
        assertThat(output).contains("The server terminated the session").contains("\tat ");
    }

    @Test
    void ctrlCDuringABackupExits130AndLeavesNoFile() throws Exception {
        Process process = interruptedUnderLock("INT", "backup", "-o", "out.json");
        assertThat(process.exitValue()).isEqualTo(130);
        assertThat(tempFiles()).isEmpty();
        assertThat(dir.resolve("out.json")).doesNotExist();
    }

    @Test
    void ctrlCDuringARestoreExits130AndChangesNothing() throws Exception {
        assertThat(cli.run("backup", "-o", "u1.json").exitCode()).isZero();
        DataSnapshot before = DataSnapshot.of(db);
        Process process = interruptedUnderLock("INT", "restore", "u1.json", "--user-id", "u2", "-y");
        assertThat(process.exitValue()).isEqualTo(130);
        before.assertUnchanged(db);
    }

    @Test
    void aBackupKilledWithSigkillLeavesNoFileAtTheOutputPath() throws Exception {
        Process process = interruptedUnderLock("KILL", "backup", "-o", "out.json");
        assertThat(process.exitValue()).isEqualTo(137);
        assertThat(dir.resolve("out.json")).doesNotExist();
        // a killed process cannot clean up: its temporary file stays, named as one, never as the backup
        assertThat(tempFiles()).allSatisfy(file -> assertThat(file.getFileName().toString()).startsWith(".out.json."));
    }

    @Test
    void aRestoreKilledWithSigkillChangesNothing() throws Exception {
        assertThat(cli.run("backup", "-o", "u1.json").exitCode()).isZero();
        DataSnapshot before = DataSnapshot.of(db);
        interruptedUnderLock("KILL", "restore", "u1.json", "--user-id", "u2", "-y");
        // the server notices the closed socket and rolls the restore's transaction back
        for (int i = 0; i < 100 && db.scalar("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                + " AND application_name = 'db-adapter'").equals(1L); i++) {
            Thread.sleep(50);
        }
        before.assertUnchanged(db);
    }

    /**
     * Starts {@code db-adapter args...} while the test locks {@code products}, sends {@code signal}
     * once the command waits for the lock (it has opened its transaction or its temporary file by
     * then), and returns the ended process.
     */
    private Process interruptedUnderLock(String signal, String... args) throws Exception {
        Process process;
        try (Connection locked = lock("products")) {
            process = start(args);
            waitingSession();
            if (args[0].equals("backup")) {
                assertThat(tempFiles()).as("the backup writes to a temporary file").isNotEmpty();
            }
            signal(process, signal);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        return process;
    }

    private static void signal(Process process, String signal) throws Exception {
        assertThat(new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start().waitFor()).isZero();
        ReliabilityFigures.faultInjected();
    }

    private List<Path> tempFiles() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".tmp")).toList();
        }
    }
}
