package dev.dbadapter.adapter.postgres.internal;

import dev.dbadapter.adapter.ColumnInfo;
import dev.dbadapter.adapter.NoRowsException;
import dev.dbadapter.adapter.Page;
import dev.dbadapter.adapter.postgres.ConnectionCallback;
import dev.dbadapter.adapter.postgres.PostgresClient;
import dev.dbadapter.internal.Filter;
import dev.dbadapter.internal.Identifiers;
import dev.dbadapter.internal.NamedParameters;
import dev.dbadapter.internal.RowKeys;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The CRUD operations of {@link PostgresClient}, written once over an abstract way to run work on a
 * connection: the pool-backed adapter borrows one per call, a transaction-bound client reuses its
 * own. Names are checked here, before anything is submitted.
 */
public abstract class AbstractPostgresClient implements PostgresClient {
    /** Most bind parameters one statement may carry (the protocol's limit is 65535). */
    private static final int MAX_PARAMETERS = 32_000;
    private static final int MAX_BATCH_ROWS = 1_000;

    /** The column-type cache shared by this client and the clients it spawns. */
    protected final ColumnTypes columnTypes;
    /** The statement cache shared by this client and the clients it spawns. */
    protected final StatementCache statements;

    /** Creates the client over its adapter's column-type and statement caches. */
    protected AbstractPostgresClient(ColumnTypes columnTypes, StatementCache statements) {
        this.columnTypes = columnTypes;
        this.statements = statements;
    }

    /**
     * Runs {@code work} on a connection and completes the future with its result, or exceptionally
     * with the translated error; {@code where} names the operation in messages.
     */
    protected abstract <T> CompletableFuture<T> run(String where, ConnectionCallback<T> work);

    /**
     * Like {@link #run}, for work that only reads and so may safely run again after its connection
     * was lost; runs it once unless overridden.
     */
    protected <T> CompletableFuture<T> runReading(String where, ConnectionCallback<T> work) {
        return run(where, work);
    }

    @Override
    public <T> CompletableFuture<T> withConnection(ConnectionCallback<T> callback) {
        return run(null, connection -> {
            try {
                return callback.apply(connection);
            } finally {
                columnTypes.clear(); // the callback may have run DDL
            }
        });
    }

    @Override
    public CompletableFuture<List<Map<String, Object>>> select(String table, String columns,
            Map<String, ?> filters, String orderBy) {
        FilterSql.Where where = statements.where(filters);
        String sql = statements.get(new StatementCache.Key("select", table, columns, orderBy, where.sql()),
                () -> "SELECT " + Identifiers.selectList(columns) + " FROM " + Identifiers.table(table)
                        + where.sql() + Identifiers.orderBy(orderBy));
        return runReading("select from " + table, connection -> query(connection, sql, where));
    }

    @Override
    public CompletableFuture<List<Map<String, Object>>> selectPage(String table, String columns,
            Map<String, ?> filters, Page page) {
        FilterSql.Where where = statements.where(filters);
        String key = Identifiers.column(page.key());
        String sql = "SELECT " + Identifiers.selectList(columns) + " FROM " + Identifiers.table(table) + where.sql()
                + (page.after() == null ? "" : (where.sql().isEmpty() ? " WHERE " : " AND ") + key + " > ?")
                + " ORDER BY " + key + " LIMIT " + page.size();
        return runReading("select from " + table, connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                int next = where.bind(connection, statement, 1);
                if (page.after() != null) {
                    ValueCodec.bind(connection, statement, next, page.after(), null);
                }
                try (ResultSet rs = statement.executeQuery()) {
                    return ValueCodec.readAll(rs);
                }
            }
        });
    }

    @Override
    public CompletableFuture<List<ColumnInfo>> columns(String table) {
        String quotedTable = Identifiers.table(table);
        return runReading("columns of " + table, connection -> ColumnDescriptions.read(connection, quotedTable));
    }

    @Override
    public CompletableFuture<Long> count(String table, Map<String, ?> filters) {
        FilterSql.Where where = statements.where(filters);
        String sql = statements.get(new StatementCache.Key("count", table, null, null, where.sql()),
                () -> "SELECT count(*) FROM " + Identifiers.table(table) + where.sql());
        return runReading("count " + table, connection -> (Long) query(connection, sql, where).getFirst().get("count"));
    }

    @Override
    public CompletableFuture<Map<String, Object>> insert(String table, Map<String, ?> data) {
        return insertMany(table, List.of(data)).thenApply(List::getFirst);
    }

    @Override
    public CompletableFuture<List<Map<String, Object>>> insertMany(String table, List<? extends Map<String, ?>> rows) {
        String quotedTable = statements.get(new StatementCache.Key("table", table, null, null, null),
                () -> Identifiers.table(table));
        if (rows.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        // the values as they are now: the rows may change once this call has returned
        RowKeys.Values extracted = RowKeys.values(table, rows);
        List<String> keys = extracted.keys();
        List<Object[]> values = extracted.rows();
        // a checked name holds no NUL character: no two lists of names give the same key
        String shapeKey = String.join("\0", keys);
        String head = statements.get(new StatementCache.Key("insert", table, shapeKey, null, null),
                () -> "INSERT INTO " + quotedTable + " (" + keys.stream().map(Identifiers::column)
                        .collect(java.util.stream.Collectors.joining(", ")) + ") VALUES ");
        String tuple = "(" + "?, ".repeat(keys.size() - 1) + "?)";
        String oneRow = statements.get(new StatementCache.Key("insert one row", table, shapeKey, null, null),
                () -> head + tuple + " RETURNING *");
        int batchRows = Math.max(1, Math.min(MAX_BATCH_ROWS, MAX_PARAMETERS / keys.size()));
        return run("insert into " + table, connection -> {
            String[] listTargets = listTargets(connection, quotedTable, keys, values);
            // several batches outside a transaction get one of their own: all rows or none
            boolean ownTransaction = values.size() > batchRows && connection.getAutoCommit();
            if (ownTransaction) {
                connection.setAutoCommit(false);
            }
            try {
                List<Map<String, Object>> created = new ArrayList<>(rows.size());
                for (int start = 0; start < values.size(); start += batchRows) {
                    List<Object[]> batch = values.subList(start, Math.min(values.size(), start + batchRows));
                    String sql = batch.size() == 1 ? oneRow
                            : head + String.join(", ", java.util.Collections.nCopies(batch.size(), tuple)) + " RETURNING *";
                    created.addAll(insertBatch(connection, sql, batch, listTargets));
                }
                if (ownTransaction) {
                    connection.commit();
                }
                return created;
            } catch (Throwable error) {
                if (ownTransaction) {
                    Connections.rollbackAfter(connection, error);
                }
                throw error;
            } finally {
                if (ownTransaction) {
                    Connections.restoreAutoCommit(connection);
                }
            }
        });
    }

    private static List<Map<String, Object>> insertBatch(Connection connection, String sql, List<Object[]> batch,
            String[] listTargets) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            int index = 1;
            for (Object[] row : batch) {
                for (int c = 0; c < row.length; c++) {
                    ValueCodec.bind(connection, statement, index++, row[c], listTargets[c]);
                }
            }
            try (ResultSet rs = statement.executeQuery()) {
                return ValueCodec.readAll(rs);
            }
        }
    }

    @Override
    public CompletableFuture<Map<String, Object>> update(String table, Map<String, ?> data, Map<String, ?> filters) {
        String quotedTable = Identifiers.table(table);
        List<String> keys = RowKeys.insertable(data);
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("Nothing to update in " + table + ": no column given");
        }
        FilterSql.Where where = requiredWhere(filters);
        List<String> sets = keys.stream().map(key -> Identifiers.column(key) + " = ?").toList();
        String sql = "UPDATE " + quotedTable + " SET " + String.join(", ", sets) + where.sql() + " RETURNING *";
        List<Object> setValues = keys.stream().map(key -> (Object) data.get(key)).toList();
        return run("update " + table, connection -> {
            String[] listTargets = listTargets(connection, quotedTable, keys, List.<Object[]>of(setValues.toArray()));
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                int index = 1;
                for (int c = 0; c < setValues.size(); c++) {
                    ValueCodec.bind(connection, statement, index++, setValues.get(c), listTargets[c]);
                }
                where.bind(connection, statement, index);
                try (ResultSet rs = statement.executeQuery()) {
                    List<Map<String, Object>> updated = ValueCodec.readAll(rs);
                    if (updated.isEmpty()) {
                        throw new NoRowsException(table, filters);
                    }
                    return updated.getFirst();
                }
            }
        });
    }

    @Override
    public CompletableFuture<Integer> delete(String table, Map<String, ?> filters) {
        FilterSql.Where where = requiredWhere(filters);
        String sql = "DELETE FROM " + Identifiers.table(table) + where.sql();
        return run("delete from " + table, connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                where.bind(connection, statement, 1);
                return statement.executeUpdate();
            }
        });
    }

    @Override
    public CompletableFuture<List<Map<String, Object>>> execute(String sql, Map<String, ?> params) {
        if (sql == null || sql.isBlank()) {
            throw new IllegalArgumentException("SQL to execute is empty");
        }
        NamedParameters parsed = NamedParameters.parse(sql);
        List<Object> values = new ArrayList<>();
        for (String name : parsed.names()) {
            if (params == null || !params.containsKey(name)) {
                throw new IllegalArgumentException("No value given for parameter :" + name);
            }
            values.add(params.get(name));
        }
        return run("execute", connection -> {
            try {
                if (values.isEmpty()) {
                    try (Statement statement = connection.createStatement()) {
                        return lastResult(statement, statement.execute(sql));
                    }
                }
                try (PreparedStatement statement = connection.prepareStatement(parsed.sql())) {
                    for (int i = 0; i < values.size(); i++) {
                        ValueCodec.bind(connection, statement, i + 1, values.get(i), null);
                    }
                    return lastResult(statement, statement.execute());
                }
            } finally {
                // after the statement, so a concurrent call cannot re-cache the types from before the DDL
                columnTypes.clear();
            }
        });
    }

    private static List<Map<String, Object>> lastResult(Statement statement, boolean hasResultSet) throws SQLException {
        List<Map<String, Object>> rows = List.of();
        boolean isResult = hasResultSet;
        while (true) {
            if (isResult) {
                try (ResultSet rs = statement.getResultSet()) {
                    rows = ValueCodec.readAll(rs);
                }
            } else if (statement.getUpdateCount() == -1) {
                return rows;
            }
            isResult = statement.getMoreResults();
        }
    }

    private static List<Map<String, Object>> query(Connection connection, String sql, FilterSql.Where where)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            where.bind(connection, statement, 1);
            try (ResultSet rs = statement.executeQuery()) {
                return ValueCodec.readAll(rs);
            }
        }
    }

    private String[] listTargets(Connection connection, String quotedTable, List<String> keys,
            List<Object[]> rows) throws SQLException {
        String[] targets = new String[keys.size()];
        for (int c = 0; c < keys.size(); c++) {
            for (Object[] row : rows) {
                if (needsColumnType(row[c])) {
                    targets[c] = columnTypes.listTarget(connection, quotedTable, Identifiers.normalize(keys.get(c), "column"));
                    break;
                }
            }
        }
        return targets;
    }

    /** Whether binding {@code value} depends on its column's type: arrays vs JSON, numbers into JSON. */
    private static boolean needsColumnType(Object value) {
        return value instanceof Collection<?> || value instanceof Object[] || value instanceof Number
                || value instanceof Boolean;
    }

    /**
     * Renders the filters of an update or delete, which must not be empty.
     *
     * @throws IllegalArgumentException when {@code filters} is empty or a key is not a valid column name
     */
    private FilterSql.Where requiredWhere(Map<String, ?> filters) {
        if (filters == null || filters.isEmpty()) {
            Filter.required(filters);
        }
        return statements.where(filters);
    }
}
