package dev.dbadapter.bench;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** {@code --key=value} options of a benchmark run; unknown keys are reported after the run. */
final class BenchOptions {
    private final Map<String, String> values;
    private final Set<String> used = new HashSet<>();

    private BenchOptions(Map<String, String> values) {
        this.values = values;
    }

    /** Parses {@code --key=value} arguments. */
    static BenchOptions parse(String[] args) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 3) {
                throw new IllegalArgumentException("Expected --key=value, got '" + arg + "'");
            }
            values.put(arg.substring(2, eq), arg.substring(eq + 1));
        }
        return new BenchOptions(values);
    }

    /** Returns the integer option {@code key}, or {@code fallback} when absent. */
    int intValue(String key, int fallback) {
        used.add(key);
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
        used.add(key);
        return values.getOrDefault(key, fallback);
    }

    /** Fails when an option was given that the benchmark never asked for (a likely typo). */
    void checkAllUsed() {
        Set<String> unknown = new HashSet<>(values.keySet());
        unknown.removeAll(used);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("Unknown option(s): " + unknown);
        }
    }
}
