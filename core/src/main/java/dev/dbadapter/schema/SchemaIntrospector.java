package dev.dbadapter.schema;

import dev.dbadapter.DbAdapterException;
import dev.dbadapter.ErrorCode;
import dev.dbadapter.adapter.DatabaseClient;
import dev.dbadapter.adapter.UnsupportedOperationForBackendException;
import dev.dbadapter.adapter.postgres.PostgresAdapter;
import dev.dbadapter.adapter.postgres.PostgresClient;
import dev.dbadapter.adapter.postgres.internal.Connections;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reads the structure of a live PostgreSQL schema from {@code pg_catalog}. Each call runs a fixed
 * handful of set-based queries (columns of all tables, constraints, indexes, triggers, functions) on
 * one connection, never a query per table, so it costs the same few round trips for 10 tables or
 * 10,000.
 *
 * <pre>{@code
 * try (SchemaIntrospector introspector = new SchemaIntrospector(adapter)) {
 *     Map<String, Set<String>> columns = introspector.columnNames("public").join();
 * }
 * }</pre>
 */
public final class SchemaIntrospector implements AutoCloseable {
    /** Tables left out unless configured otherwise: bookkeeping tables of tools and extensions. */
    public static final Set<String> DEFAULT_EXCLUDED_TABLES =
            Set.of("schema_migrations", "pg_stat_statements", "spatial_ref_sys");

    private static final String TABLE_FILTER = """
            FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace
            %s
            WHERE n.nspname = ? AND c.relkind IN ('r', 'p') AND NOT (c.relname = ANY (?))
              AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_class'::regclass
                              AND e.objid = c.oid AND e.deptype = 'e')
            """;

    private static final String COLUMNS_SQL = """
            SELECT c.relname AS table_name, a.attname AS column_name,
                   format_type(a.atttypid, a.atttypmod) AS data_type, NOT a.attnotnull AS nullable,
                   pg_get_expr(d.adbin, d.adrelid) AS default_value, a.attidentity AS identity
            """ + TABLE_FILTER.formatted("""
            LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
            LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
            """) + " ORDER BY c.relname, a.attnum";

    private static final String COLUMN_NAMES_SQL = "SELECT c.relname AS table_name, a.attname AS column_name "
            + TABLE_FILTER.formatted("""
            LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
            """) + " ORDER BY c.relname, a.attnum";

    private static final String CONSTRAINTS_SQL = """
            SELECT c.relname AS table_name, con.conname, con.contype, con.confdeltype,
                   ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
                         JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
                         ORDER BY k.ord) AS columns,
                   rn.nspname AS ref_schema, r.relname AS ref_table,
                   ARRAY(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
                         JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum
                         ORDER BY k.ord) AS ref_columns,
                   pg_get_constraintdef(con.oid) AS definition
            """ + TABLE_FILTER.formatted("""
            JOIN pg_constraint con ON con.conrelid = c.oid AND con.contype IN ('p', 'f', 'u', 'c', 'x')
            LEFT JOIN pg_class r ON r.oid = con.confrelid
            LEFT JOIN pg_namespace rn ON rn.oid = r.relnamespace
            """) + " ORDER BY c.relname, con.conname";

    private static final String INDEXES_SQL = """
            SELECT c.relname AS table_name, i.relname AS index_name, x.indisunique, am.amname,
                   ARRAY(SELECT pg_get_indexdef(x.indexrelid, k, true)
                         FROM generate_series(1, x.indnkeyatts) k ORDER BY k) AS columns,
                   pg_get_indexdef(x.indexrelid) AS definition
            """ + TABLE_FILTER.formatted("""
            JOIN pg_index x ON x.indrelid = c.oid AND NOT x.indisprimary
            JOIN pg_class i ON i.oid = x.indexrelid
            JOIN pg_am am ON am.oid = i.relam
            """) + " ORDER BY c.relname, i.relname";

    private static final String TRIGGERS_SQL = """
            SELECT c.relname AS table_name, t.tgname, t.tgtype, p.proname, pn.nspname AS function_schema
            """ + TABLE_FILTER.formatted("""
            JOIN pg_trigger t ON t.tgrelid = c.oid AND NOT t.tgisinternal
            JOIN pg_proc p ON p.oid = t.tgfoid
            JOIN pg_namespace pn ON pn.oid = p.pronamespace
            """) + " ORDER BY c.relname, t.tgname";

    private static final String FUNCTIONS_SQL = """
            SELECT p.proname, pg_get_function_identity_arguments(p.oid) AS arguments,
                   CASE WHEN p.prokind = 'p' THEN '' ELSE pg_get_function_result(p.oid) END AS return_type,
                   l.lanname, pg_get_functiondef(p.oid) AS definition
            FROM pg_proc p
            JOIN pg_namespace n ON n.oid = p.pronamespace
            JOIN pg_language l ON l.oid = p.prolang
            WHERE n.nspname = ? AND p.prokind IN ('f', 'p')
              AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_proc'::regclass
                              AND e.objid = p.oid AND e.deptype = 'e')
            ORDER BY p.proname, 2
            """;

    private final PostgresClient client;
    private final PostgresAdapter ownedAdapter;
    private final Set<String> excludedTables;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * Creates an introspector over {@code client}, leaving out {@link #DEFAULT_EXCLUDED_TABLES}.
     *
     * @throws UnsupportedOperationForBackendException when {@code client} has no direct PostgreSQL
     *     connection (the catalog is read with SQL)
     */
    public SchemaIntrospector(DatabaseClient client) {
        this(client, DEFAULT_EXCLUDED_TABLES);
    }

    /**
     * Creates an introspector over {@code client} (not closed by {@link #close()}).
     *
     * @param excludedTables table names to leave out of every result
     * @throws UnsupportedOperationForBackendException when {@code client} has no direct PostgreSQL
     *     connection (the catalog is read with SQL)
     */
    public SchemaIntrospector(DatabaseClient client, Set<String> excludedTables) {
        this(client, null, excludedTables);
    }

    private SchemaIntrospector(DatabaseClient client, PostgresAdapter ownedAdapter, Set<String> excludedTables) {
        this.client = PostgresClient.require(client, "schema introspection");
        this.ownedAdapter = ownedAdapter;
        this.excludedTables = Set.copyOf(excludedTables);
    }

    /**
     * Creates an introspector with its own adapter for {@code url}; {@link #close()} closes it.
     *
     * @throws IllegalArgumentException when the URL cannot be parsed
     */
    public static SchemaIntrospector connect(String url) {
        PostgresAdapter adapter = PostgresAdapter.connect(url);
        return new SchemaIntrospector(adapter, adapter, DEFAULT_EXCLUDED_TABLES);
    }

    /** Returns the table names this introspector leaves out. */
    public Set<String> excludedTables() {
        return excludedTables;
    }

    /**
     * Checks that the database answers.
     *
     * @return a future of the server version ({@code 15.4}); it fails with a
     *     {@link dev.dbadapter.adapter.DatabaseException} when the database cannot be reached
     */
    public CompletableFuture<String> testConnection() {
        return use(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("SHOW server_version");
                    ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        });
    }

    /**
     * Returns the column names of every table in {@code schema} (excluded tables left out), with one
     * catalog query.
     *
     * @return a future of table name to its column names, tables sorted, columns in column order
     */
    public CompletableFuture<Map<String, Set<String>>> columnNames(String schema) {
        Objects.requireNonNull(schema, "schema");
        return use(connection -> {
            Map<String, Set<String>> result = new TreeMap<>();
            try (PreparedStatement statement = prepare(connection, COLUMN_NAMES_SQL, schema);
                    ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    Set<String> columns = result.computeIfAbsent(rs.getString(1), key -> new LinkedHashSet<>());
                    if (rs.getString(2) != null) {
                        columns.add(rs.getString(2));
                    }
                }
            }
            Map<String, Set<String>> frozen = new LinkedHashMap<>();
            result.forEach((table, columns) -> frozen.put(table, Collections.unmodifiableSet(columns)));
            return Collections.unmodifiableMap(frozen);
        });
    }

    /**
     * Returns the column names of the tables a schema file's keys can name: every table of
     * {@code public} under its bare name, and every table of each other schema that {@code tableKeys}
     * qualifies ({@code audit.log} names schema {@code audit}) as {@code schema.name}, the way
     * {@link SchemaFile} keys its tables. One catalog query per schema.
     *
     * @param tableKeys the expected table keys, such as {@link SchemaFile#expectedColumns()}'s
     * @return a future of table key to its column names
     */
    public CompletableFuture<Map<String, Set<String>>> columnNamesFor(Collection<String> tableKeys) {
        Set<String> others = new TreeSet<>();
        for (String key : tableKeys) {
            int dot = key.indexOf('.');
            if (dot > 0 && !key.substring(0, dot).equals("public")) {
                others.add(key.substring(0, dot));
            }
        }
        CompletableFuture<Map<String, Set<String>>> all = columnNames("public").thenApply(LinkedHashMap::new);
        for (String other : others) {
            all = all.thenCombine(columnNames(other), (merged, found) -> {
                found.forEach((table, columns) -> merged.put(other + "." + table, columns));
                return merged;
            });
        }
        return all.thenApply(Collections::unmodifiableMap);
    }

    /**
     * Reads the full structure of {@code schema}: tables with columns, constraints, indexes and
     * triggers, and the user functions (extension members left out). Five catalog queries in all.
     */
    public CompletableFuture<DatabaseSchema> introspect(String schema) {
        Objects.requireNonNull(schema, "schema");
        return use(connection -> inSnapshot(connection, () -> {
            Map<String, TableParts> tables = new TreeMap<>();
            readColumns(connection, schema, tables);
            readConstraints(connection, schema, tables);
            readIndexes(connection, schema, tables);
            readTriggers(connection, schema, tables);
            List<DatabaseSchema.Function> functions = readFunctions(connection, schema);
            Map<String, DatabaseSchema.Table> built = new LinkedHashMap<>();
            tables.forEach((name, parts) -> built.put(name, new DatabaseSchema.Table(name, parts.columns,
                    parts.constraints, parts.indexes, parts.triggers)));
            return new DatabaseSchema(schema, built, functions);
        }));
    }

    /** Marks the introspector closed and closes the adapter it created, if any. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true) && ownedAdapter != null) {
            ownedAdapter.close();
        }
    }

    private <T> CompletableFuture<T> use(dev.dbadapter.adapter.postgres.ConnectionCallback<T> work) {
        if (closed.get()) {
            return CompletableFuture.failedFuture(new DbAdapterException(ErrorCode.CLOSED,
                    "This SchemaIntrospector is closed", "create a new one", null));
        }
        return client.withConnection(work);
    }

    /**
     * Runs the queries of one call in a single read-only snapshot, so a table created or dropped
     * meanwhile cannot make them disagree. Inside a caller's transaction its snapshot is used.
     */
    private static <T> T inSnapshot(Connection connection, SqlWork<T> work) throws SQLException {
        if (!connection.getAutoCommit()) {
            return work.run();
        }
        connection.setAutoCommit(false);
        try (java.sql.Statement statement = connection.createStatement()) {
            statement.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            T result = work.run();
            connection.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            Connections.rollbackAfter(connection, e);
            throw e;
        } finally {
            Connections.restoreAutoCommit(connection);
        }
    }

    /** Catalog reading that may throw {@link SQLException}. */
    private interface SqlWork<T> {
        T run() throws SQLException;
    }

    private PreparedStatement prepare(Connection connection, String sql, String schema) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        statement.setString(1, schema);
        if (sql.contains("ANY (?)")) {
            statement.setArray(2, connection.createArrayOf("text", excludedTables.toArray()));
        }
        return statement;
    }

    private void readColumns(Connection connection, String schema, Map<String, TableParts> tables)
            throws SQLException {
        try (PreparedStatement statement = prepare(connection, COLUMNS_SQL, schema);
                ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                TableParts table = parts(tables, rs.getString("table_name"));
                String column = rs.getString("column_name");
                if (column == null) {
                    continue;
                }
                String identity = switch (String.valueOf(rs.getString("identity"))) {
                    case "a" -> "ALWAYS";
                    case "d" -> "BY DEFAULT";
                    default -> null;
                };
                table.columns.put(column, new DatabaseSchema.Column(column, rs.getString("data_type"),
                        rs.getBoolean("nullable"), rs.getString("default_value"), identity));
            }
        }
    }

    private void readConstraints(Connection connection, String schema, Map<String, TableParts> tables)
            throws SQLException {
        try (PreparedStatement statement = prepare(connection, CONSTRAINTS_SQL, schema);
                ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                TableParts table = parts(tables, rs.getString("table_name"));
                DatabaseSchema.ConstraintType type = switch (rs.getString("contype")) {
                    case "p" -> DatabaseSchema.ConstraintType.PRIMARY_KEY;
                    case "f" -> DatabaseSchema.ConstraintType.FOREIGN_KEY;
                    case "u" -> DatabaseSchema.ConstraintType.UNIQUE;
                    case "c" -> DatabaseSchema.ConstraintType.CHECK;
                    default -> DatabaseSchema.ConstraintType.EXCLUDE;
                };
                boolean foreign = type == DatabaseSchema.ConstraintType.FOREIGN_KEY;
                String refSchema = rs.getString("ref_schema");
                String refTable = !foreign ? null
                        : refSchema.equals(schema) ? rs.getString("ref_table") : refSchema + "." + rs.getString("ref_table");
                table.constraints.add(new DatabaseSchema.Constraint(rs.getString("conname"), type,
                        strings(rs.getArray("columns")), refTable,
                        foreign ? strings(rs.getArray("ref_columns")) : List.of(),
                        foreign ? onDelete(rs.getString("confdeltype")) : null, rs.getString("definition")));
            }
        }
    }

    private void readIndexes(Connection connection, String schema, Map<String, TableParts> tables)
            throws SQLException {
        try (PreparedStatement statement = prepare(connection, INDEXES_SQL, schema);
                ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                parts(tables, rs.getString("table_name")).indexes.add(new DatabaseSchema.Index(
                        rs.getString("index_name"), strings(rs.getArray("columns")), rs.getBoolean("indisunique"),
                        rs.getString("amname"), rs.getString("definition")));
            }
        }
    }

    private void readTriggers(Connection connection, String schema, Map<String, TableParts> tables)
            throws SQLException {
        try (PreparedStatement statement = prepare(connection, TRIGGERS_SQL, schema);
                ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                int type = rs.getInt("tgtype");
                List<String> events = new ArrayList<>();
                if ((type & 4) != 0) {
                    events.add("INSERT");
                }
                if ((type & 16) != 0) {
                    events.add("UPDATE");
                }
                if ((type & 8) != 0) {
                    events.add("DELETE");
                }
                if ((type & 32) != 0) {
                    events.add("TRUNCATE");
                }
                String timing = (type & 2) != 0 ? "BEFORE" : (type & 64) != 0 ? "INSTEAD OF" : "AFTER";
                String functionSchema = rs.getString("function_schema");
                String function = functionSchema.equals(schema) ? rs.getString("proname")
                        : functionSchema + "." + rs.getString("proname");
                parts(tables, rs.getString("table_name")).triggers.add(new DatabaseSchema.Trigger(
                        rs.getString("tgname"), events, timing, (type & 1) != 0 ? "ROW" : "STATEMENT", function));
            }
        }
    }

    private List<DatabaseSchema.Function> readFunctions(Connection connection, String schema) throws SQLException {
        List<DatabaseSchema.Function> functions = new ArrayList<>();
        try (PreparedStatement statement = prepare(connection, FUNCTIONS_SQL, schema);
                ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                functions.add(new DatabaseSchema.Function(rs.getString("proname"), rs.getString("arguments"),
                        rs.getString("return_type"), rs.getString("lanname"), rs.getString("definition")));
            }
        }
        return functions;
    }

    private static TableParts parts(Map<String, TableParts> tables, String name) {
        return tables.computeIfAbsent(name, key -> new TableParts());
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }

    private static String onDelete(String code) {
        return switch (code) {
            case "r" -> "RESTRICT";
            case "c" -> "CASCADE";
            case "n" -> "SET NULL";
            case "d" -> "SET DEFAULT";
            default -> "NO ACTION";
        };
    }

    /** A table's parts while the queries fill them in. */
    private static final class TableParts {
        final Map<String, DatabaseSchema.Column> columns = new LinkedHashMap<>();
        final List<DatabaseSchema.Constraint> constraints = new ArrayList<>();
        final List<DatabaseSchema.Index> indexes = new ArrayList<>();
        final List<DatabaseSchema.Trigger> triggers = new ArrayList<>();
    }
}
