package dev.dbadapter.reliability;

import java.util.List;

/**
 * Names an attacker or a careless user might pass wherever the library takes a table or column name:
 * statement separators, comments, quotes, spaces, unicode, reserved words, names over PostgreSQL's
 * 63 bytes, empty and control characters.
 */
final class HostileNames {
    static final List<String> ALL = List.of(
            "items; DROP TABLE canary", "items;--", "\"items\"; DROP TABLE canary; --\"", "items' OR '1'='1",
            "items/*", "items -- x", "it ems", " items", "items\n", "items\u0000", "select", "\"select\"", "user",
            "\"\"", "", "\"", "\"a\"\"b\"", "ünïcødé", "\"ünï çødé\"", "名前", "a".repeat(64), "é".repeat(32),
            "\"" + "b".repeat(64) + "\"", "x.y.z", ".items", "items.", "public.", "$1", "items::text", "items)",
            "(select 1)", "items, canary", "id desc; drop", "\\x", "%s", "${HOME}", "\u202Eitems", "a\tb");

    private HostileNames() {
    }
}
