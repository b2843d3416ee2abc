package dev.dbadapter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbadapter.reliability.HostileNames;
import dev.dbadapter.testing.DataSnapshot;
import dev.dbadapter.testing.PgDatabaseExtension;
import dev.dbadapter.testing.Reliability;
import dev.dbadapter.testing.ReliabilityFigures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile names through the CLI's entry points that take names: {@code --tables} (of backup and
 * sync), sync's {@code --user-field} and {@code --slug-field}, the backup
 * schema's JSON, column-defs keys and {@code schema.sql}. Each run ends with a short error (or does
 * its job); none changes a row or leaves a file behind.
 */
@Reliability
class HostileNamesCliTest {
    @RegisterExtension
    static final PgDatabaseExtension db = new PgDatabaseExtension();
    @RegisterExtension
    static final PgDatabaseExtension other = new PgDatabaseExtension();

    @TempDir
    Path dir;

    CliRunner cli;

    @BeforeEach
    void setUp() throws Exception {
        cli = ShopFixture.create(db, dir, false);
        cli.write("schema.sql", """
                CREATE TABLE categories (id serial PRIMARY KEY, slug text NOT NULL, name text, user_id text NOT NULL);
                CREATE TABLE products (id serial PRIMARY KEY, slug text NOT NULL, price numeric,
                    category_id int NOT NULL REFERENCES categories(id), user_id text NOT NULL);
                """);
    }

    @Test
    void hostileNamesInEveryNamedInputEndInAShortErrorAndChangeNothing() throws Exception {
        other.sql("""
                DROP TABLE IF EXISTS products, categories;
                CREATE TABLE categories (id serial PRIMARY KEY, slug text NOT NULL, name text, user_id text NOT NULL);
                CREATE TABLE products (id serial PRIMARY KEY, slug text NOT NULL, price numeric,
                    category_id int NOT NULL REFERENCES categories(id), user_id text NOT NULL);
                INSERT INTO categories (slug, name, user_id) VALUES ('fresh', 'Fresh', 'u1');
                """);
        cli.write("db.toml", Files.readString(dir.resolve("db.toml")) + "\n[profiles.other]\nurl = \"" + other.url() + "\"\n");
        DataSnapshot before = DataSnapshot.of(db);
        for (String name : HostileNames.SAMPLE) {
            assertShortAnswer(cli.run("sync", "--from", "other", "--tables", "categories," + name, "--confirm"), name);
            assertShortAnswer(cli.run("sync", "--from", "other", "--tables", "categories", "--user-field", name,
                    "--confirm"), name);
            assertShortAnswer(cli.run("sync", "--from", "other", "--tables", "categories", "--slug-field", name,
                    "--confirm"), name);
            ReliabilityFigures.badInputs(3);
            assertShortAnswer(cli.run("backup", "--tables", name, "-o", "t.json"), name);
            assertThat(dir.resolve("t.json")).doesNotExist();

            cli.write("hostile-schema.json", "{\"tables\": [{\"name\": \"categories\"}, {\"name\": " + HostileNames.json(name)
                    + ", \"parent\": {\"table\": \"categories\", \"field\": " + HostileNames.json(name) + "}}]}");
            assertShortAnswer(cli.run("backup", "--backup-schema", "hostile-schema.json", "-o", "s.json"), name);
            cli.run("backup", "-o", "u1.json");
            assertShortAnswer(cli.run("restore", "u1.json", "--backup-schema", "hostile-schema.json",
                    "--user-id", "u5", "-y"), name);

            cli.write("column-defs.json", "{" + HostileNames.json("products." + name) + ": \"text\", " + HostileNames.json(name + ".x")
                    + ": \"text\"}");
            cli.write("drifted.sql", """
                    CREATE TABLE categories (id serial PRIMARY KEY, slug text NOT NULL, name text, user_id text NOT NULL);
                    CREATE TABLE products (id serial PRIMARY KEY, slug text NOT NULL, price numeric,
                        category_id int NOT NULL REFERENCES categories(id), user_id text NOT NULL, extra text);
                    """);
            assertShortAnswer(cli.run("fix", "--schema-file", "drifted.sql", "--column-defs", "column-defs.json"), name);

            cli.write("hostile.sql", "CREATE TABLE " + name + " (id int);\nCREATE TABLE categories (" + name + " int);");
            assertShortAnswer(cli.run("validate", "--schema-file", "hostile.sql"), name);
            assertShortAnswer(cli.run("fix", "--schema-file", "hostile.sql", "-y"), name);
            ReliabilityFigures.badInputs(7);
        }
        db.sql("DELETE FROM products WHERE user_id = 'u5'; DELETE FROM categories WHERE user_id = 'u5'");
        before.assertUnchanged(db);
    }

    private static void assertShortAnswer(CliRunner.Result result, String name) {
        assertThat(result.exitCode()).as(name + "\n" + result).isIn(0, 1, 2);
        assertThat(result.err()).as(name + "\n" + result).doesNotContain("\tat ").doesNotContain("Exception");
    }
}
