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
 */
public record BackupResult(@JsonSerialize(using = ToStringSerializer.class) Path path, Map<String, Long> tableCounts) {
    /** Copies the counts, keeping their order. */
    public BackupResult {
        tableCounts = Collections.unmodifiableMap(new LinkedHashMap<>(tableCounts));
    }

    /** Returns the number of rows written over all tables. */
    public long totalRows() {
        return tableCounts.values().stream().mapToLong(Long::longValue).sum();
    }
}
