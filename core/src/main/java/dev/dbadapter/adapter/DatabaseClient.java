package dev.dbadapter.adapter;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Asynchronous, {@code Map}-in / {@code Map}-out access to one database.
 *
 * <p>Every method that talks to the database returns a {@link CompletableFuture}; failures complete
 * it exceptionally with a {@link dev.dbadapter.DbAdapterException} (SQL errors as
 * {@link DatabaseException}). Names (tables, columns, filter keys, order-by) are checked before any
 * SQL is sent: a bad name throws {@link IllegalArgumentException} at once. Values are always bound
 * parameters.
 */
public interface DatabaseClient extends AutoCloseable {

    /**
     * Selects rows.
     *
     * @param table {@code name} or {@code schema.name}
     * @param columns {@code "*"} or a comma-separated list of column names
     * @param filters ANDed equality filters; a {@code null} value means {@code IS NULL}, a
     *     {@link java.util.Collection} value means {@code = ANY(...)}; may be empty
     * @param orderBy {@code "col"}, {@code "col desc"} or a comma-separated list of those; or {@code null}
     * @return the rows, each keyed by column name in select order
     * @throws IllegalArgumentException when a name is not a valid identifier
     */
    CompletableFuture<List<Map<String, Object>>> select(String table, String columns,
            Map<String, ?> filters, String orderBy);

    /** Selects every column of the rows matching {@code filters}, in no particular order. */
    default CompletableFuture<List<Map<String, Object>>> select(String table, Map<String, ?> filters) {
        return select(table, "*", filters, null);
    }

    /** Selects every row and column of {@code table}, in no particular order. */
    default CompletableFuture<List<Map<String, Object>>> select(String table) {
        return select(table, "*", Map.of(), null);
    }

    /**
     * Selects one page of the rows matching {@code filters}, in ascending order of the page's key
     * column: the first {@link Page#size()} rows whose key is greater than {@link Page#after()} (all
     * rows' keys when it is {@code null}). A page holds fewer rows than its size only when no more
     * rows follow, so a caller reads a table in bounded steps (a REST backend caps its responses) by
     * asking for {@code page.next(lastRowsKey)} until a page comes back short.
     *
     * @param columns {@code "*"} or a comma-separated list of column names; include the key column to
     *     page on
     * @param filters as {@link #select(String, String, Map, String)} takes them
     * @throws IllegalArgumentException when a name is not a valid identifier
     */
    CompletableFuture<List<Map<String, Object>>> selectPage(String table, String columns, Map<String, ?> filters,
            Page page);

    /**
     * Describes the columns of {@code table} in table order: name, type, whether the database fills it
     * by default and whether it is generated.
     *
     * @return a future of the columns; an empty list when there is no such table
     * @throws IllegalArgumentException when {@code table} is not a valid name
     */
    CompletableFuture<List<ColumnInfo>> columns(String table);

    /**
     * Inserts one row and returns it as stored ({@code RETURNING *}). Keys starting with {@code _}
     * are metadata and are dropped.
     *
     * @throws IllegalArgumentException when {@code data} has no insertable key or a bad name
     */
    CompletableFuture<Map<String, Object>> insert(String table, Map<String, ?> data);

    /**
     * Inserts many rows, one round trip per batch, and returns them as stored, in input order.
     * Every row must have the same keys (after dropping {@code _}-prefixed ones).
     *
     * @throws IllegalArgumentException when rows differ in their keys or a name is bad
     */
    CompletableFuture<List<Map<String, Object>>> insertMany(String table, List<? extends Map<String, ?>> rows);

    /**
     * Updates the rows matching {@code filters} and returns the first updated row. Completes with
     * {@link NoRowsException} when nothing matched.
     *
     * @throws IllegalArgumentException when {@code filters} or {@code data} is empty, or a name is bad
     */
    CompletableFuture<Map<String, Object>> update(String table, Map<String, ?> data, Map<String, ?> filters);

    /**
     * Deletes the rows matching {@code filters} and returns how many were deleted.
     *
     * @throws IllegalArgumentException when {@code filters} is empty or a name is bad
     */
    CompletableFuture<Integer> delete(String table, Map<String, ?> filters);

    /** Counts the rows matching {@code filters} (all rows when empty). */
    CompletableFuture<Long> count(String table, Map<String, ?> filters);

    /**
     * Runs raw SQL (DDL included). {@code :name} placeholders are bound from {@code params}; they are
     * not recognised inside string literals, quoted identifiers, comments, dollar quotes or
     * {@code ::} casts.
     *
     * @return the rows of the last result set, or an empty list when the statement returns none; a
     *     backend that cannot run raw SQL fails it with {@link UnsupportedOperationForBackendException}
     * @throws IllegalArgumentException when a placeholder has no value in {@code params}
     */
    CompletableFuture<List<Map<String, Object>>> execute(String sql, Map<String, ?> params);

    /** Runs raw SQL without parameters; see {@link #execute(String, Map)}. */
    default CompletableFuture<List<Map<String, Object>>> execute(String sql) {
        return execute(sql, Map.of());
    }

    /**
     * Runs {@code work} in a transaction. {@code work} receives a client bound to one connection; its
     * calls run one at a time in submission order. When the returned stage completes normally the
     * transaction commits and the result is its value; when it fails (or {@code work} throws) the
     * transaction rolls back and the result fails with the same exception. Calling
     * {@code transaction} on a bound client opens a savepoint. A backend without transactions fails the
     * result with {@link UnsupportedOperationForBackendException}.
     */
    <T> CompletableFuture<T> transaction(Function<DatabaseClient, ? extends CompletionStage<T>> work);

    /** Returns which kind of backend this client talks to. */
    Provider provider();

    /** Releases the connections; later calls fail fast. Idempotent. */
    @Override
    void close();
}
