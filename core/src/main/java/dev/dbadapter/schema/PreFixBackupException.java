package dev.dbadapter.schema;

import dev.dbadapter.DbAdapterException;

/**
 * The backup that {@link FixOptions#backupHook()} makes before tables are rebuilt failed, so the fix
 * was not applied and nothing was changed. The hook's failure is the cause.
 */
public final class PreFixBackupException extends SchemaException {

    /** Creates the exception for the hook's failure {@code cause}, keeping its hint when it has one. */
    public PreFixBackupException(Throwable cause) {
        super("Backup before the fix failed, nothing was changed: " + cause.getMessage(),
                cause instanceof DbAdapterException named ? named.hint() : null, cause);
    }
}
