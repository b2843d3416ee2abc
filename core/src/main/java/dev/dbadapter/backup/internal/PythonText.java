package dev.dbadapter.backup.internal;

import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Values as the Python library wrote them when it fell back to {@code str(value)}: {@code bytes} as
 * {@code b'\x00\xff'} and {@code timedelta} as {@code -1 day, 23:59:59}. Each is turned into text
 * PostgreSQL reads the same way whatever its settings.
 */
final class PythonText {
    /** {@code str(timedelta)}: {@code [D day[s], ]H:MM:SS[.ffffff]}. */
    private static final Pattern TIMEDELTA =
            Pattern.compile("(?:(-?\\d+) days?, )?(\\d{1,2}):(\\d{2}):(\\d{2}(?:\\.\\d{1,6})?)");

    private PythonText() {
    }

    /** Returns whether {@code text} has the shape of Python's {@code str(bytes)}: {@code b'…'} or {@code b"…"}. */
    static boolean isBytes(String text) {
        return text.length() >= 3 && text.charAt(0) == 'b'
                && (text.charAt(1) == '\'' || text.charAt(1) == '"') && text.charAt(text.length() - 1) == text.charAt(1);
    }

    /**
     * Decodes Python's {@code str(bytes)} text (see {@link #isBytes}) to PostgreSQL's {@code \x} hex
     * form: printable ASCII stands for itself; {@code \\}, {@code \'}, {@code \"}, {@code \t},
     * {@code \n}, {@code \r} and {@code \xhh} are escapes.
     *
     * @throws IllegalArgumentException when the text holds anything Python's {@code repr} never
     *     writes (another escape, a bare quote, a character outside printable ASCII), saying what
     */
    static String bytesToHex(String text) {
        char quote = text.charAt(1);
        StringBuilder hex = new StringBuilder(2 + 2 * text.length()).append("\\x");
        HexFormat format = HexFormat.of();
        int end = text.length() - 1;
        for (int i = 2; i < end; i++) {
            char c = text.charAt(i);
            int value;
            if (c == '\\') {
                if (i + 1 >= end) {
                    throw new IllegalArgumentException("Python bytes text ends in a lone backslash");
                }
                char escape = text.charAt(++i);
                value = switch (escape) {
                    case '\\', '\'', '"' -> escape;
                    case 't' -> '\t';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case 'x' -> {
                        if (i + 2 >= end || !isHexDigit(text.charAt(i + 1)) || !isHexDigit(text.charAt(i + 2))) {
                            throw new IllegalArgumentException("Python bytes text has \\x without two hex digits at character " + (i + 1));
                        }
                        i += 2;
                        yield HexFormat.fromHexDigits(text, i - 1, i + 1);
                    }
                    default -> throw new IllegalArgumentException(
                            "Python bytes text has an unknown escape \\" + escape + " at character " + i);
                };
            } else if (c == quote) {
                throw new IllegalArgumentException("Python bytes text has an unescaped " + quote + " at character " + (i + 1));
            } else if (c < 0x20 || c > 0x7e) {
                throw new IllegalArgumentException(String.format(
                        "Python bytes text holds U+%04X at character %d (only printable ASCII and escapes)", (int) c, i + 1));
            } else {
                value = c;
            }
            hex.append(format.toHexDigits((byte) value));
        }
        return hex.toString();
    }

    /**
     * Returns Python's {@code str(timedelta)} text as an interval literal with explicit signs
     * ({@code -1 day, 23:59:59} → {@code -1 days +23:59:59}), which means the same under every
     * {@code IntervalStyle} (under {@code sql_standard} a leading sign would apply to the time too);
     * other text unchanged.
     */
    static String interval(String text) {
        Matcher m = TIMEDELTA.matcher(text);
        if (!m.matches()) {
            return text;
        }
        String time = "+" + m.group(2) + ":" + m.group(3) + ":" + m.group(4);
        return m.group(1) == null ? time : m.group(1) + " days " + time;
    }

    private static boolean isHexDigit(char c) {
        return Character.digit(c, 16) >= 0 && c < 0x80;
    }
}
