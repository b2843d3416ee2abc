package dev.dbadapter.schema.internal;

import dev.dbadapter.adapter.postgres.internal.SqlText;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Rewrites a column definition so that {@code ALTER TABLE ... ADD COLUMN} can add it to a table with rows. */
public final class ColumnDefinitions {
    private static final Pattern NOT_NULL = Pattern.compile("(?i)\\bNOT\\s+NULL\\b");
    private static final Pattern PRIMARY_KEY = Pattern.compile("(?i)\\bPRIMARY\\s+KEY\\b");
    private static final Pattern REFERENCES = Pattern.compile("(?i)\\bREFERENCES\\b");
    private static final Pattern CONSTRAINT_NAME = Pattern.compile("(?i)\\bCONSTRAINT\\s+(\"[^\"]*\"|[\\w$]+)\\s*$");

    private ColumnDefinitions() {
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
