package dev.dbadapter.backup.internal;

/** How a JSON value from a backup file becomes the text PostgreSQL casts to a column's type. */
public enum ValueKind {
    /** Scalars as their JSON text (numbers keep every digit); objects and arrays as JSON. */
    TEXT,
    /** {@code json} / {@code jsonb}: any value as its JSON text. */
    JSON,
    /** An array column: a JSON array becomes a PostgreSQL array literal. */
    ARRAY,
    /** A {@code bytea[]} column: as {@link #ARRAY}, with base64 elements turned into {@code \x} hex. */
    BYTEA_ARRAY,
    /** A {@code json[]} / {@code jsonb[]} column: as {@link #ARRAY}, every element as its JSON text. */
    JSON_ARRAY,
    /**
     * {@code bytea}: base64 text and Python's {@code str(bytes)} text become {@code \x} hex;
     * {@code \x} text passes through.
     */
    BYTEA,
    /** {@code interval}: Python's {@code str(timedelta)} text gets explicit signs; other text passes through. */
    INTERVAL;

    /** Returns whether values of this kind are arrays. */
    public boolean isArray() {
        return this == ARRAY || this == BYTEA_ARRAY || this == JSON_ARRAY;
    }

    /** Picks the kind for a column from its {@code pg_type} name and category. */
    public static ValueKind of(String typeName, String category) {
        if ("A".equals(category)) {
            return switch (typeName) {
                case "_bytea" -> BYTEA_ARRAY;
                case "_json", "_jsonb" -> JSON_ARRAY;
                default -> ARRAY;
            };
        }
        return switch (typeName) {
            case "json", "jsonb" -> JSON;
            case "bytea" -> BYTEA;
            case "interval" -> INTERVAL;
            default -> TEXT;
        };
    }
}
