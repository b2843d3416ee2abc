package dev.dbadapter.schema;

import dev.dbadapter.internal.SqlText;
import dev.dbadapter.schema.internal.CompanionStatements;
import dev.dbadapter.schema.internal.CreateTableParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A parsed {@code schema.sql}: its statements, split as PostgreSQL would (comments, strings, quoted
 * identifiers and dollar quotes respected), and the tables its {@code CREATE TABLE} statements define.
 * Other statements (functions, triggers, indexes, comments) are kept as text but not interpreted.
 *
 * <p>Tables are keyed by their folded name, qualified only when they live outside {@code public}
 * ({@code items}, {@code public.items} and {@code "items"} are all {@code items};
 * {@code audit.log} stays {@code audit.log}).
 */
public final class SchemaFile {
    private final String source;
    private final List<Statement> statements;
    private final Map<String, TableDefinition> tables;
    private final Map<String, List<String>> companions;

    private SchemaFile(String source, List<Statement> statements, Map<String, TableDefinition> tables,
            Map<String, List<String>> companions) {
        this.source = source;
        this.statements = List.copyOf(statements);
        this.tables = Collections.unmodifiableMap(tables);
        this.companions = companions;
    }

    /**
     * One table of the file.
     *
     * @param name the folded table name
     * @param schema the folded schema name, or {@code null} when the file does not qualify it
     * @param columns column name to its full definition (type, default, constraints), in file order
     * @param constraints table-level constraints ({@code PRIMARY KEY (...)}, {@code FOREIGN KEY ...}), in order
     * @param references keys of the other tables it references, for ordering
     * @param createSql the exact {@code CREATE TABLE} statement, without the semicolon
     * @param line the 1-based line where the statement starts
     */
    public record TableDefinition(String name, String schema, Map<String, String> columns, List<String> constraints,
            Set<String> references, String createSql, int line) {
        /** Makes the collections unmodifiable. */
        public TableDefinition {
            columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
            constraints = List.copyOf(constraints);
            references = Collections.unmodifiableSet(new LinkedHashSet<>(references));
        }

        /** Returns the key the table is known by ({@code name}, or {@code schema.name} outside public). */
        public String key() {
            return CreateTableParser.tableKey(schema, name);
        }
    }

    /**
     * One statement of the file.
     *
     * @param line the 1-based line where it starts
     * @param sql its text without the closing semicolon
     * @param table the key of the table it creates, or {@code null} when it is not a {@code CREATE TABLE}
     */
    public record Statement(int line, String sql, String table) {
    }

    /**
     * Reads and parses a file.
     *
     * @throws SchemaFileException when the file cannot be read, holds no {@code CREATE TABLE}, or a
     *     statement cannot be parsed (the message names the line)
     */
    public static SchemaFile read(Path path) {
        String text;
        try {
            text = Files.readString(path);
        } catch (IOException e) {
            throw new SchemaFileException(path.toString(), 0, "cannot read the schema file ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
        }
        return parse(text, path.toString());
    }

    /** Parses SQL text; see {@link #parse(String, String)}. */
    public static SchemaFile parse(String sql) {
        return parse(sql, "schema.sql");
    }

    /**
     * Parses SQL text.
     *
     * @param source a name for the text in error messages (usually the file name)
     * @throws SchemaFileException when the text holds no {@code CREATE TABLE}, a {@code CREATE TABLE}
     *     cannot be parsed, a table is defined twice, or a comment or quote is not closed
     */
    public static SchemaFile parse(String sql, String source) {
        if (sql.startsWith("\uFEFF")) {
            // a byte order mark, as some Windows editors write it, is not SQL
            sql = sql.substring(1);
        }
        SqlText text;
        try {
            text = SqlText.scan(sql);
        } catch (SqlText.SqlSyntaxException e) {
            throw new SchemaFileException(source, e.line(), e.getMessage(), e);
        }
        List<Statement> statements = new ArrayList<>();
        Map<String, TableDefinition> tables = new LinkedHashMap<>();
        Map<String, List<String>> companions = new LinkedHashMap<>();
        for (SqlText.Span span : text.statements()) {
            String statementSql = sql.substring(span.start(), span.end());
            if (!CreateTableParser.isCreateTable(text, span)) {
                statements.add(new Statement(span.line(), statementSql, null));
                CompanionStatements.Companion companion;
                try {
                    companion = CompanionStatements.of(text, span);
                } catch (SqlText.SqlSyntaxException e) {
                    throw new SchemaFileException(source, e.line(), e.getMessage(), e);
                }
                if (companion != null) {
                    companions.computeIfAbsent(companion.table(), key -> new ArrayList<>()).add(companion.sql());
                }
                continue;
            }
            CreateTableParser.Parsed parsed;
            try {
                parsed = CreateTableParser.parse(text, span);
            } catch (SqlText.SqlSyntaxException e) {
                throw new SchemaFileException(source, e.line(), "cannot parse CREATE TABLE: " + e.getMessage(), e);
            }
            if (parsed == null) {
                statements.add(new Statement(span.line(), statementSql, null));
                continue;
            }
            TableDefinition table = new TableDefinition(parsed.name(), parsed.schema(), parsed.columns(),
                    parsed.constraints(), parsed.references(), statementSql, span.line());
            TableDefinition earlier = tables.putIfAbsent(table.key(), table);
            if (earlier != null) {
                throw new SchemaFileException(source, span.line(), "table " + table.key()
                        + " is already created at line " + earlier.line(), null);
            }
            statements.add(new Statement(span.line(), statementSql, table.key()));
        }
        if (tables.isEmpty()) {
            throw new SchemaFileException(source, 0, "no CREATE TABLE statement found", null);
        }
        return new SchemaFile(source, statements, tables, companions);
    }

    /** Returns the file name or label the text came from. */
    public String source() {
        return source;
    }

    /** Returns every statement in file order, {@code CREATE TABLE} or not. */
    public List<Statement> statements() {
        return statements;
    }

    /** Returns the tables in file order, keyed as described in the class comment. */
    public Map<String, TableDefinition> tables() {
        return tables;
    }

    /** Returns the table known by {@code key}, if the file creates it. */
    public Optional<TableDefinition> table(String key) {
        return Optional.ofNullable(tables.get(key));
    }

    /**
     * Returns the statements that go with the table {@code key} and can run right after its
     * {@code CREATE TABLE} in a transaction: its {@code CREATE INDEX} statements (without
     * {@code CONCURRENTLY}) and {@code COMMENT ON TABLE / COLUMN}, in file order.
     */
    public List<String> companions(String key) {
        return List.copyOf(companions.getOrDefault(key, List.of()));
    }

    /** Returns table key to its column names, in file order: what a live schema is validated against. */
    public Map<String, Set<String>> expectedColumns() {
        Map<String, Set<String>> expected = new LinkedHashMap<>();
        tables.forEach((key, table) -> expected.put(key,
                Collections.unmodifiableSet(new LinkedHashSet<>(table.columns().keySet()))));
        return Collections.unmodifiableMap(expected);
    }

    /**
     * Orders {@code keys} so that every table comes after the tables it references (parents first);
     * otherwise file order. Tables in a reference cycle keep file order. Keys the file does not
     * define are kept, after the file's tables.
     */
    public List<String> creationOrder(Collection<String> keys) {
        Set<String> wanted = new LinkedHashSet<>(keys);
        List<String> ordered = new ArrayList<>();
        Set<String> done = new HashSet<>();
        for (String key : tables.keySet()) {
            if (wanted.contains(key)) {
                visit(key, wanted, done, new HashSet<>(), ordered);
            }
        }
        for (String key : wanted) {
            if (!done.contains(key)) {
                ordered.add(key);
            }
        }
        return ordered;
    }

    private void visit(String key, Set<String> wanted, Set<String> done, Set<String> visiting, List<String> out) {
        if (done.contains(key) || !visiting.add(key)) {
            return;
        }
        for (String parent : tables.get(key).references()) {
            if (wanted.contains(parent) && tables.containsKey(parent) && !parent.equals(key)) {
                visit(parent, wanted, done, visiting, out);
            }
        }
        done.add(key);
        out.add(key);
    }
}
