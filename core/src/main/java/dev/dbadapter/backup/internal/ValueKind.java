package dev.dbadapter.backup.internal;

/** How a JSON value from a backup file becomes the text PostgreSQL casts to a column's type. */
public enum ValueKind {
    /** Scalars as their JSON text (numbers keep every digit); objects and arrays as JSON. */
    TEXT,
    /** {@code json} / {@code jsonb}: any value as its JSON text. */
    JSON,
    /** An array column: a JSON array becomes a PostgreSQL array literal. */
    ARRAY,
    /** {@code bytea}: base64 text becomes {@code \x} hex; {@code \x} text passes through. */
    BYTEA;

    /** Picks the kind for a column from its {@code pg_type} name and category. */
    public static ValueKind of(String typeName, String category) {
        if ("A".equals(category)) {
            return ARRAY;
        }
        return switch (typeName) {
            case "json", "jsonb" -> JSON;
            case "bytea" -> BYTEA;
            default -> TEXT;
        };
    }
}
