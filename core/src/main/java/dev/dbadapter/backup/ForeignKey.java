package dev.dbadapter.backup;

import dev.dbadapter.adapter.postgres.internal.Identifiers;
import java.util.Objects;

/**
 * A reference from a column of one table to the primary key of {@code table}: {@code field} is the
 * referencing column of the table that declares it.
 *
 * @param table the referenced table
 * @param field the referencing column
 */
public record ForeignKey(String table, String field) {
    /**
     * Checks both names.
     *
     * @throws IllegalArgumentException when a name is missing or not a valid identifier
     */
    public ForeignKey {
        Objects.requireNonNull(table, "foreign key table");
        Objects.requireNonNull(field, "foreign key field");
        Identifiers.table(table);
        Identifiers.column(field);
    }
}
