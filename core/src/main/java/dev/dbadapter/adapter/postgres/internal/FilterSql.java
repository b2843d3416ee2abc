package dev.dbadapter.adapter.postgres.internal;

import dev.dbadapter.internal.Filter;
import dev.dbadapter.internal.Identifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders a {@link Filter} as a PostgreSQL condition: {@code "col" = ?}, {@code "col" IS NULL},
 * {@code "col" = ANY(?)}, ANDed. Where each value goes is the caller's {@link Placeholders}: a bind
 * parameter for a prepared statement, or anything else that yields the value in SQL.
 */
public final class FilterSql {
    private FilterSql() {
    }

    /** Turns a compared value into the SQL that stands for it, keeping the value wherever the statement carries it. */
    @FunctionalInterface
    public interface Placeholders {
        /**
         * Returns the SQL standing for {@code value}, compared with {@code column} (its stored name);
         * an {@link Filter.AnyOf}'s values come as one {@link ArrayLiteral}.
         */
        String of(String column, Object value);
    }

    /** An array literal bound untyped, so the server casts it to the compared column's array type. */
    public record ArrayLiteral(String text) {
    }

    /**
     * Returns {@code filter}'s conditions ANDed, each column qualified by {@code alias} unless it is
     * {@code null}; {@code ""} for an empty filter. Placeholders are asked in the order they appear.
     */
    public static String conditions(Filter filter, String alias, Placeholders placeholders) {
        List<String> terms = new ArrayList<>(filter.conditions().size());
        for (Filter.Condition condition : filter.conditions()) {
            String column = (alias == null ? "" : alias + ".") + Identifiers.quote(condition.column());
            terms.add(switch (condition) {
                case Filter.Equals equals -> column + " = " + placeholders.of(equals.column(), equals.value());
                case Filter.IsNull isNull -> column + " IS NULL";
                case Filter.AnyOf anyOf -> column + " = ANY(" + placeholders.of(anyOf.column(),
                        new ArrayLiteral(ValueCodec.arrayLiteral(anyOf.values()))) + ")";
            });
        }
        return String.join(" AND ", terms);
    }

    /** Renders {@code filter} as a {@code WHERE} clause ({@code ""} when empty) with {@code ?} parameters. */
    public static Where where(Filter filter) {
        List<Object> values = new ArrayList<>(filter.conditions().size());
        String conditions = conditions(filter, null, (column, value) -> {
            values.add(value);
            return "?";
        });
        return new Where(conditions.isEmpty() ? "" : " WHERE " + conditions, List.copyOf(values));
    }

    /**
     * A rendered {@code WHERE} clause.
     *
     * @param sql {@code " WHERE …"}, or {@code ""} for no condition
     * @param values the values of its {@code ?} parameters, in order
     */
    public record Where(String sql, List<Object> values) {
        /**
         * Binds the values to {@code statement} from parameter {@code first} on and returns the next
         * parameter's index.
         */
        public int bind(Connection connection, PreparedStatement statement, int first) throws SQLException {
            int index = first;
            for (Object value : values) {
                if (value instanceof ArrayLiteral literal) {
                    statement.setObject(index++, literal.text(), Types.OTHER);
                } else {
                    ValueCodec.bind(connection, statement, index++, value, null);
                }
            }
            return index;
        }
    }
}
