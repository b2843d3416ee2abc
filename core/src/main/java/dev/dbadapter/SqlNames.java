package dev.dbadapter;

import dev.dbadapter.internal.Identifiers;

/**
 * PostgreSQL's rules for names, as the library applies them to every table and column name it is
 * given: an unquoted name folds to lower case, a double-quoted one keeps its case and characters, and
 * a name longer than 63 bytes is refused (the server would cut it).
 */
public final class SqlNames {
    private SqlNames() {
    }

    /**
     * Returns the name PostgreSQL stores for {@code raw} as SQL spells it ({@code Products} is
     * {@code products}, {@code "Shop Items"} is {@code Shop Items}).
     *
     * @param what names the kind of name in the message ({@code "column"})
     * @throws IllegalArgumentException when {@code raw} is not one valid name
     */
    public static String fold(String raw, String what) {
        return Identifiers.normalize(raw, what);
    }

    /**
     * Checks a name as PostgreSQL stores it (already folded): not empty, no NUL, within 63 bytes.
     *
     * @return {@code name}
     * @throws IllegalArgumentException when it cannot be a stored name
     */
    public static String stored(String name, String what) {
        return Identifiers.stored(name, what);
    }

    /**
     * Checks a table name as SQL spells it, {@code name} or {@code schema.name}, and returns it quoted
     * ({@code "public"."products"}); two spellings of one table give the same text.
     *
     * @throws IllegalArgumentException when it is not a valid table name
     */
    public static String quotedTable(String raw) {
        return Identifiers.table(raw);
    }
}
