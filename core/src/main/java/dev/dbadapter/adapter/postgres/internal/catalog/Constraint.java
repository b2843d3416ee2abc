package dev.dbadapter.adapter.postgres.internal.catalog;

import java.util.List;

/**
 * A constraint as {@code pg_constraint} describes it.
 *
 * @param name the constraint name
 * @param table the table it is on, as SQL ({@code products}, {@code audit.log})
 * @param type its kind: {@code p} primary key, {@code f} foreign key, {@code u} unique, {@code c}
 *     check, {@code x} exclusion, {@code t} constraint trigger
 * @param columns its columns in key order (none for most checks)
 * @param refSchema the referenced table's schema (foreign keys only, else {@code null})
 * @param refTable the referenced table's name (foreign keys only, else {@code null})
 * @param refColumns the referenced columns in key order (foreign keys only, else empty)
 * @param onDelete the foreign key's {@code ON DELETE} action: {@code a} no action, {@code r}
 *     restrict, {@code c} cascade, {@code n} set null, {@code d} set default; a space otherwise
 * @param definition its definition as {@code pg_get_constraintdef} prints it
 */
public record Constraint(String name, String table, char type, List<String> columns, String refSchema,
        String refTable, List<String> refColumns, char onDelete, String definition) {
}
