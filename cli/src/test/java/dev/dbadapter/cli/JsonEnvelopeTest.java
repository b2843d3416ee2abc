package dev.dbadapter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbadapter.ErrorCode;
import dev.dbadapter.testing.PgDatabaseExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command's {@code --json} output is one envelope, for success and failure alike: {@code command},
 * {@code profile}, {@code ok}, {@code result}, {@code warnings}, {@code error}, and nothing else on stdout.
 */
class JsonEnvelopeTest {
    @RegisterExtension
    static final PgDatabaseExtension db = new PgDatabaseExtension();

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    CliRunner cli;

    @BeforeEach
    void setUp() throws Exception {
        cli = ShopFixture.create(db, dir, false);
        cli.write("schema.sql", """
                CREATE TABLE categories (id serial PRIMARY KEY, slug text NOT NULL, name text, user_id text NOT NULL);
                CREATE TABLE products (id serial PRIMARY KEY, slug text NOT NULL, price numeric,
                    category_id int NOT NULL, user_id text NOT NULL);
                """);
        cli.write("more.sql", "CREATE TABLE missing_table (id serial PRIMARY KEY);");
        cli.write("bad.json", "{\"metadata\": {\"version\": \"1.1\"}, \"categories\": [{\"id\": 9}], \"products\": []}");
    }

    @Test
    void everyCommandSucceedsWithTheEnvelope() throws Exception {
        assertOk("connect", "local", cli.run("--json", "connect"));
        assertOk("use", null, cli.run("--json", "use", "local"));
        assertOk("status", "local", cli.run("--json", "status"));
        assertOk("profiles", "local", cli.run("--json", "profiles"));
        assertOk("validate", "local", cli.run("--json", "validate", "--schema-file", "schema.sql"));
        assertOk("fix", "local", cli.run("--json", "fix", "--schema-file", "schema.sql"));
        assertOk("backup", "local", cli.run("--json", "backup", "-o", "u1.json"));
        assertOk("backup", null, cli.run("--json", "backup", "--validate", "u1.json"));
        assertOk("backup", null, cli.run("--json", "backup", "--list", "."));
        assertOk("restore", "local", cli.run("--json", "restore", "u1.json", "-y"));
        Files.createDirectories(dir.resolve("fresh"));
        assertOk("init", null, new CliRunner(dir.resolve("fresh")).run("--json", "init", "--url", db.url()));
        JsonNode completion = assertOk("completion", null, cli.run("--json", "completion", "bash"));
        assertThat(completion.get("result").get("script").asText()).contains("db-adapter");
    }

    @Test
    void everyCommandFailsWithTheEnvelopeAndTheErrorCode() throws Exception {
        cli.ok("backup", "-o", "u1.json");
        assertFails("connect", "PROFILE_NOT_FOUND", cli.env("DB_PROFILE", "nope").run("--json", "connect"));
        cli.env("DB_PROFILE", "local");
        assertFails("use", "PROFILE_NOT_FOUND", cli.run("--json", "use", "nope"));
        assertFails("status", "PROFILE_NOT_FOUND", cli.run("--json", "-p", "nope", "status"));
        assertFails("profiles", "CONFIG", cli.run("--json", "--config", "nope.toml", "profiles"));
        JsonNode invalid = assertFails("validate", "SCHEMA", cli.run("--json", "validate", "--schema-file", "more.sql"));
        assertThat(invalid.get("result").get("valid").asBoolean()).isFalse();
        assertFails("fix", "USAGE", cli.run("--json", "fix", "--confirm", "--dry-run"));
        JsonNode badBackup = assertFails("backup", "BACKUP", cli.run("--json", "backup", "--validate", "bad.json"));
        assertThat(badBackup.get("error").get("details")).isNotEmpty();
        JsonNode badRestore = assertFails("restore", "BACKUP", cli.run("--json", "restore", "bad.json", "-y"));
        assertThat(badRestore.get("result").isNull()).isTrue();
        assertThat(badRestore.get("error").get("details").get(0).asText()).contains("slug");
        JsonNode declined = assertFails("restore", JsonEnvelope.CANCELLED,
                cli.input("n\n").run("--json", "restore", "u1.json"));
        assertThat(declined.get("result").get("cancelled").asBoolean()).isTrue();
        assertFails("init", "USAGE", cli.run("--json", "init", "--url", db.url()));
        assertFails("completion", "USAGE", cli.run("--json", "completion", "fish"));
    }

    @Test
    void usageErrorsAreJsonToo() throws Exception {
        JsonNode unknown = assertFails("db-adapter", "USAGE", cli.run("--json", "--nope"));
        assertThat(unknown.get("error").get("hint").asText()).contains("--help");
        JsonNode missing = assertFails("restore", "USAGE", cli.run("--json", "restore"));
        assertThat(missing.get("error").get("message").asText()).contains("FILE");
    }

    @Test
    void configurationWarningsAreListedAndStillGoToStderr() throws Exception {
        cli.write("db.toml", Files.readString(dir.resolve("db.toml")).replace("[defaults]", "[defaults]\ntypo = 1"));
        CliRunner.Result result = cli.run("--json", "profiles");
        JsonNode json = assertOk("profiles", "local", result);
        assertThat(json.get("warnings")).singleElement().extracting(JsonNode::asText).asString().contains("typo");
        assertThat(result.err()).contains("typo");
    }

    private static JsonNode assertOk(String command, String profile, CliRunner.Result result) throws Exception {
        assertThat(result.exitCode()).as(result.toString()).isZero();
        JsonNode json = envelope(command, result);
        assertThat(json.get("ok").asBoolean()).as(result.toString()).isTrue();
        assertThat(json.get("result").isObject()).as(result.toString()).isTrue();
        assertThat(json.get("error").isNull()).as(result.toString()).isTrue();
        if (profile == null) {
            assertThat(json.get("profile").isNull()).as(result.toString()).isTrue();
        } else {
            assertThat(json.get("profile").asText()).isEqualTo(profile);
        }
        return json;
    }

    private static JsonNode assertFails(String command, String code, CliRunner.Result result) throws Exception {
        int exitCode = code.equals(JsonEnvelope.CANCELLED) ? DbAdapterCommand.FAILED : ErrorCode.valueOf(code).exitCode();
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(exitCode);
        JsonNode json = envelope(command, result);
        assertThat(json.get("ok").asBoolean()).as(result.toString()).isFalse();
        JsonNode error = json.get("error");
        assertThat(error.get("code").asText()).as(result.toString()).isEqualTo(code);
        assertThat(error.get("message").asText()).isNotBlank();
        assertThat(error.has("hint")).isTrue();
        return json;
    }

    /** Reads stdout as exactly one JSON document with the envelope's keys, in order. */
    private static JsonNode envelope(String command, CliRunner.Result result) throws Exception {
        JsonNode json;
        try (JsonParser parser = JSON.createParser(result.out())) {
            json = JSON.readTree(parser);
            assertThat(parser.nextToken()).as("one JSON document only: " + result).isNull();
        }
        assertThat(json.fieldNames()).toIterable().as(result.toString())
                .containsExactly("command", "profile", "ok", "result", "warnings", "error");
        assertThat(json.get("command").asText()).isEqualTo(command);
        assertThat(json.get("warnings").isArray()).isTrue();
        assertThat(result.out().strip()).startsWith("{").endsWith("}");
        return json;
    }
}
