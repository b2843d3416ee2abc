package dev.dbadapter.backup.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What a restore knows about one table: where it goes, the temporary tables that carry its rows,
 * and what staging found in them.
 *
 * @param index the table's position in the backup schema (parents come first)
 * @param target the table written to, as the catalog describes it
 * @param staging the staging table holding the incoming rows as text, numbered by {@code __idx}
 * @param work the work table: per staged row its old key, remapped parent and references, the key
 *     of the existing row it matches and the key it gets; it is the table's old → new key mapping
 * @param rows the number of rows staged (numbered {@code 0 .. rows - 1})
 * @param presentColumns the target columns at least one incoming row gave a value for
 * @param ignoredFields incoming fields that are not writable columns of the target (at most a few), sorted
 * @param keysFirst whether {@code staging} holds only the {@link #keyColumns()} of every row, and the
 *     full rows go into {@link #rowsTable()} later, only for the rows that will be written
 * @param userHasRows whether the target held rows of the restoring user when the restore began
 *     (when not, no incoming row can match an existing one)
 * @param direct whether the rows go in one COPY straight into the target, read again from the source
 *     ({@link RowSource#copiesIntoTables()}): nothing points at the table and it held none of the
 *     user's rows, so no row needs a work row. Staging stages none of them; should that COPY fail,
 *     they are staged whole then and restored as any other table's
 */
public record TablePlan(int index, TargetTable target, String staging, String work, long rows,
        Set<String> presentColumns, SortedSet<String> ignoredFields, boolean keysFirst, boolean userHasRows,
        boolean direct) {

    /** Copies the sets. */
    public TablePlan {
        presentColumns = Set.copyOf(presentColumns);
        ignoredFields = Collections.unmodifiableSortedSet(new TreeSet<>(ignoredFields));
    }

    /**
     * Plans table {@code index} before its rows are staged; {@code run} tells this restore's
     * temporary tables from those of an earlier one in the same transaction.
     */
    public static TablePlan of(int index, TargetTable target, String run) {
        return of(index, target, run, false, true, false);
    }

    /**
     * Plans table {@code index} before its rows are staged, staging only its keys first when
     * {@code keysFirst}, or none of its rows when {@code direct}; {@code userHasRows} says whether the
     * target holds rows of the restoring user.
     *
     * @throws IllegalArgumentException when {@code direct} is asked with {@code keysFirst} or {@code userHasRows}
     */
    public static TablePlan of(int index, TargetTable target, String run, boolean keysFirst, boolean userHasRows,
            boolean direct) {
        if (direct && (keysFirst || userHasRows)) {
            throw new IllegalArgumentException("rows go straight into a table only when it holds none of the user's rows");
        }
        return new TablePlan(index, target, "dba_s_" + run + "_" + index, "dba_w_" + run + "_" + index, 0,
                Set.of(), Collections.emptySortedSet(), keysFirst, userHasRows, direct);
    }

    /** Returns this plan with what staging found: the row count, the columns given and the fields ignored. */
    public TablePlan staged(long rowCount, Set<String> present, SortedSet<String> ignored) {
        return new TablePlan(index, target, staging, work, rowCount, present, ignored, keysFirst, userHasRows, direct);
    }

    /**
     * Returns the columns (names as stored) the staging table has: the {@link #keyColumns()} when
     * {@link #keysFirst()}, else every writable column of the target.
     */
    public List<String> stagedColumns() {
        return keysFirst ? keyColumns() : List.copyOf(target.columns().keySet());
    }

    /**
     * Returns the columns rows are matched and remapped by, without repeats: the primary key, the
     * slug, the parent and the optional references.
     */
    public List<String> keyColumns() {
        var def = target.def();
        List<String> keys = new ArrayList<>(List.of(def.pk()));
        List<String> others = new ArrayList<>(List.of(def.slugField()));
        if (def.parent() != null) {
            others.add(def.parent().field());
        }
        def.optionalRefs().forEach(ref -> others.add(ref.field()));
        others.stream().filter(name -> !keys.contains(name)).forEach(keys::add);
        return List.copyOf(keys);
    }

    /**
     * Returns the table holding the full rows that are inserted or updated, numbered by
     * {@code __idx}: the staging table, or for {@link #keysFirst()} a table filled later with the
     * rows that will be written only.
     */
    public String rowsTable() {
        return keysFirst ? staging.replace("dba_s_", "dba_r_") : staging;
    }

    /** Returns the schema's name of the table. */
    public String name() {
        return target.def().name();
    }

    /** Returns the old → new key mapping as a sub-select of {@code old_pk} (text) and {@code pk}. */
    public String mapping() {
        return "(SELECT old_pk, coalesce(existing, new_pk) AS pk FROM " + work + ")";
    }

    /**
     * Returns the columns given by the incoming rows other than the key, user, parent and reference
     * columns (and the slug, when {@code forUpdate}), in table order: the plain data a row carries.
     */
    public List<TargetTable.Column> dataColumns(boolean forUpdate) {
        var def = target.def();
        List<String> special = new ArrayList<>(List.of(def.pk(), def.userField()));
        if (forUpdate) {
            special.add(def.slugField());
        }
        if (def.parent() != null) {
            special.add(def.parent().field());
        }
        def.optionalRefs().forEach(ref -> special.add(ref.field()));
        return target.columns().values().stream()
                .filter(column -> presentColumns.contains(column.name()) && !special.contains(column.name()))
                .toList();
    }
}
