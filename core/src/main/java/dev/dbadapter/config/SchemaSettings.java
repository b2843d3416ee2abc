package dev.dbadapter.config;

/**
 * The {@code [schema]} table of {@code db.toml}.
 *
 * @param file the schema file (default {@code schema.sql})
 * @param validateOnConnect whether {@code connect} validates the schema (default {@code true})
 * @param columnDefs the column definitions file used by {@code fix}, or {@code null}
 * @param backupSchema the backup schema file, or {@code null}
 */
public record SchemaSettings(String file, boolean validateOnConnect, String columnDefs, String backupSchema) {
    /** The settings when {@code [schema]} is absent. */
    public static final SchemaSettings DEFAULTS = new SchemaSettings("schema.sql", true, null, null);
}
