package dev.dbadapter.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link BackupMetadata#read}: only the metadata, plain or gzipped, wherever it stands. */
class BackupMetadataTest {
    @TempDir
    Path dir;

    @Test
    void readsUserDateAndCountsAndStopsAtTheMetadata() throws Exception {
        Path file = Files.writeString(dir.resolve("a.json"), """
                {"metadata": {"created_at": "2026-11-24T12:00:00", "user_id": "u1", "backup_type": "full",
                  "version": "1.1", "categories_count": 2, "products_count": 3, "note_count": "x"},
                 "categories": [{"id": 1, TRUNCATED""");

        BackupMetadata metadata = BackupMetadata.read(file);

        assertThat(metadata.userId()).isEqualTo("u1");
        assertThat(metadata.createdAt()).isEqualTo("2026-11-24T12:00:00");
        assertThat(metadata.version()).isEqualTo("1.1");
        assertThat(metadata.tableCounts()).containsExactly(Map.entry("categories", 2L), Map.entry("products", 3L));
        assertThat(metadata.totalRows()).isEqualTo(5);
    }

    @Test
    void readsAGzippedFileWhoseMetadataComesLast() throws Exception {
        Path file = dir.resolve("b.json.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write("""
                    {"categories": [{"id": 1, "slug": "a"}], "metadata": {"user_id": "u2", "categories_count": 1}}
                    """.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(BackupMetadata.read(file).userId()).isEqualTo("u2");
    }

    @Test
    void aFileWithoutMetadataOrNotJsonIsABackupException() throws Exception {
        Path none = Files.writeString(dir.resolve("none.json"), "{\"categories\": []}");
        Path text = Files.writeString(dir.resolve("text.json"), "hello");

        assertThatThrownBy(() -> BackupMetadata.read(none)).isInstanceOf(BackupException.class).hasMessageContaining("no metadata");
        assertThatThrownBy(() -> BackupMetadata.read(text)).isInstanceOf(BackupException.class).hasMessageContaining("text.json");
        assertThatThrownBy(() -> BackupMetadata.read(dir.resolve("missing.json"))).hasMessageContaining("not found");
    }
}
