package dev.dbadapter.adapter.postgres.internal;

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

    /** Parses {@code sql} and returns the rewritten statement with its parameter names. */
    public static NamedParameters parse(String sql) {
        StringBuilder out = new StringBuilder(sql.length());
        List<String> names = new ArrayList<>();
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            int end;
            if (c == '\'') {
                boolean escapes = i > 0 && (sql.charAt(i - 1) == 'E' || sql.charAt(i - 1) == 'e')
                        && (i < 2 || !Character.isLetterOrDigit(sql.charAt(i - 2)));
                end = skipQuoted(sql, i, '\'', escapes);
            } else if (c == '"') {
                end = skipQuoted(sql, i, '"', false);
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int newline = sql.indexOf('\n', i);
                end = newline < 0 ? n : newline;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                end = skipBlockComment(sql, i);
            } else if (c == '$' && (end = skipDollarQuoted(sql, i)) > i) {
                // dollar-quoted body: copied verbatim below
            } else if (c == '?') {
                // a jsonb operator (?, ?|, ?&); JDBC would take it for a placeholder
                out.append("??");
                i++;
                continue;
            } else if (c == ':' && i + 1 < n && sql.charAt(i + 1) == ':') {
                end = i + 2;
            } else if (c == ':' && i + 1 < n && isNameStart(sql.charAt(i + 1))) {
                int j = i + 1;
                while (j < n && isNamePart(sql.charAt(j))) {
                    j++;
                }
                names.add(sql.substring(i + 1, j));
                out.append('?');
                i = j;
                continue;
            } else {
                end = i + 1;
            }
            out.append(sql, i, end);
            i = end;
        }
        return new NamedParameters(out.toString(), List.copyOf(names));
    }

    private static boolean isNameStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private static boolean isNamePart(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    private static int skipQuoted(String sql, int start, char quote, boolean backslashEscapes) {
        int i = start + 1;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (backslashEscapes && c == '\\') {
                i += 2;
                continue;
            }
            if (c == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return sql.length();
    }

    private static int skipBlockComment(String sql, int start) {
        int depth = 0;
        int i = start;
        while (i < sql.length()) {
            if (sql.startsWith("/*", i)) {
                depth++;
                i += 2;
            } else if (sql.startsWith("*/", i)) {
                depth--;
                i += 2;
                if (depth == 0) {
                    return i;
                }
            } else {
                i++;
            }
        }
        return sql.length();
    }

    /** Returns the end of a dollar-quoted string starting at {@code start}, or {@code start} if none. */
    static int skipDollarQuoted(String sql, int start) {
        if (start > 0 && isNamePart(sql.charAt(start - 1))) {
            return start;
        }
        int j = start + 1;
        while (j < sql.length() && sql.charAt(j) != '$') {
            char c = sql.charAt(j);
            if (!(isNamePart(c)) || (j == start + 1 && Character.isDigit(c))) {
                return start;
            }
            j++;
        }
        if (j >= sql.length()) {
            return start;
        }
        String tag = sql.substring(start, j + 1);
        int close = sql.indexOf(tag, j + 1);
        return close < 0 ? sql.length() : close + tag.length();
    }
}
