package dev.dbadapter.backup;

import dev.dbadapter.SqlNames;
import java.util.Objects;

/**
 * A reference from a column of one table to the primary key of {@code table}: {@code field} is the
 * referencing column of the table that declares it.
 *
 * @param table the referenced table, as the backup schema names it
 * @param field the referencing column as PostgreSQL stores it (see {@link #of} for SQL spellings)
 */
public record ForeignKey(String table, String field) {
    /**
     * Checks both names; {@code field} is taken as stored, not folded.
     *
     * @throws IllegalArgumentException when a name is missing or not a valid identifier
     */
    public ForeignKey {
        Objects.requireNonNull(table, "foreign key table");
        Objects.requireNonNull(field, "foreign key field");
        SqlNames.quotedTable(table);
        SqlNames.stored(field, "column");
    }

    /**
     * A reference whose {@code field} is spelt as in SQL: folded to lower case unless double-quoted.
     *
     * @throws IllegalArgumentException when a name is missing or not a valid identifier
     */
    public static ForeignKey of(String table, String field) {
        Objects.requireNonNull(field, "foreign key field");
        return new ForeignKey(table, SqlNames.fold(field, "column"));
    }
}
