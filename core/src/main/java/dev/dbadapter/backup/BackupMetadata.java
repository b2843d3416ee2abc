package dev.dbadapter.backup;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dbadapter.backup.internal.BackupFileReader;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code metadata} of a backup file, read without its rows: whose rows it holds, when it was
 * made, and how many rows per table (the {@code <table>_count} fields).
 *
 * @param userId the {@code user_id} field; null when absent
 * @param createdAt the {@code created_at} field as written (an ISO date-time); null when absent
 * @param backupType the {@code backup_type} field; null when absent
 * @param version the {@code version} field; null when absent
 * @param tableCounts table name to row count, in file order
 */
public record BackupMetadata(String userId, String createdAt, String backupType, String version,
        Map<String, Long> tableCounts) {
    private static final String COUNT_SUFFIX = "_count";

    /** Copies {@code tableCounts}. */
    public BackupMetadata {
        tableCounts = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(tableCounts, "tableCounts")));
    }

    /** Returns the rows of every table together. */
    public long totalRows() {
        return tableCounts.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * Reads the metadata of {@code file} (plain or gzipped), streaming only as far as the
     * {@code metadata} key; the rows are never read when it comes first, as both libraries write it.
     *
     * @throws BackupException when the file cannot be read, is not JSON or has no metadata object
     */
    public static BackupMetadata read(Path file) {
        Objects.requireNonNull(file, "file");
        JsonNode metadata;
        try {
            metadata = BackupFileReader.metadata(file);
        } catch (NoSuchFileException e) {
            throw new BackupException("Backup file not found: " + file);
        } catch (IOException | IllegalStateException e) {
            throw new BackupException("Cannot read the metadata of backup file " + file + ": " + e.getMessage(), null, e);
        }
        if (metadata == null || !metadata.isObject()) {
            throw new BackupException("Backup file " + file + " has no metadata object");
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        metadata.properties().forEach(field -> {
            if (field.getKey().endsWith(COUNT_SUFFIX) && field.getKey().length() > COUNT_SUFFIX.length()
                    && field.getValue().canConvertToLong()) {
                counts.put(field.getKey().substring(0, field.getKey().length() - COUNT_SUFFIX.length()),
                        field.getValue().asLong());
            }
        });
        return new BackupMetadata(text(metadata, "user_id"), text(metadata, "created_at"),
                text(metadata, "backup_type"), text(metadata, "version"), counts);
    }

    private static String text(JsonNode metadata, String field) {
        JsonNode value = metadata.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
