package dev.dbadapter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbadapter.testing.PgDatabaseExtension;
import dev.dbadapter.testing.PostgrestExtension;
import dev.dbadapter.testing.PostgrestExtension.Key;
import dev.dbadapter.testing.Reliability;
import dev.dbadapter.testing.ReliabilityFigures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sentinel password in every profile, written in every way db.toml allows (in the URL, as
 * {@code db_password}, from an environment variable), never shows: not in any command's text,
 * {@code --json} or {@code --verbose} output, not in a log line, an error, or a file written, on
 * success and on every failure path (a refused port, a missing database, bad TOML next to it). The
 * same for a Supabase profile's {@code api_key}, right or wrong.
 */
@Reliability
class SecretsTest {
    @RegisterExtension
    static final PgDatabaseExtension db = new PgDatabaseExtension();
    @RegisterExtension
    static final PostgrestExtension rest = new PostgrestExtension(db);

    private static final String SENTINEL = "Sentinel-7f3a-pw";

    @TempDir
    Path dir;

    CliRunner cli;

    @BeforeEach
    void setUp() throws Exception {
        cli = ShopFixture.create(db, dir, false).env("SECRET_PW", SENTINEL);
        int refusedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            refusedPort = socket.getLocalPort();
        }
        String withPassword = db.url().replaceFirst("://([^:@/]+)@", "://$1:" + SENTINEL + "@");
        assertThat(withPassword).contains(SENTINEL);
        cli.write("db.toml", """
                [profiles.local]
                url = "%1$s"

                [profiles.placeholder]
                url = "%2$s"
                db_password = "%3$s"

                [profiles.env]
                url = "%4$s"

                [profiles.refused]
                url = "postgresql://postgres:%3$s@127.0.0.1:%5$d/shop"

                [profiles.missingdb]
                url = "%6$s"

                [profiles.prod]
                url = "%1$s"
                protected = true

                [schema]
                backup_schema = "backup-schema.json"

                [defaults]
                user_id_env = "DEV_USER_ID"
                """.formatted(withPassword, withPassword.replace(SENTINEL, "[YOUR-PASSWORD]"), SENTINEL,
                withPassword.replace(SENTINEL, "${SECRET_PW}"), refusedPort,
                PgDatabaseExtension.withDatabase(withPassword, "no_such_database_here")));
        cli.write("schema.sql", """
                CREATE TABLE categories (id serial PRIMARY KEY, slug text NOT NULL, name text, user_id text NOT NULL);
                CREATE TABLE products (id serial PRIMARY KEY, slug text NOT NULL, price numeric,
                    category_id int NOT NULL REFERENCES categories(id), user_id text NOT NULL, note text, extra text);
                """);
    }

    @Test
    void noCommandPrintsThePasswordOfAnyProfile() throws Exception {
        List<String[]> commands = List.of(
                new String[] {"profiles"}, new String[] {"status"}, new String[] {"connect"},
                new String[] {"validate"}, new String[] {"fix"}, new String[] {"backup", "-o", "out.json"},
                new String[] {"backup", "--validate", "out.json"},
                new String[] {"restore", "out.json", "--user-id", "u3", "-y"},
                new String[] {"restore", "out.json", "--user-id", "u3", "--dry-run"});
        List<List<String>> everyOutput = List.of(List.of(), List.of("--json"), List.of("--verbose"));
        int runs = 0;
        for (String profile : List.of("local", "placeholder", "env", "refused", "missingdb", "prod")) {
            // the ways of writing the password share one code path once resolved: --verbose shows most
            boolean sameAsLocal = profile.equals("placeholder") || profile.equals("env") || profile.equals("prod");
            for (String[] command : commands) {
                for (List<String> global : sameAsLocal ? List.of(List.of("--verbose")) : everyOutput) {
                    List<String> args = new ArrayList<>(global);
                    args.addAll(List.of("-p", profile));
                    args.addAll(List.of(command));
                    assertNoSecret(args.toArray(String[]::new));
                    runs++;
                }
            }
        }
        assertThat(runs).isEqualTo(108);
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (!file.getFileName().toString().equals("db.toml")) {
                    assertThat(count(Files.readString(file, StandardCharsets.ISO_8859_1))).as(file.toString()).isZero();
                }
            }
        }
    }

    @Test
    void noCommandPrintsTheApiKeyOfASupabaseProfileRightOrWrong() throws Exception {
        String key = rest.key(Key.SECRET);
        rest.sql("SELECT 1"); // the fixture recreated the tables: PostgREST reloads its schema cache
        String wrongKey = "sb_secret_" + SENTINEL;
        int refusedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            refusedPort = socket.getLocalPort();
        }
        cli.env("SUPA_KEY", key).env("WRONG_KEY", wrongKey).write("db.toml", Files.readString(dir.resolve("db.toml")) + """

                [profiles.supa]
                url = "%1$s"
                provider = "supabase"
                api_key = "${SUPA_KEY}"

                [profiles.supawrong]
                url = "%1$s"
                provider = "supabase"
                api_key = "${WRONG_KEY}"

                [profiles.suparefused]
                url = "http://127.0.0.1:%2$d"
                provider = "supabase"
                api_key = "${SUPA_KEY}"
                """.formatted(rest.url(), refusedPort));
        List<String[]> commands = List.of(new String[] {"profiles"}, new String[] {"status"}, new String[] {"connect"},
                new String[] {"backup", "-o", "supa.json"}, new String[] {"restore", "supa.json", "--user-id", "u4", "-y"},
                new String[] {"sync", "--from", "local", "--tables", "categories,products", "--user-id", "u1", "--confirm"});
        for (String profile : List.of("supa", "supawrong", "suparefused")) {
            for (String[] command : commands) {
                for (List<String> global : List.<List<String>>of(List.of(), List.of("--json"), List.of("--verbose"))) {
                    List<String> args = new ArrayList<>(global);
                    args.addAll(List.of("-p", profile));
                    args.addAll(List.of(command));
                    assertNoKey(key, assertNoSecret(args.toArray(String[]::new)), args);
                }
            }
        }
        CliRunner.Result wrong = cli.run("-p", "supawrong", "status");
        assertThat(wrong.exitCode()).as(wrong.toString()).isEqualTo(1);
        assertThat(wrong.out() + wrong.err()).contains("Invalid API key");
        CliRunner.Result refused = cli.run("-p", "suparefused", "status");
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
        CliRunner.Result synced = cli.run("-p", "local", "sync", "--from", "supa", "--tables", "categories,products",
                "--user-id", "u4", "--confirm", "--verbose");
        assertThat(synced.exitCode()).as(synced.toString()).isZero();
        assertNoKey(key, synced, List.of("sync --from supa"));
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (!file.getFileName().toString().equals("db.toml")) {
                    assertThat(Files.readString(file, StandardCharsets.ISO_8859_1)).as(file.toString())
                            .doesNotContain(key.substring(10));
                }
            }
        }
    }

    /** Asserts the key's secret part (after {@code sb_secret_}), whole or its first 12 characters, is not in the output. */
    private static void assertNoKey(String key, CliRunner.Result result, List<String> args) {
        String secret = key.substring("sb_secret_".length());
        String everything = result.out() + result.err();
        long printed = Stream.of(secret, secret.substring(0, 12))
                .mapToLong(part -> everything.split(java.util.regex.Pattern.quote(part), -1).length - 1L).sum();
        ReliabilityFigures.secretsPrinted(printed);
        assertThat(printed).as(String.join(" ", args) + "\n" + result).isZero();
    }

    @Test
    void badTomlNextToThePasswordNeverEchoesIt() throws Exception {
        List<String> broken = List.of(
                "[profiles.local]\nurl = \"postgresql://postgres:" + SENTINEL + "@127.0.0.1/db\n",
                "[profiles.local]\nurl = \"postgresql://postgres:" + SENTINEL + "@127.0.0.1/db\" x\n",
                "[profiles.local]\nurl = \"postgresql://postgres@127.0.0.1/db\"\ndb_password = " + SENTINEL + "\n",
                "[profiles.local]\nurl = 'postgresql://postgres:" + SENTINEL + "@127.0.0.1:notaport/db'\n",
                "[profiles.local]\nurl = \"postgresql://postgres:" + SENTINEL + "@[::1/db\"\n",
                "[profiles.local]\nurl = [\"postgresql://postgres:" + SENTINEL + "@127.0.0.1/db\"]\n",
                "[profiles.local]\nurl = \"postgresql://postgres:" + SENTINEL + "@127.0.0.1/db\"\nurl = \"again\"\n",
                "[profiles.local]\nurl = \"postgresql://postgres:%zz" + SENTINEL + "@127.0.0.1/db\"\n");
        for (String toml : broken) {
            cli.write("db.toml", toml);
            ReliabilityFigures.badInput();
            for (String[] args : new String[][] {{"profiles"}, {"status"}, {"--json", "status"}, {"--verbose", "connect"},
                    {"--json", "connect"}, {"--verbose", "backup", "-o", "b.json"}}) {
                assertNoSecret(args);
            }
        }
    }

    @Test
    void anUnknownProfileAndAnUnsetPasswordVariableAreNamedWithoutTheSecret() throws Exception {
        CliRunner.Result unknown = assertNoSecret("-p", "nosuch", "status");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.out() + unknown.err()).contains("nosuch").contains("local");

        cli.write("db.toml", """
                [profiles.local]
                url = "postgresql://postgres:%s@127.0.0.1/db"

                [profiles.nopw]
                url = "postgresql://postgres:[YOUR-PASSWORD]@127.0.0.1/db"
                db_password = "${UNSET_PASSWORD_VARIABLE}"
                """.formatted(SENTINEL));
        ReliabilityFigures.badInputs(2);
        CliRunner.Result unset = assertNoSecret("-p", "nopw", "connect");
        assertThat(unset.exitCode()).as(unset.toString()).isEqualTo(2);
        assertThat(unset.out() + unset.err()).contains("UNSET_PASSWORD_VARIABLE");
        // the variable only that profile needs does not stop the others
        CliRunner.Result other = assertNoSecret("-p", "local", "connect");
        assertThat(other.exitCode()).as(other.toString()).isEqualTo(1);
        assertThat(other.out() + other.err()).contains("database \"db\" does not exist")
                .doesNotContain("UNSET_PASSWORD_VARIABLE");
    }

    /** Runs the CLI, capturing what it prints and what its logs write to the process's streams. */
    private CliRunner.Result assertNoSecret(String... args) {
        PrintStream systemOut = System.out;
        PrintStream systemErr = System.err;
        ByteArrayOutputStream logged = new ByteArrayOutputStream();
        CliRunner.Result result;
        try (PrintStream capture = new PrintStream(logged, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            System.setErr(capture);
            result = cli.run(args);
        } finally {
            System.setOut(systemOut);
            System.setErr(systemErr);
        }
        String everything = result.out() + result.err() + logged.toString(StandardCharsets.UTF_8);
        long printed = count(everything);
        ReliabilityFigures.secretsPrinted(printed);
        assertThat(printed).as(String.join(" ", args) + "\n" + result + "\n--- logs\n" + logged).isZero();
        return result;
    }

    /** How often the sentinel shows in {@code text}, also percent-encoded or cut short. */
    private static long count(String text) {
        return Stream.of(SENTINEL, SENTINEL.substring(0, 12), SENTINEL.replace("-", "%2D"))
                .mapToLong(secret -> text.split(java.util.regex.Pattern.quote(secret), -1).length - 1L).sum();
    }
}
