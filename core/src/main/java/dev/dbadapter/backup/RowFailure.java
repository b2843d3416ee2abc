package dev.dbadapter.backup;

/**
 * One row a restore could not write.
 *
 * @param rowIndex the row's position in its table's array in the backup file, counted from 0
 * @param oldPk the row's primary key in the backup file, as text
 * @param error what the database said
 */
public record RowFailure(long rowIndex, String oldPk, String error) {
}
