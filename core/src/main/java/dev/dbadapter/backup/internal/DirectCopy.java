package dev.dbadapter.backup.internal;

import dev.dbadapter.backup.ForeignKey;
import dev.dbadapter.backup.RowFailure;
import dev.dbadapter.backup.TableDef;
import dev.dbadapter.backup.TableRestoreResult;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Restores a {@link TablePlan#direct()} table: its rows, read again from the source, go in one COPY
 * straight into the target, as PostgreSQL's own {@code COPY FROM} would load them. Their parent and
 * references are remapped on the client, through the old → new keys of the tables restored before
 * it; the key comes from the column's default (or, when kept, from the row); the user is the
 * restoring user. A row whose parent was not restored is left out as an orphan, as the set-based
 * path leaves it out.
 *
 * <p>The COPY runs under a savepoint. When the database rejects a row (a constraint, a value of the
 * wrong type) the whole COPY is rolled back and the caller restores the table the set-based way,
 * which isolates the bad rows: the end result is the same, only slower.
 */
final class DirectCopy {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DirectCopy.class);

    /** The most keys the tables a table points at may have, together, for their old → new mappings to be held here. */
    static final long MAX_MAPPED_KEYS = 200_000;

    private DirectCopy() {
    }

    /**
     * COPYs the rows of {@code plan}'s table straight into it as {@code userId}'s, with their own
     * primary keys when {@code keepKeys}, and returns what it did; or returns {@code null}, having
     * written nothing, when the rows must be staged and restored the set-based way instead: the
     * tables it points at have more than {@value #MAX_MAPPED_KEYS} keys to map here, or the database
     * rejected a row.
     *
     * @throws SQLException when the database fails other than on the rows (a lost connection, say)
     */
    static TableRestoreResult run(Connection connection, RowSource source, RestoreStatements statements, TablePlan plan,
            String userId, boolean keepKeys) throws SQLException {
        if (plan.rows() == 0) {
            // nothing to read the file again for
            return new TableRestoreResult(0, 0, 0, 0, List.of());
        }
        TargetTable target = plan.target();
        TableDef def = target.def();
        RowLayout layout = target.layout();
        TablePlan parent = def.parent() == null ? null : statements.parentPlan(plan);
        List<TablePlan> referenced = new ArrayList<>();
        long mappedKeys = parent == null ? 0 : parent.rows();
        for (ForeignKey ref : def.optionalRefs()) {
            TablePlan before = statements.restoredBefore(ref, plan);
            referenced.add(before);
            mappedKeys += before == null ? 0 : before.rows();
        }
        if (mappedKeys > MAX_MAPPED_KEYS) {
            return null;
        }
        List<String> columns = new ArrayList<>();
        if (keepKeys) {
            columns.add(def.pk());
        }
        columns.add(def.userField());
        Map<String, String> parentKeys = null;
        if (parent != null) {
            parentKeys = mapped(connection, statements, parent);
            columns.add(def.parent().field());
        }
        List<Map<String, String>> refKeys = new ArrayList<>();
        for (int k = 0; k < referenced.size(); k++) {
            refKeys.add(referenced.get(k) == null ? Map.of() : mapped(connection, statements, referenced.get(k)));
            columns.add(def.optionalRefs().get(k).field());
        }
        List<TargetTable.Column> data = plan.dataColumns(false);
        data.forEach(column -> columns.add(column.name()));
        int[] from = data.stream().mapToInt(column -> layout.indexOf(column.name())).toArray();
        Rows rows = new Rows(plan, parentKeys, refKeys, userId, keepKeys, from, columns.size());
        long start = System.nanoTime();
        long[] copied = new long[1];
        SQLException error = RangeRetry.underSavepoint(connection, () -> {
            try (StagingWriter writer = new StagingWriter(connection)) {
                writer.beginTable(target.sql(), columns);
                source.readRows(plan, (index, values) -> {
                    String[] row = rows.map(index, values);
                    if (row != null) {
                        writer.row(row);
                    }
                });
                copied[0] = writer.end();
            }
        });
        if (error != null) {
            LOG.debug("COPY straight into {} failed, its rows are staged instead: {}", target.sql(), error.getMessage());
            return null;
        }
        LOG.debug("{} ms: COPY {} rows straight into {}", (System.nanoTime() - start) / 1_000_000, copied[0], target.sql());
        return new TableRestoreResult(copied[0], 0, 0, rows.orphans, 0, List.of(), rows.orphanDetails);
    }

    /** Returns the old → new keys of {@code referenced}'s table. */
    private static Map<String, String> mapped(Connection connection, RestoreStatements statements, TablePlan referenced)
            throws SQLException {
        Map<String, String> keys = HashMap.newHashMap((int) referenced.rows());
        try (PreparedStatement statement = connection.prepareStatement(statements.mappedKeys(referenced));
                ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                keys.put(rs.getString(1), rs.getString(2));
            }
        }
        return keys;
    }

    /** Turns the rows as read into the rows COPYed, counting and listing the orphans. */
    private static final class Rows {
        private final Map<String, String> parentKeys;
        private final List<Map<String, String>> refKeys;
        private final String userId;
        private final int pk;
        private final int parent;
        private final int[] refs;
        /** The layout positions of the data columns, COPYed as they are. */
        private final int[] from;
        private final boolean keepKeys;
        private final String[] out;
        private final String parentField;
        private final String parentTable;
        long orphans;
        final List<RowFailure> orphanDetails = new ArrayList<>();

        Rows(TablePlan plan, Map<String, String> parentKeys, List<Map<String, String>> refKeys, String userId,
                boolean keepKeys, int[] from, int width) {
            TableDef def = plan.target().def();
            RowLayout layout = plan.target().layout();
            this.parentKeys = parentKeys;
            this.refKeys = refKeys;
            this.userId = userId;
            this.keepKeys = keepKeys;
            this.from = from;
            this.pk = layout.indexOf(def.pk());
            this.parent = def.parent() == null ? -1 : layout.indexOf(def.parent().field());
            this.refs = def.optionalRefs().stream().mapToInt(ref -> layout.indexOf(ref.field())).toArray();
            this.parentField = def.parent() == null ? null : def.parent().field();
            this.parentTable = def.parent() == null ? null : def.parent().table();
            this.out = new String[width];
        }

        /** Returns the row to COPY for row {@code index} read as {@code values}, or {@code null} for an orphan. */
        String[] map(long index, String[] values) {
            int at = 0;
            if (keepKeys) {
                out[at++] = values[pk];
            }
            out[at++] = userId;
            if (parentKeys != null) {
                String parentValue = values[parent];
                String key = parentValue == null ? null : parentKeys.get(parentValue);
                if (key == null) {
                    orphans++;
                    if (orphanDetails.size() < TableRestoreResult.MAX_DETAILS) {
                        orphanDetails.add(new RowFailure(index, values[pk],
                                TableRestoreResult.orphanReason(parentField, parentValue, parentTable)));
                    }
                    return null;
                }
                out[at++] = key;
            }
            for (int k = 0; k < refs.length; k++) {
                String value = values[refs[k]];
                out[at++] = value == null ? null : refKeys.get(k).get(value);
            }
            for (int position : from) {
                out[at++] = values[position];
            }
            return out;
        }
    }
}
