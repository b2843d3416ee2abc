package dev.dbadapter.backup.internal;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import dev.dbadapter.adapter.ColumnInfo;
import dev.dbadapter.adapter.DatabaseClient;
import dev.dbadapter.adapter.Page;
import dev.dbadapter.adapter.postgres.internal.ValueCodec;
import dev.dbadapter.backup.BackupException;
import dev.dbadapter.backup.BackupProgress;
import dev.dbadapter.backup.BackupSchema;
import dev.dbadapter.backup.TableDef;
import dev.dbadapter.internal.Identifiers;
import dev.dbadapter.internal.TempFiles;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Writes a backup through any {@link DatabaseClient}, with keyset-paged selects in primary-key order
 * ({@value #PAGE_SIZE} rows a page, the most a PostgREST server returns by default). A child row is
 * written when its parent's key was written; the keys of tables that are parents are kept in memory
 * ({@link IdSet}). Each table's rows go to a temporary file beside the backup first, so the metadata
 * at the head of the file carries exact counts, and are then copied into the backup. Tables are read
 * one after the other, not in one snapshot: rows changed meanwhile may or may not be in the file.
 */
public final class PagedBackup {
    /** How many rows one select asks for. */
    public static final int PAGE_SIZE = 1000;

    private static final int PROGRESS_EVERY = 10_000;
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(Integer.MAX_VALUE).maxNumberLength(100_000).build())
            .build();

    private final BackupSchema schema;
    private final String userId;
    private final Map<String, Map<String, ?>> filters = new LinkedHashMap<>();
    private final BackupProgress progress;

    /**
     * Prepares a backup of {@code userId}'s rows; {@code filters} maps a schema table to extra
     * equality filters as {@link DatabaseClient#select} takes them.
     *
     * @throws BackupException when a filter names a table that is not in the schema
     * @throws IllegalArgumentException when a filter column is not a valid identifier or a value is a map
     */
    public PagedBackup(BackupSchema schema, String userId, Map<String, ? extends Map<String, ?>> filters,
            BackupProgress progress) {
        this.schema = schema;
        this.userId = userId;
        this.progress = progress;
        this.filters.putAll(TableFilters.byTable(schema, filters));
    }

    /**
     * Writes the backup to {@code out} and returns the rows written per table; the temporary files
     * are made beside {@code target} and deleted afterwards.
     *
     * @throws BackupException when a table, or a column the schema or a filter names, does not exist
     */
    public Map<String, Long> write(DatabaseClient client, Path target, OutputStream out, Map<String, ?> extraMetadata)
            throws IOException {
        List<Map<String, SelectedValueJson.Style>> styles = new ArrayList<>();
        for (TableDef table : schema.tables()) {
            List<ColumnInfo> columns = Awaits.await(client.columns(table.name()));
            checkColumns(table, columns);
            Map<String, SelectedValueJson.Style> byName = new HashMap<>();
            columns.forEach(column -> byName.put(column.name(), SelectedValueJson.Style.of(column.type())));
            styles.add(byName);
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        List<Path> spills = new ArrayList<>();
        IdSet[] keys = new IdSet[schema.tables().size()];
        for (TableDef table : schema.tables()) {
            if (table.parent() != null) {
                keys[schema.indexOf(table.parent().table())] = new IdSet();
            }
        }
        try {
            for (int index = 0; index < keys.length; index++) {
                Path spill = TempFiles.createBeside(target);
                spills.add(spill);
                counts.put(schema.tables().get(index).name(), writeTable(client, index, spill, keys, styles.get(index)));
            }
            try (JsonGenerator json = FACTORY.createGenerator(new BufferedOutputStream(out, 1 << 16), JsonEncoding.UTF8)) {
                json.setCodec(ValueCodec.JSON);
                json.writeStartObject();
                json.writeFieldName("metadata");
                json.writeObject(BackupFormat.metadata(userId, counts, extraMetadata));
                for (int index = 0; index < keys.length; index++) {
                    json.writeFieldName(schema.tables().get(index).name());
                    copy(spills.get(index), json);
                }
                json.writeEndObject();
            }
        } finally {
            for (Path spill : spills) {
                TempFiles.release(spill, false);
            }
        }
        return counts;
    }

    private void checkColumns(TableDef table, List<ColumnInfo> columns) {
        if (columns.isEmpty()) {
            throw new BackupException("Table '" + table.name() + "' does not exist in the database");
        }
        Set<String> names = columns.stream().map(ColumnInfo::name).collect(Collectors.toSet());
        List<String> needed = new ArrayList<>(List.of(table.pk(), table.userField()));
        if (table.parent() != null) {
            needed.add(table.parent().field());
        }
        filters.getOrDefault(table.name(), Map.of()).keySet()
                .forEach(column -> needed.add(Identifiers.normalize(column, "column")));
        for (String column : needed) {
            if (!names.contains(column)) {
                throw new BackupException("Table '" + table.name() + "' has no column '" + column + "'");
            }
        }
    }

    /** Pages through one table's rows of the user into {@code spill}; returns how many were kept. */
    private long writeTable(DatabaseClient client, int index, Path spill, IdSet[] keys,
            Map<String, SelectedValueJson.Style> styles) throws IOException {
        TableDef table = schema.tables().get(index);
        IdSet parentKeys = table.parent() == null ? null : keys[schema.indexOf(table.parent().table())];
        Map<String, Object> where = new LinkedHashMap<>();
        where.put(Identifiers.quote(table.userField()), userId);
        where.putAll(filters.getOrDefault(table.name(), Map.of()));
        Page page = Page.first(Identifiers.quote(table.pk()), PAGE_SIZE);
        long rows = 0;
        // 0 done when the table starts, as the COPY path reports it, so a progress bar's time counts from here
        progress.update(table.name(), 0, -1);
        try (JsonGenerator json = FACTORY.createGenerator(spill.toFile(), JsonEncoding.UTF8)) {
            json.writeStartArray();
            while (true) {
                long before = rows;
                List<Map<String, Object>> batch = Awaits.await(client.selectPage(table.name(), "*", where, page));
                for (Map<String, Object> row : batch) {
                    Object parent = parentKeys == null ? null : row.get(table.parent().field());
                    if (parentKeys != null && (parent == null || !parentKeys.contains(parent.toString()))) {
                        continue;
                    }
                    SelectedValueJson.writeRow(json, row, styles);
                    if (keys[index] != null) {
                        keys[index].add(String.valueOf(row.get(table.pk())));
                    }
                    rows++;
                }
                if (rows / PROGRESS_EVERY > before / PROGRESS_EVERY) {
                    progress.update(table.name(), rows / PROGRESS_EVERY * PROGRESS_EVERY, -1);
                }
                if (batch.size() < PAGE_SIZE) {
                    break;
                }
                page = page.next(batch.getLast().get(table.pk()));
            }
            json.writeEndArray();
        }
        progress.update(table.name(), rows, rows);
        return rows;
    }

    /** Copies a table's array from its temporary file, numbers as their exact text. */
    private static void copy(Path spill, JsonGenerator json) throws IOException {
        try (JsonParser parser = FACTORY.createParser(spill.toFile())) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
                    BackupFormat.writeFloatText(parser.getText(), json);
                } else {
                    json.copyCurrentEvent(parser);
                }
            }
        }
    }
}
