package dev.dbadapter.schema;

import java.util.List;
import java.util.Objects;

/**
 * How {@link SchemaFixer#applyFixes} applies a {@link FixPlan}. The defaults preview only: nothing is
 * changed until {@link #confirmed()}.
 *
 * @param strategy {@link Strategy#RECREATE} rebuilds tables missing two or more columns;
 *     {@link Strategy#ALTER} never rebuilds and adds every missing column with {@code ADD COLUMN}
 * @param confirm whether to apply; {@code false} previews (checks the plan, changes nothing)
 * @param noBackup skip the pre-fix backup even when a hook is set
 * @param backupHook called before tables are rebuilt to back them up, or {@code null} when no
 *     backup is configured
 */
public record FixOptions(Strategy strategy, boolean confirm, boolean noBackup, BackupHook backupHook) {

    /** How tables that miss several columns are repaired. */
    public enum Strategy {
        /** Rebuild the table from {@code schema.sql}, keeping its rows, dependants and sequences. */
        RECREATE,
        /** Only {@code ADD COLUMN}: never drop or rebuild anything. */
        ALTER
    }

    /** Backs up the tables about to be rebuilt; called once, before any DDL. */
    @FunctionalInterface
    public interface BackupHook {
        /**
         * Backs up {@code tables}.
         *
         * @return where the backup was written, shown to the user
         * @throws Exception when the backup fails; the fix is then not applied
         */
        String backup(List<String> tables) throws Exception;
    }

    /** Requires a strategy. */
    public FixOptions {
        Objects.requireNonNull(strategy, "strategy");
    }

    /** Returns the defaults: strategy recreate, preview only, no backup hook. */
    public static FixOptions preview() {
        return new FixOptions(Strategy.RECREATE, false, false, null);
    }

    /** Returns these options with {@code confirm} set, so the fix is applied. */
    public FixOptions confirmed() {
        return new FixOptions(strategy, true, noBackup, backupHook);
    }

    /** Returns these options with another strategy. */
    public FixOptions withStrategy(Strategy newStrategy) {
        return new FixOptions(newStrategy, confirm, noBackup, backupHook);
    }

    /** Returns these options with a backup hook. */
    public FixOptions withBackupHook(BackupHook hook) {
        return new FixOptions(strategy, confirm, noBackup, hook);
    }

    /** Returns these options with the backup skipped. */
    public FixOptions withoutBackup() {
        return new FixOptions(strategy, confirm, true, backupHook);
    }
}
