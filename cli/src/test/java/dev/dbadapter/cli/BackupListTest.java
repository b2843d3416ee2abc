package dev.dbadapter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code backup --list}: the backups of a folder from their metadata, newest first; no database needed. */
class BackupListTest {
    @TempDir
    Path dir;

    CliRunner cli;

    @BeforeEach
    void backups() throws Exception {
        cli = new CliRunner(dir);
        cli.write("backups/old.json", """
                {"metadata": {"created_at": "2026-11-24T12:00:00", "user_id": "u1", "backup_type": "full",
                  "version": "1.1", "categories_count": 2, "products_count": 1000},
                 "categories": [], "products": []}
                """);
        // only the metadata is read: what follows it is never parsed
        cli.write("backups/streamed.json", """
                {"metadata": {"created_at": "2026-11-26T09:30:00.123456", "user_id": "u3", "version": "1.1",
                  "categories_count": 1}, "categories": [{"id": 1, BROKEN
                """);
        cli.write("backups/notes.txt", "not a backup");
        cli.write("backups/broken.json", "not json");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(dir.resolve("backups/newer.json.gz")))) {
            out.write("""
                    {"metadata": {"created_at": "2026-11-25T08:00:00", "user_id": "u2", "version": "1.1",
                      "categories_count": 1, "products_count": 4}, "categories": [], "products": []}
                    """.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void listsTheBackupsFolderNewestFirstWithUserRowsAndDate() {
        CliRunner.Result result = cli.run("backup", "--list");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).containsPattern("│ streamed\\.json +│ u3 +│ +1 +│ 2026-11-26 09:30:00 │")
                .containsPattern("│ newer\\.json\\.gz +│ u2 +│ +5 +│ 2026-11-25 08:00:00 │")
                .containsPattern("│ old\\.json +│ u1 +│ +1,002 +│ 2026-11-24 12:00:00 │")
                .contains("(unreadable)").doesNotContain("notes.txt");
        assertThat(result.out().indexOf("streamed.json")).isLessThan(result.out().indexOf("newer.json.gz"));
        assertThat(result.out().indexOf("newer.json.gz")).isLessThan(result.out().indexOf("old.json"));
        assertThat(result.out().indexOf("old.json")).as("unreadable last").isLessThan(result.out().indexOf("broken.json"));
        assertThat(result.err()).contains("broken.json:");
    }

    @Test
    void jsonListsTheSameWithCountsPerTable() throws Exception {
        JsonNode listing = new ObjectMapper().readTree(cli.ok("--json", "backup", "--list").out()).get("result");

        assertThat(listing.get("folder").asText()).isEqualTo(dir.resolve("backups").toString());
        JsonNode first = listing.get("backups").get(0);
        assertThat(first.get("file").asText()).endsWith("streamed.json");
        JsonNode gz = listing.get("backups").get(1);
        assertThat(gz.get("userId").asText()).isEqualTo("u2");
        assertThat(gz.get("rows").asLong()).isEqualTo(5);
        assertThat(gz.get("tables").get("products").asLong()).isEqualTo(4);
        assertThat(gz.get("createdAt").asText()).isEqualTo("2026-11-25T08:00:00");
        assertThat(listing.get("backups").findValuesAsText("error")).singleElement().asString().contains("broken.json");
    }

    @Test
    void anotherFolderAndAMissingOne() throws Exception {
        Files.move(dir.resolve("backups"), dir.resolve("saved"));

        assertThat(cli.ok("backup", "--list", "saved").out()).contains("old.json");
        CliRunner.Result none = cli.run("backup", "--list");
        assertThat(none.exitCode()).isZero();
        assertThat(none.out()).contains("No backups in " + dir.resolve("backups") + " (no such folder)");
    }
}
