package dev.dbadapter.adapter.postgres;

import java.sql.Connection;

/**
 * Work done with a raw JDBC connection, for what the {@code Map} API cannot express (COPY, catalog
 * queries). The connection is borrowed for the call only: do not keep it, commit it or close it.
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface ConnectionCallback<T> {
    /** Does the work; any exception fails the returned future (SQL errors as {@code DatabaseException}). */
    T apply(Connection connection) throws Exception;
}
