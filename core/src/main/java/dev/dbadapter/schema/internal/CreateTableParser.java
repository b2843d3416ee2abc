package dev.dbadapter.schema.internal;

import dev.dbadapter.internal.Identifiers;
import dev.dbadapter.internal.SqlText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one {@code CREATE TABLE} statement of a script by splitting its parenthesised body at
 * top-level commas, so definition texts are cut from the source exactly as the file has them, and
 * any PostgreSQL column syntax (identity options, exclusion constraints, ...) is no obstacle. When
 * a statement cannot be read, the message says where the reading stopped:
 * {@code "... (near line 4, column 31: unexpected ',')"}.
 */
public final class CreateTableParser {
    private static final int TOKEN_SHOWN = 30;
    private static final Pattern CREATE_TABLE = Pattern.compile(
            "(?is)CREATE\\s+(?:(?:GLOBAL|LOCAL)\\s+)?(?:(?:TEMP|TEMPORARY|UNLOGGED)\\s+)?TABLE\\b\\s*"
                    + "(IF\\s+NOT\\s+EXISTS\\b\\s*)?");
    private static final Pattern REFERENCES = Pattern.compile("(?i)\\bREFERENCES\\s+");
    /** The words after the name of a {@code CREATE TABLE} that has no column list: a whole word, not "assets". */
    private static final Pattern NO_COLUMN_LIST = Pattern.compile("(?i)(AS|OF|PARTITION)\\b");
    private static final Set<String> CONSTRAINT_WORDS = Set.of(
            "CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN", "EXCLUDE", "LIKE");

    private CreateTableParser() {
    }

    /**
     * A parsed {@code CREATE TABLE}.
     *
     * @param schema the folded schema name, or {@code null} when unqualified
     * @param name the folded table name
     * @param columns column name to its definition text (type and constraints), in order
     * @param constraints table-level constraint texts, in order
     * @param references keys of the tables it references (see {@link #tableKey})
     */
    public record Parsed(String schema, String name, Map<String, String> columns, List<String> constraints,
            Set<String> references) {
    }

    /** Returns whether the statement is a {@code CREATE [TEMP|UNLOGGED] TABLE}. */
    public static boolean isCreateTable(SqlText text, SqlText.Span span) {
        return CREATE_TABLE.matcher(text.shape()).region(span.start(), span.end()).lookingAt();
    }

    /**
     * Parses a statement for which {@link #isCreateTable} holds.
     *
     * @return the table, or {@code null} for forms without a column list ({@code AS}, {@code OF},
     *     {@code PARTITION OF})
     * @throws SqlText.SqlSyntaxException when it cannot be parsed; the line is the statement's, the
     *     message ends with the line and column where the reading stopped
     */
    public static Parsed parse(SqlText text, SqlText.Span span) {
        Matcher header = CREATE_TABLE.matcher(text.shape()).region(span.start(), span.end());
        if (!header.lookingAt()) {
            throw new IllegalArgumentException("not a CREATE TABLE statement");
        }
        int nameStart = text.skipBlank(header.end(), span.end());
        List<String> nameParts = new ArrayList<>();
        int at = readQualifiedName(text, nameStart, span.end(), nameParts);
        if (nameParts.isEmpty()) {
            throw unexpected(text, span, nameStart, "expected a table name after CREATE TABLE");
        }
        if (nameParts.size() > 2) {
            throw error(text, span, nameStart, "expected a table name after CREATE TABLE, found "
                    + String.join(".", nameParts));
        }
        at = text.skipBlank(at, span.end());
        if (at >= span.end() || text.shape().charAt(at) != '(') {
            if (NO_COLUMN_LIST.matcher(text.shape()).region(at, span.end()).lookingAt()) {
                return null;
            }
            throw unexpected(text, span, at, "expected '(' after the table name " + String.join(".", nameParts));
        }
        int close = matchingParen(text, at, span.end());
        if (close < 0) {
            throw unbalanced(text, span, at, "unbalanced parentheses in CREATE TABLE " + String.join(".", nameParts));
        }
        String schema = nameParts.size() == 2 ? nameParts.get(0) : null;
        String name = nameParts.getLast();
        int tail = text.skipBlank(close + 1, span.end());
        if (tail < span.end() && !Character.isLetter(text.shape().charAt(tail))) {
            // table options (WITH, INHERITS, PARTITION BY, ...) start with a word; a ',' or ')' here
            // means a ')' inside the column list closed it early
            throw unexpected(text, span, tail, "text after the column list of CREATE TABLE " + name);
        }
        Map<String, String> columns = new LinkedHashMap<>();
        List<String> constraints = new ArrayList<>();
        Set<String> references = new LinkedHashSet<>();
        for (int[] element : splitTopLevel(text, at + 1, close)) {
            int start = text.skipBlank(element[0], element[1]);
            if (start >= element[1]) {
                throw unexpected(text, span, element[1], "empty column or constraint in CREATE TABLE " + name);
            }
            collectReferences(text, start, element[1], schema, references);
            String firstWord = firstWord(text.shape(), start, element[1]);
            if (CONSTRAINT_WORDS.contains(firstWord)) {
                constraints.add(text.compact(start, element[1]));
                continue;
            }
            List<String> columnName = new ArrayList<>();
            int afterName = readIdentifier(text, start, element[1], columnName);
            if (columnName.isEmpty()) {
                throw error(text, span, start, "cannot read a column name in '" + text.compact(start, element[1]) + "'");
            }
            String definition = text.compact(afterName, element[1]);
            if (definition.isEmpty()) {
                throw error(text, span, start, "column " + columnName.getFirst() + " of " + name + " has no type");
            }
            if (columns.put(columnName.getFirst(), definition) != null) {
                throw error(text, span, start, "column " + columnName.getFirst() + " appears twice in " + name);
            }
        }
        if (columns.isEmpty()) {
            throw error(text, span, at, "CREATE TABLE " + name + " has no columns");
        }
        return new Parsed(schema, name, columns, constraints, references);
    }

    /** Returns the key a table is known by: its name, qualified only outside {@code public}. */
    public static String tableKey(String schema, String name) {
        return schema == null || schema.equals("public") ? name : schema + "." + name;
    }

    private static void collectReferences(SqlText text, int start, int end, String ownSchema, Set<String> out) {
        Matcher matcher = REFERENCES.matcher(text.shape()).region(start, end);
        while (matcher.find()) {
            List<String> parts = new ArrayList<>();
            readQualifiedName(text, matcher.end(), end, parts);
            if (parts.size() == 1) {
                out.add(tableKey(ownSchema, parts.getFirst()));
            } else if (parts.size() == 2) {
                out.add(tableKey(parts.get(0), parts.get(1)));
            }
        }
    }

    private static String firstWord(String shape, int start, int end) {
        int i = start;
        // the whole word: a column named primary_owner or unique_code is not a constraint
        while (i < end && SqlText.isIdentifierChar(shape.charAt(i))) {
            i++;
        }
        return shape.substring(start, i).toUpperCase(Locale.ROOT);
    }

    /**
     * Reads {@code a}, {@code a.b}, {@code a.b.c} (quoted or not, folded) from {@code at} into
     * {@code parts}; returns the offset after it, or of a {@code .} that no name follows.
     */
    static int readQualifiedName(SqlText text, int at, int end, List<String> parts) {
        int i = readIdentifier(text, text.skipBlank(at, end), end, parts);
        while (!parts.isEmpty()) {
            int dot = text.skipBlank(i, end);
            if (dot >= end || text.shape().charAt(dot) != '.') {
                return i;
            }
            int before = parts.size();
            i = readIdentifier(text, text.skipBlank(dot + 1, end), end, parts);
            if (parts.size() == before) {
                // "s." is not a name: what follows the name is that dot
                return dot;
            }
        }
        return i;
    }

    /** Reads one identifier at {@code at}, folding it as PostgreSQL does; adds nothing when there is none. */
    private static int readIdentifier(SqlText text, int at, int end, List<String> out) {
        String code = text.code();
        if (at >= end) {
            return at;
        }
        if (code.charAt(at) == '"') {
            int i = at + 1;
            while (i < end) {
                if (code.charAt(i) == '"') {
                    if (i + 1 < end && code.charAt(i + 1) == '"') {
                        i += 2;
                        continue;
                    }
                    String name = code.substring(at + 1, i).replace("\"\"", "\"");
                    if (!name.isEmpty()) {
                        out.add(fits(text, at, name, code.substring(at, i + 1)));
                    }
                    return i + 1;
                }
                i++;
            }
            return end;
        }
        char first = code.charAt(at);
        if (!(Character.isLetter(first) || first == '_')) {
            return at;
        }
        int i = at;
        while (i < end && SqlText.isIdentifierChar(code.charAt(i))) {
            i++;
        }
        out.add(fits(text, at, code.substring(at, i).toLowerCase(Locale.ROOT), code.substring(at, i)));
        return i;
    }

    private static String fits(SqlText text, int at, String name, String raw) {
        try {
            Identifiers.requireFits(name, raw, "identifier");
        } catch (IllegalArgumentException e) {
            throw new SqlText.SqlSyntaxException(e.getMessage() + position(text, at), text.lineOf(at));
        }
        return name;
    }

    private static int matchingParen(SqlText text, int open, int end) {
        int depth = 0;
        String shape = text.shape();
        for (int i = open; i < end; i++) {
            char c = shape.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
                if (depth == 0) {
                    return i;
                }
            }
        }
        return -1;
    }

    private static List<int[]> splitTopLevel(SqlText text, int start, int end) {
        List<int[]> parts = new ArrayList<>();
        String shape = text.shape();
        int depth = 0;
        int from = start;
        for (int i = start; i < end; i++) {
            char c = shape.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(new int[] {from, i});
                from = i + 1;
            }
        }
        parts.add(new int[] {from, end});
        return parts;
    }

    /**
     * Says which {@code '('} of an unclosed column list is most likely missing its {@code ')'}: an
     * empty list item ({@code "(,"}, {@code ",,"}, {@code ",)"}) when there is one; else the
     * {@code '('} that the statement's last {@code ')'} closes, since it took the column list's
     * {@code ')'}; else the column list's own {@code '('}.
     */
    private static SqlText.SqlSyntaxException unbalanced(SqlText text, SqlText.Span span, int open, String message) {
        String shape = text.shape();
        List<Integer> opens = new ArrayList<>();
        int lastClosed = -1;
        char previous = ' ';
        for (int i = open; i < span.end(); i++) {
            char c = shape.charAt(i);
            if (Character.isWhitespace(c)) {
                continue;
            }
            if ((c == ',' && (previous == '(' || previous == ',')) || (c == ')' && previous == ',')) {
                return unexpected(text, span, i, message);
            }
            if (c == '(') {
                opens.add(i);
            } else if (c == ')' && !opens.isEmpty()) {
                lastClosed = opens.removeLast();
            }
            previous = c;
        }
        int culprit = lastClosed >= 0 ? lastClosed : open;
        return new SqlText.SqlSyntaxException(message + position(text, culprit, "'(' is not closed"), span.line());
    }

    private static SqlText.SqlSyntaxException error(SqlText text, SqlText.Span span, int offset, String message) {
        return new SqlText.SqlSyntaxException(message + position(text, offset), span.line());
    }

    private static SqlText.SqlSyntaxException unexpected(SqlText text, SqlText.Span span, int offset, String message) {
        String found = offset >= span.end() ? "end of statement" : "'" + tokenAt(text, offset, span.end()) + "'";
        return new SqlText.SqlSyntaxException(message + position(text, offset, "unexpected " + found), span.line());
    }

    private static String position(SqlText text, int offset) {
        return position(text, offset, null);
    }

    /** Returns {@code " (near line L, column C)"}, or with {@code ": detail"} before the parenthesis. */
    private static String position(SqlText text, int offset, String detail) {
        String raw = text.raw();
        int at = Math.min(offset, raw.length());
        int lineStart = raw.lastIndexOf('\n', at - 1) + 1;
        int column = raw.codePointCount(lineStart, at) + 1;
        return " (near line " + text.lineOf(at) + ", column " + column + (detail == null ? "" : ": " + detail) + ")";
    }

    /** Returns the token at {@code offset}: a word, a quoted string or identifier, or one character. */
    private static String tokenAt(SqlText text, int offset, int end) {
        String code = text.code();
        char first = code.charAt(offset);
        int i = offset + 1;
        if (first == '"' || first == '\'') {
            while (i < end && text.shape().charAt(i) != first) {
                i++;
            }
            i = Math.min(i + 1, end);
        } else if (SqlText.isIdentifierChar(first)) {
            while (i < end && SqlText.isIdentifierChar(code.charAt(i))) {
                i++;
            }
        }
        String token = code.substring(offset, i);
        return token.length() > TOKEN_SHOWN ? token.substring(0, TOKEN_SHOWN) + "..." : token;
    }
}
