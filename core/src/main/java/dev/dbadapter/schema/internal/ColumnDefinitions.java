package dev.dbadapter.schema.internal;

import dev.dbadapter.internal.Identifiers;
import dev.dbadapter.internal.SqlText;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks that a column definition is one column definition, and rewrites it so that
 * {@code ALTER TABLE ... ADD COLUMN} can add it to a table with rows.
 */
public final class ColumnDefinitions {
    private static final Pattern NOT_NULL = Pattern.compile("(?i)\\bNOT\\s+NULL\\b");
    private static final Pattern PRIMARY_KEY = Pattern.compile("(?i)\\bPRIMARY\\s+KEY\\b");
    private static final Pattern REFERENCES = Pattern.compile("(?i)\\bREFERENCES\\b");
    private static final Pattern CONSTRAINT_NAME = Pattern.compile("(?i)\\bCONSTRAINT\\s+(\"[^\"]*\"|[\\w$]+)\\s*$");

    private ColumnDefinitions() {
    }

    /**
     * Checks that {@code definition} is exactly one column definition (a type, then defaults and
     * constraints), so that pasting it after {@code ADD COLUMN name} can do nothing else: no second
     * statement, no second column or {@code ALTER TABLE} action, no comment hiding the rest.
     *
     * @param key names the definition in the message ({@code "products.tags"})
     * @throws IllegalArgumentException saying what is wrong, naming {@code key}
     */
    public static void requireOne(String key, String definition) {
        String problem = problem(definition);
        if (problem != null) {
            throw new IllegalArgumentException("the definition of " + key + " is not one column definition: "
                    + problem);
        }
    }

    /**
     * Returns the key a {@code column-defs.json} entry is known by in a fix plan: {@code table.column},
     * or {@code schema.table.column} outside {@code public}, each name folded as PostgreSQL does.
     *
     * @throws IllegalArgumentException when {@code raw} is not of that form or a name is not valid
     */
    public static String key(String raw) {
        int dot = -1;
        boolean quoted = false;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '.' && !quoted) {
                dot = i;
            }
        }
        if (dot < 0) {
            throw new IllegalArgumentException("key \"" + raw + "\" is not of the form \"table.column\"");
        }
        List<String> table = Identifiers.tableParts(raw.substring(0, dot));
        String column = Identifiers.normalize(raw.substring(dot + 1), "column");
        return CreateTableParser.tableKey(table.size() == 2 ? table.getFirst() : null, table.getLast()) + "." + column;
    }

    private static String problem(String definition) {
        if (definition == null || definition.isBlank()) {
            return "it is empty";
        }
        SqlText text;
        try {
            text = SqlText.scan(definition);
        } catch (SqlText.SqlSyntaxException e) {
            return "it has an " + e.getMessage();
        }
        String shape = text.shape();
        if (shape.indexOf(';') >= 0) {
            return "it holds a ';' outside quotes (a second statement)";
        }
        if (!text.code().equals(definition)) {
            return "it holds a comment (-- or /* */), which could hide the rest of the statement";
        }
        int depth = 0;
        for (int i = 0; i < shape.length(); i++) {
            char c = shape.charAt(i);
            if (c == '(' || c == '[') {
                depth++;
            } else if ((c == ')' || c == ']') && --depth < 0) {
                return "it closes a parenthesis or bracket it did not open";
            } else if (c == ',' && depth == 0) {
                return "it holds a ',' outside parentheses (a second column or ALTER TABLE action)";
            }
        }
        if (depth != 0) {
            return "a parenthesis or bracket is not closed";
        }
        char first = shape.charAt(text.skipBlank(0, shape.length()));
        if (!(Character.isLetter(first) || first == '_' || first == '"')) {
            return "it must start with a type name";
        }
        return null;
    }

    /**
     * Returns {@code definition} without {@code PRIMARY KEY}, and without {@code NOT NULL} unless it
     * has {@code REFERENCES} (the Python library's rule). Only top-level keywords count: a
     * {@code NOT NULL} inside a {@code CHECK (...)} or a string stays.
     */
    public static String forAddColumn(String definition) {
        SqlText text = SqlText.scan(definition);
        List<int[]> cuts = new ArrayList<>(topLevel(text, PRIMARY_KEY));
        if (topLevel(text, REFERENCES).isEmpty()) {
            cuts.addAll(topLevel(text, NOT_NULL));
        }
        if (cuts.isEmpty()) {
            return definition.strip();
        }
        cuts.sort((a, b) -> Integer.compare(a[0], b[0]));
        StringBuilder kept = new StringBuilder();
        int from = 0;
        for (int[] cut : cuts) {
            kept.append(text.code(), from, cut[0]);
            from = cut[1];
        }
        kept.append(text.code().substring(from));
        return SqlText.scan(kept.toString()).compact(0, kept.length());
    }

    private static List<int[]> topLevel(SqlText text, Pattern pattern) {
        List<int[]> found = new ArrayList<>();
        Matcher matcher = pattern.matcher(text.shape());
        while (matcher.find()) {
            if (depthAt(text.shape(), matcher.start()) == 0) {
                // a named constraint goes with its name: "CONSTRAINT nn NOT NULL"
                Matcher name = CONSTRAINT_NAME.matcher(text.shape().substring(0, matcher.start()));
                found.add(new int[] {name.find() ? name.start() : matcher.start(), matcher.end()});
            }
        }
        return found;
    }

    private static int depthAt(String shape, int offset) {
        int depth = 0;
        for (int i = 0; i < offset; i++) {
            char c = shape.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            }
        }
        return depth;
    }
}
