package dev.dbadapter.backup;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A written backup.
 *
 * @param path the file written
 * @param tableCounts rows written per table, in schema order
 * @param atomic whether every table was read in one snapshot; {@code false} through a client without
 *     transactions (a REST backend), which reads table after table, so rows changed meanwhile may or
 *     may not be in the file
 */
public record BackupResult(@JsonSerialize(using = ToStringSerializer.class) Path path, Map<String, Long> tableCounts,
        boolean atomic) {
    /** Copies the counts, keeping their order. */
    public BackupResult {
        tableCounts = Collections.unmodifiableMap(new LinkedHashMap<>(tableCounts));
    }

    /** Creates the result of a backup read in one snapshot. */
    public BackupResult(Path path, Map<String, Long> tableCounts) {
        this(path, tableCounts, true);
    }

    /** Returns the number of rows written over all tables. */
    public long totalRows() {
        return tableCounts.values().stream().mapToLong(Long::longValue).sum();
    }
}
