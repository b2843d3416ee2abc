package dev.dbadapter.config.internal;

import java.util.Map;

/**
 * Expands {@code ${VAR}} and {@code ${VAR:-default}} in configuration strings from an environment.
 * A default may itself hold references ({@code ${A:-${B}}}); it is expanded only when used. Text
 * that is not a reference ({@code $VAR}, {@code ${1X}}, <code>${ x</code>, {@code ${}}) is kept as
 * it is, and an expanded value is never expanded again. A reference that the value ends before
 * closing (<code>${DB</code>, <code>${DB:-x</code>) is an error: it is a typo, and kept as text it
 * would only fail later, far from its cause.
 */
public final class EnvExpander {

    private EnvExpander() {
    }

    /**
     * Returns {@code value} with every reference replaced.
     *
     * @throws UnsetVariableException naming the variable when one is unset and has no default
     * @throws IllegalArgumentException naming the variable when a reference is not closed, or
     *     when a reference is not closed
     */
    public static String expand(String value, Map<String, String> environment) {
        StringBuilder out = new StringBuilder(value.length());
        int i = 0;
        while (i < value.length()) {
            int end = value.startsWith("${", i) ? referenceEnd(value, i) : -1;
            if (end < 0) {
                out.append(value.charAt(i++));
                continue;
            }
            int nameEnd = nameEnd(value, i + 2);
            String name = value.substring(i + 2, nameEnd);
            boolean hasDefault = nameEnd < end - 1;
            String replacement = environment.get(name);
            if (replacement == null || (replacement.isEmpty() && hasDefault)) {
                if (!hasDefault) {
                    throw new UnsetVariableException(name);
                }
                replacement = expand(value.substring(nameEnd + 2, end - 1), environment);
            }
            out.append(replacement);
            i = end;
        }
        return out.toString();
    }

    /** Returns the index just past the reference starting at {@code start}, or -1 when there is none. */
    private static int referenceEnd(String value, int start) {
        int nameEnd = nameEnd(value, start + 2);
        if (nameEnd == start + 2) {
            return -1;
        }
        if (nameEnd == value.length()) {
            throw unclosed(value.substring(start + 2, nameEnd));
        }
        if (value.charAt(nameEnd) == '}') {
            return nameEnd + 1;
        }
        if (!value.startsWith(":-", nameEnd)) {
            return -1;
        }
        int depth = 0;
        for (int i = nameEnd + 2; i < value.length(); i++) {
            if (value.startsWith("${", i)) {
                depth++;
                i++;
            } else if (value.charAt(i) == '}') {
                if (depth == 0) {
                    return i + 1;
                }
                depth--;
            }
        }
        throw unclosed(value.substring(start + 2, nameEnd));
    }

    /** A reference to a variable that is not set and has no default. */
    public static final class UnsetVariableException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        UnsetVariableException(String name) {
            super("environment variable " + name + " is not set (write ${" + name + ":-default} for a fallback)");
        }
    }

    /** The message names the variable only: a default may hold a password. */
    private static IllegalArgumentException unclosed(String name) {
        return new IllegalArgumentException("the reference to " + name + " is not closed: write ${" + name + "} or ${"
                + name + ":-default}");
    }

    private static int nameEnd(String value, int start) {
        int i = start;
        while (i < value.length()) {
            char c = value.charAt(i);
            boolean letter = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '_';
            if (!(letter || (i > start && c >= '0' && c <= '9'))) {
                break;
            }
            i++;
        }
        return i;
    }
}
