package dev.dbadapter.sync;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One table of a sync: the user's rows on each side, the plan, and what was committed.
 *
 * @param sourceRows the user's rows in the source
 * @param destinationRows the user's rows in the destination, before the sync
 * @param newRows source rows whose slug the destination lacks (inserted by a sync)
 * @param existing source rows whose slug the destination has
 * @param differing of the existing rows, those whose content differs ({@link SyncMode#OVERWRITE}
 *     updates them); {@code null} in {@link SyncMode#SKIP} mode, which does not compare content
 * @param missing destination rows whose slug the source lacks (a sync with delete removes them)
 * @param inserted rows inserted and committed
 * @param updated rows updated and committed
 * @param deleted rows deleted and committed
 * @param error why the table's changes were rolled back, or {@code null}
 */
public record TableSyncResult(long sourceRows, long destinationRows, @JsonProperty("new") long newRows, long existing,
        Long differing, long missing, long inserted, long updated, long deleted,
        @JsonInclude(JsonInclude.Include.NON_NULL) String error) {

    /** The plan of a table, before anything is written. */
    public static TableSyncResult planned(long sourceRows, long destinationRows, long newRows, Long differing,
            long missing) {
        return new TableSyncResult(sourceRows, destinationRows, newRows, sourceRows - newRows, differing, missing, 0, 0,
                0, null);
    }

    /** Returns this plan with what was committed. */
    public TableSyncResult committed(long insertedRows, long updatedRows, long deletedRows) {
        return new TableSyncResult(sourceRows, destinationRows, newRows, existing, differing, missing, insertedRows,
                updatedRows, deletedRows, error);
    }

    /** Returns this result with the error the table's writes stopped or were rolled back for; the counts stay. */
    public TableSyncResult failed(String why) {
        return new TableSyncResult(sourceRows, destinationRows, newRows, existing, differing, missing, inserted, updated,
                deleted, why);
    }
}
