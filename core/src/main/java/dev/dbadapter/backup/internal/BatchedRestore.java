package dev.dbadapter.backup.internal;

import dev.dbadapter.adapter.DatabaseClient;
import dev.dbadapter.adapter.DatabaseException;
import dev.dbadapter.adapter.NoRowsException;
import dev.dbadapter.adapter.UnsupportedOperationForBackendException;
import dev.dbadapter.backup.BackupCheck;
import dev.dbadapter.backup.BackupException;
import dev.dbadapter.backup.BackupSchema;
import dev.dbadapter.backup.ForeignKey;
import dev.dbadapter.backup.RestoreMode;
import dev.dbadapter.backup.RestoreOptions;
import dev.dbadapter.backup.RestoreResult;
import dev.dbadapter.backup.TableDef;
import dev.dbadapter.backup.TableRestoreResult;
import dev.dbadapter.internal.Identifiers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Restores a backup through any {@code DatabaseClient}, with its CRUD calls only, in batches and
 * without a transaction: the counterpart of {@link RestoreEngine} for clients without COPY (a REST
 * backend). It decides every row as the COPY engine does and reports the same counts.
 *
 * <ol>
 *   <li>One streaming scan validates the file against the schema and the tables' described columns;
 *       an invalid file changes nothing.
 *   <li>In {@link RestoreMode#FAIL} mode a first pass plans the whole restore without writing, so an
 *       existing row aborts before anything is written.
 *   <li>A pass restores the tables in schema order, each in {@link BatchedTable}s.
 *   <li>References to tables restored at or after their own are set last, one update per target row
 *       and up to {@value #KEYS_PER_UPDATE} referring rows; with kept keys, the key's sequence is moved
 *       past them where the client can run SQL.
 * </ol>
 */
public final class BatchedRestore {
    /** How many file rows are matched and inserted together. */
    public static final int BATCH_SIZE = 1000;

    private static final int KEYS_PER_UPDATE = 100;
    private static final Set<String> INTEGER_TYPES = Set.of("smallint", "integer", "bigint");

    final BackupSchema schema;
    final Path file;
    final String userId;
    final RestoreOptions options;

    /** Prepares a restore of {@code file} for {@code userId}. */
    public BatchedRestore(BackupSchema schema, Path file, String userId, RestoreOptions options) {
        this.schema = schema;
        this.file = file;
        this.userId = userId;
        this.options = options;
    }

    /**
     * Runs the restore through {@code client}. Without a transaction, a failure midway (a broken
     * connection, an abort in {@link RestoreMode#FAIL} mode on a row the database rejects) leaves the
     * rows of the batches written before it in place.
     *
     * @throws BackupException when the file is invalid, a table or column is missing, or a row exists
     *     or fails in {@link RestoreMode#FAIL} mode
     * @throws dev.dbadapter.DbAdapterException what the client failed with, other than a rejected row
     */
    public RestoreResult run(DatabaseClient client) {
        int size = schema.tables().size();
        ClientTable[] targets = new ClientTable[size];
        for (int i = 0; i < size; i++) {
            TableDef def = schema.tables().get(i);
            targets[i] = ClientTable.of(def, Awaits.await(client.columns(def.name())));
        }
        Scan scan = new Scan(targets);
        BackupCheck validation = scan.validate();
        if (!validation.valid()) {
            throw FileStaging.invalidFile(file, validation);
        }
        if (options.mode() == RestoreMode.FAIL && !options.dryRun()) {
            new RestorePass(this, client, targets, scan, true).run();
        }
        RestorePass pass = new RestorePass(this, client, targets, scan, options.dryRun());
        List<BatchedTable> tables = pass.run();
        List<String> warnings = new ArrayList<>(validation.warnings());
        for (int i = 0; i < size; i++) {
            if (!scan.ignored.get(i).isEmpty()) {
                warnings.add(schema.tables().get(i).name() + ": field(s) " + scan.ignored.get(i)
                        + " of the backup are not columns of the table and were not restored");
            }
        }
        if (!options.dryRun()) {
            setLateReferences(pass, warnings);
            moveSequences(client, targets, tables, warnings);
        }
        Map<String, TableRestoreResult> results = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
            results.put(schema.tables().get(i).name(), tables.get(i).result());
        }
        return new RestoreResult(results, options.dryRun(), warnings, false);
    }

    /** Points references to tables restored at or after their own at the rows those became. */
    private void setLateReferences(RestorePass pass, List<String> warnings) {
        for (int table = 0; table < schema.tables().size(); table++) {
            TableDef def = schema.tables().get(table);
            Map<Integer, Map<Object, List<Object>>> byTarget = new TreeMap<>();
            for (BatchedTable.LateRef late : pass.table(table).lateRefs()) {
                Object key = pass.keys.get(schema.indexOf(def.optionalRefs().get(late.ref()).table())).get(late.target());
                if (key != null) {
                    byTarget.computeIfAbsent(late.ref(), k -> new LinkedHashMap<>())
                            .computeIfAbsent(key, k -> new ArrayList<>()).add(late.rowKey());
                }
            }
            byTarget.forEach((ref, targets) -> {
                ForeignKey foreignKey = def.optionalRefs().get(ref);
                try {
                    targets.forEach((key, rows) -> {
                        for (int from = 0; from < rows.size(); from += KEYS_PER_UPDATE) {
                            List<Object> chunk = rows.subList(from, Math.min(rows.size(), from + KEYS_PER_UPDATE));
                            update(pass.client, def, Map.of(Identifiers.quote(foreignKey.field()), key), chunk);
                        }
                    });
                } catch (DatabaseException error) {
                    BatchedTable.requireRejected(error);
                    warnings.add(def.name() + "." + foreignKey.field() + " could not be remapped to '" + foreignKey.table()
                            + "' and was left null: " + BatchedTable.message(error));
                }
            });
        }
    }

    private static void update(DatabaseClient client, TableDef def, Map<String, Object> values, List<Object> keys) {
        try {
            Awaits.await(client.update(def.name(), values, Map.of(Identifiers.quote(def.pk()), keys)));
        } catch (NoRowsException goneMeanwhile) {
            // the rows were deleted since they were written
        }
    }

    /**
     * Moves the sequence behind an integer key past the keys a restore with kept keys wrote, as the
     * COPY engine does, through raw SQL; a client that cannot run it gets a warning instead.
     */
    private void moveSequences(DatabaseClient client, ClientTable[] targets, List<BatchedTable> tables, List<String> warnings) {
        for (int i = 0; i < targets.length; i++) {
            ClientTable target = targets[i];
            if (!options.preserveIds() || !target.pk().hasDefault() || !INTEGER_TYPES.contains(target.pk().type())
                    || tables.get(i).inserted() == 0) {
                continue;
            }
            String table = Identifiers.table(target.def().name());
            String pk = Identifiers.quote(target.def().pk());
            try {
                Awaits.await(client.execute("SELECT setval(s::regclass, greatest((SELECT max(" + pk + ") FROM " + table
                        + "), pg_sequence_last_value(s::regclass))) FROM pg_get_serial_sequence(:table, :column) AS s"
                        + " WHERE s IS NOT NULL", Map.of("table", table, "column", target.def().pk())));
            } catch (UnsupportedOperationForBackendException cannotRunSql) {
                warnings.add(target.def().name() + ": the sequence of " + target.def().pk() + " was not moved past the"
                        + " restored keys (" + cannotRunSql.getMessage() + "); rows inserted later may take a restored key");
            }
        }
    }

    /**
     * The validation scan: the checker's rules, plus the columns each table's rows have (a column no
     * row has is left to its default), fields that are not columns, each table's rows (the progress
     * total) and keys held twice in a table other rows point at (they could not say which row a child
     * belongs to).
     */
    final class Scan implements CheckedScan.TableSink {
        private static final int MAX_DUPLICATES = 10;

        final boolean[][] present;
        final long[] totals;
        final List<Set<String>> ignored = new ArrayList<>();
        private final ClientTable[] targets;
        private final List<Map<String, Integer>> duplicates = new ArrayList<>();
        private final IdSet[] referencedKeys;
        private int table;
        private int pkAt;

        Scan(ClientTable[] targets) {
            this.targets = targets;
            this.present = new boolean[targets.length][];
            this.totals = new long[targets.length];
            this.referencedKeys = new IdSet[targets.length];
            for (int i = 0; i < targets.length; i++) {
                present[i] = new boolean[targets[i].columns().size()];
                ignored.add(new TreeSet<>());
                duplicates.add(new TreeMap<>());
                referencedKeys[i] = RestorePass.isReferenced(schema, i) ? new IdSet() : null;
            }
        }

        BackupCheck validate() {
            BackupCheck result = CheckedScan.scan(file, schema, false, index -> targets[index].layout(), this);
            if (!result.valid()) {
                return result;
            }
            List<String> errors = new ArrayList<>();
            for (int i = 0; i < targets.length; i++) {
                String name = schema.tables().get(i).name();
                duplicates.get(i).entrySet().stream().limit(MAX_DUPLICATES).forEach(duplicate -> errors.add("Table '"
                        + name + "' holds primary key " + duplicate.getKey() + " " + duplicate.getValue() + " times"));
            }
            return errors.isEmpty() ? result : new BackupCheck(false, errors, result.warnings());
        }

        @Override
        public void begin(int index, RowLayout layout) {
            table = index;
            pkAt = layout.indexOf(schema.tables().get(index).pk());
        }

        @Override
        public void row(long index, String[] values, boolean[] seen) {
            for (int i = 0; i < seen.length; i++) {
                present[table][i] |= seen[i];
            }
            IdSet keys = referencedKeys[table];
            String pk = values[pkAt];
            if (keys == null || pk == null) {
                return;
            }
            if (keys.contains(pk)) {
                duplicates.get(table).merge(pk, 2, (count, one) -> count + 1);
            } else {
                keys.add(pk);
            }
        }

        @Override
        public void unknownField(String name) {
            Set<String> fields = ignored.get(table);
            if (fields.size() < 20 && !targets[table].generated().contains(name)) {
                fields.add(name);
            }
        }

        @Override
        public void end(long rows) {
            totals[table] = rows;
        }
    }
}
