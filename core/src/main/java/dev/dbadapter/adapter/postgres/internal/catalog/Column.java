package dev.dbadapter.adapter.postgres.internal.catalog;

/**
 * A column of a table as the catalog describes it.
 *
 * @param name the column name as stored
 * @param type the type with its modifiers, as a definition writes it ({@code numeric(10,2)})
 * @param castType the type without modifiers, for casts ({@code numeric}, {@code integer[]}); {@code char(n)}
 *     and {@code bit(n)} cast as {@code bpchar} and {@code varbit}, since without a length they would mean
 *     one character or bit and cut the value
 * @param typeName the type's internal name ({@code int4}, {@code _text}, {@code jsonb})
 * @param typeCategory the type's category code ({@code N} numeric, {@code A} array, ...)
 * @param notNull whether it is {@code NOT NULL}
 * @param defaultExpr its default expression (for a generated column, its generation expression), or
 *     {@code null}
 * @param identity {@code ALWAYS} or {@code BY DEFAULT} for an identity column, else {@code null}
 * @param generated whether it is a generated column
 * @param collation its collation as SQL ({@code "pg_catalog"."C"}) when it differs from its type's,
 *     else {@code null}
 * @param hasPrivileges whether privileges were granted on the column itself
 * @param comment its comment, or {@code null}
 */
public record Column(String name, String type, String castType, String typeName, String typeCategory,
        boolean notNull, String defaultExpr, String identity, boolean generated, String collation,
        boolean hasPrivileges, String comment) {

    /** Returns whether the database fills the column when an insert gives no value. */
    public boolean hasDefault() {
        return defaultExpr != null || identity != null;
    }
}
