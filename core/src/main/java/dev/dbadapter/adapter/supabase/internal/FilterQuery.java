package dev.dbadapter.adapter.supabase.internal;

import dev.dbadapter.internal.Filter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Renders a {@link Filter} in PostgREST's URL grammar, one query parameter a condition, ANDed:
 * {@code "col"=eq.value}, {@code "col"=is.null}, {@code "col"=in.("a","b")}. The sibling of the
 * PostgreSQL renderer {@code FilterSql}. Names are double-quoted, so dots, commas and spaces in them
 * are plain characters; values of {@code in} lists are double-quoted with {@code \} and {@code "}
 * escaped, so commas, parentheses and the word {@code null} in a value are plain text.
 */
public final class FilterQuery {
    private FilterQuery() {
    }

    /** Returns {@code filter}'s conditions as query parameters, in the filter's order. */
    public static List<QueryParam> params(Filter filter) {
        List<QueryParam> params = new ArrayList<>(filter.conditions().size());
        for (Filter.Condition condition : filter.conditions()) {
            String column = name(condition.column());
            params.add(new QueryParam(column, switch (condition) {
                case Filter.Equals equals -> "eq." + RestValues.text(equals.value());
                case Filter.IsNull isNull -> "is.null";
                case Filter.AnyOf anyOf -> "in.(" + String.join(",", anyOf.values().stream()
                        .filter(Objects::nonNull) // a null in the list matches nothing, as = ANY(...) has it
                        .map(value -> quoted(RestValues.text(value))).toList()) + ")";
            }));
        }
        return params;
    }

    /** Returns the condition {@code column > value}, for keyset paging. */
    public static QueryParam greaterThan(String column, Object value) {
        return new QueryParam(name(column), "gt." + RestValues.text(value));
    }

    /**
     * Returns a stored name double-quoted for PostgREST ({@code "Shop Items"}).
     *
     * @throws IllegalArgumentException when the name holds a double quote, which PostgREST's grammar
     *     cannot express
     */
    public static String name(String stored) {
        if (stored.indexOf('"') >= 0) {
            throw new IllegalArgumentException("Name '" + stored + "' holds a double quote, which the Supabase"
                    + " REST API (PostgREST) cannot express; use a direct PostgreSQL URL for it");
        }
        return '"' + stored + '"';
    }

    private static String quoted(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
