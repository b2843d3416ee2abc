package dev.dbadapter.cli;

import dev.dbadapter.config.ConfigException;
import dev.dbadapter.config.SchemaSettings;
import dev.dbadapter.schema.SchemaFile;
import dev.dbadapter.schema.SchemaFixer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Finds the files the schema commands read: the command-line flag first, then {@code db.toml}'s
 * {@code [schema]} table, else a clear error.
 */
final class SchemaFiles {
    private SchemaFiles() {
    }

    /**
     * Reads the schema file: {@code --schema-file}, else {@code [schema] file} (default {@code schema.sql}).
     *
     * @throws ConfigException when the file does not exist
     * @throws dev.dbadapter.schema.SchemaFileException when it cannot be parsed
     */
    static SchemaFile schemaFile(DbAdapterCommand root, Path flag) {
        SchemaSettings settings = root.factory().config().schema();
        Path path = flag != null ? root.argumentPath(flag) : root.configPath(settings.file());
        if (!Files.isRegularFile(path)) {
            String from = flag != null ? "--schema-file" : "[schema] file in db.toml (default schema.sql)";
            throw new ConfigException("Schema file not found: " + path + " (from " + from + ")",
                    "pass --schema-file FILE or set file = \"...\" under [schema] in db.toml", null);
        }
        return SchemaFile.read(path);
    }

    /**
     * Reads the column definitions: {@code --column-defs}, else {@code [schema] column_defs}; none
     * configured is an empty map (definitions then come from the schema file).
     *
     * @throws ConfigException when the named file does not exist
     * @throws dev.dbadapter.schema.SchemaFileException when it is not valid
     */
    static Map<String, String> columnDefs(DbAdapterCommand root, Path flag) {
        String configured = root.factory().config().schema().columnDefs();
        if (flag == null && configured == null) {
            return Map.of();
        }
        Path path = flag != null ? root.argumentPath(flag) : root.configPath(configured);
        if (!Files.isRegularFile(path)) {
            String from = flag != null ? "--column-defs" : "[schema] column_defs in db.toml";
            throw new ConfigException("Column definitions file not found: " + path
                    + " (from " + from + ")", "pass --column-defs FILE, fix column_defs under [schema] in db.toml,"
                    + " or remove it to take definitions from the schema file", null);
        }
        return SchemaFixer.readColumnDefs(path);
    }
}
