package dev.dbadapter.cli;

import dev.dbadapter.schema.SchemaFile;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --schema-file} option shared by the schema commands. */
final class SchemaFileOption {
    @Option(names = "--schema-file", paramLabel = "FILE",
            description = "Schema file (default: [schema] file in db.toml, else schema.sql).")
    Path path;

    /** Reads the schema file named by the flag, else by {@code db.toml}; see {@link SchemaFiles#schemaFile}. */
    SchemaFile read(DbAdapterCommand root) {
        return SchemaFiles.schemaFile(root, path);
    }
}
