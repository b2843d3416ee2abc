package dev.dbadapter.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A caller's filter map ({@code {"col": value}}) as checked conditions, ANDed in the map's order: a
 * {@code null} value is {@link IsNull}, a {@link Collection} is {@link AnyOf} its items, anything else
 * {@link Equals}. It says nothing about a backend; each one renders it its own way.
 *
 * @param conditions the conditions in the map's order
 */
public record Filter(List<Condition> conditions) {
    /** The filter that matches every row. */
    public static final Filter NONE = new Filter(List.of());

    /** One condition on one column. */
    public sealed interface Condition permits Equals, IsNull, AnyOf {
        /** Returns the column's name as PostgreSQL stores it (folded or unquoted). */
        String column();
    }

    /** The column equals {@code value}. */
    public record Equals(String column, Object value) implements Condition {
    }

    /** The column is null. */
    public record IsNull(String column) implements Condition {
    }

    /** The column equals one of {@code values} (which may hold nulls; they match nothing); none when empty. */
    public record AnyOf(String column, List<Object> values) implements Condition {
    }

    /** Creates a filter of {@code conditions}. */
    public Filter {
        conditions = List.copyOf(conditions);
    }

    /**
     * Checks every key of {@code filters} as a column name and builds the filter; {@code null} or an
     * empty map is {@link #NONE}.
     *
     * @throws IllegalArgumentException when a key is null or not a valid column name
     */
    public static Filter of(Map<String, ?> filters) {
        if (filters == null || filters.isEmpty()) {
            return NONE;
        }
        List<Condition> conditions = new ArrayList<>(filters.size());
        for (Map.Entry<String, ?> filter : filters.entrySet()) {
            String column = Identifiers.normalize(filter.getKey(), "column");
            conditions.add(switch (filter.getValue()) {
                case null -> new IsNull(column);
                case Collection<?> items -> new AnyOf(column, Collections.unmodifiableList(new ArrayList<Object>(items)));
                case Object value -> new Equals(column, value);
            });
        }
        return new Filter(conditions);
    }

    /**
     * Builds the filter of an update or delete, which must not be empty: no call changes every row.
     *
     * @throws IllegalArgumentException when {@code filters} is empty or a key is not a valid column name
     */
    public static Filter required(Map<String, ?> filters) {
        Filter filter = of(filters);
        if (filter.isEmpty()) {
            throw new IllegalArgumentException("Refusing to update or delete without filters: give at least one filter");
        }
        return filter;
    }

    /** Returns whether the filter has no condition (and so matches every row). */
    public boolean isEmpty() {
        return conditions.isEmpty();
    }
}
