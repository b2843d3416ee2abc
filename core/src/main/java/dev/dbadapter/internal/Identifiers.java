package dev.dbadapter.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Checks names against PostgreSQL's identifier rules and renders them quoted, so no caller-supplied
 * name reaches SQL unchecked. An unquoted name folds to lower case; a double-quoted one keeps its
 * case; anything else is an {@link IllegalArgumentException}.
 */
public final class Identifiers {
    /** PostgreSQL's NAMEDATALEN - 1. */
    public static final int MAX_LENGTH = 63;

    private static final Pattern DIRECTION = Pattern.compile(
            "(?i)((asc|desc)(\\s+nulls\\s+(first|last))?|nulls\\s+(first|last))?");

    private Identifiers() {
    }

    /**
     * Returns the name PostgreSQL would store for {@code raw}: folded to lower case when unquoted,
     * unescaped when double-quoted.
     *
     * @throws IllegalArgumentException when {@code raw} is not one valid identifier
     */
    public static String normalize(String raw, String what) {
        if (raw == null) {
            throw new IllegalArgumentException(what + " name must not be null");
        }
        String name = raw.strip();
        String result;
        if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
            String inner = name.substring(1, name.length() - 1);
            if (inner.replace("\"\"", "").contains("\"")) {
                throw invalid(raw, what, "a quote inside a quoted name must be doubled");
            }
            result = inner.replace("\"\"", "\"");
            if (result.isEmpty() || result.indexOf('\0') >= 0) {
                throw invalid(raw, what, "it is empty or holds a NUL character");
            }
        } else if (isUnquoted(name)) {
            result = name.toLowerCase(Locale.ROOT);
        } else {
            throw invalid(raw, what, name.isEmpty() ? "it is empty"
                    : "use letters, digits and _ (or double-quote the name)");
        }
        requireFits(result, raw, what);
        return result;
    }

    /** Whether {@code name} is a name that needs no quotes: {@code [A-Za-z_][A-Za-z0-9_$]*}. */
    private static boolean isUnquoted(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean letter = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_';
            if (!letter && (i == 0 || !(c >= '0' && c <= '9' || c == '$'))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Checks that a normalised name fits PostgreSQL's {@value #MAX_LENGTH}-byte limit: a longer one
     * would be silently truncated by the server and then never match.
     *
     * @param raw the name as written, for the message
     * @throws IllegalArgumentException when it does not fit
     */
    public static void requireFits(String normalized, String raw, String what) {
        if (normalized.length() <= MAX_LENGTH / 3) {
            return; // a character is at most 3 bytes of UTF-8 (a pair of surrogates, 4)
        }
        int bytes = normalized.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_LENGTH) {
            throw invalid(raw, what, "it is longer than " + MAX_LENGTH + " bytes (" + bytes
                    + "); PostgreSQL would silently truncate it");
        }
    }

    /**
     * Checks a name as PostgreSQL stores it (already normalised: case kept, no quoting): not empty,
     * no NUL, within {@value #MAX_LENGTH} bytes.
     *
     * @return {@code name}
     * @throws IllegalArgumentException when it cannot be a stored name
     */
    public static String stored(String name, String what) {
        if (name == null) {
            throw new IllegalArgumentException(what + " name must not be null");
        }
        if (name.isEmpty() || name.indexOf('\0') >= 0) {
            throw invalid(name, what, "it is empty or holds a NUL character");
        }
        requireFits(name, name, what);
        return name;
    }

    /** Renders an already-normalised name as a quoted SQL identifier. */
    public static String quote(String normalized) {
        return '"' + normalized.replace("\"", "\"\"") + '"';
    }

    /** Checks {@code raw} as a column name and returns it quoted for SQL. */
    public static String column(String raw) {
        return quote(normalize(raw, "column"));
    }

    /** Checks a table name, {@code name} or {@code schema.name}, and returns it quoted for SQL. */
    public static String table(String raw) {
        List<String> parts = splitQualified(raw, "table");
        if (parts.size() > 2) {
            throw invalid(raw, "table", "expected name or schema.name");
        }
        List<String> quoted = new ArrayList<>();
        for (String part : parts) {
            quoted.add(quote(normalize(part, "table")));
        }
        return String.join(".", quoted);
    }

    /**
     * Returns the normalised parts of a qualified name ({@code schema.table}); one element when it is
     * unqualified.
     */
    public static List<String> tableParts(String raw) {
        List<String> parts = splitQualified(raw, "table");
        if (parts.size() > 2) {
            throw invalid(raw, "table", "expected name or schema.name");
        }
        return parts.stream().map(p -> normalize(p, "table")).toList();
    }

    /**
     * Checks a select list ({@code "*"} or comma-separated names) and returns its column names as
     * PostgreSQL stores them; empty for {@code "*"} (every column).
     */
    public static List<String> selectColumns(String columns) {
        if (columns == null || columns.isBlank() || columns.strip().equals("*")) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (String part : splitOutsideQuotes(columns, ',', "column")) {
            names.add(normalize(part, "column"));
        }
        return names;
    }

    /** Checks a select list ({@code "*"} or comma-separated names) and returns it for SQL. */
    public static String selectList(String columns) {
        List<String> names = selectColumns(columns);
        return names.isEmpty() ? "*" : String.join(", ", names.stream().map(Identifiers::quote).toList());
    }

    /**
     * One term of an order-by spec.
     *
     * @param column the column's name as PostgreSQL stores it
     * @param direction what follows the name, normalised: {@code ""}, {@code "DESC"}, {@code "ASC NULLS FIRST"}, ...
     */
    public record OrderTerm(String column, String direction) {
        /** Returns whether the term sorts descending. */
        public boolean descending() {
            return direction.startsWith("DESC");
        }

        /** Returns {@code "FIRST"} or {@code "LAST"} when the term says where nulls go, else {@code null}. */
        public String nulls() {
            int at = direction.indexOf("NULLS ");
            return at < 0 ? null : direction.substring(at + 6);
        }
    }

    /**
     * Checks an order-by spec ({@code "col"}, {@code "col desc"}, a comma-separated list of those,
     * optionally with {@code nulls first|last}) and returns its terms; none when blank.
     */
    public static List<OrderTerm> orderTerms(String orderBy) {
        if (orderBy == null || orderBy.isBlank()) {
            return List.of();
        }
        List<OrderTerm> terms = new ArrayList<>();
        for (String term : splitOutsideQuotes(orderBy, ',', "order-by")) {
            String trimmed = term.strip();
            int split = nameEnd(trimmed);
            String name = trimmed.substring(0, split);
            String rest = trimmed.substring(split).strip();
            if (!DIRECTION.matcher(rest).matches()) {
                throw invalid(orderBy, "order-by", "expected \"column\", \"column asc|desc\" or either with \"nulls first|last\"");
            }
            terms.add(new OrderTerm(normalize(name, "column"), rest.replaceAll("\\s+", " ").toUpperCase(Locale.ROOT)));
        }
        return terms;
    }

    /**
     * Checks an order-by spec as {@link #orderTerms} does and returns it for SQL, or {@code ""} when blank.
     */
    public static String orderBy(String orderBy) {
        List<String> terms = new ArrayList<>();
        for (OrderTerm term : orderTerms(orderBy)) {
            terms.add(quote(term.column()) + (term.direction().isEmpty() ? "" : " " + term.direction()));
        }
        return terms.isEmpty() ? "" : " ORDER BY " + String.join(", ", terms);
    }

    private static int nameEnd(String term) {
        if (term.startsWith("\"")) {
            int i = 1;
            while (i < term.length()) {
                if (term.charAt(i) == '"') {
                    if (i + 1 < term.length() && term.charAt(i + 1) == '"') {
                        i += 2;
                        continue;
                    }
                    return i + 1;
                }
                i++;
            }
            return term.length();
        }
        int end = 0;
        while (end < term.length() && !Character.isWhitespace(term.charAt(end))) {
            end++;
        }
        return end;
    }

    private static List<String> splitQualified(String raw, String what) {
        if (raw == null) {
            throw new IllegalArgumentException(what + " name must not be null");
        }
        return splitOutsideQuotes(raw, '.', what);
    }

    private static List<String> splitOutsideQuotes(String text, char separator, String what) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == separator && !quoted) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        if (quoted) {
            throw invalid(text, what, "unterminated quoted name");
        }
        parts.add(current.toString());
        return parts;
    }

    private static IllegalArgumentException invalid(String raw, String what, String why) {
        return new IllegalArgumentException("Invalid " + what + " name '" + raw + "': " + why);
    }
}
