package dev.dbadapter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbadapter.testing.PgDatabaseExtension;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./db-adapter} launcher as a user runs it: a copy of it in a folder laid out like the
 * repository, with a jar of the command's classes (its libraries named by the manifest), so the
 * launcher neither builds nor touches the real {@code cli/target}. Its start-up cache, its JVM
 * options and its memory settings, seen from outside: files, exit codes and output.
 */
class LauncherTest {
    @RegisterExtension
    static final PgDatabaseExtension db = new PgDatabaseExtension();

    @TempDir
    Path home;

    @TempDir
    Path work;

    Path launcher;
    Path target;

    record Run(int exitCode, String out, String err) {
    }

    @BeforeEach
    void layOutALauncherHome() throws IOException {
        Path repository = Path.of("..").toAbsolutePath().normalize();
        launcher = home.resolve("db-adapter");
        Files.copy(repository.resolve("db-adapter"), launcher);
        Files.createDirectories(home.resolve("scripts"));
        Files.copy(repository.resolve("scripts/java-home.sh"), home.resolve("scripts/java-home.sh"));
        target = Files.createDirectories(home.resolve("cli/target"));
        // the sources the launcher compares the jar with: older than the jar, so it does not build
        FileTime old = FileTime.fromMillis(System.currentTimeMillis() - 3_600_000);
        for (String folder : List.of("core/src/main", "cli/src/main")) {
            Files.setLastModifiedTime(Files.createDirectories(home.resolve(folder)), old);
        }
        for (String pom : List.of("pom.xml", "core/pom.xml", "cli/pom.xml")) {
            Files.setLastModifiedTime(Files.writeString(home.resolve(pom), "<project/>"), old);
        }
        writeJar(target.resolve("db-adapter.jar"));
        Files.writeString(work.resolve("db.toml"), "[profiles.local]\nurl = \"" + db.url() + "\"\n\n"
                + "[schema]\nbackup_schema = \"backup-schema.json\"\n");
        Files.writeString(work.resolve("backup-schema.json"), """
                {"tables": [{"name": "items", "pk": "id", "slug_field": "slug", "user_field": "user_id"}]}
                """);
    }

    @Test
    void theFirstRunWritesTheStartUpCacheAndTheNextRunsGiveTheSameOutputWithNothingOnStderr() throws Exception {
        Run first = run(Map.of(), "profiles");
        List<Path> caches = files(".aot");
        Run second = run(Map.of(), "profiles");
        Run json = run(Map.of(), "--json", "profiles");

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("local");
        assertThat(first.err()).isEmpty();
        if (javaMajor() >= 25) {
            assertThat(caches).hasSize(1);
        }
        assertThat(second).isEqualTo(first);
        assertThat(json.err()).isEmpty();
        assertThat(json.out().strip()).startsWith("{").endsWith("}").contains("\"ok\" : true");
        assertThat(files(".config")).isEmpty();
        assertThat(files(".partial")).isEmpty();
    }

    @Test
    void versionAndHelpDoNotRecordTheCacheAFailedCommandNeither() throws Exception {
        assertThat(run(Map.of(), "--version").out().strip()).isEqualTo("db-adapter 0.1.0");
        assertThat(run(Map.of(), "status", "--help").exitCode()).isZero();
        Run failed = run(Map.of(), "-p", "nope", "status");

        assertThat(failed.exitCode()).isEqualTo(DbAdapterCommand.USAGE);
        assertThat(failed.err()).contains("nope").doesNotContain("[error]").doesNotContain("AOT");
        assertThat(files(".aot")).isEmpty();
        assertThat(files(".config")).isEmpty();
    }

    @Test
    void aCommandThatFailsAtTheDatabaseWritesTheCacheSoTheNextAttemptsStartFast() throws Exception {
        Files.writeString(work.resolve("db.toml"), "\n[profiles.down]\nurl = \"postgresql://postgres@127.0.0.1:1/none\"\n",
                java.nio.file.StandardOpenOption.APPEND);

        Run first = run(Map.of(), "-p", "down", "status");
        List<Path> caches = files(".aot");
        Run second = run(Map.of(), "-p", "down", "status");

        assertThat(first.exitCode()).isEqualTo(1);
        assertThat(first.out()).contains("Database unreachable");
        assertThat(first.err()).doesNotContain("AOT");
        if (javaMajor() >= 25) {
            assertThat(caches).hasSize(1);
        }
        assertThat(second).isEqualTo(first);
        assertThat(files(".config")).isEmpty();
    }

    @Test
    void twoFirstRunsAtOnceBothSucceedAndLeaveOneWholeCache() throws Exception {
        Started one = start(Map.of(), "profiles");
        Started two = start(Map.of(), "profiles");

        Run a = finish(one);
        Run b = finish(two);
        Run after = run(Map.of(), "profiles");

        assertThat(a.exitCode()).as(a.err()).isZero();
        assertThat(b).isEqualTo(a);
        assertThat(after).isEqualTo(a);
        if (javaMajor() >= 25) {
            assertThat(files(".aot")).hasSize(1);
        }
        assertThat(files(".partial")).isEmpty();
        assertThat(files(".config")).isEmpty();
    }

    @Test
    void ctrlCDuringTheRunThatRecordsTheCacheStopsItAsItStopsAnyOther() throws Exception {
        db.sql("CREATE TABLE held (id int)");
        try (Connection lock = db.connection()) {
            lock.setAutoCommit(false);
            lock.createStatement().execute("LOCK TABLE held IN ACCESS EXCLUSIVE MODE");
            Started status = start(Map.of(), "status");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (((Number) db.scalar("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                    + " AND wait_event_type = 'Lock'")).intValue() == 0) {
                assertThat(System.nanoTime()).as("status never waited for the lock").isLessThan(deadline);
                Thread.sleep(100);
            }
            new ProcessBuilder("kill", "-INT", Long.toString(status.process().pid())).start().waitFor();

            assertThat(status.process().waitFor(30, TimeUnit.SECONDS)).as("the launcher ignored Ctrl-C").isTrue();
            assertThat(status.process().exitValue()).isEqualTo(130);
            lock.rollback();
        } finally {
            db.sql("DROP TABLE held");
        }
        assertThat(files(".aot")).isEmpty();
        assertThat(files(".config")).isEmpty();
        assertThat(files(".partial")).isEmpty();
    }

    @Test
    void javaOptionsFromTheEnvironmentReachTheJvmAfterTheLaunchersOwn() throws Exception {
        Run run = run(Map.of("DB_ADAPTER_JAVA_OPTS", "-Xmx300m -XX:+PrintCommandLineFlags"), "--version");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("-XX:MaxHeapSize=314572800").contains("-XX:+UseSerialGC")
                .contains("db-adapter 0.1.0");
    }

    @Test
    void aFlightRecordingAskedForInTheEnvironmentIsWrittenOnTheFirstRunToo() throws Exception {
        Path recording = work.resolve("run.jfr");

        Run run = run(Map.of("DB_ADAPTER_JAVA_OPTS", "-XX:StartFlightRecording=filename=" + recording), "profiles");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(recording).isNotEmptyFile();
    }

    @Test
    void aFiftyMegabyteValueIsRestoredWithTheLaunchersHeap() throws Exception {
        db.sql("CREATE TABLE items (id serial PRIMARY KEY, slug text NOT NULL, user_id text NOT NULL, note text,"
                + " UNIQUE (user_id, slug))");
        Path file = work.resolve("wide.json");
        try (Writer out = Files.newBufferedWriter(file)) {
            out.write("{\"metadata\": {\"version\": \"1.1\", \"backup_type\": \"full\", \"user_id\": \"u1\","
                    + " \"created_at\": \"2026-01-01T00:00:00\"}, \"items\": [{\"id\": 1, \"slug\": \"wide\","
                    + " \"user_id\": \"u1\", \"note\": \"");
            char[] chunk = "x".repeat(1 << 20).toCharArray();
            for (int i = 0; i < 50; i++) {
                out.write(chunk);
            }
            out.write("\"}]}");
        }

        Run run = run(Map.of(), "restore", file.toString(), "--user-id", "u9", "-y");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(db.scalar("SELECT length(note) FROM items WHERE slug = 'wide' AND user_id = 'u9'"))
                .isEqualTo(50 << 20);
    }

    /** A launcher process and the files its output goes to. */
    private record Started(Process process, Path out, Path err) {
    }

    private Run run(Map<String, String> environment, String... args) throws Exception {
        return finish(start(environment, args));
    }

    private Started start(Map<String, String> environment, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(launcher.toString()));
        command.addAll(List.of(args));
        String name = "run-" + System.nanoTime();
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(work.resolve(name + ".out").toFile()).redirectError(work.resolve(name + ".err").toFile());
        builder.environment().remove("DB_ADAPTER_JAVA_OPTS");
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("DB_PROFILE", "local");
        builder.environment().putAll(environment);
        return new Started(builder.start(), work.resolve(name + ".out"), work.resolve(name + ".err"));
    }

    private Run finish(Started started) throws Exception {
        assertThat(started.process().waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(started.process().exitValue(), Files.readString(started.out(), StandardCharsets.UTF_8),
                Files.readString(started.err(), StandardCharsets.UTF_8));
    }

    private List<Path> files(String suffix) throws IOException {
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(file -> file.getFileName().toString().endsWith(suffix)).toList();
        }
    }

    private static int javaMajor() {
        return Runtime.version().feature();
    }

    /**
     * Writes a runnable jar of the classes this test runs with: the class folders (main code, not
     * tests) copied in, the library jars named by its manifest's {@code Class-Path}.
     */
    private static void writeJar(Path jar) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.put(Attributes.Name.MAIN_CLASS, Main.class.getName());
        main.put(new Attributes.Name("Enable-Native-Access"), "ALL-UNNAMED");
        List<String> libraries = new ArrayList<>();
        List<Path> folders = new ArrayList<>();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        for (String entry : classPath.split(java.io.File.pathSeparator)) {
            Path path = Path.of(entry);
            if (Files.isDirectory(path) && !path.getFileName().toString().equals("test-classes")) {
                folders.add(path);
            } else if (entry.endsWith(".jar") && !entry.contains("-tests.jar")) {
                libraries.add(path.toUri().toString());
            }
        }
        main.put(Attributes.Name.CLASS_PATH, String.join(" ", libraries));
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            for (Path folder : folders) {
                try (Stream<Path> classes = Files.walk(folder)) {
                    for (Path each : classes.filter(Files::isRegularFile).toList()) {
                        out.putNextEntry(new JarEntry(folder.relativize(each).toString().replace('\\', '/')));
                        Files.copy(each, out);
                        out.closeEntry();
                    }
                }
            }
        }
    }
}
