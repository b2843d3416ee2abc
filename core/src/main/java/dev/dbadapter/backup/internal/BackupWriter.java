package dev.dbadapter.backup.internal;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import dev.dbadapter.adapter.postgres.internal.FilterSql;
import dev.dbadapter.adapter.postgres.internal.ValueCodec;
import dev.dbadapter.adapter.postgres.internal.catalog.Catalog;
import dev.dbadapter.adapter.postgres.internal.catalog.Column;
import dev.dbadapter.backup.BackupException;
import dev.dbadapter.backup.BackupProgress;
import dev.dbadapter.backup.BackupSchema;
import dev.dbadapter.backup.TableDef;
import dev.dbadapter.internal.Filter;
import dev.dbadapter.internal.Identifiers;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/**
 * Writes a backup from one JDBC connection inside a read-only repeatable-read transaction (one
 * consistent snapshot): counts, then streams every table with {@code COPY … TO STDOUT} into a JSON
 * generator. Child rows are selected with their parent's condition as a sub-select, so only rows
 * whose parent is in the backup are written and no ids are held in memory.
 */
public final class BackupWriter {
    private static final int PROGRESS_EVERY = 10_000;
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BackupWriter.class);

    private final BackupSchema schema;
    private final String userId;
    private final Map<String, Filter> filters;
    private final BackupProgress progress;

    /**
     * Prepares a backup of {@code userId}'s rows; {@code filters} maps a schema table to extra
     * equality filters ({@code null} meaning {@code IS NULL}, a collection any of its values).
     *
     * @throws BackupException when a filter names a table that is not in the schema
     * @throws IllegalArgumentException when a filter column is not a valid identifier
     */
    public BackupWriter(BackupSchema schema, String userId, Map<String, ? extends Map<String, ?>> filters,
            BackupProgress progress) {
        this.schema = schema;
        this.userId = userId;
        this.progress = progress;
        this.filters = new LinkedHashMap<>();
        TableFilters.byTable(schema, filters).forEach((table, columns) -> this.filters.put(table, Filter.of(columns)));
    }

    /**
     * Writes the backup to {@code out} and returns the rows written per table.
     *
     * @param ownTransaction whether {@code connection}'s transaction was opened for this backup, so
     *     it can be made a read-only repeatable-read snapshot (inside a caller's transaction the
     *     caller's isolation applies)
     * @throws BackupException when a table or filter column does not exist
     */
    public Map<String, Long> write(Connection connection, boolean ownTransaction, OutputStream out,
            Map<String, ?> extraMetadata) throws SQLException, IOException {
        if (ownTransaction) {
            execute(connection, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
        }
        List<String> settings = new ArrayList<>();
        Map<String, String> conditions = new LinkedHashMap<>();
        Map<String, Map<String, String>> types = columnTypes(connection);
        for (TableDef table : schema.tables()) {
            conditions.put(table.name(), condition(table, "t0", 0, types, settings));
        }
        applySettings(connection, settings);
        // The queries join each table to its parents' rows of the user and read all of it: a hash
        // join's work. A nested loop, which the planner picks when it believes a table small (never
        // analysed, or analysed before a bulk load), repeats its inner side once per outer row and
        // runs for minutes at 10^5 rows. So nested loops are off for this transaction, or only for
        // the backup's statements when the caller owns the transaction.
        String nestLoop = ownTransaction ? null : setting(connection, "enable_nestloop");
        execute(connection, "SET LOCAL enable_nestloop = off");
        if (nestLoop == null) {
            return write(connection, conditions, out, extraMetadata);
        }
        Map<String, Long> counts;
        try {
            counts = write(connection, conditions, out, extraMetadata);
        } catch (SQLException | IOException | RuntimeException e) {
            try {
                restore(connection, "enable_nestloop", nestLoop);
            } catch (SQLException aborted) {
                e.addSuppressed(aborted);
            }
            throw e;
        }
        restore(connection, "enable_nestloop", nestLoop);
        return counts;
    }

    /** Counts every table's rows, then writes the metadata and the rows. */
    private Map<String, Long> write(Connection connection, Map<String, String> conditions, OutputStream out,
            Map<String, ?> extraMetadata) throws SQLException, IOException {
        Map<String, Long> counts = new LinkedHashMap<>();
        long start = System.nanoTime();
        for (TableDef table : schema.tables()) {
            counts.put(table.name(), count(connection, table, conditions.get(table.name())));
        }
        LOG.debug("{} ms: counted rows {}", (System.nanoTime() - start) / 1_000_000, counts);
        BufferedOutputStream buffered = new BufferedOutputStream(out, 1 << 16);
        try (JsonGenerator json = FACTORY.createGenerator(buffered, JsonEncoding.UTF8)) {
            json.setCodec(ValueCodec.JSON);
            json.writeStartObject();
            writeMetadata(json, counts, extraMetadata);
            for (TableDef table : schema.tables()) {
                json.writeFieldName(table.name());
                start = System.nanoTime();
                long written = writeRows(connection, table, conditions.get(table.name()), json, buffered,
                        counts.get(table.name()));
                LOG.debug("{} ms: wrote {} rows of {}", (System.nanoTime() - start) / 1_000_000, written, table.name());
                counts.put(table.name(), written);
            }
            json.writeEndObject();
        }
        return counts;
    }

    private void writeMetadata(JsonGenerator json, Map<String, Long> counts, Map<String, ?> extra) throws IOException {
        json.writeFieldName("metadata");
        json.writeObject(BackupFormat.metadata(userId, counts, extra));
    }

    private long count(Connection connection, TableDef table, String condition) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + Identifiers.table(table.name())
                        + " t0 WHERE " + condition)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Streams the table's rows with {@code COPY (SELECT …) TO STDOUT}: the server sends without
     * waiting for the client, and each row is converted to JSON as it arrives and written to
     * {@code out}, the stream under {@code json}.
     */
    private long writeRows(Connection connection, TableDef table, String condition, JsonGenerator json,
            OutputStream out, long total) throws SQLException, IOException {
        String select = "SELECT * FROM " + Identifiers.table(table.name()) + " t0";
        CopyTextToJson converter;
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(select + " LIMIT 0")) {
            ResultSetMetaData meta = rs.getMetaData();
            String[] names = new String[meta.getColumnCount()];
            String[] typeNames = new String[names.length];
            for (int i = 0; i < names.length; i++) {
                names[i] = meta.getColumnLabel(i + 1);
                typeNames[i] = ValueCodec.typeName(rs, i + 1);
            }
            converter = new CopyTextToJson(names, typeNames);
        }
        long rows = 0;
        // 0 done when the table starts, so a progress bar's time and rate count from here
        progress.update(table.name(), 0, total);
        json.writeStartArray();
        json.flush();
        converter.start(out);
        CopyOut copy = connection.unwrap(PGConnection.class).getCopyAPI()
                .copyOut("COPY (" + select + " WHERE " + condition + ") TO STDOUT");
        try {
            byte[] row;
            while ((row = copy.readFromCopy()) != null) {
                converter.append(row, row.length);
                if (++rows % PROGRESS_EVERY == 0) {
                    progress.update(table.name(), rows, total);
                }
            }
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
        converter.flush();
        json.writeEndArray();
        progress.update(table.name(), rows, total);
        return rows;
    }

    /**
     * Builds the WHERE condition selecting the user's rows of {@code table} whose parent is backed
     * up. COPY takes no bind parameters, so values travel as transaction-local settings
     * ({@code set_config}, bound) that the condition reads back with {@code current_setting}.
     */
    private String condition(TableDef table, String alias, int depth, Map<String, Map<String, String>> types,
            List<String> settings) {
        Map<String, String> columns = types.get(table.name());
        List<Filter.Condition> conditions = new ArrayList<>();
        conditions.add(new Filter.Equals(table.userField(), userId));
        conditions.addAll(filters.getOrDefault(table.name(), Filter.NONE).conditions());
        StringBuilder sql = new StringBuilder(FilterSql.conditions(new Filter(conditions), alias,
                (column, value) -> value instanceof FilterSql.ArrayLiteral array
                        ? arraySetting(settings, array.text(), type(table, columns, column))
                        : setting(settings, text(value), type(table, columns, column))));
        if (table.parent() != null) {
            TableDef parent = schema.table(table.parent().table()).orElseThrow();
            String parentAlias = "t" + (depth + 1);
            type(table, columns, table.parent().field());
            sql.append(" AND ").append(alias).append('.').append(Identifiers.quote(table.parent().field()))
                    .append(" IN (SELECT ").append(parentAlias).append('.').append(Identifiers.quote(parent.pk()))
                    .append(" FROM ").append(Identifiers.table(parent.name())).append(' ').append(parentAlias)
                    .append(" WHERE ").append(condition(parent, parentAlias, depth + 1, types, settings)).append(')');
        }
        return sql.toString();
    }

    /** A sub-select reading the value back once per statement (not once per row, as a bare call would be). */
    private static String setting(List<String> settings, String value, String type) {
        settings.add(value);
        return "(SELECT current_setting('db_adapter.backup_" + settings.size() + "')::" + type + ")";
    }

    /**
     * As {@link #setting(List, String, String)} for an array compared with {@code = ANY(…)}: cast
     * outside the sub-select, which {@code ANY} would otherwise take for a set of rows.
     */
    private static String arraySetting(List<String> settings, String value, String elementType) {
        settings.add(value);
        return "(SELECT current_setting('db_adapter.backup_" + settings.size() + "'))::" + elementType + "[]";
    }

    private static String setting(Connection connection, String name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT current_setting(?)")) {
            statement.setString(1, name);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static void restore(Connection connection, String name, String value) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT set_config(?, ?, true)")) {
            statement.setString(1, name);
            statement.setString(2, value);
            statement.executeQuery().close();
        }
    }

    private static String type(TableDef table, Map<String, String> columns, String column) {
        String type = columns.get(column);
        if (type == null) {
            throw new BackupException("Table '" + table.name() + "' has no column '" + column + "'");
        }
        return type;
    }

    private static String text(Object value) {
        return switch (value) {
            case Enum<?> e -> e.name();
            case Map<?, ?> m -> throw new IllegalArgumentException("Backup filters compare with one value, not a map");
            default -> value.toString();
        };
    }

    private static void applySettings(Connection connection, List<String> settings) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT 1");
        for (int i = 1; i <= settings.size(); i++) {
            sql.append(", set_config('db_adapter.backup_").append(i).append("', ?, true)");
        }
        try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < settings.size(); i++) {
                statement.setString(i + 1, settings.get(i));
            }
            statement.executeQuery().close();
        }
    }

    /**
     * The cast type of every column of every schema table, by table name, from one catalog query.
     *
     * @throws BackupException when a table does not exist
     */
    private Map<String, Map<String, String>> columnTypes(Connection connection) throws SQLException {
        List<String> quoted = schema.tables().stream().map(table -> Identifiers.table(table.name())).toList();
        Map<String, List<Column>> columns = new Catalog(connection).columns(Catalog.Scope.tables(quoted));
        Map<String, Map<String, String>> types = new LinkedHashMap<>();
        for (TableDef table : schema.tables()) {
            Map<String, String> tableTypes = new LinkedHashMap<>();
            for (Column column : columns.getOrDefault(Identifiers.table(table.name()), List.of())) {
                tableTypes.put(column.name(), column.castType());
            }
            if (tableTypes.isEmpty()) {
                throw new BackupException("Table '" + table.name() + "' does not exist in the database");
            }
            types.put(table.name(), tableTypes);
        }
        return types;
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
