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
 */
public record TablePlan(int index, TargetTable target, String staging, String work, long rows,
        Set<String> presentColumns, SortedSet<String> ignoredFields) {

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
        return new TablePlan(index, target, "dba_s_" + run + "_" + index, "dba_w_" + run + "_" + index, 0,
                Set.of(), Collections.emptySortedSet());
    }

    /** Returns this plan with what staging found: the row count, the columns given and the fields ignored. */
    public TablePlan staged(long rowCount, Set<String> present, SortedSet<String> ignored) {
        return new TablePlan(index, target, staging, work, rowCount, present, ignored);
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
