package dev.dbadapter.backup;

import java.util.List;

/**
 * What a restore did with one table's rows.
 *
 * @param inserted rows inserted as new rows
 * @param updated existing rows updated ({@link RestoreMode#OVERWRITE})
 * @param skipped existing rows kept as they were ({@link RestoreMode#SKIP})
 * @param orphaned rows not restored because their parent row was not restored (not in the file, or
 *     itself not restored)
 * @param failed rows the database rejected
 * @param failureDetails the rejected rows (the first {@value #MAX_DETAILS} of them)
 * @param orphanDetails the orphaned rows (the first {@value #MAX_DETAILS} of them), each with its parent
 */
public record TableRestoreResult(long inserted, long updated, long skipped, long orphaned, long failed,
        List<RowFailure> failureDetails, List<RowFailure> orphanDetails) {
    /** How many failed or orphaned rows are listed at most. */
    public static final int MAX_DETAILS = 1000;

    /** Copies the lists. */
    public TableRestoreResult {
        failureDetails = List.copyOf(failureDetails);
        orphanDetails = List.copyOf(orphanDetails);
    }

    /** A table without orphaned rows. */
    public TableRestoreResult(long inserted, long updated, long skipped, long failed, List<RowFailure> failureDetails) {
        this(inserted, updated, skipped, 0, failed, failureDetails, List.of());
    }

    /** Returns the reason given for an orphaned row: its parent field's value and the parent table. */
    public static String orphanReason(String parentField, String parentValue, String parentTable) {
        return "parent " + parentField + "=" + parentValue + " was not restored to '" + parentTable + "'";
    }
}
