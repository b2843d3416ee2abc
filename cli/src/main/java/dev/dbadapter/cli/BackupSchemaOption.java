package dev.dbadapter.cli;

import dev.dbadapter.backup.BackupException;
import dev.dbadapter.backup.BackupSchema;
import dev.dbadapter.config.ConfigException;
import dev.dbadapter.config.DatabaseConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The {@code --backup-schema} option of backup and restore, and where a backup schema comes from:
 * the flag, else {@code [schema] backup_schema} in {@code db.toml}.
 */
final class BackupSchemaOption {
    @Option(names = "--backup-schema", paramLabel = "FILE",
            description = "Backup schema JSON (default: [schema] backup_schema in db.toml).")
    Path file;

    /**
     * Loads the backup schema named by the flag, else by {@code db.toml}.
     *
     * @throws ConfigException when neither names one, or the file named is missing or not a valid
     *     backup schema
     */
    BackupSchema load(DbAdapterCommand root) {
        return file != null ? load(root.argumentPath(file)) : configured(root);
    }

    /**
     * Loads the backup schema named by {@code [schema] backup_schema} in {@code db.toml}.
     *
     * @throws ConfigException when none is named, or the file is missing or not a valid backup schema
     */
    static BackupSchema configured(DbAdapterCommand root) {
        DatabaseConfig config = root.config();
        if (config.schema() == null || config.schema().backupSchema() == null) {
            throw new ConfigException("No backup schema given",
                    "pass --backup-schema FILE or set backup_schema under [schema] in db.toml", null);
        }
        return load(root.configPath(config.schema().backupSchema()));
    }

    /** A backup schema file that cannot be used is a configuration error (exit 2), not a failed backup. */
    private static BackupSchema load(Path path) {
        try {
            return BackupSchema.load(path);
        } catch (BackupException e) {
            throw new ConfigException(e.getMessage(), e.hint(), e);
        }
    }
}
