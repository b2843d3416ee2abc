package dev.dbadapter.schema;

import dev.dbadapter.adapter.ClientClosedException;
import dev.dbadapter.adapter.DatabaseClient;
import dev.dbadapter.adapter.UnsupportedOperationForBackendException;
import dev.dbadapter.adapter.postgres.PostgresAdapter;
import dev.dbadapter.adapter.postgres.PostgresClient;
import dev.dbadapter.adapter.postgres.internal.Connections;
import dev.dbadapter.adapter.postgres.internal.catalog.Catalog;
import dev.dbadapter.adapter.postgres.internal.catalog.Column;
import dev.dbadapter.adapter.postgres.internal.catalog.Constraint;
import dev.dbadapter.adapter.postgres.internal.catalog.Index;
import dev.dbadapter.adapter.postgres.internal.catalog.Trigger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
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
            new Catalog(connection).columnNames(scope(schema)).forEach((table, columns) ->
                    result.put(table, Collections.unmodifiableSet(new LinkedHashSet<>(columns))));
            return Collections.unmodifiableMap(new LinkedHashMap<>(result));
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
            Catalog catalog = new Catalog(connection);
            Catalog.Scope scope = scope(schema);
            Map<String, List<Column>> columns = catalog.columns(scope);
            Map<String, List<Constraint>> constraints = catalog.constraints(scope);
            Map<String, List<Index>> indexes = catalog.indexes(scope);
            Map<String, List<Trigger>> triggers = catalog.triggers(scope);
            List<DatabaseSchema.Function> functions = catalog.functions(schema).stream()
                    .map(function -> new DatabaseSchema.Function(function.name(), function.arguments(),
                            function.returnType(), function.language(), function.definition()))
                    .toList();
            // a caller's read-committed transaction may see a table appear between two reads
            Set<String> names = new TreeSet<>(columns.keySet());
            names.addAll(constraints.keySet());
            names.addAll(indexes.keySet());
            names.addAll(triggers.keySet());
            Map<String, DatabaseSchema.Table> tables = new LinkedHashMap<>();
            for (String name : names) {
                tables.put(name, table(name, schema, columns.getOrDefault(name, List.of()),
                        constraints.getOrDefault(name, List.of()), indexes.getOrDefault(name, List.of()),
                        triggers.getOrDefault(name, List.of())));
            }
            return new DatabaseSchema(schema, tables, functions);
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
            return CompletableFuture.failedFuture(new ClientClosedException(
                    "This SchemaIntrospector is closed", "create a new one"));
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

    private Catalog.Scope scope(String schema) {
        return Catalog.Scope.schema(schema, excludedTables);
    }

    private static DatabaseSchema.Table table(String name, String schema, List<Column> columns,
            List<Constraint> constraints, List<Index> indexes, List<Trigger> triggers) {
        Map<String, DatabaseSchema.Column> byName = new LinkedHashMap<>();
        for (Column column : columns) {
            byName.put(column.name(), new DatabaseSchema.Column(column.name(), column.type(), !column.notNull(),
                    column.defaultExpr(), column.identity()));
        }
        return new DatabaseSchema.Table(name, byName,
                constraints.stream().filter(constraint -> "pfucx".indexOf(constraint.type()) >= 0)
                        .map(constraint -> constraint(constraint, schema)).toList(),
                indexes.stream().filter(index -> !index.primary()).map(index -> new DatabaseSchema.Index(
                        index.name(), index.columns(), index.unique(), index.method(), index.definition())).toList(),
                triggers.stream().map(trigger -> trigger(trigger, schema)).toList());
    }

    private static DatabaseSchema.Constraint constraint(Constraint constraint, String schema) {
        DatabaseSchema.ConstraintType type = switch (constraint.type()) {
            case 'p' -> DatabaseSchema.ConstraintType.PRIMARY_KEY;
            case 'f' -> DatabaseSchema.ConstraintType.FOREIGN_KEY;
            case 'u' -> DatabaseSchema.ConstraintType.UNIQUE;
            case 'c' -> DatabaseSchema.ConstraintType.CHECK;
            default -> DatabaseSchema.ConstraintType.EXCLUDE;
        };
        boolean foreign = type == DatabaseSchema.ConstraintType.FOREIGN_KEY;
        String refTable = !foreign ? null
                : constraint.refSchema().equals(schema) ? constraint.refTable()
                : constraint.refSchema() + "." + constraint.refTable();
        return new DatabaseSchema.Constraint(constraint.name(), type, constraint.columns(), refTable,
                foreign ? constraint.refColumns() : List.of(), foreign ? onDelete(constraint.onDelete()) : null,
                constraint.definition());
    }

    private static DatabaseSchema.Trigger trigger(Trigger trigger, String schema) {
        int type = trigger.type();
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
        String function = trigger.functionSchema().equals(schema) ? trigger.function()
                : trigger.functionSchema() + "." + trigger.function();
        return new DatabaseSchema.Trigger(trigger.name(), events, timing, (type & 1) != 0 ? "ROW" : "STATEMENT",
                function);
    }

    private static String onDelete(char code) {
        return switch (code) {
            case 'r' -> "RESTRICT";
            case 'c' -> "CASCADE";
            case 'n' -> "SET NULL";
            case 'd' -> "SET DEFAULT";
            default -> "NO ACTION";
        };
    }
}
