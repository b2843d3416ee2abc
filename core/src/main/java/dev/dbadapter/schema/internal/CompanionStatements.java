package dev.dbadapter.schema.internal;

import dev.dbadapter.internal.SqlText;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises the statements of a schema file that belong with one table and can run right after
 * its {@code CREATE TABLE} in a transaction: {@code CREATE INDEX ... ON table} (without
 * {@code CONCURRENTLY}, which a transaction does not allow) and {@code COMMENT ON TABLE / COLUMN}.
 */
public final class CompanionStatements {
    private static final Pattern CREATE_INDEX = Pattern.compile(
            "(?is)CREATE\\s+(?:UNIQUE\\s+)?INDEX\\s+(CONCURRENTLY\\s+)?.*?\\bON\\s+(?:ONLY\\s+)?");
    private static final Pattern COMMENT_ON = Pattern.compile("(?is)COMMENT\\s+ON\\s+(TABLE|COLUMN)\\s+");

    private CompanionStatements() {
    }

    /**
     * A statement that belongs with a table.
     *
     * @param table the key of the table it belongs with
     * @param sql the statement to run after the table is created
     */
    public record Companion(String table, String sql) {
    }

    /** Returns the statement as a companion of its table, or {@code null} when it is not one. */
    public static Companion of(SqlText text, SqlText.Span span) {
        String shape = text.shape();
        Matcher index = CREATE_INDEX.matcher(shape).region(span.start(), span.end());
        if (index.lookingAt()) {
            String table = tableAt(text, index.end(), span.end(), false);
            if (table == null) {
                return null;
            }
            String sql = text.raw().substring(span.start(), span.end());
            if (index.group(1) != null) {
                sql = text.raw().substring(span.start(), index.start(1)) + text.raw().substring(index.end(1), span.end());
            }
            return new Companion(table, sql);
        }
        Matcher comment = COMMENT_ON.matcher(shape).region(span.start(), span.end());
        if (comment.lookingAt()) {
            String table = tableAt(text, comment.end(), span.end(), comment.group(1).equalsIgnoreCase("COLUMN"));
            return table == null ? null : new Companion(table, text.raw().substring(span.start(), span.end()));
        }
        return null;
    }

    private static String tableAt(SqlText text, int at, int end, boolean column) {
        List<String> parts = new ArrayList<>();
        CreateTableParser.readQualifiedName(text, at, end, parts);
        if (column) {
            if (parts.size() < 2) {
                return null;
            }
            parts.removeLast();
        }
        return switch (parts.size()) {
            case 1 -> CreateTableParser.tableKey(null, parts.getFirst());
            case 2 -> CreateTableParser.tableKey(parts.get(0), parts.get(1));
            default -> null;
        };
    }
}
