package dev.dbadapter.cli;

import static dev.dbadapter.sync.SyncFixture.checksum;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbadapter.sync.SyncFixture;
import dev.dbadapter.testing.PgDatabaseExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code db-adapter sync --from PROFILE} from a source database into the current profile's. */
class SyncCommandTest {
    @RegisterExtension
    static final PgDatabaseExtension source = new PgDatabaseExtension();
    @RegisterExtension
    static final PgDatabaseExtension destination = new PgDatabaseExtension();

    @TempDir
    Path dir;

    CliRunner cli;

    @BeforeEach
    void setUp() throws Exception {
        SyncFixture.create(source, destination);
        cli = new CliRunner(dir).env("DB_PROFILE", "local").env("DEV_USER_ID", "u1");
        cli.write("backup-schema.json", """
                {"tables": [{"name": "categories"},
                            {"name": "products", "parent": {"table": "categories", "field": "category_id"}}]}
                """);
        config(true);
    }

    void config(boolean backupSchema) throws Exception {
        cli.write("db.toml", SyncFixture.profiles(source, destination) + """

                [sync]
                tables = ["categories", "products"]

                %s
                [defaults]
                user_id_env = "DEV_USER_ID"
                """.formatted(backupSchema ? "[schema]\nbackup_schema = \"backup-schema.json\"\n" : ""));
    }

    String all() {
        return checksum(destination, "categories", "true") + checksum(destination, "products", "true");
    }

    @Test
    void withoutAFlagItShowsThePlanAndHowToApplyIt() {
        String before = all();

        CliRunner.Result run = cli.run("sync", "--from", "prod");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("Comparing profiles...", "Source:      prod", "Destination: local",
                "Tables:      categories, products", "Data Comparison", "Source rows", "Destination rows", "New",
                "To delete", "add --confirm");
        assertThat(run.out()).containsPattern("│ products\\s+│\\s+3 │\\s+1 │\\s+3 │\\s+0 │ -\\s+│");
        assertThat(all()).isEqualTo(before);
    }

    @Test
    void dryRunSaysNothingChanged() {
        String before = all();

        CliRunner.Result run = cli.run("sync", "--from", "prod", "--dry-run", "--mode", "overwrite", "--delete");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("Existing / differing", "1 / 1", "DRY RUN - No changes made.");
        assertThat(run.out()).containsPattern("│ products\\s+│\\s+3 │\\s+1 │\\s+3 │ 0 / 0\\s+│\\s+1 │");
        assertThat(all()).isEqualTo(before);
    }

    @Test
    void confirmSyncsAndPrintsTheCountsPerTable() {
        CliRunner.Result run = cli.run("sync", "--from", "prod", "--confirm");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("✓ Sync complete.", "categories: 1 inserted, 0 updated, 0 deleted",
                "products: 3 inserted, 0 updated, 0 deleted").doesNotContain("Not atomic");
        assertThat(SyncFixture.products(destination, "u1")).contains("{slug=rake, name=Rake, price=5, category=garden}");
        assertThat(cli.run("sync", "--from", "prod", "--confirm").out()).contains("products: 0 inserted");
    }

    @Test
    void jsonGivesTheResultInOneEnvelope() throws Exception {
        CliRunner.Result run = cli.run("--json", "sync", "--from", "prod", "--tables", "categories,products");

        JsonNode document = new ObjectMapper().readTree(run.out());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(document.path("command").asText()).isEqualTo("sync");
        assertThat(document.path("profile").asText()).isEqualTo("local");
        assertThat(document.path("ok").asBoolean()).isTrue();
        assertThat(document.at("/result/source").asText()).isEqualTo("prod");
        assertThat(document.at("/result/mode").asText()).isEqualTo("skip");
        assertThat(document.at("/result/dryRun").asBoolean()).isTrue();
        assertThat(document.at("/result/tables/products/new").asLong()).isEqualTo(3);
        assertThat(document.at("/result/tables/products/missing").asLong()).isEqualTo(1);
    }

    @Test
    void withoutABackupSchemaTheForeignKeysAreWarnedAboutAndAFailingTableExitsOne() throws Exception {
        config(false);
        source.sql("UPDATE products SET category_id = NULL WHERE user_id = 'u1';"
                + " ALTER TABLE products DROP CONSTRAINT products_category_id_fkey;"
                + " UPDATE products SET category_id = 99 WHERE slug = 'saw'");

        CliRunner.Result run = cli.run("sync", "--from", "prod", "--confirm");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(DbAdapterCommand.FAILED);
        assertThat(run.err()).contains("Warning:", "have foreign keys", "backup_schema");
        assertThat(run.out()).contains("✗ Sync finished with 1 failed table(s)", "categories: 1 inserted",
                "products: 0 inserted", "products_category_id_fkey");

        JsonNode again = new ObjectMapper().readTree(cli.run("--json", "sync", "--from", "prod", "--confirm").out());
        assertThat(again.path("ok").asBoolean()).isFalse();
        assertThat(again.at("/error/code").asText()).isEqualTo("SQL");
        assertThat(again.at("/result/tables/products/error").asText()).contains("products_category_id_fkey");
        assertThat(again.at("/result/tables/categories/inserted").asLong()).isZero();
        assertThat(again.path("warnings").toString()).contains("backup_schema");
    }

    @Test
    void aProtectedDestinationNeedsAllowProtected() {
        cli.env("DB_PROFILE", "guarded");
        CliRunner.Result refused = cli.run("sync", "--from", "prod", "--confirm");
        CliRunner.Result preview = cli.run("sync", "--from", "prod");
        CliRunner.Result allowed = cli.run("sync", "--from", "prod", "--confirm", "--allow-protected");

        assertThat(refused.exitCode()).isEqualTo(DbAdapterCommand.USAGE);
        assertThat(refused.err()).contains("protected", "--allow-protected");
        assertThat(preview.exitCode()).isZero();
        assertThat(allowed.exitCode()).as(allowed.toString()).isZero();
    }

    @Test
    void anUnreachableSourceFailsWithItsReason() {
        CliRunner.Result run = cli.run("sync", "--from", "down");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(DbAdapterCommand.FAILED);
        assertThat(run.out()).contains("Cannot reach the source database (down)");
    }

    @Test
    void usageAndConfigErrorsExitTwo() throws Exception {
        assertThat(cli.run("sync", "--from", "local").err()).contains("same profile");
        assertThat(cli.run("sync", "--from", "prodd").err()).contains("'prodd' not found");
        assertThat(cli.run("sync").err()).contains("--from");
        assertThat(cli.run("sync", "--from", "prod", "--mode", "merge").err()).contains("skip or overwrite");
        assertThat(cli.run("sync", "--from", "prod", "--confirm", "--dry-run").err()).contains("give one");
        assertThat(cli.run("sync", "--from", "prod", "--tables", "categories,nope").err())
                .contains("Table 'nope' is not in the backup schema");
        assertThat(cli.run("sync", "--from", "prod", "--user-field", "owner").err()).contains("--user-field");
        for (String[] args : new String[][] {{"sync", "--from", "local"}, {"sync", "--from", "prodd"}, {"sync"},
                {"sync", "--from", "prod", "--mode", "merge"}, {"sync", "--from", "prod", "--tables", "nope"}}) {
            assertThat(cli.run(args).exitCode()).as(String.join(" ", args)).isEqualTo(DbAdapterCommand.USAGE);
        }
        config(false);
        assertThat(cli.run("sync", "--from", "prod", "--tables", "categories,nope").err())
                .contains("Table 'nope' does not exist in the source database");
        cli.write("db.toml", java.nio.file.Files.readString(dir.resolve("db.toml")).replace("tables = [\"categories\", \"products\"]", ""));
        CliRunner.Result noTables = cli.run("sync", "--from", "prod");
        assertThat(noTables.exitCode()).isEqualTo(DbAdapterCommand.USAGE);
        assertThat(noTables.err()).contains("No tables to sync", "[sync]");
    }

    @Test
    void helpListsTheOptions() {
        CliRunner.Result run = cli.run("sync", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("--from", "--tables", "--user-id", "--mode", "--delete", "--dry-run", "--confirm",
                "--allow-protected", "--user-field", "--slug-field");
    }
}
