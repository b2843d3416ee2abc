package dev.dbadapter.backup;

import java.util.List;

/**
 * What {@link Backups#validateBackup} found in a backup file.
 *
 * @param valid whether the file has no errors (warnings allowed)
 * @param errors problems that make the file unusable for a restore
 * @param warnings problems a restore can live with (missing metadata fields, orphaned rows)
 */
public record BackupCheck(boolean valid, List<String> errors, List<String> warnings) {
    /** Copies the lists. */
    public BackupCheck {
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
    }
}
