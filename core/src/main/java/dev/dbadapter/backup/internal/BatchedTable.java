package dev.dbadapter.backup.internal;

import dev.dbadapter.ErrorCode;
import dev.dbadapter.adapter.DatabaseException;
import dev.dbadapter.adapter.NoRowsException;
import dev.dbadapter.adapter.Page;
import dev.dbadapter.backup.BackupException;
import dev.dbadapter.backup.ForeignKey;
import dev.dbadapter.backup.RestoreMode;
import dev.dbadapter.backup.RowFailure;
import dev.dbadapter.backup.TableDef;
import dev.dbadapter.backup.TableRestoreResult;
import dev.dbadapter.internal.Identifiers;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One table of a {@link RestorePass}: reads the target user's existing rows (key, slug, parent) in
 * pages, then takes the file's rows in batches of {@value BatchedRestore#BATCH_SIZE}. Each row is orphaned (its
 * parent was not restored), matched to an existing row (same slug, user and remapped parent: kept,
 * updated or an abort, by mode) or new; the new rows of a batch go in one {@code insertMany}, and a
 * batch the database rejects is retried row by row to report the bad rows. References to tables
 * restored at or after this one are left null and set by {@link BatchedRestore} at the end.
 */
final class BatchedTable {
    /** The key a row would get, in a dry run, where nothing is inserted; it matches no existing row. */
    record DryRunKey(int table, long row) {
    }

    /** A reference of a written row to a table restored at or after its own, set at the end. */
    record LateRef(int ref, Object rowKey, String target) {
    }

    private record FileRow(long index, String[] values) {
    }

    private static final int PROGRESS_EVERY = 10_000;

    private final RestorePass pass;
    private final int index;
    private final ClientTable target;
    private final TableDef def;
    private final RowLayout layout;
    private final int pkAt;
    private final int slugAt;
    private final int parentAt;
    private final int[] refAt;
    private final List<String> insertColumns = new ArrayList<>();
    private final List<String> updateColumns = new ArrayList<>();
    private final Map<String, Object> existing = new HashMap<>();
    private final List<FileRow> batch = new ArrayList<>();
    private final List<LateRef> lateRefs = new ArrayList<>();
    private final List<RowFailure> failureDetails = new ArrayList<>();
    private final List<RowFailure> orphanDetails = new ArrayList<>();
    private long inserted;
    private long updated;
    private long skipped;
    private long orphaned;
    private long failed;
    private long seen;
    private boolean finished;

    BatchedTable(RestorePass pass, int index) {
        this.pass = pass;
        this.index = index;
        this.target = pass.targets[index];
        this.def = target.def();
        this.layout = target.layout();
        this.pkAt = layout.indexOf(def.pk());
        this.slugAt = layout.indexOf(def.slugField());
        this.parentAt = def.parent() == null ? -1 : layout.indexOf(def.parent().field());
        this.refAt = def.optionalRefs().stream().mapToInt(ref -> layout.indexOf(ref.field())).toArray();
        List<String> special = new ArrayList<>(List.of(def.pk(), def.userField()));
        if (def.parent() != null) {
            special.add(def.parent().field());
        }
        def.optionalRefs().forEach(ref -> special.add(ref.field()));
        for (int i = 0; i < layout.size(); i++) {
            String column = layout.names().get(i);
            if (pass.present[index][i] && !special.contains(column)) {
                insertColumns.add(column);
                if (!column.equals(def.slugField())) {
                    updateColumns.add(column);
                }
            }
        }
    }

    /** Reads the target user's existing rows of the table: key, slug and parent, in pages by key. */
    void begin() {
        // 0 done when the table starts, as the COPY path reports it, so a progress bar's time counts from here
        pass.progress.update(def.name(), 0, pass.totals[index]);
        String pk = Identifiers.quote(def.pk());
        String columns = pk + ", " + Identifiers.quote(def.slugField())
                + (def.parent() == null ? "" : ", " + Identifiers.quote(def.parent().field()));
        Map<String, Object> user = Map.of(Identifiers.quote(def.userField()), pass.userId);
        Page page = Page.first(pk, PagedBackup.PAGE_SIZE);
        while (true) {
            List<Map<String, Object>> rows = Awaits.await(pass.client.selectPage(def.name(), columns, user, page));
            for (Map<String, Object> row : rows) {
                Object slug = row.get(def.slugField());
                if (slug != null) {
                    existing.putIfAbsent(matchKey(slug.toString(), def.parent() == null ? null : row.get(def.parent().field())),
                            row.get(def.pk()));
                }
            }
            if (rows.size() < page.size()) {
                return;
            }
            page = page.next(rows.getLast().get(def.pk()));
        }
    }

    /** Takes one file row (the array is copied). */
    void add(long row, String[] values) {
        batch.add(new FileRow(row, values.clone()));
        if (batch.size() == BatchedRestore.BATCH_SIZE) {
            flush();
        }
    }

    /** Handles the last batch. */
    void finish() {
        flush();
        existing.clear();
        finished = true;
        pass.progress.update(def.name(), seen, seen);
    }

    boolean finished() {
        return finished;
    }

    /** Returns the table's counts. */
    TableRestoreResult result() {
        return new TableRestoreResult(inserted, updated, skipped, orphaned, failed, failureDetails, orphanDetails);
    }

    /** Returns the table's references to later tables, to be set at the end. */
    List<LateRef> lateRefs() {
        return lateRefs;
    }

    /** Returns how many rows were inserted. */
    long inserted() {
        return inserted;
    }

    private void flush() {
        List<FileRow> fresh = new ArrayList<>();
        List<Object> freshParents = new ArrayList<>();
        for (FileRow row : batch) {
            Object parent = null;
            if (def.parent() != null) {
                String parentText = row.values()[parentAt];
                parent = parentText == null ? null : pass.keys.get(pass.schema.indexOf(def.parent().table())).get(parentText);
                if (parent == null) {
                    if (orphaned++ < TableRestoreResult.MAX_DETAILS) {
                        orphanDetails.add(new RowFailure(row.index(), row.values()[pkAt], TableRestoreResult.orphanReason(
                                def.parent().field(), parentText, def.parent().table())));
                    }
                    continue;
                }
            }
            String slug = row.values()[slugAt];
            Object match = slug == null || parent instanceof DryRunKey ? null : existing.get(matchKey(slug, parent));
            if (match == null) {
                fresh.add(row);
                freshParents.add(parent);
                continue;
            }
            switch (pass.mode) {
                case FAIL -> throw new BackupException("Restore aborted (mode fail): " + def.name() + "[" + row.index()
                        + "] (pk=" + row.values()[pkAt] + ", " + def.slugField() + "=" + slug
                        + ") already exists in the database (same " + def.slugField() + " and user)" + aftermath(),
                        "use --mode skip or --mode overwrite", null);
                case SKIP -> skipped++;
                case OVERWRITE -> overwrite(row, match);
            }
            remember(row, match);
        }
        insert(fresh, freshParents);
        if (!batch.isEmpty() && (seen + batch.size()) / PROGRESS_EVERY > seen / PROGRESS_EVERY) {
            pass.progress.update(def.name(), (seen + batch.size()) / PROGRESS_EVERY * PROGRESS_EVERY, pass.totals[index]);
        }
        seen += batch.size();
        batch.clear();
    }

    private void insert(List<FileRow> rows, List<Object> parents) {
        if (rows.isEmpty()) {
            return;
        }
        if (pass.dryRun) {
            rows.forEach(row -> remember(row, new DryRunKey(index, row.index())));
            inserted += rows.size();
            return;
        }
        List<Map<String, Object>> values = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            values.add(insertValues(rows.get(i), parents.get(i)));
        }
        List<Map<String, Object>> created = null;
        try {
            created = Awaits.await(pass.client.insertMany(def.name(), values));
        } catch (DatabaseException error) {
            requireRejected(error);
        }
        for (int i = 0; i < rows.size(); i++) {
            Map<String, Object> row;
            if (created != null) {
                row = created.get(i);
            } else {
                try {
                    row = Awaits.await(pass.client.insert(def.name(), values.get(i)));
                } catch (DatabaseException error) {
                    requireRejected(error);
                    fail(rows.get(i), error);
                    continue;
                }
            }
            Object key = row.get(def.pk());
            inserted++;
            pass.wrote = true;
            remember(rows.get(i), key);
            noteLateRefs(rows.get(i), key);
        }
    }

    /** The columns of a new row: key (when kept), user, remapped parent and references, the file's other fields. */
    private Map<String, Object> insertValues(FileRow row, Object parent) {
        Map<String, Object> values = new LinkedHashMap<>();
        if (target.keepsFileKeys(pass.preserveIds)) {
            values.put(Identifiers.quote(def.pk()), row.values()[pkAt]);
        }
        values.put(Identifiers.quote(def.userField()), pass.userId);
        if (def.parent() != null) {
            values.put(Identifiers.quote(def.parent().field()), parent);
        }
        putReferences(row, values);
        for (String column : insertColumns) {
            values.put(Identifiers.quote(column), row.values()[layout.indexOf(column)]);
        }
        return values;
    }

    private void overwrite(FileRow row, Object key) {
        Map<String, Object> values = new LinkedHashMap<>();
        putReferences(row, values);
        for (String column : updateColumns) {
            values.put(Identifiers.quote(column), row.values()[layout.indexOf(column)]);
        }
        noteLateRefs(row, key);
        if (values.isEmpty() || pass.dryRun) {
            updated++;
            return;
        }
        try {
            Awaits.await(pass.client.update(def.name(), values, Map.of(Identifiers.quote(def.pk()), key)));
            updated++;
            pass.wrote = true;
        } catch (NoRowsException goneMeanwhile) {
            // deleted since it was matched: nothing to update
        } catch (DatabaseException error) {
            requireRejected(error);
            fail(row, error);
        }
    }

    /** Optional references to tables restored before this one, remapped; the others null until the end. */
    private void putReferences(FileRow row, Map<String, Object> values) {
        for (int k = 0; k < refAt.length; k++) {
            ForeignKey ref = def.optionalRefs().get(k);
            String text = row.values()[refAt[k]];
            int refTable = pass.schema.indexOf(ref.table());
            Object mapped = text == null || refTable < 0 || refTable >= index ? null : pass.keys.get(refTable).get(text);
            values.put(Identifiers.quote(ref.field()), mapped);
        }
    }

    private void noteLateRefs(FileRow row, Object key) {
        for (int k = 0; k < refAt.length; k++) {
            String text = row.values()[refAt[k]];
            if (text != null && pass.schema.indexOf(def.optionalRefs().get(k).table()) >= index) {
                lateRefs.add(new LateRef(k, key, text));
            }
        }
    }

    private void remember(FileRow row, Object key) {
        Map<String, Object> keys = pass.keys.get(index);
        if (keys != null) {
            keys.put(row.values()[pkAt], key);
        }
    }

    private void fail(FileRow row, DatabaseException error) {
        if (pass.mode == RestoreMode.FAIL) {
            throw new BackupException("Restore aborted (mode fail): " + def.name() + "[" + row.index() + "] (pk="
                    + row.values()[pkAt] + ") failed: " + message(error) + aftermath(), null, error);
        }
        failed++;
        if (failureDetails.size() < TableRestoreResult.MAX_DETAILS) {
            failureDetails.add(new RowFailure(row.index(), row.values()[pkAt], message(error)));
        }
    }

    /** What an abort leaves: a restore through a client without a transaction cannot take back its rows. */
    private String aftermath() {
        return pass.wrote ? "; the rows restored before it stay (this restore has no transaction)" : "; nothing was restored";
    }

    /** Rethrows {@code error} unless the database rejected the rows (rather than, say, the connection broke). */
    static void requireRejected(DatabaseException error) {
        if (error.code() != ErrorCode.SQL) {
            throw error;
        }
    }

    /** The server's message and detail, as the COPY restore reports a failed row. */
    static String message(DatabaseException error) {
        if (error.serverMessage() == null) {
            return error.getMessage();
        }
        return error.serverMessage() + (error.detail() == null ? "" : " — " + error.detail());
    }

    private static String matchKey(String slug, Object parent) {
        return parent == null ? slug : slug + '\0' + parent;
    }
}
