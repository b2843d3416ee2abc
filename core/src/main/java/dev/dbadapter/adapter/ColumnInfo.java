package dev.dbadapter.adapter;

import java.util.Objects;

/**
 * One column of a table, as {@link DatabaseClient#columns} describes it.
 *
 * @param name the column name as stored (case kept, not quoted)
 * @param type the SQL type without modifiers, as PostgreSQL's {@code format_type} spells it:
 *     {@code integer}, {@code text[]}, {@code jsonb}, {@code timestamp with time zone}
 * @param hasDefault whether the database fills the column when an insert leaves it out (a default, a
 *     serial or identity)
 * @param generated whether it is a generated column, which inserts and updates must leave out
 */
public record ColumnInfo(String name, String type, boolean hasDefault, boolean generated) {
    /** Checks that name and type are given. */
    public ColumnInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }

    /** Returns whether the type is an array ({@code text[]}). */
    public boolean isArray() {
        return type.endsWith("[]");
    }
}
