package dev.dbadapter.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Rewrites {@code :name} placeholders to JDBC's {@code ?}, skipping string literals, quoted
 * identifiers, comments, dollar-quoted bodies and {@code ::} casts. A literal {@code ?} (the jsonb
 * operators) is doubled, JDBC's escape for it.
 *
 * @param sql the SQL with {@code ?} placeholders
 * @param names the parameter name of each {@code ?}, in order (a name may repeat)
 */
public record NamedParameters(String sql, List<String> names) {

    /**
     * Parses {@code sql} and returns the rewritten statement with its parameter names.
     *
     * @throws IllegalArgumentException when a string, quoted identifier, comment or dollar quote is
     *     not closed (nothing is sent to the server then)
     */
    public static NamedParameters parse(String sql) {
        String shape;
        try {
            shape = SqlText.scan(sql).shape();
        } catch (SqlText.SqlSyntaxException e) {
            throw new IllegalArgumentException("Cannot read the SQL to execute: " + e.getMessage()
                    + " (line " + e.line() + ")", e);
        }
        StringBuilder out = new StringBuilder(sql.length());
        List<String> names = new ArrayList<>();
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = shape.charAt(i);
            char next = i + 1 < n ? shape.charAt(i + 1) : '\0';
            if (c == '?') {
                // a jsonb operator (?, ?|, ?&); JDBC would take it for a placeholder
                out.append("??");
                i++;
            } else if (c == ':' && next == ':') {
                out.append("::");
                i += 2;
            } else if (c == ':' && isNameStart(next)) {
                int end = i + 1;
                while (end < n && isNamePart(shape.charAt(end))) {
                    end++;
                }
                names.add(sql.substring(i + 1, end));
                out.append('?');
                i = end;
            } else {
                out.append(sql.charAt(i));
                i++;
            }
        }
        return new NamedParameters(out.toString(), List.copyOf(names));
    }

    private static boolean isNameStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private static boolean isNamePart(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
