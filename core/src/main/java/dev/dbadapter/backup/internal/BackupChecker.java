package dev.dbadapter.backup.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dbadapter.adapter.postgres.internal.ValueCodec;
import dev.dbadapter.backup.BackupCheck;
import dev.dbadapter.backup.BackupSchema;
import dev.dbadapter.backup.TableDef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The validation rules of a backup file, fed row by row by a reader. Errors: missing or non-object
 * metadata, a version other than {@value BackupFormat#VERSION}, a missing table key, a table that is
 * not an array, a row that is not an object, lacks its primary key (or has an empty one) or lacks
 * its slug field. Warnings: missing metadata fields, counts that differ from the metadata, orphaned
 * child rows, unknown keys.
 */
public final class BackupChecker {
    private static final int MAX_MESSAGES = 100;
    private static final List<String> METADATA_FIELDS = List.of("created_at", "user_id", "backup_type", "version");

    private final BackupSchema schema;
    private final IdSet[] parentIds;
    /** Per table, its parent's position in the schema, or -1 (looked up once: names are normalised on lookup). */
    private final int[] parentOf;
    private final boolean[] seen;
    private final long[] counts;
    private final List<String> errors = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private int moreErrors;
    private int moreWarnings;
    private JsonNode metadata;
    private final long[] orphans;
    /** Per table, user + parent + slug to the first row holding it; null unless {@link #checkingKeys()}. */
    private List<Map<String, Long>> slugs;

    /**
     * Creates a checker. With {@code checkOrphans}, the primary keys of every table that is some
     * table's parent are kept (as compact ids) to find orphaned child rows.
     */
    public BackupChecker(BackupSchema schema, boolean checkOrphans) {
        this.schema = schema;
        int size = schema.tables().size();
        this.parentIds = new IdSet[size];
        this.seen = new boolean[size];
        this.counts = new long[size];
        this.orphans = new long[size];
        this.parentOf = new int[size];
        for (int i = 0; i < size; i++) {
            TableDef table = schema.tables().get(i);
            parentOf[i] = table.parent() == null ? -1 : schema.indexOf(table.parent().table());
            if (checkOrphans && parentOf[i] >= 0 && parentIds[parentOf[i]] == null) {
                parentIds[parentOf[i]] = new IdSet();
            }
        }
    }

    /** Returns this checker, also checking the JSON types of keys and repeated slugs ({@link #keys}). */
    public BackupChecker checkingKeys() {
        slugs = new ArrayList<>();
        schema.tables().forEach(table -> slugs.add(new HashMap<>()));
        return this;
    }

    /**
     * Checks one row's keys as the file wrote them: the primary key must be a number or a string (not
     * an object, array or boolean), the slug a string, and no two rows of a table may share a slug for
     * the same user and parent.
     *
     * @param pk the primary key's JSON text, or null
     * @param slug the slug's JSON text, or null
     * @param parent the parent field's text, or null
     * @param user the user field's text, or null
     */
    public void keys(int table, long index, String pk, String slug, String parent, String user) {
        TableDef def = schema.tables().get(table);
        String row = def.name() + "[" + index + "]";
        String pkType = pk == null ? null : typeOf(pk);
        if (pkType != null && !pkType.equals("a number") && !pkType.equals("a string")) {
            error(row + ": primary key '" + def.pk() + "' is " + pkType + " (" + abbreviate(pk)
                    + "); it must be a number or a string");
        }
        String where = row + " (pk=" + abbreviate(scalarText(pk)) + ")";
        if (slug == null) {
            return;
        }
        String slugType = typeOf(slug);
        if (!slugType.equals("a string")) {
            error(where + ": slug field '" + def.slugField() + "' is " + slugType + " (" + abbreviate(slug)
                    + "); it must be a string");
            return;
        }
        String text = scalarText(slug);
        Long first = slugs.get(table).putIfAbsent(user + "\u0000" + parent + "\u0000" + text, index);
        if (first != null) {
            error(where + ": slug '" + abbreviate(text) + "' repeats " + def.name() + "[" + first + "]"
                    + " (same user" + (def.parent() == null ? "" : " and " + def.parent().field()) + ")");
        }
    }

    /** Returns a JSON value's text as a scalar: a string unquoted, anything else as written. */
    public static String scalarText(String json) {
        return json != null && json.startsWith("\"") && ValueCodec.parseJson(json) instanceof String text ? text : json;
    }

    private static String typeOf(String json) {
        return switch (json.charAt(0)) {
            case '"' -> "a string";
            case '{' -> "a JSON object";
            case '[' -> "a JSON array";
            case 't', 'f' -> "a boolean";
            default -> "a number";
        };
    }

    private static String abbreviate(String text) {
        return text == null || text.length() <= 40 ? text : text.substring(0, 37) + "...";
    }

    /** Returns the schema position of a top-level file key, or -1 when it is not a table of the schema. */
    public int tableIndex(String key) {
        try {
            return schema.indexOf(key);
        } catch (IllegalArgumentException notAName) {
            return -1;
        }
    }

    /** Records the metadata value. */
    public void metadata(JsonNode node) {
        metadata = node;
    }

    /** Notes a top-level key that is neither metadata nor a table of the schema. */
    public void unknownKey(String key) {
        warn("Key '" + key + "' is not a table of the backup schema; it is ignored");
    }

    /**
     * Starts a table; returns false (and records an error) when the file holds the table twice.
     */
    public boolean tableStart(int table) {
        if (seen[table]) {
            error("Table '" + name(table) + "' appears twice in the file");
            return false;
        }
        seen[table] = true;
        TableDef def = schema.tables().get(table);
        if (def.parent() != null && parentIds[schema.indexOf(def.parent().table())] != null
                && !seen[schema.indexOf(def.parent().table())]) {
            warn("Table '" + def.name() + "' comes before its parent '" + def.parent().table()
                    + "' in the file; orphaned rows were not checked");
        }
        return true;
    }

    /** Records a table whose value is not an array. */
    public void tableNotArray(int table) {
        error("Table '" + name(table) + "' must be a JSON array of rows");
    }

    /** Records a row that is not an object. */
    public void nonObjectRow(int table, long index) {
        error(name(table) + "[" + index + "]: a row must be a JSON object");
    }

    /**
     * Checks one row.
     *
     * @param pk the primary key's text, or null when absent or JSON null
     * @param slugPresent whether the row has its slug field
     * @param parent the parent field's text, or null
     */
    public void row(int table, long index, String pk, boolean slugPresent, String parent) {
        TableDef def = schema.tables().get(table);
        counts[table]++;
        if (pk == null || pk.isEmpty()) {
            error(def.name() + "[" + index + "]: row has no primary key '" + def.pk() + "'"
                    + (pk == null ? "" : " (it is empty)"));
        } else if (parentIds[table] != null) {
            parentIds[table].add(pk);
        }
        if (!slugPresent) {
            error(def.name() + "[" + index + "]: row has no slug field '" + def.slugField() + "'");
        }
        if (parentOf[table] >= 0) {
            IdSet ids = parentIds[parentOf[table]];
            if (ids != null && seen[parentOf[table]] && (parent == null || !ids.contains(parent))) {
                orphans[table]++;
                if (orphans[table] <= 10) {
                    warn(def.name() + "[" + index + "] (pk=" + pk + "): orphaned row, its parent "
                            + def.parent().field() + "=" + parent + " is not in '" + def.parent().table() + "'");
                }
            }
        }
    }

    /** Finishes the checks and returns the result. */
    public BackupCheck result() {
        checkMetadata();
        for (int i = 0; i < seen.length; i++) {
            if (!seen[i]) {
                error("Table '" + name(i) + "' is missing from the backup");
            }
            if (orphans[i] > 10) {
                warn(name(i) + ": " + (orphans[i] - 10) + " more orphaned rows");
            }
        }
        List<String> allErrors = new ArrayList<>(errors);
        if (moreErrors > 0) {
            allErrors.add("... and " + moreErrors + " more errors");
        }
        List<String> allWarnings = new ArrayList<>(warnings);
        if (moreWarnings > 0) {
            allWarnings.add("... and " + moreWarnings + " more warnings");
        }
        return new BackupCheck(allErrors.isEmpty(), allErrors, allWarnings);
    }

    /** Records a file-level error (unreadable, not JSON). */
    public void error(String message) {
        if (errors.size() < MAX_MESSAGES) {
            errors.add(message);
        } else {
            moreErrors++;
        }
    }

    private void warn(String message) {
        if (warnings.size() < MAX_MESSAGES) {
            warnings.add(message);
        } else {
            moreWarnings++;
        }
    }

    private void checkMetadata() {
        if (metadata == null) {
            error("The backup has no 'metadata'");
            return;
        }
        if (!metadata.isObject()) {
            error("'metadata' must be a JSON object");
            return;
        }
        for (String field : METADATA_FIELDS) {
            if (!metadata.hasNonNull(field)) {
                warn("Metadata field '" + field + "' is missing");
            }
        }
        JsonNode version = metadata.get("version");
        // a number 1.1 is not the format's version string (and 1.10 would read as 1.1)
        if (version != null && !version.isNull() && !(version.isTextual() && BackupFormat.VERSION.equals(version.asText()))) {
            error(version.isTextual()
                    ? "Unsupported backup version '" + version.asText() + "' (expected " + BackupFormat.VERSION + ")"
                    : "Unsupported backup version " + version + ", not a string (expected \"" + BackupFormat.VERSION + "\")");
        }
        for (int i = 0; i < seen.length; i++) {
            JsonNode count = metadata.get(name(i) + "_count");
            if (seen[i] && count != null && count.canConvertToLong() && count.asLong() != counts[i]) {
                warn("Metadata says " + name(i) + "_count=" + count.asLong() + " but the file holds " + counts[i] + " rows");
            }
        }
    }

    private String name(int table) {
        return schema.tables().get(table).name();
    }
}
