package dev.dbadapter.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Lexical view of a SQL script as PostgreSQL reads it: {@code --} and nested {@code /* *\/} comments,
 * {@code '...'} and {@code E'...'} strings, {@code "..."} identifiers and {@code $tag$...$tag$}
 * dollar quotes. Produces two masks of the same length as the text, so offsets stay valid:
 * {@link #code()} blanks comments; {@link #shape()} also blanks the inside of quotes, so commas,
 * parentheses, semicolons and keywords found in it are real syntax.
 */
public final class SqlText {
    private static final char MASK = 'x';

    private final String raw;
    private final String code;
    private final String shape;
    private final int[] lineStarts;

    private SqlText(String raw, String code, String shape) {
        this.raw = raw;
        this.code = code;
        this.shape = shape;
        this.lineStarts = lineStarts(raw);
    }

    private static int[] lineStarts(String raw) {
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < raw.length(); i++) {
            if (raw.charAt(i) == '\n') {
                starts.add(i + 1);
            }
        }
        return starts.stream().mapToInt(Integer::intValue).toArray();
    }

    /** One statement of a script: offsets into the script, without the closing semicolon. */
    public record Span(int start, int end, int line) {
    }

    /**
     * Scans {@code raw}.
     *
     * @throws SqlSyntaxException when a comment, string, quoted identifier or dollar quote is not closed
     */
    public static SqlText scan(String raw) {
        int length = raw.length();
        char[] code = raw.toCharArray();
        char[] shape = raw.toCharArray();
        int i = 0;
        while (i < length) {
            char c = raw.charAt(i);
            char next = i + 1 < length ? raw.charAt(i + 1) : '\0';
            if (c == '-' && next == '-') {
                int end = raw.indexOf('\n', i);
                end = end < 0 ? length : end;
                blank(code, i, end);
                blank(shape, i, end);
                i = end;
            } else if (c == '/' && next == '*') {
                int end = blockCommentEnd(raw, i);
                blank(code, i, end);
                blank(shape, i, end);
                i = end;
            } else if (c == '\'') {
                boolean escapes = i > 0 && (raw.charAt(i - 1) == 'E' || raw.charAt(i - 1) == 'e')
                        && (i < 2 || !isIdentifierChar(raw.charAt(i - 2)));
                int end = quotedEnd(raw, i, '\'', escapes, "string literal");
                mask(shape, i + 1, end - 1);
                i = end;
            } else if (c == '"') {
                int end = quotedEnd(raw, i, '"', false, "quoted identifier");
                mask(shape, i + 1, end - 1);
                i = end;
            } else if (c == '$' && (i == 0 || !isIdentifierChar(raw.charAt(i - 1)))) {
                int tagEnd = dollarTagEnd(raw, i);
                if (tagEnd < 0) {
                    i++;
                    continue;
                }
                String tag = raw.substring(i, tagEnd);
                int close = raw.indexOf(tag, tagEnd);
                if (close < 0) {
                    throw new SqlSyntaxException("unterminated dollar-quoted string " + tag, lineAt(raw, i));
                }
                mask(shape, tagEnd, close);
                i = close + tag.length();
            } else {
                i++;
            }
        }
        return new SqlText(raw, new String(code), new String(shape));
    }

    /** Returns the text as given. */
    public String raw() {
        return raw;
    }

    /** Returns the text with comments replaced by spaces (line breaks kept). */
    public String code() {
        return code;
    }

    /** Returns {@link #code()} with the inside of strings, quoted identifiers and dollar quotes masked. */
    public String shape() {
        return shape;
    }

    /** Splits the text at top-level semicolons; statements holding only comments and blanks are left out. */
    public List<Span> statements() {
        List<Span> spans = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= shape.length(); i++) {
            if (i == shape.length() || shape.charAt(i) == ';') {
                int first = skipBlank(start, i);
                if (first < i) {
                    int last = i;
                    while (last > first && Character.isWhitespace(shape.charAt(last - 1))) {
                        last--;
                    }
                    spans.add(new Span(first, last, lineOf(first)));
                }
                start = i + 1;
            }
        }
        return spans;
    }

    /** Returns the first offset in {@code [from, to)} whose shape character is not blank, or {@code to}. */
    public int skipBlank(int from, int to) {
        int i = from;
        while (i < to && Character.isWhitespace(shape.charAt(i))) {
            i++;
        }
        return i;
    }

    /** Returns the 1-based line of {@code offset}. */
    public int lineOf(int offset) {
        int index = java.util.Arrays.binarySearch(lineStarts, offset);
        return index >= 0 ? index + 1 : -index - 1;
    }

    /**
     * Returns {@code code} between the offsets with blank runs outside quotes collapsed to one space
     * and the ends trimmed.
     */
    public String compact(int start, int end) {
        StringBuilder out = new StringBuilder(end - start);
        boolean pendingSpace = false;
        for (int i = start; i < end; i++) {
            char s = shape.charAt(i);
            if (Character.isWhitespace(s)) {
                pendingSpace = out.length() > 0;
                continue;
            }
            if (pendingSpace) {
                out.append(' ');
                pendingSpace = false;
            }
            out.append(code.charAt(i));
        }
        return out.toString();
    }

    /** Returns whether {@code c} may appear inside an unquoted identifier. */
    public static boolean isIdentifierChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    private static int blockCommentEnd(String raw, int start) {
        int depth = 0;
        int i = start;
        while (i < raw.length() - 1) {
            if (raw.charAt(i) == '/' && raw.charAt(i + 1) == '*') {
                depth++;
                i += 2;
            } else if (raw.charAt(i) == '*' && raw.charAt(i + 1) == '/') {
                depth--;
                i += 2;
                if (depth == 0) {
                    return i;
                }
            } else {
                i++;
            }
        }
        throw new SqlSyntaxException("unterminated /* comment", lineAt(raw, start));
    }

    private static int quotedEnd(String raw, int start, char quote, boolean backslashEscapes, String what) {
        int i = start + 1;
        while (i < raw.length()) {
            char c = raw.charAt(i);
            if (backslashEscapes && c == '\\') {
                i += 2;
            } else if (c == quote) {
                if (i + 1 < raw.length() && raw.charAt(i + 1) == quote) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        throw new SqlSyntaxException("unterminated " + what, lineAt(raw, start));
    }

    /** Returns the offset just past {@code $tag$} starting at {@code start}, or -1 when it is not one. */
    private static int dollarTagEnd(String raw, int start) {
        int i = start + 1;
        if (i < raw.length() && Character.isDigit(raw.charAt(i))) {
            return -1;
        }
        while (i < raw.length() && raw.charAt(i) != '$') {
            char c = raw.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '_')) {
                return -1;
            }
            i++;
        }
        return i < raw.length() ? i + 1 : -1;
    }

    private static void blank(char[] chars, int from, int to) {
        for (int i = from; i < to; i++) {
            if (chars[i] != '\n') {
                chars[i] = ' ';
            }
        }
    }

    private static void mask(char[] chars, int from, int to) {
        for (int i = from; i < to; i++) {
            chars[i] = MASK;
        }
    }

    private static int lineAt(String raw, int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < raw.length(); i++) {
            if (raw.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /** A lexical error in SQL text, with the line it starts on. */
    public static final class SqlSyntaxException extends RuntimeException {
        private final int line;

        /** Creates the error. */
        public SqlSyntaxException(String message, int line) {
            super(message);
            this.line = line;
        }

        /** Returns the 1-based line where the offending token starts. */
        public int line() {
            return line;
        }
    }
}
