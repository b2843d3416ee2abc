package dev.dbadapter.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** {@code --key=value} options of a benchmark run. */
final class BenchOptions {
    private final Map<String, String> values;

    private BenchOptions(Map<String, String> values) {
        this.values = values;
    }

    /**
     * Parses {@code --key=value} arguments.
     *
     * @throws IllegalArgumentException for a malformed argument or a key not in {@code known}
     */
    static BenchOptions parse(String[] args, Set<String> known) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 3) {
                throw new IllegalArgumentException("Expected --key=value, got '" + arg + "'");
            }
            String key = arg.substring(2, eq);
            if (!known.contains(key)) {
                throw new IllegalArgumentException("Unknown option --" + key + "; known: --"
                        + String.join(", --", new TreeSet<>(known)));
            }
            values.put(key, arg.substring(eq + 1));
        }
        return new BenchOptions(values);
    }

    /** Returns the integer option {@code key}, or {@code fallback} when absent. */
    int intValue(String key, int fallback) {
        String value = values.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + " must be a whole number, got '" + value + "'");
        }
    }

    /** Returns the text option {@code key}, or {@code fallback} when absent. */
    String stringValue(String key, String fallback) {
        return values.getOrDefault(key, fallback);
    }
}
