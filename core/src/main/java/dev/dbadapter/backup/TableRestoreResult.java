package dev.dbadapter.backup;

import java.util.List;

/**
 * What a restore did with one table's rows.
 *
 * @param inserted rows inserted as new rows
 * @param updated existing rows updated ({@link RestoreMode#OVERWRITE})
 * @param skipped rows kept as they were (existing, {@link RestoreMode#SKIP}) or whose parent was not restored
 * @param failed rows the database rejected
 * @param failureDetails the rejected rows (the first {@value #MAX_DETAILS} of them)
 */
public record TableRestoreResult(long inserted, long updated, long skipped, long failed, List<RowFailure> failureDetails) {
    /** How many failed rows are listed at most. */
    public static final int MAX_DETAILS = 1000;

    /** Copies the list. */
    public TableRestoreResult {
        failureDetails = List.copyOf(failureDetails);
    }
}
