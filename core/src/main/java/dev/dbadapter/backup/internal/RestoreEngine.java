package dev.dbadapter.backup.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dbadapter.backup.BackupException;
import dev.dbadapter.backup.BackupProgress;
import dev.dbadapter.backup.BackupSchema;
import dev.dbadapter.backup.ForeignKey;
import dev.dbadapter.backup.RestoreMode;
import dev.dbadapter.backup.RestoreResult;
import dev.dbadapter.backup.RowFailure;
import dev.dbadapter.backup.TableDef;
import dev.dbadapter.backup.TableRestoreResult;
import dev.dbadapter.backup.ValidationResult;
import dev.dbadapter.internal.Identifiers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.util.PSQLException;

/**
 * Restores a backup set-based inside the caller's transaction, on one JDBC connection.
 *
 * <p>One streaming pass over the file validates it and COPYs every table's rows, as text, into a
 * temporary staging table {@code dba_s_<run>_<n>} (ON COMMIT DROP). Then, per table in schema order, one
 * {@code INSERT … SELECT} fills a work table {@code dba_w_<run>_<n>} holding, per staged row, its old key,
 * its remapped parent and optional references (joined from the parents' work tables), the key of
 * the existing row it matches (same slug, user and remapped parent) and the new key it will get.
 * The work table is the old → new key mapping children join. One {@code INSERT … SELECT} writes the
 * new rows and, in overwrite mode, one {@code UPDATE … FROM} the existing ones; a statement that
 * fails is retried under savepoints on halves of the row range until the bad rows are isolated.
 */
public final class RestoreEngine {
    private static final int PROGRESS_EVERY = 10_000;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RestoreEngine.class);

    private final BackupSchema schema;
    private final Path file;
    private final String userId;
    private final RestoreMode mode;
    private final boolean dryRun;
    private final boolean preserveIds;
    private final BackupProgress progress;
    private final TargetTable[] targets;
    private final boolean[][] present;
    private final long[] rowCounts;
    private final long[] declaredCounts;
    private final List<Set<String>> ignoredFields = new ArrayList<>();
    /** Tells this run's temporary tables from those of an earlier restore in the same transaction. */
    private final String run = Long.toString(System.nanoTime() & 0xffffffL, 36);

    /** Prepares a restore of {@code file} for {@code userId}. */
    public RestoreEngine(BackupSchema schema, Path file, String userId, RestoreMode mode, boolean dryRun,
            boolean preserveIds, BackupProgress progress) {
        this.schema = schema;
        this.file = file;
        this.userId = userId;
        this.mode = mode;
        this.dryRun = dryRun;
        this.preserveIds = preserveIds;
        this.progress = progress;
        int size = schema.tables().size();
        this.targets = new TargetTable[size];
        this.present = new boolean[size][];
        this.rowCounts = new long[size];
        this.declaredCounts = new long[size];
        Arrays.fill(declaredCounts, -1);
        for (int i = 0; i < size; i++) {
            ignoredFields.add(new TreeSet<>());
        }
    }

    /**
     * Runs the restore on {@code connection}, which must be inside a transaction the caller commits
     * or rolls back.
     *
     * @throws BackupException when the file is invalid, the target lacks a table or column, or a row
     *     exists or fails in {@link RestoreMode#FAIL} mode
     */
    public RestoreResult run(Connection connection) throws SQLException {
        tune(connection);
        for (int i = 0; i < targets.length; i++) {
            targets[i] = TargetTable.load(connection, schema.tables().get(i));
            present[i] = new boolean[targets[i].columns().size()];
            createStaging(connection, i);
        }
        ValidationResult validation = checkReferencedKeys(connection, stage(connection));
        if (!validation.valid()) {
            throw new BackupException("Backup file " + file + " is invalid: " + validation.errors().getFirst()
                    + (validation.errors().size() > 1 ? " (and " + (validation.errors().size() - 1) + " more)" : ""),
                    "run db-adapter backup --validate " + file, null, validation.errors());
        }
        Map<String, TableRestoreResult> results = new LinkedHashMap<>();
        for (int i = 0; i < targets.length; i++) {
            results.put(schema.tables().get(i).name(), restoreTable(connection, i));
        }
        List<String> warnings = new ArrayList<>(validation.warnings());
        for (int i = 0; i < targets.length; i++) {
            if (!ignoredFields.get(i).isEmpty()) {
                warnings.add(schema.tables().get(i).name() + ": field(s) " + ignoredFields.get(i)
                        + " of the backup are not columns of the table and were not restored");
            }
        }
        fixLateReferences(connection, warnings);
        return new RestoreResult(results, dryRun, warnings);
    }

    /** Gives the transaction's joins and sorts memory (SET LOCAL: it ends with the transaction). */
    private static void tune(Connection connection) throws SQLException {
        execute(connection, "SET LOCAL work_mem = '128MB'");
    }

    private void createStaging(Connection connection, int table) throws SQLException {
        StringBuilder sql = new StringBuilder("CREATE TEMP TABLE ").append(staging(table))
                .append(" (__idx bigint");
        for (TargetTable.Column column : targets[table].columns().values()) {
            sql.append(", ").append(column.sql()).append(" text");
        }
        execute(connection, sql.append(") ON COMMIT DROP").toString());
    }

    /** Streams the file once: validates it and COPYs every table into its staging table. */
    private ValidationResult stage(Connection connection) throws SQLException {
        StagingSink sink = new StagingSink(connection);
        long start = System.nanoTime();
        try {
            return CheckedScan.scan(file, schema, false, index -> targets[index].layout(), sink);
        } catch (UncheckedIOException e) {
            if (e.getCause() != null && e.getCause().getCause() instanceof SQLException sql) {
                // the COPY failed on the database side (a lost connection, say): report it as such
                throw sql;
            }
            throw e;
        } finally {
            trace(start, "read and COPY the file into staging tables");
            sink.cancel();
        }
    }

    /**
     * Adds an error for each table other rows point at whose file holds a primary key twice: the
     * key could not say which row a child belongs to.
     */
    private ValidationResult checkReferencedKeys(Connection connection, ValidationResult validation) throws SQLException {
        if (!validation.valid()) {
            return validation;
        }
        List<String> errors = new ArrayList<>();
        for (int table = 0; table < targets.length; table++) {
            if (!isReferenced(table)) {
                continue;
            }
            String pk = targets[table].pk().sql();
            try (Statement statement = connection.createStatement();
                    ResultSet rs = statement.executeQuery("SELECT " + pk + ", count(*) FROM " + staging(table)
                            + " GROUP BY " + pk + " HAVING count(*) > 1 ORDER BY 1 LIMIT 10")) {
                while (rs.next()) {
                    errors.add("Table '" + schema.tables().get(table).name() + "' holds primary key " + rs.getString(1)
                            + " " + rs.getLong(2) + " times");
                }
            }
        }
        return errors.isEmpty() ? validation : new ValidationResult(false, errors, validation.warnings());
    }

    private boolean isReferenced(int table) {
        for (TableDef def : schema.tables()) {
            boolean parent = def.parent() != null && schema.indexOf(def.parent().table()) == table;
            if (parent || def.optionalRefs().stream().anyMatch(ref -> schema.indexOf(ref.table()) == table)) {
                return true;
            }
        }
        return false;
    }

    private TableRestoreResult restoreTable(Connection connection, int table) throws SQLException {
        TargetTable target = targets[table];
        TableDef def = target.def();
        String name = def.name();
        execute(connection, "ANALYZE " + staging(table));
        buildWork(connection, table);
        execute(connection, "ANALYZE " + work(table));
        long existing;
        long fresh;
        long orphans;
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT count(existing), count(new_pk),"
                        + " count(*) FILTER (WHERE existing IS NULL AND new_pk IS NULL) FROM " + work(table))) {
            rs.next();
            existing = rs.getLong(1);
            fresh = rs.getLong(2);
            orphans = rs.getLong(3);
        }
        if (mode == RestoreMode.FAIL && existing > 0) {
            try (Statement statement = connection.createStatement();
                    ResultSet rs = statement.executeQuery("SELECT w.__idx, w.old_pk, s." + Identifiers.quote(def.slugField())
                            + " FROM " + work(table) + " w JOIN " + staging(table) + " s USING (__idx)"
                            + " WHERE w.existing IS NOT NULL ORDER BY w.__idx LIMIT 1")) {
                rs.next();
                throw new BackupException("Restore aborted (mode fail): " + name + "[" + rs.getLong(1) + "] (pk="
                        + rs.getString(2) + ", " + def.slugField() + "=" + rs.getString(3)
                        + ") already exists in the database (same " + def.slugField() + " and user)"
                        + "; nothing was restored", "use --mode skip or --mode overwrite", null);
            }
        }
        Failures failures = new Failures(table);
        long inserted = fresh == 0 ? 0 : runInRanges(connection, insertSql(table), failures, true);
        long updated = 0;
        if (mode == RestoreMode.OVERWRITE && existing > 0) {
            String update = updateSql(table);
            updated = update == null ? existing : runInRanges(connection, update, failures, false);
        }
        if (preserveIdsUsed(target) && target.sequence() != null && !dryRun && inserted > 0) {
            // never move the sequence back: rows of others may already sit above the restored keys
            try (PreparedStatement statement = connection.prepareStatement("SELECT setval(?::regclass, greatest("
                    + "(SELECT max(" + target.pk().sql() + ") FROM " + target.sql() + "), pg_sequence_last_value(?::regclass)))")) {
                statement.setString(1, target.sequence());
                statement.setString(2, target.sequence());
                statement.execute();
            }
        }
        long skipped = orphans + (mode == RestoreMode.SKIP ? existing : 0);
        return new TableRestoreResult(inserted, updated, skipped, failures.count, failures.details);
    }

    private boolean preserveIdsUsed(TargetTable target) {
        return preserveIds || !target.pk().hasDefault();
    }

    /** Fills the work table: old key, remapped parent and references, matching existing row, new key. */
    private void buildWork(Connection connection, int table) throws SQLException {
        TargetTable target = targets[table];
        TableDef def = target.def();
        TargetTable.Column pk = target.pk();
        StringBuilder create = new StringBuilder("CREATE TEMP TABLE ").append(work(table))
                .append(" (__idx bigint, old_pk text, parent_pk ")
                .append(def.parent() == null ? "text" : target.column(def.parent().field()).type())
                .append(", existing ").append(pk.type()).append(", new_pk ").append(pk.type());
        for (int k = 0; k < def.optionalRefs().size(); k++) {
            create.append(", ref_").append(k).append(' ').append(target.column(def.optionalRefs().get(k).field()).type());
        }
        execute(connection, create.append(") ON COMMIT DROP").toString());

        List<Object> params = new ArrayList<>();
        String parentOk = def.parent() == null ? "" : " AND p.pk IS NOT NULL";
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(work(table)).append(" SELECT s.__idx, s.")
                .append(pk.sql()).append(", ").append(def.parent() == null ? "NULL" : "p.pk").append(", e.pk, CASE WHEN e.pk IS NULL")
                .append(parentOk).append(" THEN ").append(newKey(connection, target, params)).append(" END");
        for (int k = 0; k < def.optionalRefs().size(); k++) {
            sql.append(", ").append(restoredBefore(def.optionalRefs().get(k), table) ? "r" + k + ".pk" : "NULL");
        }
        sql.append(" FROM ").append(staging(table)).append(" s");
        if (def.parent() != null) {
            sql.append(" LEFT JOIN ").append(mapping(schema.indexOf(def.parent().table()))).append(" p ON p.old_pk = s.")
                    .append(target.column(def.parent().field()).sql());
        }
        String slug = Identifiers.quote(def.slugField());
        String slugType = target.column(def.slugField()).type();
        String parentField = def.parent() == null ? null : target.column(def.parent().field()).sql();
        sql.append(" LEFT JOIN (SELECT DISTINCT ON (t.").append(slug).append(parentField == null ? "" : ", t." + parentField)
                .append(") t.").append(pk.sql()).append(" AS pk, t.").append(slug).append(" AS slug")
                .append(parentField == null ? "" : ", t." + parentField + " AS parent")
                .append(" FROM ").append(target.sql()).append(" t WHERE t.").append(Identifiers.quote(def.userField()))
                .append(" = ?::").append(target.column(def.userField()).type())
                // only the slugs in the file: a small restore into a big table must not sort all the user's rows
                .append(" AND t.").append(slug).append(" IN (SELECT x.").append(slug).append("::").append(slugType)
                .append(" FROM ").append(staging(table)).append(" x)")
                .append(") e ON e.slug = s.").append(slug).append("::").append(slugType)
                .append(parentField == null ? "" : " AND e.parent = p.pk");
        params.add(userId);
        for (int k = 0; k < def.optionalRefs().size(); k++) {
            ForeignKey ref = def.optionalRefs().get(k);
            if (restoredBefore(ref, table)) {
                sql.append(" LEFT JOIN ").append(mapping(schema.indexOf(ref.table()))).append(" r").append(k)
                        .append(" ON r").append(k).append(".old_pk = s.").append(target.column(ref.field()).sql());
            }
        }
        long start = System.nanoTime();
        try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            bind(statement, params);
            statement.executeUpdate();
        }
        trace(start, sql.toString());
    }

    /** The SQL giving a new row its primary key; adds its parameters to {@code params}. */
    private String newKey(Connection connection, TargetTable target, List<Object> params) throws SQLException {
        TargetTable.Column pk = target.pk();
        if (preserveIdsUsed(target)) {
            return "s." + pk.sql() + "::" + pk.type();
        }
        if (target.sequence() != null) {
            if (dryRun) {
                // a dry run must not move the sequence: number new rows above the current maximum instead
                try (Statement statement = connection.createStatement();
                        ResultSet rs = statement.executeQuery("SELECT coalesce(max(" + pk.sql() + "), 0)::bigint FROM " + target.sql())) {
                    rs.next();
                    params.add(rs.getLong(1));
                }
                return "(?::bigint + s.__idx + 1)";
            }
            params.add(target.sequence());
            return "nextval(?::regclass)";
        }
        return "(" + pk.defaultExpr() + ")";
    }

    private boolean restoredBefore(ForeignKey ref, int table) {
        int index = schema.indexOf(ref.table());
        return index >= 0 && index < table;
    }

    private String insertSql(int table) {
        TargetTable target = targets[table];
        TableDef def = target.def();
        List<String> columns = new ArrayList<>();
        List<String> values = new ArrayList<>();
        columns.add(target.pk().sql());
        values.add("w.new_pk");
        columns.add(Identifiers.quote(def.userField()));
        values.add("?::" + target.column(def.userField()).type());
        if (def.parent() != null) {
            columns.add(target.column(def.parent().field()).sql());
            values.add("w.parent_pk");
        }
        for (int k = 0; k < def.optionalRefs().size(); k++) {
            columns.add(target.column(def.optionalRefs().get(k).field()).sql());
            values.add("w.ref_" + k);
        }
        for (TargetTable.Column column : dataColumns(table, false)) {
            columns.add(column.sql());
            values.add("s." + column.sql() + "::" + column.type());
        }
        boolean overriding = target.pk().identityAlways();
        return "INSERT INTO " + target.sql() + " (" + String.join(", ", columns) + ")"
                + (overriding ? " OVERRIDING SYSTEM VALUE" : "") + " SELECT " + String.join(", ", values)
                + " FROM " + staging(table) + " s JOIN " + work(table) + " w ON w.__idx = s.__idx"
                + " WHERE w.new_pk IS NOT NULL AND w.__idx BETWEEN ? AND ?";
    }

    private String updateSql(int table) {
        TargetTable target = targets[table];
        TableDef def = target.def();
        List<String> sets = new ArrayList<>();
        for (int k = 0; k < def.optionalRefs().size(); k++) {
            sets.add(target.column(def.optionalRefs().get(k).field()).sql() + " = w.ref_" + k);
        }
        for (TargetTable.Column column : dataColumns(table, true)) {
            sets.add(column.sql() + " = s." + column.sql() + "::" + column.type());
        }
        if (sets.isEmpty()) {
            return null;
        }
        return "UPDATE " + target.sql() + " t SET " + String.join(", ", sets) + " FROM " + staging(table)
                + " s JOIN " + work(table) + " w ON w.__idx = s.__idx WHERE t." + target.pk().sql()
                + " = w.existing AND w.__idx BETWEEN ? AND ?";
    }

    /** The file's columns other than key, user, parent and reference columns (and slug, for updates). */
    private List<TargetTable.Column> dataColumns(int table, boolean forUpdate) {
        TargetTable target = targets[table];
        TableDef def = target.def();
        List<String> special = new ArrayList<>(List.of(def.pk(), def.userField()));
        if (forUpdate) {
            special.add(def.slugField());
        }
        if (def.parent() != null) {
            special.add(target.column(def.parent().field()).name());
        }
        def.optionalRefs().forEach(ref -> special.add(target.column(ref.field()).name()));
        List<TargetTable.Column> columns = new ArrayList<>();
        int i = 0;
        for (TargetTable.Column column : target.columns().values()) {
            if (present[table][i++] && !special.contains(column.name())) {
                columns.add(column);
            }
        }
        return columns;
    }

    /**
     * Runs {@code sql} (ending in {@code __idx BETWEEN ? AND ?}) over every staged row under a
     * savepoint; a failing range is split in halves until single bad rows are found and recorded.
     */
    private long runInRanges(Connection connection, String sql, Failures failures, boolean insert) throws SQLException {
        boolean needsUser = insert;
        Deque<long[]> ranges = new ArrayDeque<>();
        ranges.push(new long[] {0, Math.max(0, rowCounts[failures.table] - 1)});
        long total = 0;
        boolean indexed = false;
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            while (!ranges.isEmpty()) {
                long[] range = ranges.pop();
                int index = 1;
                if (needsUser) {
                    statement.setString(index++, userId);
                }
                statement.setLong(index++, range[0]);
                statement.setLong(index, range[1]);
                Savepoint savepoint = connection.setSavepoint();
                long start = System.nanoTime();
                try {
                    total += statement.executeUpdate();
                    connection.releaseSavepoint(savepoint);
                    trace(start, sql);
                } catch (SQLException error) {
                    connection.rollback(savepoint);
                    if (!indexed) {
                        indexRanges(connection, failures.table);
                        indexed = true;
                    }
                    if (range[0] == range[1]) {
                        failures.add(connection, range[0], error, insert);
                    } else if (failures.count >= TableRestoreResult.MAX_DETAILS) {
                        // past the listed failures, stop isolating: a column every row breaks must not cost a statement per row
                        failures.addRange(connection, range, error, insert);
                    } else {
                        long middle = range[0] + (range[1] - range[0]) / 2;
                        ranges.push(new long[] {middle + 1, range[1]});
                        ranges.push(new long[] {range[0], middle});
                    }
                }
            }
        }
        return total;
    }

    private void indexRanges(Connection connection, int table) throws SQLException {
        execute(connection, "CREATE INDEX ON " + staging(table) + " (__idx)");
        execute(connection, "CREATE INDEX ON " + work(table) + " (__idx)");
        execute(connection, "ANALYZE " + staging(table));
        execute(connection, "ANALYZE " + work(table));
    }

    /** Points references to tables restored at or after their table once those tables have keys. */
    private void fixLateReferences(Connection connection, List<String> warnings) throws SQLException {
        for (int table = 0; table < targets.length; table++) {
            TargetTable target = targets[table];
            List<ForeignKey> refs = target.def().optionalRefs();
            for (int k = 0; k < refs.size(); k++) {
                ForeignKey ref = refs.get(k);
                int refTable = schema.indexOf(ref.table());
                if (refTable < table) {
                    continue;
                }
                String column = target.column(ref.field()).sql();
                String rowKey = mode == RestoreMode.OVERWRITE ? "coalesce(w.new_pk, w.existing)" : "w.new_pk";
                String sql = "UPDATE " + target.sql() + " t SET " + column + " = m.pk FROM " + staging(table) + " s JOIN "
                        + work(table) + " w ON w.__idx = s.__idx JOIN " + mapping(refTable) + " m ON m.old_pk = s." + column
                        + " WHERE t." + target.pk().sql() + " = " + rowKey;
                Savepoint savepoint = connection.setSavepoint();
                try {
                    execute(connection, sql);
                    connection.releaseSavepoint(savepoint);
                } catch (SQLException error) {
                    connection.rollback(savepoint);
                    warnings.add(target.def().name() + "." + ref.field() + " could not be remapped to '" + ref.table()
                            + "' and was left null: " + message(error));
                }
            }
        }
    }

    /** Rows of a table the database rejected. */
    private final class Failures {
        final int table;
        long count;
        final List<RowFailure> details = new ArrayList<>();

        Failures(int table) {
            this.table = table;
        }

        void add(Connection connection, long index, SQLException error, boolean insert) throws SQLException {
            String oldPk;
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT old_pk FROM " + work(table) + " WHERE __idx = ?")) {
                statement.setLong(1, index);
                try (ResultSet rs = statement.executeQuery()) {
                    oldPk = rs.next() ? rs.getString(1) : null;
                }
            }
            String name = schema.tables().get(table).name();
            if (mode == RestoreMode.FAIL) {
                throw new BackupException("Restore aborted (mode fail): " + name + "[" + index + "] (pk=" + oldPk
                        + ") failed: " + message(error) + "; nothing was restored", null, error);
            }
            if (insert) {
                try (PreparedStatement statement = connection.prepareStatement(
                        "UPDATE " + work(table) + " SET new_pk = NULL WHERE __idx = ?")) {
                    statement.setLong(1, index);
                    statement.executeUpdate();
                }
            }
            count++;
            if (details.size() < TableRestoreResult.MAX_DETAILS) {
                details.add(new RowFailure(index, oldPk, message(error)));
            }
        }

        /** Counts every candidate row of {@code range} as failed, without details. */
        void addRange(Connection connection, long[] range, SQLException error, boolean insert) throws SQLException {
            String candidates = " FROM " + work(table) + " WHERE " + (insert ? "new_pk" : "existing")
                    + " IS NOT NULL AND __idx BETWEEN ? AND ?";
            try (PreparedStatement statement = connection.prepareStatement(insert
                    ? "UPDATE " + work(table) + " SET new_pk = NULL WHERE new_pk IS NOT NULL AND __idx BETWEEN ? AND ?"
                    : "SELECT count(*)" + candidates)) {
                statement.setLong(1, range[0]);
                statement.setLong(2, range[1]);
                if (insert) {
                    count += statement.executeUpdate();
                } else {
                    try (ResultSet rs = statement.executeQuery()) {
                        rs.next();
                        count += rs.getLong(1);
                    }
                }
            }
        }
    }

    private static String message(SQLException error) {
        if (error instanceof PSQLException psql && psql.getServerErrorMessage() != null) {
            var server = psql.getServerErrorMessage();
            return server.getMessage() + (server.getDetail() == null ? "" : " — " + server.getDetail());
        }
        return error.getMessage();
    }

    /** COPYs each table's rows into its staging table as they stream by. */
    private final class StagingSink implements CheckedScan.TableSink {
        private final Connection connection;
        private final byte[] buffer = new byte[1 << 16];
        private final StringBuilder line = new StringBuilder(256);
        private int used;
        private CopyIn copy;
        private int table;

        StagingSink(Connection connection) {
            this.connection = connection;
        }

        @Override
        public void metadata(JsonNode metadata) {
            for (int i = 0; i < targets.length; i++) {
                JsonNode count = metadata.path(schema.tables().get(i).name() + "_count");
                if (count.canConvertToLong()) {
                    declaredCounts[i] = count.asLong();
                }
            }
        }

        @Override
        public void begin(int index, RowLayout layout) throws IOException {
            if (copy != null) {
                // the connection would wait forever for the open COPY to end: abort it and stop
                try {
                    cancel();
                } catch (SQLException e) {
                    throw new UncheckedIOException(new IOException(e.getMessage(), e));
                }
                throw new IllegalStateException("the rows of " + schema.tables().get(table).name()
                        + " were not ended before " + schema.tables().get(index).name() + " began");
            }
            table = index;
            StringBuilder sql = new StringBuilder("COPY ").append(staging(index)).append(" (__idx");
            for (String name : layout.names()) {
                sql.append(", ").append(Identifiers.quote(name));
            }
            sql.append(") FROM STDIN");
            try {
                copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql.toString());
            } catch (SQLException e) {
                throw new UncheckedIOException(new IOException(e.getMessage(), e));
            }
        }

        @Override
        public void row(long index, String[] values, boolean[] seen) throws IOException {
            line.setLength(0);
            line.append(index);
            boolean[] any = present[table];
            for (int i = 0; i < values.length; i++) {
                line.append('\t');
                any[i] |= seen[i];
                String value = values[i];
                if (value == null) {
                    line.append("\\N");
                } else {
                    escape(value, line);
                }
            }
            line.append('\n');
            byte[] bytes = line.toString().getBytes(StandardCharsets.UTF_8);
            if (used + bytes.length > buffer.length) {
                flush();
            }
            if (bytes.length > buffer.length) {
                write(bytes, bytes.length);
            } else {
                System.arraycopy(bytes, 0, buffer, used, bytes.length);
                used += bytes.length;
            }
            if ((index + 1) % PROGRESS_EVERY == 0) {
                progress.update(schema.tables().get(table).name(), index + 1, declaredCounts[table]);
            }
        }

        @Override
        public void unknownField(String name) {
            Set<String> ignored = ignoredFields.get(table);
            if (ignored.size() < 20 && !targets[table].generated().contains(name)) {
                ignored.add(name);
            }
        }

        @Override
        public void end(long rows) throws IOException {
            flush();
            try {
                copy.endCopy();
            } catch (SQLException e) {
                throw new UncheckedIOException(new IOException(e.getMessage(), e));
            }
            copy = null;
            rowCounts[table] = rows;
            progress.update(schema.tables().get(table).name(), rows, rows);
        }

        void cancel() throws SQLException {
            if (copy != null && copy.isActive()) {
                copy.cancelCopy();
            }
            copy = null;
        }

        private void flush() throws IOException {
            if (used > 0) {
                write(buffer, used);
                used = 0;
            }
        }

        private void write(byte[] bytes, int length) throws IOException {
            try {
                copy.writeToCopy(bytes, 0, length);
            } catch (SQLException e) {
                throw new UncheckedIOException(new IOException(e.getMessage(), e));
            }
        }

        private static void escape(String value, StringBuilder out) {
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                switch (c) {
                    case '\\' -> out.append("\\\\");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    default -> out.append(c);
                }
            }
        }
    }

    private String staging(int table) {
        return "dba_s_" + run + "_" + table;
    }

    private String work(int table) {
        return "dba_w_" + run + "_" + table;
    }

    /** The old → new key mapping of a restored table, as a sub-select. */
    private String mapping(int table) {
        return "(SELECT old_pk, coalesce(existing, new_pk) AS pk FROM " + work(table) + ")";
    }

    private static void bind(PreparedStatement statement, List<Object> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            Object value = params.get(i);
            if (value instanceof Long number) {
                statement.setLong(i + 1, number);
            } else {
                statement.setString(i + 1, (String) value);
            }
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        long start = System.nanoTime();
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
        trace(start, sql);
    }

    private static void trace(long start, String what) {
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} ms: {}", (System.nanoTime() - start) / 1_000_000, what.length() > 160 ? what.substring(0, 160) + "..." : what);
        }
    }
}
