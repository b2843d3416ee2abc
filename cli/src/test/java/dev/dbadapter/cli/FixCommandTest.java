package dev.dbadapter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbadapter.testing.PgDatabaseExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class FixCommandTest {
    @RegisterExtension
    static final PgDatabaseExtension db = new PgDatabaseExtension();

    @TempDir
    Path dir;

    CliRunner cli;

    @BeforeEach
    void driftedDatabase() throws Exception {
        db.sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
        db.sql("""
                CREATE TABLE items (a serial PRIMARY KEY, c text, g varchar(50));
                CREATE TABLE products (id serial PRIMARY KEY, slug text UNIQUE, name text);
                INSERT INTO items (c, g) VALUES ('one', 'g1');
                INSERT INTO products (slug, name) VALUES ('hammer', 'Hammer'), ('saw', 'Saw');
                """);
        cli = new CliRunner(dir);
        cli.write("db.toml", """
                [profiles.local]
                url = "%s"

                [profiles.prod]
                url = "%s"
                protected = true
                """.formatted(db.url(), db.url()));
        cli.write("schema.sql", """
                CREATE TABLE categories (id serial PRIMARY KEY, slug text UNIQUE);
                CREATE TABLE items (a serial PRIMARY KEY, b varchar(100) NOT NULL, c text, g varchar(50));
                CREATE TABLE products (id serial PRIMARY KEY, slug text UNIQUE, name text,
                    category_id integer REFERENCES categories(id), price integer DEFAULT 0);
                """);
        cli.env("DB_PROFILE", "local");
    }

    @Test
    void previewShowsDifferencesAndPlanAndChangesNothing() {
        CliRunner.Result result = cli.run("fix");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("Schema Differences")
                .containsPattern("│ categories +│ - +│ missing table")
                .containsPattern("│ products +│ RECREATE +│ missing columns: category_id, price")
                .containsPattern("│ items +│ b +│ missing column: varchar\\(100\\)")
                .contains("  1. CREATE TABLE categories").contains("  2. REBUILD TABLE products")
                .contains("  3. ALTER TABLE items ADD COLUMN b varchar(100)")
                .contains("To apply fixes, add --confirm flag.");
        assertThat(db.scalar("SELECT to_regclass('categories')")).isNull();
        assertThat(cli.run("validate").exitCode()).isEqualTo(1);
    }

    @Test
    void previewShowsTheStatementsAndDryRunIsThePreview() {
        CliRunner.Result result = cli.run("fix", "--dry-run");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("  1. CREATE TABLE categories")
                .containsPattern("(?m)^ +CREATE TABLE categories \\(id serial PRIMARY KEY, slug text UNIQUE\\)")
                .containsPattern("(?m)^ +ALTER TABLE .*items.* ADD COLUMN .*b.* varchar\\(100\\)")
                .containsPattern("(?m)^ +-- then the rows are copied over");
        assertThat(db.scalar("SELECT to_regclass('categories')")).isNull();

        CliRunner.Result both = cli.run("fix", "--dry-run", "--confirm");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("--confirm").contains("--dry-run");
        assertThat(db.scalar("SELECT to_regclass('categories')")).isNull();
    }

    @Test
    void confirmAppliesTheFixAndPrintsTheSummary() {
        CliRunner.Result result = cli.run("fix", "--confirm");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("✓ Fix applied").contains("Tables created:   1 (categories)")
                .contains("Tables recreated: 1 (products)").contains("Columns added:    1 (items.b)")
                .contains("Backup:           none").contains("Schema validation: PASSED");
        assertThat(cli.run("validate").exitCode()).isZero();
        assertThat(db.scalar("SELECT count(*) FROM products WHERE price = 0")).isEqualTo(2L);
    }

    private void configureBackup() throws Exception {
        db.sql("ALTER TABLE products ADD COLUMN user_id text; UPDATE products SET user_id = 'u1'");
        cli.write("schema.sql", """
                CREATE TABLE categories (id serial PRIMARY KEY, slug text UNIQUE);
                CREATE TABLE items (a serial PRIMARY KEY, b varchar(100) NOT NULL, c text, g varchar(50));
                CREATE TABLE products (id serial PRIMARY KEY, slug text UNIQUE, name text, user_id text,
                    category_id integer REFERENCES categories(id), price integer DEFAULT 0);
                """);
        cli.write("backup-schema.json", "{\"tables\": [{\"name\": \"products\"}]}");
        cli.write("db.toml", """
                [profiles.local]
                url = "%s"

                [schema]
                backup_schema = "backup-schema.json"

                [defaults]
                user_id_env = "SHOP_USER"
                """.formatted(db.url()));
    }

    @Test
    void confirmBacksUpEveryUsersRowsOfTheTablesItRebuildsWhenABackupSchemaIsConfigured() throws Exception {
        configureBackup();
        db.sql("INSERT INTO products (slug, name, user_id) VALUES ('drill', 'Drill \\ \"big\"', 'u2')");
        CliRunner.Result result = cli.run("fix", "--confirm");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        String line = result.out().lines().filter(l -> l.startsWith("Backup:")).findFirst().orElseThrow();
        assertThat(line).endsWith(" (every row of products, all users)");
        Path backup = Path.of(line.substring("Backup:".length(), line.indexOf(" (every row")).strip());
        assertThat(backup).startsWith(dir.resolve("backups")).exists();
        JsonNode json = new ObjectMapper().readTree(backup.toFile());
        assertThat(json.get("metadata").get("backup_type").asText()).isEqualTo("pre-fix");
        assertThat(json.get("metadata").get("scope").asText()).isEqualTo("all users");
        assertThat(json.get("products")).hasSize(3);
        assertThat(json.get("products").findValuesAsText("user_id")).containsExactlyInAnyOrder("u1", "u1", "u2");
        assertThat(json.get("products").findValuesAsText("name")).contains("Drill \\ \"big\"");
        assertThat(db.scalar("SELECT count(*) FROM products WHERE price = 0")).isEqualTo(3L);
    }

    @Test
    void noBackupSkipsTheConfiguredBackup() throws Exception {
        configureBackup();
        CliRunner.Result result = cli.run("fix", "--confirm", "--no-backup");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("Backup:           none");
        assertThat(dir.resolve("backups")).doesNotExist();
    }

    @Test
    void alterStrategyOnlyAddsColumns() {
        Object oid = db.scalar("SELECT 'products'::regclass::oid::bigint");
        CliRunner.Result result = cli.run("fix", "--strategy", "alter", "--confirm");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("Tables recreated: 0")
                .contains("Columns added:    3 (items.b, products.category_id, products.price)");
        assertThat(db.scalar("SELECT 'products'::regclass::oid::bigint")).isEqualTo(oid);
    }

    @Test
    void columnDefsFromTheFlagAreUsed() throws Exception {
        cli.write("defs.json", "{\"items.b\": \"varchar(100) NOT NULL DEFAULT 'n/a'\"}");
        CliRunner.Result result = cli.run("fix", "--column-defs", "defs.json", "--strategy", "alter", "--confirm");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(db.scalar("SELECT b FROM items")).isEqualTo("n/a");
    }

    @Test
    void columnDefsFromDbTomlThatDoNotExistAreAClearError() throws Exception {
        cli.write("db.toml", """
                [profiles.local]
                url = "%s"

                [schema]
                column_defs = "defs/column-defs.json"
                """.formatted(db.url()));
        CliRunner.Result result = cli.run("fix");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("Column definitions file not found").contains("column-defs.json")
                .contains("column_defs");
    }

    @Test
    void dependentViewIsRefusedWithExitOne() {
        db.sql("CREATE VIEW product_names AS SELECT name FROM products");
        CliRunner.Result result = cli.run("fix", "--confirm");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.out()).contains("✗ Fix failed").contains("view product_names").contains("--strategy alter");
        assertThat(db.scalar("SELECT to_regclass('categories')")).isNull();
    }

    @Test
    void refusalInAPreviewSaysTheFixCannotBeApplied() {
        db.sql("CREATE VIEW product_names AS SELECT name FROM products");
        CliRunner.Result result = cli.run("fix");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.out()).contains("  2. REBUILD TABLE products")
                .contains("✗ Fix cannot be applied: Cannot rebuild: view product_names depends on table products");
    }

    @Test
    void refusalInJsonKeepsThePlanAndGivesTheError() throws Exception {
        db.sql("CREATE VIEW product_names AS SELECT name FROM products");
        CliRunner.Result result = cli.run("--json", "fix", "--confirm");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        JsonNode json = new ObjectMapper().readTree(result.out()).get("result");
        assertThat(json.get("plan").get("recreateTables").get(0).get("table").asText()).isEqualTo("products");
        assertThat(json.get("result").isNull()).isTrue();
        assertThat(json.get("error").asText()).startsWith("Cannot rebuild: view product_names depends on table products");
        assertThat(db.scalar("SELECT to_regclass('categories')")).isNull();
    }

    @Test
    void protectedProfileIsRefusedUnlessAllowed() {
        CliRunner.Result refused = cli.env("DB_PROFILE", "prod").run("fix", "--confirm");
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains("protected").contains("--allow-protected");
        assertThat(db.scalar("SELECT to_regclass('categories')")).isNull();
        assertThat(cli.run("fix").exitCode()).isZero();
        assertThat(cli.input("y\n").run("fix", "--confirm", "--allow-protected").exitCode()).isZero();
    }

    @Test
    void allowedFixOfAProtectedProfileStillAsksUnlessYes() {
        cli.env("DB_PROFILE", "prod");
        CliRunner.Result no = cli.input("n\n").run("fix", "--confirm", "--allow-protected");
        assertThat(no.exitCode()).as(no.toString()).isEqualTo(1);
        assertThat(no.err()).contains("Apply these fixes to protected profile 'prod'? [y/N]");
        assertThat(no.out()).contains("Fix cancelled; nothing was changed.");
        assertThat(db.scalar("SELECT to_regclass('categories')")).isNull();

        CliRunner.Result script = cli.input("y\n").interactive(false).run("fix", "--confirm", "--allow-protected");
        assertThat(script.exitCode()).as(script.toString()).isEqualTo(2);
        assertThat(script.err()).contains("not a terminal").contains("-y/--yes");
        assertThat(db.scalar("SELECT to_regclass('categories')")).isNull();

        CliRunner.Result yes = cli.run("fix", "--confirm", "--allow-protected", "-y");
        assertThat(yes.exitCode()).as(yes.toString()).isZero();
        assertThat(yes.out() + yes.err()).doesNotContain("[y/N]");
        assertThat(db.scalar("SELECT to_regclass('categories')")).isNotNull();
    }

    @Test
    void validSchemaHasNothingToFix() {
        assertThat(cli.run("fix", "--confirm").exitCode()).isZero();
        CliRunner.Result result = cli.run("fix");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("✓ Schema is valid: nothing to fix");
    }

    @Test
    void jsonHasPlanAndResult() throws Exception {
        CliRunner.Result result = cli.run("fix", "--confirm", "--json");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(result.out()).get("result");
        assertThat(json.get("validation").get("valid").asBoolean()).isFalse();
        assertThat(json.get("plan").get("recreateTables").get(0).get("table").asText()).isEqualTo("products");
        assertThat(json.get("result").get("applied").asBoolean()).isTrue();
        assertThat(json.get("result").get("tablesCreated").get(0).asText()).isEqualTo("categories");
        assertThat(json.get("validAfter").asBoolean()).isTrue();
    }
}
