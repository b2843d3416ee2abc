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
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.parser.ParseException;
import net.sf.jsqlparser.parser.Token;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.create.table.ColumnDefinition;
import net.sf.jsqlparser.statement.create.table.CreateTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one {@code CREATE TABLE} statement of a script by splitting its parenthesised body at
 * top-level commas, so definition texts are cut from the source exactly as the file has them, and
 * PostgreSQL syntax JSqlParser does not know (identity options, exclusion constraints, ...) is no
 * obstacle. JSqlParser is the second opinion: when a statement cannot be read, its parse error says
 * where (line and column) in the message; with debug logging it cross-checks every table's columns.
 */
public final class CreateTableParser {
    private static final Logger LOG = LoggerFactory.getLogger(CreateTableParser.class);
    private static final Pattern CREATE_TABLE = Pattern.compile(
            "(?is)CREATE\\s+(?:(?:GLOBAL|LOCAL)\\s+)?(?:(?:TEMP|TEMPORARY|UNLOGGED)\\s+)?TABLE\\b\\s*"
                    + "(IF\\s+NOT\\s+EXISTS\\b\\s*)?");
    private static final Pattern REFERENCES = Pattern.compile("(?i)\\bREFERENCES\\s+");
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
     * @throws SqlText.SqlSyntaxException when it cannot be parsed; the line is the statement's
     */
    public static Parsed parse(SqlText text, SqlText.Span span) {
        Parsed parsed;
        try {
            parsed = read(text, span);
        } catch (SqlText.SqlSyntaxException e) {
            throw new SqlText.SqlSyntaxException(e.getMessage() + diagnosis(text, span), e.line());
        }
        if (parsed != null && LOG.isDebugEnabled()) {
            crossCheck(text, span, parsed.name(), parsed.columns().keySet());
        }
        return parsed;
    }

    private static Parsed read(SqlText text, SqlText.Span span) {
        Matcher header = CREATE_TABLE.matcher(text.shape()).region(span.start(), span.end());
        if (!header.lookingAt()) {
            throw new IllegalArgumentException("not a CREATE TABLE statement");
        }
        int at = header.end();
        List<String> nameParts = new ArrayList<>();
        at = readQualifiedName(text, at, span.end(), nameParts);
        if (nameParts.isEmpty() || nameParts.size() > 2) {
            throw error(span, "expected a table name after CREATE TABLE");
        }
        at = text.skipBlank(at, span.end());
        if (at >= span.end() || text.shape().charAt(at) != '(') {
            String rest = text.shape().substring(at, span.end()).stripLeading().toUpperCase(Locale.ROOT);
            if (rest.startsWith("AS") || rest.startsWith("OF") || rest.startsWith("PARTITION")) {
                return null;
            }
            throw error(span, "expected '(' after the table name " + String.join(".", nameParts));
        }
        int close = matchingParen(text, at, span.end());
        if (close < 0) {
            throw error(span, "unbalanced parentheses in CREATE TABLE " + String.join(".", nameParts));
        }
        String schema = nameParts.size() == 2 ? nameParts.get(0) : null;
        String name = nameParts.getLast();
        Map<String, String> columns = new LinkedHashMap<>();
        List<String> constraints = new ArrayList<>();
        Set<String> references = new LinkedHashSet<>();
        for (int[] element : splitTopLevel(text, at + 1, close)) {
            int start = text.skipBlank(element[0], element[1]);
            if (start >= element[1]) {
                throw error(span, "empty column or constraint in CREATE TABLE " + name);
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
                throw error(span, "cannot read a column name in '" + text.compact(start, element[1]) + "'");
            }
            String definition = text.compact(afterName, element[1]);
            if (definition.isEmpty()) {
                throw error(span, "column " + columnName.getFirst() + " of " + name + " has no type");
            }
            if (columns.put(columnName.getFirst(), definition) != null) {
                throw error(span, "column " + columnName.getFirst() + " appears twice in " + name);
            }
        }
        if (columns.isEmpty()) {
            throw error(span, "CREATE TABLE " + name + " has no columns");
        }
        return new Parsed(schema, name, columns, constraints, references);
    }

    /** Returns the key a table is known by: its name, qualified only outside {@code public}. */
    public static String tableKey(String schema, String name) {
        return schema == null || schema.equals("public") ? name : schema + "." + name;
    }

    /**
     * Says where JSqlParser stumbles in a statement the source reading rejected, for the error
     * message: {@code " (near line 4, column 31: ...)"}, or {@code ""} when it has nothing to add.
     */
    private static String diagnosis(SqlText text, SqlText.Span span) {
        try {
            CCJSqlParserUtil.newParser(text.code().substring(span.start(), span.end())).Statement();
            return "";
        } catch (ParseException e) {
            Token next = e.currentToken == null ? null : e.currentToken.next;
            if (next == null) {
                return "";
            }
            String found = next.kind == 0 ? "end of statement" : "'" + next.image + "'";
            int lineStart = text.code().lastIndexOf('\n', span.start() - 1) + 1;
            int column = next.beginLine == 1 ? span.start() - lineStart + next.beginColumn : next.beginColumn;
            return " (near line " + (span.line() + next.beginLine - 1) + ", column " + column + ": unexpected "
                    + found + ")";
        } catch (Exception | Error e) {
            return "";
        }
    }

    /**
     * With debug logging on, compares the column names with JSqlParser's reading. Off by default:
     * JSqlParser costs about a millisecond per statement, which would dominate {@code validate} on a
     * large schema, and the reading of the source is exact on its own. Syntax JSqlParser does not
     * support is not an error.
     */
    private static void crossCheck(SqlText text, SqlText.Span span, String table, Set<String> columns) {
        String code = text.code().substring(span.start(), span.end());
        Statement statement;
        try {
            statement = CCJSqlParserUtil.newParser(code).Statement();
        } catch (Exception | Error e) {
            LOG.debug("JSqlParser cannot read CREATE TABLE {} (line {}); using the own reading: {}",
                    table, span.line(), e.getMessage());
            return;
        }
        if (!(statement instanceof CreateTable create) || create.getColumnDefinitions() == null) {
            return;
        }
        List<String> parsed = new ArrayList<>();
        for (ColumnDefinition column : create.getColumnDefinitions()) {
            parsed.add(fold(column.getColumnName()));
        }
        if (!parsed.equals(List.copyOf(columns))) {
            LOG.debug("JSqlParser reads the columns of {} (line {}) as {}, the source splits into {}; keeping the latter",
                    table, span.line(), parsed, columns);
        }
    }

    private static String fold(String identifier) {
        String trimmed = identifier.strip();
        if (trimmed.length() >= 2 && trimmed.startsWith("\"") && trimmed.endsWith("\"")) {
            return trimmed.substring(1, trimmed.length() - 1).replace("\"\"", "\"");
        }
        return trimmed.toLowerCase(Locale.ROOT);
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
     * {@code parts}; returns the offset after it.
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
                return i;
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
            throw new SqlText.SqlSyntaxException(e.getMessage(), text.lineOf(at));
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

    private static SqlText.SqlSyntaxException error(SqlText.Span span, String message) {
        return new SqlText.SqlSyntaxException(message, span.line());
    }
}
