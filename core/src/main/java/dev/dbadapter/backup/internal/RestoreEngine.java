package dev.dbadapter.backup.internal;

import dev.dbadapter.adapter.postgres.internal.SqlErrors;
import dev.dbadapter.backup.BackupCheck;
import dev.dbadapter.backup.BackupException;
import dev.dbadapter.backup.BackupProgress;
import dev.dbadapter.backup.BackupSchema;
import dev.dbadapter.backup.RestoreMode;
import dev.dbadapter.backup.RestoreResult;
import dev.dbadapter.backup.ForeignKey;
import dev.dbadapter.backup.RowFailure;
import dev.dbadapter.backup.TableDef;
import dev.dbadapter.backup.TableRestoreResult;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Restores rows set-based inside the caller's transaction, on one JDBC connection: a backup file's
 * or, for a sync, another database's.
 *
 * <p>A {@link RowSource} COPYs every table's rows, as text, into a temporary staging table (for a
 * file, one streaming pass that also validates it: {@link FileStaging}, {@link StagingWriter}). Then, per table in schema
 * order, one statement fills a work table holding, per staged row, its old key, its remapped parent
 * and optional references (joined from the parents' work tables), the key of the existing row it
 * matches (same slug, user and remapped parent) and the new key it will get; the work table is the
 * old → new key mapping children join. One {@code INSERT … SELECT} writes the new rows and, in
 * overwrite mode, one {@code UPDATE … FROM} the existing ones ({@link RestoreStatements}); a
 * statement that fails is retried under savepoints on halves of the row range until the bad rows
 * are isolated ({@link RangeRetry}).
 *
 * <p>A table that holds none of the user's rows is staged whole and not matched: every row is new.
 * A table that does, from a source that can ({@link RowSource#stagesKeysFirst()}, a file), is matched
 * on keys first: only the key columns are staged, and the full rows are staged afterwards for the rows
 * that will be written only (new rows; in overwrite mode the matched ones too), so a restore with
 * nothing to do never sends the rows' data.
 *
 * <p>A table that holds none of the user's rows and that no row points at, from a source that can
 * ({@link RowSource#copiesIntoTables()}, a file), is not staged at all: its rows are read again and go
 * in one COPY straight into it ({@link DirectCopy}), falling back to the staged way when the database
 * rejects a row.
 */
public final class RestoreEngine {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RestoreEngine.class);

    private final BackupSchema schema;
    private final String userId;
    private final RestoreMode mode;
    private final boolean dryRun;
    private final boolean preserveIds;
    private final boolean changedOnly;
    /** Tells this run's temporary tables from those of an earlier restore in the same transaction. */
    private final String run = Long.toString(System.nanoTime() & 0xffffffL, 36);

    /**
     * Prepares a restore for {@code userId}; with {@code changedOnly}, overwrite mode updates only
     * the existing rows whose values differ from the incoming ones (and counts only those): by their
     * text, jsonb as PostgreSQL compares it, as a sync's digests compare them.
     */
    public RestoreEngine(BackupSchema schema, String userId, RestoreMode mode, boolean dryRun, boolean preserveIds,
            boolean changedOnly) {
        this.schema = schema;
        this.userId = userId;
        this.mode = mode;
        this.dryRun = dryRun;
        this.preserveIds = preserveIds;
        this.changedOnly = changedOnly;
    }

    /**
     * Runs the restore of the rows {@code source} stages on {@code connection}, which must be inside
     * a transaction the caller commits or rolls back.
     *
     * @throws BackupException when the rows are invalid, the target lacks a table or column, or a row
     *     exists or fails in {@link RestoreMode#FAIL} mode
     * @throws SQLException when the database fails other than on a row (a lost connection, say)
     */
    public RestoreResult run(Connection connection, RowSource source) throws SQLException {
        lockUser(connection);
        String workMem = tune(connection);
        List<TablePlan> planned = new ArrayList<>();
        for (int i = 0; i < schema.tables().size(); i++) {
            TargetTable target = TargetTable.load(connection, schema.tables().get(i));
            boolean userHasRows = userHasRows(connection, target);
            boolean direct = !userHasRows && !dryRun && source.copiesIntoTables() && copiesStraightIn(i);
            TablePlan plan = TablePlan.of(i, target, run, userHasRows && source.stagesKeysFirst(), userHasRows, direct);
            StagingWriter.create(connection, plan.staging(), plan.stagedColumns());
            planned.add(plan);
        }
        long start = System.nanoTime();
        RowSource.Staged staged;
        try {
            staged = source.stage(connection, planned);
        } finally {
            trace(start, "COPY the rows into staging tables");
        }
        List<TablePlan> plans = staged.plans();
        RestoreStatements statements = new RestoreStatements(schema, plans);
        BackupCheck validation = checkReferencedKeys(connection, statements, plans, staged.validation());
        if (!validation.valid()) {
            throw source.invalid(validation);
        }
        Map<String, TableRestoreResult> results = new LinkedHashMap<>();
        for (TablePlan plan : plans) {
            results.put(plan.name(), restoreTable(connection, source, statements, plan));
        }
        List<String> warnings = new ArrayList<>(validation.warnings());
        for (TablePlan plan : plans) {
            if (!plan.ignoredFields().isEmpty()) {
                warnings.add(plan.name() + ": field(s) " + plan.ignoredFields()
                        + " of the backup are not columns of the table and were not restored");
            }
        }
        remapLateReferences(connection, statements, plans, warnings);
        untune(connection, workMem);
        return new RestoreResult(results, dryRun, warnings);
    }

    /**
     * Waits until no other restore for the same user runs, and keeps others out until this
     * transaction ends. Rows are matched by slug and user, with no unique key required: two restores
     * of one file at once would each find the other's rows missing and insert them twice. The second
     * waits, then sees the first one's rows and skips them.
     */
    private void lockUser(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT pg_advisory_xact_lock(hashtext('db-adapter restore'), hashtext(?))")) {
            statement.setString(1, userId);
            statement.execute();
        }
    }

    /**
     * Gives the restore's joins and sorts memory, for this transaction only (SET LOCAL: never the
     * session's setting), and returns the value it replaced.
     */
    private static String tune(Connection connection) throws SQLException {
        return setLocal(connection, "work_mem", "128MB");
    }

    /** Gives the rest of the caller's transaction its own {@code work_mem} back. */
    private static void untune(Connection connection, String previous) throws SQLException {
        setLocal(connection, "work_mem", previous);
    }

    /**
     * Analyses {@code table}, a temporary table of a restore or a sync, from a sample of 3,000 rows
     * instead of 30,000: its statements' plans need its row count and whether its keys repeat, which
     * the small sample tells as well, in a tenth of the time (0.03 s against 0.42 s for 1,000,000 rows).
     */
    public static void analyzeStaged(Connection connection, String table) throws SQLException {
        String previous = setLocal(connection, "default_statistics_target", "10");
        // not in a finally: a failed ANALYZE aborts the transaction, and the setting with it
        execute(connection, "ANALYZE " + table);
        setLocal(connection, "default_statistics_target", previous);
    }

    /** Sets {@code name} to {@code value} for the rest of the transaction and returns the value it replaced. */
    private static String setLocal(Connection connection, String name, String value) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT current_setting(?), set_config(?, ?, true)")) {
            statement.setString(1, name);
            statement.setString(2, name);
            statement.setString(3, value);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    /**
     * Runs {@code work}, whose statements look up {@code rows} rows of {@code target}, with full scans
     * turned off when those rows are few beside the table: each is then found by its key, where the
     * planner's costs (which count on pages read from disk) would read the whole table. JIT compiling
     * is turned off with them, since the cost a turned-off scan adds would have each statement
     * compiled to machine code, which takes longer than the statement runs.
     */
    private static void findingByKey(Connection connection, TargetTable target, long rows, RangeRetry.SqlWork work)
            throws SQLException {
        if (!few(connection, target, rows)) {
            work.run();
            return;
        }
        String scans = setLocal(connection, "enable_seqscan", "off");
        String jit = setLocal(connection, "jit", "off");
        boolean done = false;
        try {
            work.run();
            done = true;
        } finally {
            try {
                setLocal(connection, "enable_seqscan", scans);
                setLocal(connection, "jit", jit);
            } catch (SQLException e) {
                // after a failure the transaction may be aborted: the failure is what to report
                if (done) {
                    throw e;
                }
            }
        }
    }

    /**
     * Returns whether {@code rows} are few beside the rows the statistics give {@code target} (one in
     * twenty or fewer); false when the table was never analysed.
     */
    private static boolean few(Connection connection, TargetTable target, long rows) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT reltuples FROM pg_class WHERE oid = to_regclass(?)")) {
            statement.setString(1, target.sql());
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() && rs.getDouble(1) > 0 && rows * 20 < rs.getDouble(1);
            }
        }
    }

    /**
     * Adds an error for each table other rows point at whose file holds a primary key twice: the
     * key could not say which row a child belongs to.
     */
    private BackupCheck checkReferencedKeys(Connection connection, RestoreStatements statements, List<TablePlan> plans,
            BackupCheck validation) throws SQLException {
        if (!validation.valid()) {
            return validation;
        }
        List<String> errors = new ArrayList<>();
        for (TablePlan plan : plans) {
            if (!isReferenced(plan.index())) {
                continue;
            }
            try (Statement statement = connection.createStatement();
                    ResultSet rs = statement.executeQuery(statements.duplicateKeys(plan))) {
                while (rs.next()) {
                    errors.add("Table '" + plan.name() + "' holds primary key " + rs.getString(1) + " " + rs.getLong(2) + " times");
                }
            }
        }
        return errors.isEmpty() ? validation : new BackupCheck(false, errors, validation.warnings());
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

    /**
     * Returns whether table {@code table}'s rows can go straight into it, when it holds none of the
     * user's rows: no row of the backup points at it, and its references point at tables restored
     * before it, whose new keys are then known.
     */
    private boolean copiesStraightIn(int table) {
        return !isReferenced(table)
                && schema.tables().get(table).optionalRefs().stream().allMatch(ref -> schema.indexOf(ref.table()) < table);
    }

    /**
     * Returns whether {@code target} holds a row of the restoring user. When it does not, no incoming
     * row can match an existing one: the rows are staged whole at once and not matched.
     */
    private boolean userHasRows(Connection connection, TargetTable target) throws SQLException {
        TableDef def = target.def();
        String sql = "SELECT EXISTS (SELECT 1 FROM " + target.sql() + " WHERE " + target.column(def.userField()).sql()
                + " = ?::" + target.column(def.userField()).type() + ")";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, userId);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private TableRestoreResult restoreTable(Connection connection, RowSource source, RestoreStatements statements,
            TablePlan plan) throws SQLException {
        if (plan.direct()) {
            TableRestoreResult copied = DirectCopy.run(connection, source, statements, plan, userId,
                    keepsIncomingKeys(plan.target()));
            if (copied != null) {
                advanceSequence(connection, statements, plan, copied.inserted());
                return copied;
            }
            long start = System.nanoTime();
            BitSet all = new BitSet();
            all.set(0, Math.toIntExact(plan.rows()));
            source.stageRows(connection, plan, all);
            trace(start, "COPY the rows of " + plan.name() + " into " + plan.staging() + " after all");
        }
        analyzeStaged(connection, plan.staging());
        execute(connection, statements.createWork(plan));
        // skipped rows of a table nothing points at need no keys: only the others are worked on
        boolean newOnly = mode == RestoreMode.SKIP && !isReferenced(plan.index());
        if (plan.target().uniqueMatch() && plan.userHasRows()) {
            // each staged row looks up its one existing row through the unique key
            findingByKey(connection, plan.target(), plan.rows(), () -> fillWork(connection, statements, plan, newOnly));
        } else {
            fillWork(connection, statements, plan, newOnly);
        }
        analyzeStaged(connection, plan.work());
        long existing;
        long fresh;
        long orphans;
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(statements.workCounts(plan))) {
            rs.next();
            fresh = rs.getLong(2);
            orphans = rs.getLong(3);
            // each staged row matches at most one existing row: those left out are the matched ones
            existing = newOnly ? plan.rows() - fresh - orphans : rs.getLong(1);
        }
        if (mode == RestoreMode.FAIL && existing > 0) {
            abortOnExisting(connection, statements, plan);
        }
        // listed before the writes: a row that fails to insert loses its new key, and would look orphaned
        List<RowFailure> orphanDetails = orphans == 0 ? List.of() : orphanDetails(connection, statements, plan);
        String update = mode == RestoreMode.OVERWRITE && existing > 0 ? statements.update(plan, changedOnly) : null;
        if (plan.keysFirst() && (fresh > 0 || update != null)) {
            stageRowsToWrite(connection, source, statements, plan, update != null);
        }
        RowFailures failures = new RowFailures(connection, plan, statements, mode == RestoreMode.FAIL);
        long inserted = fresh == 0 ? 0 : inRanges(connection, plan, statements.insert(plan), true, failures);
        long updated = 0;
        if (mode == RestoreMode.OVERWRITE && existing > 0) {
            if (update == null) {
                updated = changedOnly ? 0 : existing;
            } else {
                long[] count = new long[1];
                findingByKey(connection, plan.target(), existing,
                        () -> count[0] = inRanges(connection, plan, update, false, failures));
                updated = count[0];
            }
        }
        advanceSequence(connection, statements, plan, inserted);
        long skipped = mode == RestoreMode.SKIP ? existing : changedOnly ? existing - updated : 0;
        return new TableRestoreResult(inserted, updated, skipped, orphans, failures.count(), failures.details(),
                orphanDetails);
    }

    /** Returns the first orphaned rows of {@code plan}, each with its parent value. */
    private static List<RowFailure> orphanDetails(Connection connection, RestoreStatements statements, TablePlan plan)
            throws SQLException {
        List<RowFailure> details = new ArrayList<>();
        ForeignKey parent = plan.target().def().parent();
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(statements.orphans(plan))) {
            while (rs.next()) {
                details.add(new RowFailure(rs.getLong(1), rs.getString(2),
                        TableRestoreResult.orphanReason(parent.field(), rs.getString(3), parent.table())));
            }
        }
        return details;
    }

    /** Moves the key's sequence past the keys of the {@code inserted} rows when they kept their own keys. */
    private void advanceSequence(Connection connection, RestoreStatements statements, TablePlan plan, long inserted)
            throws SQLException {
        TargetTable target = plan.target();
        if (keepsIncomingKeys(target) && target.sequence() != null && !dryRun && inserted > 0) {
            try (PreparedStatement statement = connection.prepareStatement(statements.advanceSequence(plan))) {
                statement.setString(1, target.sequence());
                statement.setString(2, target.sequence());
                statement.execute();
            }
        }
    }

    /**
     * Has {@code source} stage the full rows of a {@link TablePlan#keysFirst()} table that will be
     * written: those that got a new key and, when {@code updates}, those that match an existing row.
     */
    private static void stageRowsToWrite(Connection connection, RowSource source, RestoreStatements statements,
            TablePlan plan, boolean updates) throws SQLException {
        long start = System.nanoTime();
        StagingWriter.create(connection, plan.rowsTable(), List.copyOf(plan.target().columns().keySet()));
        BitSet rows = new BitSet();
        try (PreparedStatement statement = connection.prepareStatement(statements.rowsToWrite(plan, updates))) {
            statement.setFetchSize(10_000);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows.set(Math.toIntExact(rs.getLong(1)));
                }
            }
        }
        source.stageRows(connection, plan, rows);
        trace(start, "COPY " + rows.cardinality() + " rows to write into " + plan.rowsTable());
        analyzeStaged(connection, plan.rowsTable());
    }

    private void abortOnExisting(Connection connection, RestoreStatements statements, TablePlan plan) throws SQLException {
        String slugField = plan.target().def().slugField();
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(statements.firstExisting(plan))) {
            rs.next();
            throw new BackupException("Restore aborted (mode fail): " + plan.name() + "[" + rs.getLong(1) + "] (pk="
                    + rs.getString(2) + ", " + slugField + "=" + rs.getString(3)
                    + ") already exists in the database (same " + slugField + " and user)"
                    + "; nothing was restored", "use --mode skip or --mode overwrite", null);
        }
    }

    private boolean keepsIncomingKeys(TargetTable target) {
        return preserveIds || !target.pk().hasDefault();
    }

    /**
     * Fills the work table: old key, remapped parent and references, matching existing row, new key;
     * with {@code newOnly} only for the rows that match no existing row.
     */
    private void fillWork(Connection connection, RestoreStatements statements, TablePlan plan, boolean newOnly)
            throws SQLException {
        TargetTable target = plan.target();
        RestoreStatements.KeySource source;
        Object keyParameter = null;
        if (keepsIncomingKeys(target)) {
            source = RestoreStatements.KeySource.INCOMING;
        } else if (target.sequence() == null) {
            source = RestoreStatements.KeySource.DEFAULT;
        } else if (dryRun) {
            // a dry run must not move the sequence: number new rows above the current maximum instead
            source = RestoreStatements.KeySource.ABOVE_MAXIMUM;
            try (Statement statement = connection.createStatement();
                    ResultSet rs = statement.executeQuery(statements.maximumKey(plan))) {
                rs.next();
                keyParameter = rs.getLong(1);
            }
        } else {
            source = RestoreStatements.KeySource.SEQUENCE;
            keyParameter = target.sequence();
        }
        String sql = statements.fillWork(plan, statements.newKey(plan, source), newOnly);
        long start = System.nanoTime();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            int index = 1;
            if (keyParameter instanceof Long maximum) {
                statement.setLong(index++, maximum);
            } else if (keyParameter instanceof String sequence) {
                statement.setString(index++, sequence);
            }
            if (plan.userHasRows()) {
                statement.setString(index, userId);
            }
            statement.executeUpdate();
        }
        trace(start, sql);
    }

    /** Runs {@code sql} (an insert, with the user id, or an update) over all staged rows of {@code plan}. */
    private long inRanges(Connection connection, TablePlan plan, String sql, boolean insert, RowFailures failures)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            return RangeRetry.run(connection, 0, Math.max(0, plan.rows() - 1), failures.isolationLeft(), (first, last) -> {
                int index = 1;
                if (insert) {
                    statement.setString(index++, userId);
                }
                statement.setLong(index++, first);
                statement.setLong(index, last);
                long start = System.nanoTime();
                long changed = statement.executeUpdate();
                trace(start, sql);
                return changed;
            }, failures.badRows(insert));
        }
    }

    /** Points references to tables restored at or after their table once those tables have keys. */
    private void remapLateReferences(Connection connection, RestoreStatements statements, List<TablePlan> plans,
            List<String> warnings) throws SQLException {
        for (TablePlan plan : plans) {
            TableDef def = plan.target().def();
            for (int k = 0; k < def.optionalRefs().size(); k++) {
                if (statements.lateReference(plan, k) == null) {
                    continue;
                }
                String sql = statements.remapLateReference(plan, k, mode == RestoreMode.OVERWRITE);
                SQLException error = RangeRetry.underSavepoint(connection, () -> execute(connection, sql));
                if (error != null) {
                    warnings.add(def.name() + "." + def.optionalRefs().get(k).field() + " could not be remapped to '"
                            + def.optionalRefs().get(k).table() + "' and was left null: " + SqlErrors.serverMessage(error));
                }
            }
        }
    }

    /** Runs {@code sql} and logs how long it took (at debug level). */
    static void execute(Connection connection, String sql) throws SQLException {
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
