package dev.dbadapter.backup.internal;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.JsonFactory;
import dev.dbadapter.adapter.postgres.internal.Identifiers;
import dev.dbadapter.adapter.postgres.internal.ValueCodec;
import dev.dbadapter.backup.BackupException;
import dev.dbadapter.backup.BackupProgress;
import dev.dbadapter.backup.BackupSchema;
import dev.dbadapter.backup.TableDef;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a backup from one JDBC connection inside a read-only repeatable-read transaction (one
 * consistent snapshot): counts, then streams every table through a server-side cursor into a JSON
 * generator. Child rows are selected with their parent's condition as a sub-select, so only rows
 * whose parent is in the backup are written and no ids are held in memory.
 */
public final class BackupWriter {
    private static final int FETCH_SIZE = 5_000;
    private static final int PROGRESS_EVERY = 10_000;
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();
    private static final Set<String> RESERVED = Set.of("created_at", "user_id", "version");

    private final BackupSchema schema;
    private final String userId;
    private final Map<String, Map<String, ?>> filters;
    private final BackupProgress progress;

    /**
     * Prepares a backup of {@code userId}'s rows; {@code filters} maps a schema table to extra
     * equality filters ({@code null} meaning {@code IS NULL}).
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
        if (filters != null) {
            filters.forEach((table, columns) -> {
                TableDef def = schema.table(table).orElseThrow(() -> new BackupException(
                        "Table filter for '" + table + "', which is not in the backup schema"));
                columns.keySet().forEach(Identifiers::column);
                this.filters.put(def.name(), columns);
            });
        }
    }

    /**
     * Writes the backup to {@code out} and returns the rows written per table.
     *
     * @param ownTransaction whether {@code connection}'s transaction was opened for this backup, so
     *     it can be made a read-only repeatable-read snapshot (inside a caller's transaction the
     *     caller's isolation applies)
     */
    public Map<String, Long> write(Connection connection, boolean ownTransaction, OutputStream out,
            Map<String, ?> extraMetadata) throws SQLException, IOException {
        if (ownTransaction) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            }
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        for (TableDef table : schema.tables()) {
            counts.put(table.name(), count(connection, table));
        }
        try (JsonGenerator json = FACTORY.createGenerator(new BufferedOutputStream(out, 1 << 16), JsonEncoding.UTF8)) {
            json.setCodec(ValueCodec.JSON);
            json.writeStartObject();
            writeMetadata(json, counts, extraMetadata);
            for (TableDef table : schema.tables()) {
                json.writeFieldName(table.name());
                long written = writeRows(connection, table, json, counts.get(table.name()));
                counts.put(table.name(), written);
            }
            json.writeEndObject();
        }
        return counts;
    }

    private void writeMetadata(JsonGenerator json, Map<String, Long> counts, Map<String, ?> extra) throws IOException {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("created_at", LocalDateTime.now().truncatedTo(ChronoUnit.MICROS)
                .format(DateTimeFormatter.ISO_LOCAL_DATE_TIME));
        metadata.put("user_id", userId);
        metadata.put("backup_type", "full");
        metadata.put("version", BackupFormat.VERSION);
        counts.forEach((table, count) -> metadata.put(table + "_count", count));
        if (extra != null) {
            extra.forEach((key, value) -> {
                if (!RESERVED.contains(key) && !counts.containsKey(key.replaceFirst("_count$", ""))) {
                    metadata.put(key, value);
                }
            });
        }
        json.writeFieldName("metadata");
        json.writeObject(metadata);
    }

    private long count(Connection connection, TableDef table) throws SQLException {
        List<Object> params = new ArrayList<>();
        String sql = "SELECT count(*) FROM " + Identifiers.table(table.name()) + " t0 WHERE "
                + condition(table, "t0", params, 0);
        try (PreparedStatement statement = prepare(connection, sql, params); ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private long writeRows(Connection connection, TableDef table, JsonGenerator json, long total)
            throws SQLException, IOException {
        List<Object> params = new ArrayList<>();
        String sql = "SELECT * FROM " + Identifiers.table(table.name()) + " t0 WHERE " + condition(table, "t0", params, 0);
        long rows = 0;
        json.writeStartArray();
        try (PreparedStatement statement = prepare(connection, sql, params)) {
            statement.setFetchSize(FETCH_SIZE);
            try (ResultSet rs = statement.executeQuery()) {
                ResultSetMetaData meta = rs.getMetaData();
                int columns = meta.getColumnCount();
                String[] names = new String[columns];
                String[] types = new String[columns];
                for (int i = 0; i < columns; i++) {
                    names[i] = meta.getColumnLabel(i + 1);
                    types[i] = meta.getColumnTypeName(i + 1);
                }
                while (rs.next()) {
                    json.writeStartObject();
                    for (int i = 0; i < columns; i++) {
                        json.writeFieldName(names[i]);
                        writeValue(json, rs, i + 1, types[i]);
                    }
                    json.writeEndObject();
                    if (++rows % PROGRESS_EVERY == 0) {
                        progress.update(table.name(), rows, total);
                    }
                }
            }
        }
        json.writeEndArray();
        progress.update(table.name(), rows, total);
        return rows;
    }

    /** Builds the WHERE condition selecting the user's rows of {@code table} whose parent is backed up. */
    private String condition(TableDef table, String alias, List<Object> params, int depth) {
        StringBuilder sql = new StringBuilder();
        sql.append(alias).append('.').append(Identifiers.quote(table.userField())).append(" = ?");
        params.add(userId);
        Map<String, ?> extra = filters.getOrDefault(table.name(), Map.of());
        for (Map.Entry<String, ?> filter : extra.entrySet()) {
            sql.append(" AND ").append(alias).append('.').append(Identifiers.column(filter.getKey()));
            if (filter.getValue() == null) {
                sql.append(" IS NULL");
            } else {
                sql.append(" = ?");
                params.add(filter.getValue());
            }
        }
        if (table.parent() != null) {
            TableDef parent = schema.table(table.parent().table()).orElseThrow();
            String parentAlias = "t" + (depth + 1);
            sql.append(" AND ").append(alias).append('.').append(Identifiers.column(table.parent().field()))
                    .append(" IN (SELECT ").append(parentAlias).append('.').append(Identifiers.quote(parent.pk()))
                    .append(" FROM ").append(Identifiers.table(parent.name())).append(' ').append(parentAlias)
                    .append(" WHERE ").append(condition(parent, parentAlias, params, depth + 1)).append(')');
        }
        return sql.toString();
    }

    private static PreparedStatement prepare(Connection connection, String sql, List<Object> params) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            for (int i = 0; i < params.size(); i++) {
                ValueCodec.bind(connection, statement, i + 1, params.get(i), null);
            }
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
        return statement;
    }

    private static void writeValue(JsonGenerator json, ResultSet rs, int index, String type)
            throws SQLException, IOException {
        switch (type) {
            case "int2", "int4", "int8", "oid", "serial", "bigserial", "smallserial" -> {
                long value = rs.getLong(index);
                if (rs.wasNull()) {
                    json.writeNull();
                } else {
                    json.writeNumber(value);
                }
            }
            case "numeric", "float4", "float8" -> {
                String text = rs.getString(index);
                if (text == null) {
                    json.writeNull();
                } else if (text.endsWith("Infinity") || text.equals("NaN")) {
                    json.writeString(text);
                } else {
                    json.writeNumber(text);
                }
            }
            case "bool" -> {
                boolean value = rs.getBoolean(index);
                if (rs.wasNull()) {
                    json.writeNull();
                } else {
                    json.writeBoolean(value);
                }
            }
            case "timestamp" -> {
                String text = rs.getString(index);
                if (text != null && text.length() > 10 && text.charAt(10) == ' ') {
                    text = text.substring(0, 10) + 'T' + text.substring(11);
                }
                writeString(json, text);
            }
            case "timestamptz" -> {
                OffsetDateTime value = rs.getObject(index, OffsetDateTime.class);
                writeString(json, value == null ? null : value.format(BackupFormat.OFFSET_DATE_TIME));
            }
            case "bytea" -> {
                byte[] bytes = rs.getBytes(index);
                if (bytes == null) {
                    json.writeNull();
                } else {
                    json.writeBinary(bytes);
                }
            }
            case "json", "jsonb" -> {
                String text = rs.getString(index);
                if (text == null) {
                    json.writeNull();
                } else {
                    json.writeRawValue(text);
                }
            }
            default -> {
                if (type.startsWith("_")) {
                    writeGeneric(json, ValueCodec.read(rs, index, type));
                } else {
                    writeString(json, rs.getString(index));
                }
            }
        }
    }

    private static void writeString(JsonGenerator json, String text) throws IOException {
        if (text == null) {
            json.writeNull();
        } else {
            json.writeString(text);
        }
    }

    private static void writeGeneric(JsonGenerator json, Object value) throws IOException {
        switch (value) {
            case null -> json.writeNull();
            case Collection<?> items -> {
                json.writeStartArray();
                for (Object item : items) {
                    writeGeneric(json, item);
                }
                json.writeEndArray();
            }
            case Double d when d.isNaN() || d.isInfinite() -> json.writeString(d.toString());
            case Float f when f.isNaN() || f.isInfinite() -> json.writeString(f.toString());
            case Number number -> json.writeObject(number);
            case Boolean bool -> json.writeBoolean(bool);
            case byte[] bytes -> json.writeBinary(bytes);
            case LocalDateTime dateTime -> json.writeString(dateTime.format(DateTimeFormatter.ISO_LOCAL_DATE_TIME));
            case OffsetDateTime dateTime -> json.writeString(dateTime.format(BackupFormat.OFFSET_DATE_TIME));
            case LocalDate date -> json.writeString(date.toString());
            case Map<?, ?> map -> json.writeObject(map);
            default -> json.writeString(value.toString());
        }
    }
}
