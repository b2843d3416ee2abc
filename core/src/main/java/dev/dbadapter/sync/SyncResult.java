package dev.dbadapter.sync;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a comparison or sync found and did.
 *
 * @param source the source profile (or, for clients, its masked URL)
 * @param destination the destination profile (or its masked URL)
 * @param userId whose rows were compared
 * @param mode the sync mode
 * @param delete whether destination rows missing from the source are deleted
 * @param dryRun whether nothing was written (a comparison, a dry run or an unconfirmed sync)
 * @param fkAware whether a backup schema remapped keys (one transaction); else each table ran alone
 * @param tables per table, in sync order; empty when a side could not be reached
 * @param warnings advice that did not stop the sync (foreign keys without a backup schema, say)
 * @param errors why the sync could not run or did not complete: an unknown or unreachable profile,
 *     a table that failed
 * @param atomic whether the writes ran in transactions (the FK-aware path all or nothing, the direct
 *     path each table whole); {@code false} when a side has no transactions (a REST backend), where a
 *     failure midway leaves the batches written before
 */
public record SyncResult(String source, String destination, String userId, SyncMode mode, boolean delete,
        boolean dryRun, boolean fkAware, Map<String, TableSyncResult> tables, List<String> warnings,
        List<String> errors, boolean atomic) {

    /** Copies the collections, keeping the tables' order. */
    public SyncResult {
        tables = Collections.unmodifiableMap(new LinkedHashMap<>(tables));
        warnings = List.copyOf(warnings);
        errors = List.copyOf(errors);
    }

    /** Returns whether nothing went wrong: no error and no table failed. */
    public boolean ok() {
        return errors.isEmpty() && tables.values().stream().allMatch(table -> table.error() == null);
    }

    /** Returns the rows inserted over all tables. */
    public long totalInserted() {
        return tables.values().stream().mapToLong(TableSyncResult::inserted).sum();
    }

    /** Returns the rows updated over all tables. */
    public long totalUpdated() {
        return tables.values().stream().mapToLong(TableSyncResult::updated).sum();
    }

    /** Returns the rows deleted over all tables. */
    public long totalDeleted() {
        return tables.values().stream().mapToLong(TableSyncResult::deleted).sum();
    }
}
