package dev.dbadapter.backup;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbadapter.SqlNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tables a backup holds, parents before children. Each table's {@code parent} must be declared
 * earlier in the list (which also rules out cycles); names must be valid identifiers and unique.
 *
 * @param tables the tables in backup and restore order
 */
public record BackupSchema(List<TableDef> tables) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Checks the hierarchy.
     *
     * @throws BackupException when a table is declared twice, or a parent is unknown, declared after
     *     its child, or the table itself
     */
    public BackupSchema {
        tables = List.copyOf(tables);
        Map<String, Integer> positions = new HashMap<>();
        for (int i = 0; i < tables.size(); i++) {
            TableDef table = tables.get(i);
            String key = key(table.name());
            if (positions.putIfAbsent(key, i) != null) {
                throw new BackupException("Backup schema declares table '" + table.name() + "' twice");
            }
        }
        for (int i = 0; i < tables.size(); i++) {
            TableDef table = tables.get(i);
            if (table.parent() == null) {
                continue;
            }
            Integer parent = positions.get(key(table.parent().table()));
            if (parent == null) {
                throw new BackupException("Backup schema: table '" + table.name() + "' has parent '"
                        + table.parent().table() + "', which is not in the schema",
                        "declare the parent table in the schema, before its children", null);
            }
            if (parent == i) {
                throw new BackupException("Backup schema: table '" + table.name() + "' is its own parent (a cycle)",
                        "self-references belong in optional_refs", null);
            }
            if (parent > i) {
                throw new BackupException("Backup schema: table '" + table.name() + "' is declared before its parent '"
                        + table.parent().table() + "' (parents must come first; a cycle cannot be ordered)",
                        "move '" + table.parent().table() + "' above '" + table.name() + "'", null);
            }
        }
    }

    /** Builds a schema from tables in order. */
    public static BackupSchema of(TableDef... tables) {
        return new BackupSchema(List.of(tables));
    }

    /** Returns the table named {@code name} (compared as PostgreSQL would), if declared. */
    public Optional<TableDef> table(String name) {
        String wanted = key(name);
        return tables.stream().filter(table -> key(table.name()).equals(wanted)).findFirst();
    }

    /** Returns the position of {@code name} in the schema, or -1. */
    public int indexOf(String name) {
        String wanted = key(name);
        for (int i = 0; i < tables.size(); i++) {
            if (key(tables.get(i).name()).equals(wanted)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Reads a schema file in the Python library's shape:
     * {@code {"tables": [{"name": ..., "pk": ..., "slug_field": ..., "user_field": ...,
     * "parent": {"table": ..., "field": ...}, "optional_refs": [{"table": ..., "field": ...}]}]}}.
     *
     * @throws BackupException when the file is missing, not JSON, or describes a bad schema
     */
    public static BackupSchema load(Path file) {
        try {
            return parse(Files.readString(file), file.toString());
        } catch (NoSuchFileException e) {
            throw new BackupException("Backup schema file not found: " + file,
                    "set [schema] backup_schema in db.toml or pass --backup-schema", e);
        } catch (IOException e) {
            throw new BackupException("Cannot read backup schema file " + file + ": " + e.getMessage(), null, e);
        }
    }

    /**
     * Parses a schema from JSON text in the shape {@link #load} reads.
     *
     * @param source names the text in error messages (a file name)
     * @throws BackupException when the text is not JSON or describes a bad schema
     */
    public static BackupSchema parse(String json, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new BackupException("Backup schema " + source + " is not valid JSON: " + e.getOriginalMessage()
                    + location(e), null, e);
        }
        if (root == null || !root.isObject() || !root.path("tables").isArray()) {
            throw new BackupException("Backup schema " + source + " must be an object with a \"tables\" array");
        }
        List<TableDef> tables = new ArrayList<>();
        int index = 0;
        for (JsonNode node : root.get("tables")) {
            String where = source + ": tables[" + index++ + "]"
                    + (node.path("name").isTextual() ? " ('" + node.get("name").asText() + "')" : "");
            try {
                if (!node.isObject()) {
                    throw new IllegalArgumentException("expected an object");
                }
                String name = text(node, "name", true);
                List<ForeignKey> refs = new ArrayList<>();
                JsonNode refNodes = node.path("optional_refs");
                if (!refNodes.isMissingNode() && !refNodes.isNull()) {
                    if (!refNodes.isArray()) {
                        throw new IllegalArgumentException("optional_refs must be an array");
                    }
                    for (JsonNode ref : refNodes) {
                        refs.add(foreignKey(ref, "optional_refs"));
                    }
                }
                JsonNode parent = node.path("parent");
                tables.add(new TableDef(name, null, null, null,
                        parent.isMissingNode() || parent.isNull() ? null : foreignKey(parent, "parent"), refs)
                        .withColumns(text(node, "pk", false), text(node, "slug_field", false),
                                text(node, "user_field", false)));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new BackupException("Backup schema " + where + ": " + e.getMessage());
            }
        }
        return new BackupSchema(tables);
    }

    private static ForeignKey foreignKey(JsonNode node, String what) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(what + " must be an object with \"table\" and \"field\"");
        }
        return ForeignKey.of(text(node, "table", true), text(node, "field", true));
    }

    private static String text(JsonNode node, String key, boolean required) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            if (required) {
                throw new IllegalArgumentException("\"" + key + "\" is missing");
            }
            return null;
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException("\"" + key + "\" must be a string");
        }
        return value.asText();
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr() + ")";
    }

    /** The name PostgreSQL would resolve, so {@code Products} and {@code products} are one table. */
    static String key(String table) {
        return SqlNames.quotedTable(table);
    }
}
