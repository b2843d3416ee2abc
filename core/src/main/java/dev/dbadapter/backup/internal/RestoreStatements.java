package dev.dbadapter.backup.internal;

import dev.dbadapter.backup.BackupSchema;
import dev.dbadapter.backup.ForeignKey;
import dev.dbadapter.backup.TableDef;
import dev.dbadapter.backup.TableRestoreResult;
import dev.dbadapter.internal.Identifiers;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The set-based statements that move staged rows into their tables, built from {@link TablePlan}s
 * (one per table of a backup schema, in schema order). Rows are matched to existing rows with
 * one join, keys are remapped by joining the parents' work tables, and new rows, updates and late
 * references are each one statement. Statements that run over a row range end in
 * {@code __idx BETWEEN ? AND ?}, for {@link RangeRetry}. Names in the SQL are quoted; values are
 * parameters, listed in each method's description.
 */
public final class RestoreStatements {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\w+)}");

    /** Where a new row's primary key comes from. */
    public enum KeySource {
        /** The incoming row's own key (kept ids, or a key without a default). Parameters: none. */
        INCOMING,
        /** The key's sequence. Parameters: the sequence name. */
        SEQUENCE,
        /** Numbers above the current maximum, so a dry run does not move the sequence. Parameters: that maximum. */
        ABOVE_MAXIMUM,
        /** The key column's default expression. Parameters: none. */
        DEFAULT
    }

    private final BackupSchema schema;
    private final List<TablePlan> plans;

    /** Builds statements for {@code plans}, one per table of {@code schema}, in schema order. */
    public RestoreStatements(BackupSchema schema, List<TablePlan> plans) {
        this.schema = schema;
        this.plans = List.copyOf(plans);
    }

    /** Selects up to ten primary keys the staged rows hold more than once, with how often. */
    public String duplicateKeys(TablePlan plan) {
        return fill("""
                SELECT {pk}, count(*) FROM {staging} GROUP BY {pk} HAVING count(*) > 1 ORDER BY 1 LIMIT 10""",
                Map.of("pk", plan.target().pk().sql(), "staging", plan.staging()));
    }

    /** Creates the work table of {@code plan} (dropped at commit). */
    public String createWork(TablePlan plan) {
        TargetTable target = plan.target();
        TableDef def = target.def();
        StringBuilder refs = new StringBuilder();
        for (int k = 0; k < def.optionalRefs().size(); k++) {
            refs.append(", ref_").append(k).append(' ').append(target.column(def.optionalRefs().get(k).field()).type());
        }
        return fill("""
                CREATE TEMP TABLE {work} (__idx bigint, old_pk text, parent_pk {parentType}, existing {pkType},
                    new_pk {pkType}{refs}) ON COMMIT DROP""",
                Map.of("work", plan.work(), "parentType", def.parent() == null ? "text" : target.column(def.parent().field()).type(),
                        "pkType", target.pk().type(), "refs", refs.toString()));
    }

    /**
     * Returns the expression that gives a new row of {@code plan} its key, over the staged row
     * {@code s}; its parameters are listed by {@link KeySource}.
     */
    public String newKey(TablePlan plan, KeySource source) {
        TargetTable.Column pk = plan.target().pk();
        return switch (source) {
            case INCOMING -> "s." + pk.sql() + "::" + pk.type();
            case SEQUENCE -> "nextval(?::regclass)";
            case ABOVE_MAXIMUM -> "(?::bigint + s.__idx + 1)";
            case DEFAULT -> "(" + pk.defaultExpr() + ")";
        };
    }

    /** Selects the highest key of {@code plan}'s table, 0 when it is empty. */
    public String maximumKey(TablePlan plan) {
        return "SELECT coalesce(max(" + plan.target().pk().sql() + "), 0)::bigint FROM " + plan.target().sql();
    }

    /**
     * Fills the work table of {@code plan}: for each staged row its old key, its parent's new key,
     * its references' new keys (for tables restored before it), the key of the existing row with
     * the same slug, user and parent, and, when there is none and the parent was found,
     * {@code newKey} (from {@link #newKey}). With {@code newOnly}, the rows that match an existing
     * row are left out: nothing needs their keys (a table no other points at, restored in skip mode),
     * and a restore with nothing to do then writes no work rows at all. Parameters: those of
     * {@code newKey}, then the user id (only when {@link TablePlan#userHasRows()}: otherwise no row
     * is matched).
     */
    public String fillWork(TablePlan plan, String newKey, boolean newOnly) {
        TargetTable target = plan.target();
        TableDef def = target.def();
        String parentColumn = def.parent() == null ? null : target.column(def.parent().field()).sql();
        StringBuilder refKeys = new StringBuilder();
        StringBuilder refJoins = new StringBuilder();
        for (int k = 0; k < def.optionalRefs().size(); k++) {
            ForeignKey ref = def.optionalRefs().get(k);
            TablePlan referenced = restoredBefore(ref, plan);
            refKeys.append(", ").append(referenced == null ? "NULL" : "r" + k + ".pk");
            if (referenced != null) {
                refJoins.append("\nLEFT JOIN ").append(referenced.mapping()).append(" r").append(k)
                        .append(" ON r").append(k).append(".old_pk = s.").append(target.column(ref.field()).sql());
            }
        }
        Map<String, String> names = new HashMap<>();
        names.put("work", plan.work());
        names.put("staging", plan.staging());
        names.put("target", target.sql());
        names.put("pk", target.pk().sql());
        names.put("slug", Identifiers.quote(def.slugField()));
        names.put("slugType", target.column(def.slugField()).type());
        names.put("user", Identifiers.quote(def.userField()));
        names.put("userType", target.column(def.userField()).type());
        names.put("newKey", newKey);
        names.put("refKeys", refKeys.toString());
        names.put("refJoins", refJoins.toString());
        names.put("parentKey", parentColumn == null ? "NULL" : "p.pk");
        names.put("parentFound", parentColumn == null ? "" : " AND p.pk IS NOT NULL");
        names.put("parentJoin", parentColumn == null ? ""
                : "\nLEFT JOIN " + parentPlan(plan).mapping() + " p ON p.old_pk = s." + parentColumn);
        names.put("parentColumn", parentColumn == null ? "" : ", t." + parentColumn);
        names.put("parentAs", parentColumn == null ? "" : ", t." + parentColumn + " AS parent");
        names.put("parentMatch", parentColumn == null ? "" : " AND e.parent = p.pk");
        names.put("parentMatchTarget", parentColumn == null ? "" : " AND t." + parentColumn + " = p.pk");
        if (!plan.userHasRows()) {
            // the user had no rows here when the restore began: nothing to match, every row with a parent is new
            return fill("""
                    INSERT INTO {work}
                    SELECT s.__idx, s.{pk}, {parentKey}, NULL, CASE WHEN TRUE{parentFound} THEN {newKey} END{refKeys}
                    FROM {staging} s{parentJoin}{refJoins}""", names);
        }
        if (target.uniqueMatch()) {
            // at most one existing row matches: a plain join, which an index on the key can serve
            return fill("""
                    INSERT INTO {work}
                    SELECT s.__idx, s.{pk}, {parentKey}, t.{pk}, CASE WHEN t.{pk} IS NULL{parentFound} THEN {newKey} END{refKeys}
                    FROM {staging} s{parentJoin}
                    LEFT JOIN {target} t
                      ON t.{user} = ?::{userType} AND t.{slug} = s.{slug}::{slugType}{parentMatchTarget}{refJoins}""",
                    names) + (newOnly ? "\nWHERE t." + target.pk().sql() + " IS NULL" : "");
        }
        // only the slugs staged are looked up: a small restore into a big table must not sort all the user's rows
        return fill("""
                INSERT INTO {work}
                SELECT s.__idx, s.{pk}, {parentKey}, e.pk, CASE WHEN e.pk IS NULL{parentFound} THEN {newKey} END{refKeys}
                FROM {staging} s{parentJoin}
                LEFT JOIN (SELECT DISTINCT ON (t.{slug}{parentColumn}) t.{pk} AS pk, t.{slug} AS slug{parentAs}
                           FROM {target} t
                           WHERE t.{user} = ?::{userType} AND t.{slug} IN (SELECT x.{slug}::{slugType} FROM {staging} x)) e
                  ON e.slug = s.{slug}::{slugType}{parentMatch}{refJoins}""", names)
                + (newOnly ? "\nWHERE e.pk IS NULL" : "");
    }

    /**
     * Selects the numbers of the rows whose full rows must be staged: those that got a new key and,
     * when {@code updates}, those that match an existing row.
     */
    public String rowsToWrite(TablePlan plan, boolean updates) {
        return "SELECT __idx FROM " + plan.work() + " WHERE new_pk IS NOT NULL"
                + (updates ? " OR existing IS NOT NULL" : "");
    }

    /** Selects, from the work table, how many rows match an existing row, get a new key, and neither. */
    public String workCounts(TablePlan plan) {
        return fill("""
                SELECT count(existing), count(new_pk), count(*) FILTER (WHERE existing IS NULL AND new_pk IS NULL)
                FROM {work}""", Map.of("work", plan.work()));
    }

    /**
     * Selects the orphaned rows (no existing match, no new key: their parent was not restored), the
     * first {@value TableRestoreResult#MAX_DETAILS}: number, old key and parent value; null for a
     * table without a parent.
     */
    public String orphans(TablePlan plan) {
        TableDef def = plan.target().def();
        if (def.parent() == null) {
            return null;
        }
        return fill("""
                SELECT w.__idx, w.old_pk, s.{parent} FROM {work} w JOIN {staging} s USING (__idx)
                WHERE w.existing IS NULL AND w.new_pk IS NULL ORDER BY w.__idx LIMIT {limit}""",
                Map.of("parent", plan.target().column(def.parent().field()).sql(), "work", plan.work(),
                        "staging", plan.staging(), "limit", String.valueOf(TableRestoreResult.MAX_DETAILS)));
    }

    /** Selects the first staged row that matches an existing row: its number, old key and slug. */
    public String firstExisting(TablePlan plan) {
        return fill("""
                SELECT w.__idx, w.old_pk, s.{slug} FROM {work} w JOIN {staging} s USING (__idx)
                WHERE w.existing IS NOT NULL ORDER BY w.__idx LIMIT 1""",
                Map.of("slug", Identifiers.quote(plan.target().def().slugField()), "work", plan.work(),
                        "staging", plan.staging()));
    }

    /**
     * Inserts the rows of a range that got a new key: key, user, remapped parent and references,
     * and the data columns the rows gave (read from {@link TablePlan#rowsTable()}). Parameters: the user id, the first and last row number.
     */
    public String insert(TablePlan plan) {
        TargetTable target = plan.target();
        TableDef def = target.def();
        List<String> columns = new ArrayList<>(List.of(target.pk().sql(), Identifiers.quote(def.userField())));
        List<String> values = new ArrayList<>(List.of("w.new_pk", "?::" + target.column(def.userField()).type()));
        if (def.parent() != null) {
            columns.add(target.column(def.parent().field()).sql());
            values.add("w.parent_pk");
        }
        for (int k = 0; k < def.optionalRefs().size(); k++) {
            columns.add(target.column(def.optionalRefs().get(k).field()).sql());
            values.add("w.ref_" + k);
        }
        for (TargetTable.Column column : plan.dataColumns(false)) {
            columns.add(column.sql());
            values.add(cast(column));
        }
        return fill("""
                INSERT INTO {target} ({columns}){overriding}
                SELECT {values} FROM {staging} s JOIN {work} w ON w.__idx = s.__idx
                WHERE w.new_pk IS NOT NULL AND w.__idx BETWEEN ? AND ?""",
                Map.of("target", target.sql(), "columns", String.join(", ", columns),
                        "overriding", target.pk().identityAlways() ? " OVERRIDING SYSTEM VALUE" : "",
                        "values", String.join(", ", values), "staging", plan.rowsTable(), "work", plan.work()));
    }

    /**
     * Overwrites the existing rows a range matched with the references and data columns the rows
     * gave (with {@code changedOnly}, only the rows where one of those differs: by text, jsonb by
     * value), or returns
     * {@code null} when they gave none. Parameters: the first and last row number.
     */
    public String update(TablePlan plan, boolean changedOnly) {
        TargetTable target = plan.target();
        List<ForeignKey> refs = target.def().optionalRefs();
        List<String> columns = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (int k = 0; k < refs.size(); k++) {
            columns.add(target.column(refs.get(k).field()).sql());
            values.add("w.ref_" + k);
        }
        Set<String> jsonb = new HashSet<>();
        for (TargetTable.Column column : plan.dataColumns(true)) {
            columns.add(column.sql());
            values.add(cast(column));
            if (column.type().equals("jsonb")) {
                jsonb.add(column.sql());
            }
        }
        if (columns.isEmpty()) {
            return null;
        }
        List<String> sets = new ArrayList<>();
        // compared as row text, so json and other types without an equality operator compare too; jsonb
        // as PostgreSQL compares it (1.0 and 1.00 are equal), as a sync's digests do
        List<String> current = new ArrayList<>();
        List<String> textValues = new ArrayList<>();
        List<String> changes = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            sets.add(columns.get(i) + " = " + values.get(i));
            if (jsonb.contains(columns.get(i))) {
                changes.add("t." + columns.get(i) + " IS DISTINCT FROM " + values.get(i));
            } else {
                current.add("t." + columns.get(i));
                textValues.add(values.get(i));
            }
        }
        if (!current.isEmpty()) {
            changes.addFirst("ROW(" + String.join(", ", current) + ")::text IS DISTINCT FROM ROW(" + String.join(", ", textValues)
                    + ")::text");
        }
        return fill("""
                UPDATE {target} t SET {sets}
                FROM {staging} s JOIN {work} w ON w.__idx = s.__idx
                WHERE t.{pk} = w.existing AND w.__idx BETWEEN ? AND ?{changed}""",
                Map.of("target", target.sql(), "sets", String.join(", ", sets), "staging", plan.rowsTable(),
                        "work", plan.work(), "pk", target.pk().sql(), "changed", changedOnly
                                ? "\n  AND (" + String.join(" OR ", changes) + ")" : ""));
    }

    /**
     * Moves the key's sequence up to the table's highest key, never back (rows of others may sit
     * above the restored keys). Parameters: the sequence name, twice.
     */
    public String advanceSequence(TablePlan plan) {
        return fill("""
                SELECT setval(?::regclass, greatest((SELECT max({pk}) FROM {target}), pg_sequence_last_value(?::regclass)))""",
                Map.of("pk", plan.target().pk().sql(), "target", plan.target().sql()));
    }

    /** Indexes and analyses the full rows and the work table by row number, for statements over narrow ranges. */
    public List<String> indexRowNumbers(TablePlan plan) {
        return List.of("CREATE INDEX ON " + plan.rowsTable() + " (__idx)", "CREATE INDEX ON " + plan.work() + " (__idx)",
                "ANALYZE " + plan.rowsTable(), "ANALYZE " + plan.work());
    }

    /** Selects a staged row's old key. Parameters: the row number. */
    public String oldKey(TablePlan plan) {
        return "SELECT old_pk FROM " + plan.work() + " WHERE __idx = ?";
    }

    /**
     * Takes the new key from the rows of a range that have one, so no child maps to them, and
     * returns (as its count) how many they were. Parameters: the first and last row number.
     */
    public String dropNewKeys(TablePlan plan) {
        return "UPDATE " + plan.work() + " SET new_pk = NULL WHERE new_pk IS NOT NULL AND __idx BETWEEN ? AND ?";
    }

    /** Counts the rows of a range that match an existing row. Parameters: the first and last row number. */
    public String countExisting(TablePlan plan) {
        return "SELECT count(*) FROM " + plan.work() + " WHERE existing IS NOT NULL AND __idx BETWEEN ? AND ?";
    }

    /**
     * Returns the plan of the table {@code plan}'s optional reference {@code k} points at when that
     * table is restored at or after {@code plan}'s (its keys were not known when the work table was
     * filled), else {@code null}.
     */
    public TablePlan lateReference(TablePlan plan, int k) {
        int referenced = schema.indexOf(plan.target().def().optionalRefs().get(k).table());
        return referenced < plan.index() ? null : plans.get(referenced);
    }

    /**
     * Points optional reference {@code k} of the rows {@code plan} inserted (and, when
     * {@code overwrite}, updated) at the new keys of the table it references, which was restored
     * later (see {@link #lateReference}).
     */
    public String remapLateReference(TablePlan plan, int k, boolean overwrite) {
        TargetTable target = plan.target();
        String column = target.column(target.def().optionalRefs().get(k).field()).sql();
        return fill("""
                UPDATE {target} t SET {column} = m.pk
                FROM {staging} s JOIN {work} w ON w.__idx = s.__idx JOIN {mapping} m ON m.old_pk = s.{column}
                WHERE t.{pk} = {rowKey}""",
                Map.of("target", target.sql(), "column", column, "staging", plan.staging(), "work", plan.work(),
                        "mapping", lateReference(plan, k).mapping(), "pk", target.pk().sql(),
                        "rowKey", overwrite ? "coalesce(w.new_pk, w.existing)" : "w.new_pk"));
    }

    /** Selects the old → new key mapping of {@code plan}'s table: old key (text) and new key, for rows that have one. */
    public String mappedKeys(TablePlan plan) {
        return "SELECT old_pk, pk FROM " + plan.mapping() + " m WHERE pk IS NOT NULL";
    }

    /** Returns the plan of the parent table of {@code plan}'s table, which has a parent. */
    public TablePlan parentPlan(TablePlan plan) {
        return plans.get(schema.indexOf(plan.target().def().parent().table()));
    }

    /** Returns the plan of the table {@code ref} points at when it is restored before {@code plan}'s, else {@code null}. */
    public TablePlan restoredBefore(ForeignKey ref, TablePlan plan) {
        int index = schema.indexOf(ref.table());
        return index >= 0 && index < plan.index() ? plans.get(index) : null;
    }

    private static String cast(TargetTable.Column column) {
        return "s." + column.sql() + "::" + column.type();
    }

    /** Replaces each {@code {name}} in {@code template} by its value, in one pass. */
    private static String fill(String template, Map<String, String> values) {
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder sql = new StringBuilder(template.length() + 128);
        while (matcher.find()) {
            String value = values.get(matcher.group(1));
            if (value == null) {
                throw new IllegalArgumentException("no value for {" + matcher.group(1) + "}");
            }
            matcher.appendReplacement(sql, Matcher.quoteReplacement(value));
        }
        return matcher.appendTail(sql).toString();
    }
}
