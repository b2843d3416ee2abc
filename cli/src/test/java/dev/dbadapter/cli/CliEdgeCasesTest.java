package dev.dbadapter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbadapter.adapter.postgres.PostgresUrl;
import dev.dbadapter.testing.PgDatabaseExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** profiles / status / global options beyond the main paths, and plain output when not on a terminal. */
class CliEdgeCasesTest {
    @RegisterExtension
    static final PgDatabaseExtension db = new PgDatabaseExtension();

    private static final String EMPTY_DATABASE = "dbat_cli_empty_" + UUID.randomUUID().toString().substring(0, 8);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    CliRunner cli;

    private static Connection admin() throws Exception {
        PostgresUrl server = PostgresUrl.parse(PgDatabaseExtension.SERVER_URL);
        return DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
    }

    @BeforeAll
    static void tables() throws Exception {
        db.sql("""
                CREATE TABLE items (id serial PRIMARY KEY);
                INSERT INTO items DEFAULT VALUES;
                CREATE SCHEMA sales;
                CREATE TABLE sales.orders (id serial PRIMARY KEY);
                INSERT INTO sales.orders SELECT FROM generate_series(1, 3);
                CREATE TABLE sales."Mixed Case" (id int);
                INSERT INTO sales."Mixed Case" VALUES (1), (2), (3), (4), (5);
                CREATE TABLE sales.events (at date NOT NULL) PARTITION BY RANGE (at);
                CREATE TABLE sales.events_2024 PARTITION OF sales.events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
                CREATE TABLE sales.events_2025 PARTITION OF sales.events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
                INSERT INTO sales.events VALUES ('2024-05-01'), ('2025-05-01'), ('2025-06-01');
                CREATE VIEW sales.order_view AS SELECT * FROM sales.orders;
                CREATE SCHEMA nothing_here;
                """);
        try (Connection admin = admin(); Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + EMPTY_DATABASE);
        }
    }

    @AfterAll
    static void dropEmpty() throws Exception {
        try (Connection admin = admin(); Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + EMPTY_DATABASE + " WITH (FORCE)");
        }
    }

    @BeforeEach
    void config() throws Exception {
        cli = new CliRunner(dir);
        cli.write("db.toml", """
                [profiles.local]
                url = "%s"

                [profiles.empty]
                url = "%s"
                description = "nothing in it"
                protected = true

                [profiles.down]
                url = "postgresql://me:hunter2@127.0.0.1:1/app?connect_timeout=1"
                description = "unreachable"
                """.formatted(db.url(), PgDatabaseExtension.withDatabase(PgDatabaseExtension.SERVER_URL, EMPTY_DATABASE)));
    }

    private static String line(String text, String containing) {
        return text.lines().filter(l -> l.contains(containing)).findFirst().orElseThrow(
                () -> new AssertionError("no line with '" + containing + "' in:\n" + text));
    }

    @Test
    void aConfigPathThatIsADirectoryIsExitTwoWithOneLine() throws Exception {
        Files.createDirectories(dir.resolve("confdir"));
        CliRunner.Result result = cli.run("--config", "confdir", "profiles");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).startsWith("Error: ").contains("confdir").doesNotContain("at dev.dbadapter");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void aFileWithOnlyWarningsStillListsItsProfilesAndWarnsOncePerKey() throws Exception {
        cli.write("db.toml", """
                colour = "blue"
                [profiles.a]
                url = "postgresql://h/a"
                urll = "typo"
                """);
        CliRunner.Result result = cli.run("profiles");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.err().lines().filter(l -> l.startsWith("Warning:"))).hasSize(2);
        assertThat(result.err()).contains("db.toml:1: unknown key 'colour'").contains("db.toml:4: unknown key 'urll'");
        assertThat(line(result.out(), "│ a ")).contains("postgres");
    }

    @Test
    void warningsNeverMixIntoJsonOutput() throws Exception {
        cli.write("db.toml", "[profiles.a]\nurl = \"postgresql://h/a\"\nurll = \"typo\"\n");
        CliRunner.Result result = cli.run("profiles", "--json");
        assertThat(result.exitCode()).isZero();
        assertThat(JSON.readTree(result.out()).get("result").get("profiles").get(0).get("name").asText()).isEqualTo("a");
        assertThat(result.err()).contains("unknown key 'urll'");
    }

    @Test
    void profilesWithoutDescriptionHaveAnEmptyCellAndNullInJson() throws Exception {
        CliRunner.Result result = cli.ok("profiles");
        assertThat(line(result.out(), " local ")).matches("│ +│ local +│ postgres +│ +│ +│");
        assertThat(line(result.out(), " empty ")).contains("yes").contains("nothing in it");
        JsonNode local = JSON.readTree(cli.ok("profiles", "--json").out()).get("result").get("profiles").get(0);
        assertThat(local.get("name").asText()).isEqualTo("local");
        assertThat(local.get("description").isNull()).isTrue();
        assertThat(local.has("url")).isTrue();
        assertThat(local.toString()).doesNotContain("db_password").doesNotContain("dbPassword");
    }

    @Test
    void aConfigWithoutProfilesSaysHowToAddOne() throws Exception {
        cli.write("db.toml", "# nothing yet\n");
        CliRunner.Result result = cli.run("profiles");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("No profiles in").contains("[profiles.NAME]");
        assertThat(JSON.readTree(cli.ok("profiles", "--json").out()).get("result").get("profiles")).isEmpty();
    }

    @Test
    void theNoCurrentProfileLineNamesThePrefixedVariable() {
        CliRunner.Result result = cli.run("--env-prefix", "APP_", "profiles");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("No current profile: run 'db-adapter use NAME', pass -p NAME or set APP_DB_PROFILE");
    }

    @Test
    void statusCountsTheTablesOfAnotherSchemaIncludingQuotedNamesAndPartitionedTables() {
        CliRunner.Result result = cli.env("DB_PROFILE", "local").run("status", "--schema", "sales");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(line(result.out(), " orders ")).matches("│ orders +│ +3 │");
        assertThat(line(result.out(), "Mixed Case")).matches("│ Mixed Case +│ +5 │");
        assertThat(line(result.out(), " events ")).matches("│ events +│ +3 │");
        assertThat(result.out()).doesNotContain("events_2024").doesNotContain("order_view").doesNotContain(" items ");
    }

    @Test
    void statusJsonForAnotherSchemaHasOnlyItsTables() throws Exception {
        JsonNode json = JSON.readTree(cli.env("DB_PROFILE", "local").ok("status", "--schema", "sales", "--json").out()).get("result");
        assertThat(json.get("tables").properties()).extracting(e -> e.getKey() + "=" + e.getValue().asLong())
                .containsExactly("Mixed Case=5", "events=3", "orders=3");
    }

    @Test
    void statusOfASchemaWithoutTablesSaysSo() throws Exception {
        CliRunner.Result result = cli.env("DB_PROFILE", "local").run("status", "--schema", "nothing_here");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("✓ Database reachable").contains("No tables in schema nothing_here.")
                .doesNotContain("┏");
        JsonNode json = JSON.readTree(cli.env("DB_PROFILE", "local").ok("status", "--schema", "missing", "--json").out()).get("result");
        assertThat(json.get("reachable").asBoolean()).isTrue();
        assertThat(json.get("tables")).isEmpty();
    }

    @Test
    void statusOnAnEmptyDatabaseShowsTheProtectedProfileAndNoTables() {
        CliRunner.Result result = cli.env("DB_PROFILE", "empty").run("status");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("Profile:     empty (protected)").contains("Description: nothing in it")
                .contains("✓ Database reachable").contains("No tables in schema public.");
    }

    @Test
    void statusOfAProfileWithoutDescriptionHasNoDescriptionLine() {
        CliRunner.Result result = cli.env("DB_PROFILE", "local").ok("status");
        assertThat(result.out()).doesNotContain("Description:").contains("Profile:     local\n");
        assertThat(line(result.out(), " items ")).matches("│ items +│ +1 │");
    }

    @Test
    void statusJsonOfAnUnreachableDatabaseHasTheProfileButNoCounts() throws Exception {
        CliRunner.Result result = cli.env("DB_PROFILE", "down").run("status", "--json");
        assertThat(result.exitCode()).isEqualTo(1);
        JsonNode json = JSON.readTree(result.out()).get("result");
        assertThat(json.has("tables")).isFalse();
        assertThat(json.get("reachable").asBoolean()).isFalse();
        assertThat(json.get("description").asText()).isEqualTo("unreachable");
        assertThat(json.get("url").asText()).isEqualTo("postgresql://me:***@127.0.0.1:1/app?connect_timeout=1");
        assertThat(json.get("protected").asBoolean()).isFalse();
        assertThat(result.out() + result.err()).doesNotContain("hunter2");
    }

    @Test
    void noCapturedOutputHoldsAnEscapeCharacterWhenNotOnATerminal() throws Exception {
        List<CliRunner.Result> results = new ArrayList<>();
        results.add(cli.env("DB_PROFILE", "local").run("status"));
        results.add(cli.run("status", "--schema", "sales"));
        results.add(cli.run("profiles"));
        results.add(cli.run("--help"));
        results.add(cli.run("help", "status"));
        results.add(cli.run("status", "--bogus"));
        results.add(cli.run());
        results.add(cli.env("DB_PROFILE", "down").run("status"));
        results.add(cli.env("DB_PROFILE", "nope").run("status"));
        cli.write("db.toml", "[profiles.a]\nurl = \"postgresql://h/a\"\nurll = 1\n");
        results.add(cli.run("profiles"));
        for (CliRunner.Result result : results) {
            assertThat(result.out() + result.err()).as(result.toString()).doesNotContain("\u001b");
        }
        assertThat(results).extracting(CliRunner.Result::exitCode).containsExactly(0, 0, 0, 0, 0, 2, 0, 1, 2, 0);
    }

    @Test
    void helpStatusDescribesTheSchemaOption() {
        CliRunner.Result result = cli.run("help", "status");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("Usage: db-adapter status").contains("--schema")
                .contains("default: public").contains("--json").contains("--env-prefix");
    }

    @Test
    void versionPrintsTheVersionAndExitsZero() {
        CliRunner.Result result = cli.run("--version");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out().strip()).isEqualTo("db-adapter 0.1.0");
        assertThat(result.err()).isEmpty();
    }

    @Test
    void aMissingOptionValueIsExitTwoNamingTheOption() {
        CliRunner.Result config = cli.run("profiles", "--config");
        assertThat(config.exitCode()).isEqualTo(2);
        assertThat(config.err()).contains("--config");
        CliRunner.Result schema = cli.env("DB_PROFILE", "local").run("status", "--schema");
        assertThat(schema.exitCode()).isEqualTo(2);
        assertThat(schema.err()).contains("--schema");
        assertThat(schema.out()).doesNotContain("Profile:");
        CliRunner.Result prefix = cli.run("--env-prefix");
        assertThat(prefix.exitCode()).isEqualTo(2);
    }

    @Test
    void theRealLauncherPrintsNoColourIntoAPipe() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "status").directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().put("DB_PROFILE", "local");
        builder.environment().remove("DB_ADAPTER_PROFILE");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
        assertThat(output).contains("✓ Database reachable").contains("items").doesNotContain("\u001b");
    }
}
