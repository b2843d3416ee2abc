package dev.dbadapter.schema;

/**
 * A {@code schema.sql} file cannot be used: it cannot be read, holds no {@code CREATE TABLE}, or a
 * statement cannot be parsed. {@link #line()} says where, when the problem has a place.
 */
public final class SchemaFileException extends SchemaException {
    private final String source;
    private final int line;

    /**
     * Creates the exception.
     *
     * @param source the file name (or another label for the text), for the message
     * @param line the 1-based line of the offending statement, or 0 when the problem has no place
     * @param problem what is wrong
     * @param cause the underlying failure, or {@code null}
     */
    public SchemaFileException(String source, int line, String problem, Throwable cause) {
        super(source + (line > 0 ? ":" + line : "") + ": " + problem, null, cause);
        this.source = source;
        this.line = line;
    }

    /** Returns the file name or label of the text. */
    public String source() {
        return source;
    }

    /** Returns the 1-based line of the offending statement, or 0 when the problem has no place. */
    public int line() {
        return line;
    }
}
