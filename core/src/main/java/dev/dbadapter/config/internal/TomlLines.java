package dev.dbadapter.config.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the line of a table header or key in TOML text, so that errors about a parsed value can
 * point at the spot. Handles the plain layout {@code db.toml} uses: {@code [a.b]} headers and
 * {@code key = value} lines.
 */
public final class TomlLines {
    private static final Pattern HEADER = Pattern.compile("^\\s*\\[\\s*([^\\[\\]]+?)\\s*]\\s*(#.*)?$");
    private static final Pattern KEY = Pattern.compile("^\\s*(\"[^\"]*\"|'[^']*'|[A-Za-z0-9_.-]+)\\s*=");

    private final Map<String, Integer> lines = new HashMap<>();

    /** Indexes {@code text}. */
    public TomlLines(String text) {
        String table = "";
        String[] all = text.split("\r?\n", -1);
        for (int i = 0; i < all.length; i++) {
            Matcher header = HEADER.matcher(all[i]);
            if (header.matches()) {
                table = unquote(header.group(1));
                lines.putIfAbsent(table, i + 1);
                continue;
            }
            Matcher key = KEY.matcher(all[i]);
            if (key.find()) {
                String path = table.isEmpty() ? unquote(key.group(1)) : table + "." + unquote(key.group(1));
                lines.putIfAbsent(path, i + 1);
            }
        }
    }

    /**
     * Returns the line of {@code path} ({@code "profiles.local"} or {@code "profiles.local.url"}),
     * falling back to its nearest indexed parent, or 0 when none is known.
     */
    public int lineOf(String path) {
        String current = path;
        while (!current.isEmpty()) {
            Integer line = lines.get(current);
            if (line != null) {
                return line;
            }
            int dot = current.lastIndexOf('.');
            current = dot < 0 ? "" : current.substring(0, dot);
        }
        return 0;
    }

    private static String unquote(String dotted) {
        StringBuilder out = new StringBuilder();
        for (String part : dotted.split("\\.")) {
            String trimmed = part.strip();
            if (trimmed.length() >= 2 && (trimmed.startsWith("\"") || trimmed.startsWith("'"))) {
                trimmed = trimmed.substring(1, trimmed.length() - 1);
            }
            if (!out.isEmpty()) {
                out.append('.');
            }
            out.append(trimmed);
        }
        return out.toString();
    }
}
