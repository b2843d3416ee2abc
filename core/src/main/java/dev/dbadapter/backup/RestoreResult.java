package dev.dbadapter.backup;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a restore did, per table in schema order.
 *
 * @param tables the outcome per table
 * @param dryRun whether nothing was kept (the counts say what a real run would do)
 * @param warnings warnings from validating the file
 * @param atomic whether the restore ran in one transaction (all or nothing); {@code false} through a
 *     client without transactions (a REST backend), where a failure midway leaves earlier batches
 */
public record RestoreResult(Map<String, TableRestoreResult> tables, boolean dryRun, List<String> warnings,
        boolean atomic) {
    /** Copies the map, keeping its order. */
    public RestoreResult {
        tables = Collections.unmodifiableMap(new LinkedHashMap<>(tables));
        warnings = List.copyOf(warnings);
    }

    /** Creates the result of a restore that ran in one transaction. */
    public RestoreResult(Map<String, TableRestoreResult> tables, boolean dryRun, List<String> warnings) {
        this(tables, dryRun, warnings, true);
    }

    /** Returns the rows inserted over all tables. */
    public long totalInserted() {
        return tables.values().stream().mapToLong(TableRestoreResult::inserted).sum();
    }

    /** Returns the rows not restored because their parent was not, over all tables. */
    public long totalOrphaned() {
        return tables.values().stream().mapToLong(TableRestoreResult::orphaned).sum();
    }

    /** Returns the rows that failed over all tables. */
    public long totalFailed() {
        return tables.values().stream().mapToLong(TableRestoreResult::failed).sum();
    }
}
