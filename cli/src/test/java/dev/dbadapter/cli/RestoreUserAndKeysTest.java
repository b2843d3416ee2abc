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

/** {@code restore}: whose rows it writes when no user id is given, and {@code --preserve-ids}. */
class RestoreUserAndKeysTest {
    @RegisterExtension
    static final PgDatabaseExtension db = new PgDatabaseExtension();

    @TempDir
    Path dir;

    CliRunner cli;

    @BeforeEach
    void setUp() throws Exception {
        cli = ShopFixture.create(db, dir, false);
    }

    @Test
    void withoutAUserIdTheBackupsUserIsRestoredAndSaidOnStderr() {
        assertThat(cli.run("backup", "--user-id", "u2", "-o", "u2.json").exitCode()).isZero();
        db.sql("DELETE FROM products WHERE user_id = 'u2'; DELETE FROM categories WHERE user_id = 'u2'");

        CliRunner.Result result = cli.env("DEV_USER_ID", "").run("restore", "u2.json", "-y");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.err()).contains("Restoring as user u2 from the backup's metadata");
        assertThat(db.scalar("SELECT count(*) FROM products WHERE user_id = 'u2'")).isEqualTo(1L);
    }

    @Test
    void jsonSaysWhichUserAndWhereItCameFrom() throws Exception {
        assertThat(cli.run("backup", "--user-id", "u2", "-o", "u2.json").exitCode()).isZero();

        JsonNode fromFile = new ObjectMapper().readTree(
                cli.env("DEV_USER_ID", "").ok("--json", "restore", "u2.json", "-y", "--dry-run").out()).get("result");
        JsonNode fromFlag = new ObjectMapper().readTree(
                cli.ok("--json", "restore", "u2.json", "-y", "--dry-run", "--user-id", "u3").out()).get("result");

        assertThat(fromFile.get("userId").asText()).isEqualTo("u2");
        assertThat(fromFile.get("userIdSource").asText()).isEqualTo("backup metadata");
        assertThat(fromFile.get("tables").get("products").get("skipped").asLong()).isEqualTo(1);
        assertThat(fromFlag.get("userId").asText()).isEqualTo("u3");
        assertThat(fromFlag.get("userIdSource").asText()).isEqualTo("--user-id");
    }

    @Test
    void aBackupWithoutAUserAndNoUserIdIsABadUsage() throws Exception {
        cli.write("anonymous.json", """
                {"metadata": {"version": "1.1"}, "categories": [], "products": []}
                """);
        CliRunner.Result result = cli.env("DEV_USER_ID", "").run("restore", "anonymous.json", "-y");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("No user id given").contains("DEV_USER_ID");
    }

    @Test
    void preserveIdsKeepsTheBackupsKeysAndWithoutItKeysAreFresh() {
        assertThat(cli.run("backup", "-o", "u1.json").exitCode()).isZero();
        String ids = "SELECT string_agg(id::text, ',' ORDER BY id) FROM products WHERE user_id = 'u1'";
        Object before = db.scalar(ids);
        db.sql("DELETE FROM products WHERE user_id = 'u1'; DELETE FROM categories WHERE user_id = 'u1'");

        CliRunner.Result kept = cli.run("restore", "u1.json", "-y", "--preserve-ids");
        assertThat(kept.exitCode()).as(kept.toString()).isZero();
        assertThat(db.scalar(ids)).isEqualTo(before);

        db.sql("DELETE FROM products WHERE user_id = 'u1'; DELETE FROM categories WHERE user_id = 'u1'");
        CliRunner.Result fresh = cli.run("restore", "u1.json", "-y");
        assertThat(fresh.exitCode()).as(fresh.toString()).isZero();
        assertThat(db.scalar(ids)).isNotEqualTo(before);
    }
}
