package dev.dbadapter.reliability;

import java.util.List;

/**
 * Names an attacker or a careless user might pass wherever the library takes a table or column name:
 * statement separators, comments, quotes, spaces, unicode, reserved words, names over PostgreSQL's
 * 63 bytes, empty and control characters.
 */
public final class HostileNames {
    /** The names. */
    public static final List<String> ALL = List.of(
            "items; DROP TABLE canary", "items;--", "\"items\"; DROP TABLE canary; --\"", "items' OR '1'='1",
            "items/*", "items -- x", "it ems", " items", "items\n", "items\u0000", "select", "\"select\"", "user",
            "\"\"", "", "\"", "\"a\"\"b\"", "ünïcødé", "\"ünï çødé\"", "名前", "a".repeat(64), "é".repeat(32),
            "\"" + "b".repeat(64) + "\"", "x.y.z", ".items", "items.", "public.", "$1", "items::text", "items)",
            "(select 1)", "items, canary", "id desc; drop", "\\x", "%s", "${HOME}", "\u202Eitems", "a\tb");

    /**
     * One name of each kind (separator, quote, space, unicode, reserved word, too long, dotted), for
     * entry points slow enough that trying all of {@link #ALL} would cost seconds each.
     */
    public static final List<String> SAMPLE = List.of("items; DROP TABLE canary", "\"items\"; DROP TABLE canary; --\"",
            "it ems", "ünïcødé", "select", "\"select\"", "a".repeat(64), "x.y.z");

    private HostileNames() {
    }

    /** Returns {@code text} as a JSON string literal, escaped as a careful writer would. */
    public static String json(String text) {
        StringBuilder json = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        return json.append('"').toString();
    }
}
