package dev.dbadapter.config.internal;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Expands {@code ${VAR}} and {@code ${VAR:-default}} in configuration strings from an environment. */
public final class EnvExpander {
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:-([^}]*))?}");

    private EnvExpander() {
    }

    /**
     * Returns {@code value} with every reference replaced.
     *
     * @throws IllegalArgumentException naming the variable when one is unset and has no default
     */
    public static String expand(String value, Map<String, String> environment) {
        Matcher matcher = REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            String replacement = environment.get(name);
            if (replacement == null || (replacement.isEmpty() && matcher.group(2) != null)) {
                if (matcher.group(2) == null) {
                    throw new IllegalArgumentException("environment variable " + name
                            + " is not set (write ${" + name + ":-default} for a fallback)");
                }
                replacement = matcher.group(3);
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
