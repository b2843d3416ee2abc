package dev.dbadapter.backup.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dbadapter.adapter.DatabaseClient;
import dev.dbadapter.backup.BackupException;
import dev.dbadapter.backup.BackupProgress;
import dev.dbadapter.backup.BackupSchema;
import dev.dbadapter.backup.RestoreMode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One pass of a {@link BatchedRestore} over the file: every table in schema order through a
 * {@link BatchedTable}, planned only ({@code dryRun}) or written. A table is read when every table
 * before it in the schema is done, so a file in schema order is read once; another order costs a
 * read of the file per table that comes too early.
 */
final class RestorePass {
    final DatabaseClient client;
    final BackupSchema schema;
    final ClientTable[] targets;
    final boolean[][] present;
    final String userId;
    final RestoreMode mode;
    final boolean preserveIds;
    final boolean dryRun;
    final BackupProgress progress;
    final long[] totals;
    /** Per table, the old key (as the file has it) → the key of the row it became or matched; null when no table refers to it. */
    final List<Map<String, Object>> keys = new ArrayList<>();
    /** Whether this pass has written a row (so a failure can say what stays). */
    boolean wrote;

    private final Path file;
    private final BatchedTable[] tables;

    /**
     * Prepares a pass of {@code restore} through {@code client} into {@code targets}, with what the
     * validation {@code scan} found; {@code dryRun} plans only. A dry run that plans a real one
     * reports no progress.
     */
    RestorePass(BatchedRestore restore, DatabaseClient client, ClientTable[] targets, BatchedRestore.Scan scan,
            boolean dryRun) {
        this.client = client;
        this.schema = restore.schema;
        this.file = restore.file;
        this.targets = targets;
        this.present = scan.present;
        this.userId = restore.userId;
        this.mode = restore.options.mode();
        this.preserveIds = restore.options.preserveIds();
        this.dryRun = dryRun;
        this.progress = dryRun == restore.options.dryRun() ? restore.options.progress() : BackupProgress.NONE;
        this.totals = scan.totals;
        this.tables = new BatchedTable[targets.length];
        for (int i = 0; i < targets.length; i++) {
            keys.add(isReferenced(schema, i) ? new HashMap<>() : null);
        }
    }

    /**
     * Restores (or plans) every table and returns them in schema order.
     *
     * @throws BackupException when a row exists or fails in {@link RestoreMode#FAIL} mode, or the file
     *     cannot be read again
     */
    List<BatchedTable> run() {
        int done = 0;
        while (done < tables.length) {
            try {
                BackupFileReader.read(file, new Reader());
            } catch (IOException e) {
                throw new BackupException("Cannot read backup file " + file + ": " + e.getMessage(), null, e);
            }
            int now = (int) Arrays.stream(tables).filter(table -> table != null && table.finished()).count();
            if (now == done) {
                throw new BackupException("Backup file " + file + " lacks table '"
                        + schema.tables().get(now).name() + "'");
            }
            done = now;
        }
        return List.of(tables);
    }

    /** Returns the pass's table at {@code index}, once started. */
    BatchedTable table(int index) {
        return tables[index];
    }

    /** Returns whether a table of {@code schema} is the parent or an optional reference of some table. */
    static boolean isReferenced(BackupSchema schema, int table) {
        return schema.tables().stream().anyMatch(def -> def.parent() != null && schema.indexOf(def.parent().table()) == table
                || def.optionalRefs().stream().anyMatch(ref -> schema.indexOf(ref.table()) == table));
    }

    /** Hands the rows of the next table due to its {@link BatchedTable}; skips the others. */
    private final class Reader implements BackupFileReader.Visitor {
        private BatchedTable current;

        @Override
        public void metadata(JsonNode metadata) {
            // read by the validation scan
        }

        @Override
        public RowLayout tableStart(String key) {
            int index;
            try {
                index = schema.indexOf(key);
            } catch (IllegalArgumentException notATableName) {
                return null;
            }
            if (index < 0 || tables[index] != null) {
                return null;
            }
            for (int before = 0; before < index; before++) {
                if (tables[before] == null || !tables[before].finished()) {
                    return null;
                }
            }
            current = new BatchedTable(RestorePass.this, index);
            tables[index] = current;
            current.begin();
            return targets[index].layout();
        }

        @Override
        public void tableNotArray(String key) {
            // an error of the validation scan
        }

        @Override
        public void row(long index, String[] values, boolean[] seen) {
            current.add(index, values);
        }

        @Override
        public void nonObjectRow(long index) {
            // an error of the validation scan
        }

        @Override
        public void tableEnd(long rows) {
            current.finish();
            current = null;
        }
    }
}
