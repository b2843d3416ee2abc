package dev.dbadapter.sync.internal;

import dev.dbadapter.DbAdapterException;
import dev.dbadapter.adapter.ColumnInfo;
import dev.dbadapter.adapter.DatabaseClient;
import dev.dbadapter.adapter.Page;
import dev.dbadapter.adapter.postgres.internal.SqlErrors;
import dev.dbadapter.backup.ForeignKey;
import dev.dbadapter.backup.TableDef;
import dev.dbadapter.backup.internal.Awaits;
import dev.dbadapter.internal.Identifiers;
import dev.dbadapter.sync.SyncMode;
import dev.dbadapter.sync.SyncOptions;
import dev.dbadapter.sync.SyncResult;
import dev.dbadapter.sync.TableSyncResult;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;

/**
 * A sync through the clients' CRUD calls only, for when a side is not a PostgreSQL connection (a
 * REST backend): the user's rows of each table are read in pages of {@value #PAGE_SIZE} in key
 * order, compared in memory by slug and content (references compared as the slug of the row they
 * point at), and written with batched inserts, one update per differing row and batched deletes.
 * There is no transaction: a table that fails stops where it failed. On the direct path the key
 * column is the table's {@code id} and the later tables are still attempted; on the FK-aware path
 * keys are remapped through the rows matched or inserted for the parent, and a failure stops the
 * sync. Memory grows with the user's rows, unlike the COPY path.
 */
public final class PortableSync {
    /** Rows per page read and per batch inserted. */
    static final int PAGE_SIZE = 1000;
    private static final int DELETE_BATCH = 500;

    private final DatabaseClient source;
    private final DatabaseClient destination;
    private final SyncOptions options;
    private final SyncScope scope;

    /** The rows of one table on both sides, by slug, and how the destination's columns look. */
    private record Sides(TableDef def, Map<String, Map<String, Object>> source, Map<String, Map<String, Object>> destination,
            Map<String, ColumnInfo> destinationColumns) {
    }

    /**
     * Prepares a sync from {@code source} into {@code destination}.
     *
     * @throws dev.dbadapter.sync.SyncException when the tables do not fit the backup schema
     */
    public PortableSync(DatabaseClient source, DatabaseClient destination, SyncOptions options) {
        this.source = source;
        this.destination = destination;
        this.options = options;
        this.scope = SyncScope.of(options);
    }

    /**
     * Compares and, when the options write, syncs, on the calling thread.
     *
     * @throws dev.dbadapter.sync.SyncException when a table or its slug, user or reference column is
     *     missing on a side
     * @throws DbAdapterException when a client fails while reading
     */
    public SyncResult run(String sourceName, String destinationName) {
        List<Sides> tables = new ArrayList<>();
        for (TableDef def : scope.tables()) {
            tables.add(read(def));
        }
        Map<String, Map<Object, String>> sourceSlugs = new HashMap<>();
        Map<String, Map<Object, String>> destinationSlugs = new HashMap<>();
        for (Sides table : tables) {
            sourceSlugs.put(table.def().name(), slugsByKey(table.def(), table.source()));
            destinationSlugs.put(table.def().name(), slugsByKey(table.def(), table.destination()));
        }
        Map<String, TableSyncResult> results = new LinkedHashMap<>();
        Map<String, Set<String>> differing = new HashMap<>();
        for (Sides table : tables) {
            Set<String> changed = new LinkedHashSet<>();
            long fresh = 0;
            for (var row : table.source().entrySet()) {
                Map<String, Object> existing = table.destination().get(row.getKey());
                if (existing == null) {
                    fresh++;
                } else if (!content(table, row.getValue(), sourceSlugs).equals(content(table, existing, destinationSlugs))) {
                    changed.add(row.getKey());
                }
            }
            long missing = table.destination().keySet().stream().filter(slug -> !table.source().containsKey(slug)).count();
            differing.put(table.def().name(), changed);
            results.put(table.def().name(), TableSyncResult.planned(table.source().size(), table.destination().size(), fresh,
                    options.mode() == SyncMode.OVERWRITE ? (long) changed.size() : null, missing));
        }
        List<String> errors = new ArrayList<>();
        if (options.writes()) {
            write(tables, differing, results, errors);
        }
        return new SyncResult(sourceName, destinationName, options.userId(), options.mode(), options.delete(),
                !options.writes(), scope.fkAware(), results, List.of(), errors, false);
    }

    private void write(List<Sides> tables, Map<String, Set<String>> differing, Map<String, TableSyncResult> results,
            List<String> errors) {
        if (options.delete()) {
            for (Sides table : tables.reversed()) {
                String name = table.def().name();
                try {
                    results.put(name, results.get(name).committed(0, 0, deleteMissing(table)));
                } catch (DbAdapterException | CompletionException e) {
                    if (fail(results, name, e, errors)) {
                        return;
                    }
                }
            }
        }
        Map<String, Map<Object, Object>> keys = new HashMap<>();
        for (Sides table : tables) {
            String name = table.def().name();
            TableSyncResult planned = results.get(name);
            if (planned.error() != null) {
                continue;
            }
            Map<Object, Object> mapped = new HashMap<>();
            keys.put(name, mapped);
            long[] written = new long[2];
            try {
                writeTable(table, differing.get(name), keys, mapped, written);
                results.put(name, planned.committed(written[0], written[1], planned.deleted()));
            } catch (DbAdapterException | CompletionException e) {
                results.put(name, planned.committed(written[0], written[1], planned.deleted()));
                if (fail(results, name, e, errors)) {
                    return;
                }
            }
        }
    }

    /** Notes table {@code name}'s failure; returns whether the sync stops (the FK-aware path). */
    private boolean fail(Map<String, TableSyncResult> results, String name, RuntimeException e, List<String> errors) {
        results.put(name, results.get(name).failed(SqlErrors.unwrap(e).getMessage()));
        if (scope.fkAware()) {
            errors.add("The sync stopped at table '" + name + "'; this backend has no transaction, so the rows"
                    + " written before stay");
            return true;
        }
        return false;
    }

    /**
     * Inserts the table's new rows in batches and, in overwrite mode, updates the differing ones;
     * counts into {@code written} (inserted, updated) as it goes and maps source keys to destination
     * keys in {@code mapped}.
     */
    private void writeTable(Sides table, Set<String> changed, Map<String, Map<Object, Object>> keys,
            Map<Object, Object> mapped, long[] written) {
        TableDef def = table.def();
        boolean freshKeys = table.destinationColumns().get(def.pk()).hasDefault();
        List<Map<String, Object>> batch = new ArrayList<>();
        List<Object> batchKeys = new ArrayList<>();
        for (var entry : table.source().entrySet()) {
            Map<String, Object> row = entry.getValue();
            Map<String, Object> existing = table.destination().get(entry.getKey());
            if (existing != null) {
                mapped.put(row.get(def.pk()), existing.get(def.pk()));
                if (options.mode() == SyncMode.OVERWRITE && changed.contains(entry.getKey())) {
                    Map<String, Object> values = values(table, row, keys);
                    if (values != null) {
                        values.remove(Identifiers.quote(def.pk()));
                        values.remove(Identifiers.quote(def.slugField()));
                        values.remove(Identifiers.quote(def.userField()));
                        Awaits.await(destination.update(def.name(), values, Map.of(Identifiers.quote(def.pk()),
                                existing.get(def.pk()))));
                        written[1]++;
                    }
                }
                continue;
            }
            Map<String, Object> values = values(table, row, keys);
            if (values == null) {
                continue;
            }
            if (freshKeys) {
                values.remove(Identifiers.quote(def.pk()));
            }
            batch.add(values);
            batchKeys.add(row.get(def.pk()));
            if (batch.size() == PAGE_SIZE) {
                written[0] += insert(def, batch, batchKeys, mapped);
            }
        }
        written[0] += insert(def, batch, batchKeys, mapped);
    }

    private long insert(TableDef def, List<Map<String, Object>> batch, List<Object> batchKeys, Map<Object, Object> mapped) {
        if (batch.isEmpty()) {
            return 0;
        }
        List<Map<String, Object>> inserted = Awaits.await(destination.insertMany(def.name(), batch));
        for (int i = 0; i < inserted.size(); i++) {
            mapped.put(batchKeys.get(i), inserted.get(i).get(def.pk()));
        }
        batch.clear();
        batchKeys.clear();
        return inserted.size();
    }

    /**
     * Returns the values to write for a source row, keyed by quoted column: the columns the
     * destination can write, the user set, references remapped to the destination's keys (an optional
     * reference whose row is not there becomes null); {@code null} when its parent is not there.
     */
    private Map<String, Object> values(Sides table, Map<String, Object> row, Map<String, Map<Object, Object>> keys) {
        TableDef def = table.def();
        Map<String, Object> values = new LinkedHashMap<>();
        for (var column : row.entrySet()) {
            ColumnInfo info = table.destinationColumns().get(column.getKey());
            if (info != null && !info.generated()) {
                values.put(Identifiers.quote(column.getKey()), column.getValue());
            }
        }
        values.put(Identifiers.quote(def.userField()), options.userId());
        if (def.parent() != null) {
            Object parent = keys.getOrDefault(def.parent().table(), Map.of()).get(row.get(def.parent().field()));
            if (parent == null) {
                return null;
            }
            values.put(Identifiers.quote(def.parent().field()), parent);
        }
        for (ForeignKey ref : def.optionalRefs()) {
            Object value = row.get(ref.field());
            values.put(Identifiers.quote(ref.field()), value == null ? null
                    : keys.getOrDefault(ref.table(), Map.of()).get(value));
        }
        return values;
    }

    private long deleteMissing(Sides table) {
        TableDef def = table.def();
        List<String> missing = table.destination().keySet().stream().filter(slug -> !table.source().containsKey(slug))
                .toList();
        long deleted = 0;
        for (int from = 0; from < missing.size(); from += DELETE_BATCH) {
            List<String> chunk = missing.subList(from, Math.min(missing.size(), from + DELETE_BATCH));
            deleted += Awaits.await(destination.delete(def.name(), Map.of(Identifiers.quote(def.userField()),
                    options.userId(), Identifiers.quote(def.slugField()), chunk)));
        }
        return deleted;
    }

    /** Reads the user's rows of {@code def} on both sides, after checking that both have its columns. */
    private Sides read(TableDef def) {
        Map<String, ColumnInfo> sourceColumns = columns(source, def, "source");
        Map<String, ColumnInfo> destinationColumns = columns(destination, def, "destination");
        List<String> special = new ArrayList<>(List.of(def.pk(), def.slugField(), def.userField()));
        if (def.parent() != null) {
            special.add(def.parent().field());
        }
        def.optionalRefs().forEach(ref -> special.add(ref.field()));
        for (String column : special) {
            SyncTable.requireColumn(def, sourceColumns.keySet(), column, "source");
            SyncTable.requireColumn(def, destinationColumns.keySet(), column, "destination");
        }
        return new Sides(def, rows(source, def), rows(destination, def), destinationColumns);
    }

    private static Map<String, ColumnInfo> columns(DatabaseClient client, TableDef def, String side) {
        Map<String, ColumnInfo> columns = new LinkedHashMap<>();
        Awaits.await(client.columns(def.name())).forEach(column -> columns.put(column.name(), column));
        SyncTable.requireTable(def, !columns.isEmpty(), side);
        return columns;
    }

    /** Reads the user's rows in key order, page by page, keyed by slug (the first row of a slug wins). */
    private Map<String, Map<String, Object>> rows(DatabaseClient client, TableDef def) {
        Map<String, Map<String, Object>> rows = new LinkedHashMap<>();
        Page page = Page.first(Identifiers.quote(def.pk()), PAGE_SIZE);
        while (true) {
            List<Map<String, Object>> got = Awaits.await(client.selectPage(def.name(), "*",
                    Map.of(Identifiers.quote(def.userField()), options.userId()), page));
            got.forEach(row -> rows.putIfAbsent(String.valueOf(row.get(def.slugField())), row));
            if (got.size() < PAGE_SIZE) {
                return rows;
            }
            page = page.next(got.getLast().get(def.pk()));
        }
    }

    private static Map<Object, String> slugsByKey(TableDef def, Map<String, Map<String, Object>> rows) {
        Map<Object, String> slugs = new HashMap<>();
        rows.forEach((slug, row) -> slugs.put(normal(row.get(def.pk())), slug));
        return slugs;
    }

    /**
     * Returns what is compared of a row: its columns but the key and user, normalised, with the
     * parent and references as the slug of the row they point at.
     */
    private Map<String, Object> content(Sides table, Map<String, Object> row, Map<String, Map<Object, String>> slugs) {
        TableDef def = table.def();
        Map<String, Object> content = new TreeMap<>();
        List<ForeignKey> refs = new ArrayList<>(def.optionalRefs());
        if (def.parent() != null) {
            refs.add(def.parent());
        }
        for (var column : row.entrySet()) {
            String name = column.getKey();
            ColumnInfo info = table.destinationColumns().get(name);
            if (info == null || info.generated() || name.equals(def.pk()) || name.equals(def.userField())) {
                continue;
            }
            ForeignKey ref = refs.stream().filter(candidate -> candidate.field().equals(name)).findFirst().orElse(null);
            content.put(name, ref == null ? normal(column.getValue())
                    : slugs.getOrDefault(ref.table(), Map.of()).get(normal(column.getValue())));
        }
        return content;
    }

    /** Makes values that two backends may type differently compare equal: numbers, times, nested JSON. */
    private static Object normal(Object value) {
        return switch (value) {
            case null -> null;
            case Number number -> new BigDecimal(number.toString()).stripTrailingZeros().toPlainString();
            case OffsetDateTime time -> time.toInstant().toString();
            case Map<?, ?> map -> {
                Map<String, Object> sorted = new TreeMap<>();
                map.forEach((key, item) -> sorted.put(String.valueOf(key), normal(item)));
                yield sorted;
            }
            case List<?> list -> list.stream().map(PortableSync::normal).toList();
            case byte[] bytes -> java.util.HexFormat.of().formatHex(bytes);
            default -> Objects.toString(value);
        };
    }
}
