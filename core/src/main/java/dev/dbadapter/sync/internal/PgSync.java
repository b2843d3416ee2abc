package dev.dbadapter.sync.internal;

import dev.dbadapter.adapter.DatabaseException;
import dev.dbadapter.adapter.postgres.ConnectionCallback;
import dev.dbadapter.adapter.postgres.PostgresAdapter;
import dev.dbadapter.adapter.postgres.PostgresClient;
import dev.dbadapter.adapter.postgres.internal.SqlErrors;
import dev.dbadapter.backup.BackupSchema;
import dev.dbadapter.backup.RestoreMode;
import dev.dbadapter.backup.RestoreResult;
import dev.dbadapter.backup.TableDef;
import dev.dbadapter.backup.TableRestoreResult;
import dev.dbadapter.backup.internal.RestoreEngine;
import dev.dbadapter.backup.internal.StagingWriter;
import dev.dbadapter.internal.Identifiers;
import dev.dbadapter.sync.SyncMode;
import dev.dbadapter.sync.SyncOptions;
import dev.dbadapter.sync.SyncResult;
import dev.dbadapter.sync.TableSyncResult;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/**
 * A sync between two PostgreSQL databases, at COPY speed.
 *
 * <p>The source is read in one read-only repeatable-read transaction (one snapshot). Per table, the
 * user's slugs (and, in overwrite mode, a digest of each row computed by the server, see
 * {@link SyncTable#digest()}) stream from the source into a temporary table of the destination; one
 * statement there finds the slugs that are new or differ and one counts the destination's rows and
 * those the source lacks. Writing is the restore engine's: the rows to write stream from the source
 * into its staging tables ({@link SourceRows}) and its set-based statements match, remap and write
 * them. On the FK-aware path everything runs in one destination transaction; on the direct path the
 * comparison is rolled back and each table is then written in a transaction of its own (deletions
 * first, children before parents). Temporary tables are dropped at commit and settings are
 * transaction-local, so a transaction-mode pooler between the client and the server is safe.
 */
public final class PgSync {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PgSync.class);
    /** Of a table nothing points at, at most this many slugs are sent back to the source to copy only those rows. */
    static final int FILTER_LIMIT = 50_000;
    /** The transaction-local setting that lists the buckets a comparison reads row by row. */
    private static final String BUCKETS_SETTING = "db_adapter.sync_buckets";
    /** The transaction-local setting that lists the rows, by place, a comparison reads row by row. */
    private static final String PLACES_SETTING = "db_adapter.sync_places";
    /** The columns of a comparison's staging table: slug, digest (without the parent), parent's slug, source row's place. */
    private static final List<String> KEY_COLUMNS = List.of("slug", "digest", "parent", "place");

    private final PostgresClient source;
    private final PostgresClient destination;
    private final SyncOptions options;
    private final SyncScope scope;
    private final String run = Long.toString(System.nanoTime() & 0xffffffL, 36);

    /** What one destination transaction found and did, per table, and its warnings. */
    private record Pass(Map<String, TableSyncResult> tables, List<String> warnings) {
    }

    /** A table's write failed; the destination transaction rolls back. */
    private static final class TableFailure extends RuntimeException {
        private final String table;
        private final transient Map<String, TableSyncResult> plan;

        TableFailure(String table, String message, Map<String, TableSyncResult> plan) {
            super(message, null, false, false);
            this.table = table;
            this.plan = plan;
        }
    }

    /** Carries a comparison's result out of the transaction it rolls back. */
    private static final class Rollback extends RuntimeException {
        private final transient Object value;

        Rollback(Object value) {
            super("rollback", null, false, false);
            this.value = value;
        }
    }

    /**
     * Prepares a sync from {@code source} into {@code destination}.
     *
     * @throws dev.dbadapter.sync.SyncException when the tables do not fit the backup schema
     */
    public PgSync(PostgresClient source, PostgresClient destination, SyncOptions options) {
        this.source = source;
        this.destination = destination;
        this.options = options;
        this.scope = SyncScope.of(options);
    }

    /**
     * Compares and, when the options write, syncs; {@code sourceName} and {@code destinationName}
     * label the result.
     *
     * @return a future of the result; it fails with {@link dev.dbadapter.sync.SyncException} for a
     *     missing table or column and with {@link DatabaseException} when a database fails outside a
     *     table's write
     */
    public CompletableFuture<SyncResult> run(String sourceName, String destinationName) {
        return source.inTransaction(tx -> tx.withConnection(connection -> {
            if (ownTransaction()) {
                execute(connection, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            }
            stabilise(connection);
            SourceRows.setting(connection, SourceRows.USER_SETTING, options.userId());
            return sync(connection, sourceName, destinationName);
        }));
    }

    /**
     * Returns whether the source is read in a read-only repeatable-read transaction of the sync's own
     * (one snapshot), not in a transaction the caller holds.
     */
    private boolean ownTransaction() {
        return source instanceof PostgresAdapter;
    }

    private SyncResult sync(Connection sourceConnection, String sourceName, String destinationName) {
        Set<String> withForeignKeys = new LinkedHashSet<>();
        List<SyncTable> tables = inDestination(false,
                connection -> SyncTable.describe(sourceConnection, connection, scope, withForeignKeys));
        List<String> warnings = new ArrayList<>();
        if (!scope.fkAware() && !withForeignKeys.isEmpty()) {
            warnings.add(foreignKeyWarning(withForeignKeys));
        }
        List<String> errors = new ArrayList<>();
        Map<String, TableSyncResult> results;
        if (!options.writes()) {
            Pass compared = inDestination(false, connection -> pass(sourceConnection, connection, tables, false, false));
            results = compared.tables();
            warnings.addAll(compared.warnings());
        } else if (scope.fkAware()) {
            try {
                Pass done = inDestination(true, connection -> pass(sourceConnection, connection, tables, options.delete(), true));
                results = done.tables();
                warnings.addAll(done.warnings());
            } catch (TableFailure failure) {
                Map<String, TableSyncResult> rolledBack = new LinkedHashMap<>();
                // nothing of any table was committed
                failure.plan.forEach((name, planned) -> rolledBack.put(name, planned.committed(0, 0, 0)));
                rolledBack.put(failure.table, rolledBack.get(failure.table).failed(failure.getMessage()));
                results = rolledBack;
                errors.add("The sync was rolled back (one transaction): nothing was written");
            }
        } else {
            results = new LinkedHashMap<>(inDestination(false,
                    connection -> pass(sourceConnection, connection, tables, false, false)).tables());
            writeTableByTable(sourceConnection, tables, results, warnings);
        }
        return new SyncResult(sourceName, destinationName, options.userId(), options.mode(), options.delete(),
                !options.writes(), scope.fkAware(), results, warnings, errors, true);
    }

    /**
     * The direct path: deletions children first, then the writes parents first, each table in a
     * transaction of its own; a table that fails is rolled back alone and noted in {@code results}.
     */
    private void writeTableByTable(Connection sourceConnection, List<SyncTable> tables,
            Map<String, TableSyncResult> results, List<String> warnings) {
        if (options.delete()) {
            for (SyncTable table : tables.reversed()) {
                String name = table.def().name();
                try {
                    long deleted = inDestination(true, connection -> pass(sourceConnection, connection, List.of(table),
                            true, false)).tables().get(name).deleted();
                    results.put(name, results.get(name).committed(0, 0, deleted));
                } catch (TableFailure | DatabaseException failure) {
                    results.put(name, results.get(name).failed(failure.getMessage()));
                }
            }
        }
        for (SyncTable table : tables) {
            String name = table.def().name();
            TableSyncResult planned = results.get(name);
            if (planned.error() != null) {
                continue;
            }
            try {
                Pass done = inDestination(true, connection -> pass(sourceConnection, connection, List.of(table), false, true));
                TableSyncResult written = done.tables().get(name);
                results.put(name, planned.committed(written.inserted(), written.updated(), planned.deleted()));
                warnings.addAll(done.warnings());
            } catch (TableFailure | DatabaseException failure) {
                results.put(name, planned.failed(failure.getMessage()));
            }
        }
    }

    /**
     * One destination transaction over {@code tables}: compares them, then deletes the rows the
     * source lacks (children first) when {@code delete}, then writes when {@code write}.
     *
     * @throws TableFailure when a table's rows cannot be deleted or written
     */
    private Pass pass(Connection sourceConnection, Connection connection, List<SyncTable> tables, boolean delete,
            boolean write) throws SQLException {
        stabilise(connection);
        Map<String, TableSyncResult> plan = new LinkedHashMap<>();
        Map<Integer, List<String>> slugs = new HashMap<>();
        long[] totals = new long[tables.size()];
        for (int i = 0; i < tables.size(); i++) {
            SyncTable table = tables.get(i);
            TableSyncResult planned = compare(sourceConnection, connection, table, i, delete);
            plan.put(table.def().name(), planned);
            long wanted = planned.newRows() + (planned.differing() == null ? 0 : planned.differing());
            totals[i] = planned.sourceRows();
            // without the user's rows in the destination every source row is written
            if (write && !table.referenced() && wanted <= FILTER_LIMIT && wanted < planned.sourceRows()
                    && planned.destinationRows() > 0) {
                slugs.put(i, wantedRows(connection, i));
                totals[i] = wanted;
            }
        }
        if (delete) {
            for (int i = tables.size() - 1; i >= 0; i--) {
                SyncTable table = tables.get(i);
                long deleted;
                try {
                    deleted = deleteMissing(connection, table, i);
                } catch (SQLException e) {
                    throw new TableFailure(table.def().name(), "deleting the rows the source lacks failed: "
                            + SqlErrors.serverMessage(e) + "; the table was rolled back", plan);
                }
                plan.computeIfPresent(table.def().name(), (name, result) -> result.committed(0, 0, deleted));
            }
        }
        List<String> warnings = new ArrayList<>();
        boolean anything = plan.values().stream()
                .anyMatch(table -> table.newRows() > 0 || (table.differing() != null && table.differing() > 0));
        if (write && anything) {
            int n = tables.size();
            long[] inserted = new long[n];
            long[] updated = new long[n];
            int first = parentsToWriteFirst(connection, tables);
            if (first > 0) {
                write(sourceConnection, connection, tables.subList(0, first), slugs, totals, plan, null, inserted, updated);
            }
            for (int i = 0; i < n; i++) {
                updated[i] += moveToNewParents(connection, tables, i);
            }
            write(sourceConnection, connection, tables, slugs, totals, plan, warnings, inserted, updated);
            for (int i = 0; i < n; i++) {
                long in = inserted[i];
                long up = updated[i];
                plan.computeIfPresent(tables.get(i).def().name(), (key, planned) -> planned.committed(in, up, planned.deleted()));
            }
        }
        return new Pass(plan, warnings);
    }

    /**
     * Compares table {@code i}: first both sides' {@link Buckets}, computed by both servers at the
     * same time when the destination can spare a second connection; then, only for the rows in the
     * buckets that disagree, the slugs (and digests, in overwrite mode) stream from both sides into
     * a temporary table of the destination, and one statement there fills the table of slugs to
     * write (new, or differing), with {@code delete} the table of slugs the source lacks, and counts.
     * A side read in one snapshot both times (the source in its own transaction, the destination on
     * its {@link SecondConnection}) reads those rows again by their places, not by another scan. A
     * destination without the user's rows is not compared: every source row is new, and the source
     * counts its rows and slugs.
     */
    private TableSyncResult compare(Connection sourceConnection, Connection connection, SyncTable table, int i,
            boolean delete) throws SQLException {
        boolean digests = options.mode() == SyncMode.OVERWRITE;
        String keys = keys(i);
        String slug = "t." + Identifiers.quote(table.def().slugField()) + "::text";
        String from = digests ? table.from() : table.sql() + " t";
        String where = "t." + Identifiers.quote(table.def().userField()) + SourceRows.isUser(table.userType());
        SourceRows.setting(connection, SourceRows.USER_SETTING, options.userId());
        boolean moves = digests && table.def().parent() != null;
        StagingWriter.create(connection, keys, KEY_COLUMNS);
        execute(connection, "CREATE TEMP TABLE " + wanted(i) + " (slug text, fresh boolean) ON COMMIT DROP;"
                + " CREATE TEMP TABLE " + missing(i) + " (slug text) ON COMMIT DROP"
                + (moves ? "; CREATE TEMP TABLE " + moved(i) + " (slug text, parent text, same boolean) ON COMMIT DROP" : ""));
        boolean secondConnection = destination instanceof PostgresAdapter adapter
                && (adapter.poolStats().total() == 0 || adapter.poolStats().idle() > 0);
        if (!exists(connection, "SELECT 1 FROM " + table.sql() + " t WHERE " + where)) {
            // none of the user's rows in the destination: every source row is new, none differs or is missing
            String counts = "SELECT count(*), count(DISTINCT " + Buckets.slugHash(slug) + ") FROM " + table.sql() + " t WHERE "
                    + where;
            try (Statement statement = sourceConnection.createStatement(); ResultSet rs = statement.executeQuery(counts)) {
                rs.next();
                return TableSyncResult.planned(rs.getLong(1), 0, rs.getLong(2), digests ? 0L : null, 0);
            }
        }
        try (SecondConnection second = secondConnection ? new SecondConnection(destination, other -> {
            prepare(other);
            return null;
        }) : null) {
            // by place only when both sides read their rows again in the snapshot of their summary: the source
            // in a transaction of its own, the destination on its second connection
            boolean byPlace = second != null && ownTransaction();
            Buckets[] sides = summaries(sourceConnection, connection, second,
                    side -> summary(side, table, slug, digests, byPlace, where));
            int[] differing = sides[0].differing(sides[1]);
            if (differing.length == 0) {
                long rows = sides[0].rowsOutside(differing);
                return TableSyncResult.planned(rows, sides[1].rowsOutside(differing), 0, digests ? 0L : null, 0);
            }
            // comparing every row costs less than filtering when most buckets disagree
            boolean filtered = differing.length <= Math.max(sides[0].used(), sides[1].used()) / 2;
            // the destination's rows are read at the same time as the source's on its second connection, and
            // by place; without digests, all of its slugs are cheaper to join where they are
            boolean bothSides = second != null && (digests || filtered);
            String literal = Arrays.stream(differing).mapToObj(Integer::toString).collect(Collectors.joining(",", "{", "}"));
            Buckets.Places places = filtered && byPlace ? Buckets.toCompare(sides[0], sides[1], differing) : null;
            String sourceWhere = where + (!filtered ? ""
                    : narrow(sourceConnection, slug, literal, places == null ? null : places.source()));
            // the source rows' places pick the rows to write later, in the same snapshot
            String select = "COPY (SELECT 0, " + rowsOf(table, slug, digests, ownTransaction() ? "t.ctid::text" : "NULL",
                    from, sourceWhere) + ") TO STDOUT";
            long start = System.nanoTime();
            try (StagingWriter writer = new StagingWriter(connection)) {
                CopyOut fromSource = sourceConnection.unwrap(PGConnection.class).getCopyAPI().copyOut(select);
                writer.copy(keys, KEY_COLUMNS, !bothSides ? StagingWriter.CopyRows.of(fromSource)
                        : new BothSides(fromSource, second, other -> {
                            String otherWhere = where + (!filtered ? ""
                                    : narrow(other, slug, literal, places == null ? null : places.destination()));
                            return other.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY (SELECT 1, "
                                    + rowsOf(table, slug, digests, "NULL", from, otherWhere) + ") TO STDOUT");
                        }), done -> { });
            }
            trace(start, select);
            String destinationWhere = where + (filtered && !bothSides ? narrow(connection, slug, literal, null) : "");
            // the rows not read again are in sync: outside the buckets that disagree, or equal to a row of the other side
            long[] inSync = !filtered ? new long[2] : places == null
                    ? new long[] {sides[0].rowsOutside(differing), sides[1].rowsOutside(differing)}
                    : new long[] {sides[0].rowsOutside(new int[0]) - places.sourceRows(),
                        sides[1].rowsOutside(new int[0]) - places.destinationRows()};
            return join(connection, table, i, delete, digests, bothSides, slug, from, destinationWhere, inSync);
        }
    }

    /**
     * Narrows a side's reading to the buckets {@code literal} lists: to the rows at {@code places}
     * (the text of a {@code tid[]}) when known, else to the rows whose slug falls in those buckets.
     *
     * @return the condition to add to the side's {@code WHERE}, which reads the list from a setting of {@code side}
     */
    private static String narrow(Connection side, String slug, String literal, String places) throws SQLException {
        if (places != null) {
            SourceRows.setting(side, PLACES_SETTING, places);
            return " AND t.ctid = ANY (current_setting('" + PLACES_SETTING + "')::tid[])";
        }
        SourceRows.setting(side, BUCKETS_SETTING, literal);
        return " AND " + Buckets.of(slug) + " IN (SELECT unnest(current_setting('" + BUCKETS_SETTING + "')::int[]))";
    }

    /** Returns what a side sends the comparison's staging table: slug, digest, parent and {@code place}, and from where. */
    private static String rowsOf(SyncTable table, String slug, boolean digests, String place, String from, String where) {
        return slug + ", " + (digests ? table.content() + ", " + table.parentSlug() : "NULL, NULL") + ", " + place
                + " FROM " + from + " WHERE " + where;
    }

    /**
     * Joins both sides' rows of table {@code i}: the source's from the comparison's staging table,
     * the destination's from there too when {@code bothSides}, else from the table itself, filtered
     * by {@code destinationWhere}; fills the tables of slugs to write, to delete and to move, and
     * returns the counts, adding to each side's rows those {@code inSync} that were not read again.
     */
    private TableSyncResult join(Connection connection, SyncTable table, int i, boolean delete, boolean digests,
            boolean bothSides, String slug, String from, String destinationWhere, long[] inSync) throws SQLException {
        String keys = keys(i);
        boolean moves = digests && table.def().parent() != null;
        RestoreEngine.analyzeStaged(connection, keys);
        // one scan of each side, joined by hashing: the slugs to write (new, or differing by digest or
        // parent) go into the wanted table, with delete those the source lacks into the missing table, the
        // rows whose parent changed into the moved table, and the same join counts the destination's rows
        // and those the source lacks
        String sql = """
                WITH j AS (
                  SELECT k.slug AS source_slug, k.digest AS source_digest, k.parent AS source_parent, d.slug, d.digest, d.parent
                  FROM (SELECT slug, digest, parent FROM {keys} WHERE __idx = 0) k FULL JOIN {destination} d ON d.slug = k.slug
                ), fill AS (
                  INSERT INTO {wanted} SELECT DISTINCT source_slug, slug IS NULL FROM j
                  WHERE source_slug IS NOT NULL
                    AND (slug IS NULL OR digest IS DISTINCT FROM source_digest OR parent IS DISTINCT FROM source_parent)
                  RETURNING fresh
                ){gone}{moves}
                SELECT count(*) FILTER (WHERE source_slug IS NOT NULL), count(*) FILTER (WHERE slug IS NOT NULL),
                    count(*) FILTER (WHERE source_slug IS NULL), (SELECT count(*) FILTER (WHERE fresh) FROM fill),
                    (SELECT count(*) FILTER (WHERE NOT fresh) FROM fill)
                FROM j"""
                .replace("{keys}", keys).replace("{wanted}", wanted(i))
                .replace("{gone}", delete ? ", gone AS (INSERT INTO " + missing(i) + " SELECT slug FROM j WHERE source_slug IS NULL)" : "")
                .replace("{moves}", moves ? ", moves AS (INSERT INTO " + moved(i) + " SELECT source_slug, source_parent,"
                        + " digest IS NOT DISTINCT FROM source_digest FROM j"
                        + " WHERE source_slug IS NOT NULL AND slug IS NOT NULL AND parent IS DISTINCT FROM source_parent)" : "")
                .replace("{destination}", bothSides
                        ? "(SELECT slug, digest, parent FROM " + keys + " WHERE __idx = 1)"
                        : "(SELECT " + slug + " AS slug, " + (digests ? table.content() : "NULL") + "::text AS digest, "
                                + (digests ? table.parentSlug() : "NULL") + " AS parent FROM " + from + " WHERE "
                                + destinationWhere + ")");
        long start = System.nanoTime();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            trace(start, sql);
            long sourceRows = rs.getLong(1) + inSync[0];
            long destinationRows = rs.getLong(2) + inSync[1];
            return TableSyncResult.planned(sourceRows, destinationRows, rs.getLong(4), digests ? rs.getLong(5) : null,
                    rs.getLong(3));
        }
    }

    /**
     * Returns the bucket summaries {@code summary} gives on the source and on the destination, read at
     * the same time on the destination's {@code second} connection when there is one, else one after the other.
     */
    private Buckets[] summaries(Connection sourceConnection, Connection connection, SecondConnection second,
            Summary summary) throws SQLException {
        CompletableFuture<Buckets> other = second == null ? null : second.submit(summary::of);
        Buckets fromSource = summary.of(sourceConnection);
        Buckets fromDestination;
        try {
            fromDestination = other == null ? summary.of(connection) : other.join();
        } catch (CompletionException e) {
            throw SqlErrors.translate(SqlErrors.unwrap(e), "reading the destination's summary");
        }
        return new Buckets[] {fromSource, fromDestination};
    }

    /** What sums up a table's rows on a side. */
    private interface Summary {
        Buckets of(Connection side) throws SQLException;
    }

    /**
     * Sums up the user's rows of {@code table} on {@code side} (filtered by {@code where}), with
     * their digests when {@code digests} and their places when {@code byPlace}. Where every reference's
     * key has a number and the referenced tables are small, the side sends each row's keys and the
     * slugs' part of the digest is looked up here, instead of joined to every row on the server.
     */
    private Buckets summary(Connection side, SyncTable table, String slug, boolean digests, boolean byPlace, String where)
            throws SQLException {
        long start = System.nanoTime();
        String place = byPlace ? "t.ctid" : null;
        List<String> keys = digests ? table.referenceKeys() : null;
        List<ReferenceSlugs> references = new ArrayList<>();
        for (int k = 0; keys != null && k < keys.size(); k++) {
            ReferenceSlugs slugs = ReferenceSlugs.read(side, table.referenceSlugs(k), table.referenceSeed(k));
            if (slugs == null) {
                keys = null;
            }
            references.add(slugs);
        }
        String sql = !digests ? Buckets.query(slug, "0", place, List.of(), table.sql() + " t", where)
                : keys == null ? Buckets.query(slug, table.digest(), place, List.of(), table.from(), where)
                : Buckets.query(slug, table.columnsDigest(), place, keys, table.sql() + " t", where);
        Buckets buckets = Buckets.read(side, sql, keys == null ? List.of() : references);
        trace(start, sql);
        return buckets;
    }

    /** Returns whether {@code query} finds a row. */
    private static boolean exists(Connection connection, String query) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT EXISTS (" + query + ")")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    /** Readies a second destination connection to read as the first: same settings, same user. */
    private void prepare(Connection other) throws SQLException {
        stabilise(other);
        SourceRows.setting(other, SourceRows.USER_SETTING, options.userId());
    }

    /**
     * Writes {@code tables} (the first ones of a pass, by position) with the restore engine and adds
     * what it inserted and updated per table; orphaned rows are noted in {@code warnings} unless null.
     *
     * @throws TableFailure when a table's rows are rejected
     */
    private void write(Connection sourceConnection, Connection connection, List<SyncTable> tables,
            Map<Integer, List<String>> slugs, long[] totals, Map<String, TableSyncResult> plan, List<String> warnings,
            long[] inserted, long[] updated) throws SQLException {
        BackupSchema schema = new BackupSchema(tables.stream().map(SyncTable::def).toList());
        RestoreEngine engine = new RestoreEngine(schema, options.userId(),
                options.mode() == SyncMode.OVERWRITE ? RestoreMode.OVERWRITE : RestoreMode.SKIP, false, false, true);
        RestoreResult written = engine.run(connection, new SourceRows(sourceConnection, tables, slugs, ownTransaction(), totals,
                options.progress()));
        written.tables().forEach((name, result) -> {
            if (result.failed() > 0) {
                throw new TableFailure(name, failure(result), plan);
            }
            if (result.orphaned() > 0 && warnings != null) {
                TableDef def = schema.table(name).orElseThrow();
                warnings.add(name + ": " + result.orphaned() + " row(s) were not synced: their " + def.parent().field()
                        + " points at a row of " + def.parent().table() + " that is not the user's");
            }
            int i = schema.indexOf(name);
            inserted[i] += result.inserted();
            updated[i] += result.updated();
        });
    }

    /**
     * Returns how many of the first tables to write before rows are moved to their new parents: up to
     * the last table with a row moved to a parent the destination does not have yet (written by
     * then), or 0 when every new parent is already there.
     */
    private int parentsToWriteFirst(Connection connection, List<SyncTable> tables) throws SQLException {
        int first = 0;
        for (int i = 0; i < tables.size(); i++) {
            TableDef def = tables.get(i).def();
            if (options.mode() != SyncMode.OVERWRITE || def.parent() == null) {
                continue;
            }
            SyncTable parent = parentOf(tables, def);
            String sql = "SELECT EXISTS (SELECT 1 FROM " + moved(i) + " m WHERE m.parent IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "
                    + parent.sql() + " p WHERE p." + Identifiers.quote(parent.def().slugField()) + "::text = m.parent AND p."
                    + Identifiers.quote(parent.def().userField()) + SourceRows.isUser(parent.userType()) + "))";
            try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
                rs.next();
                if (rs.getBoolean(1)) {
                    first = i;
                }
            }
        }
        return first;
    }

    private static SyncTable parentOf(List<SyncTable> tables, TableDef def) {
        return tables.stream().filter(t -> t.def().name().equals(def.parent().table())).findFirst().orElseThrow();
    }

    /**
     * Points the destination's rows of table {@code i} whose parent differs from the source's at the
     * destination's parent with the source's parent slug, before the restore engine, which matches
     * rows by slug and parent, writes them: so a row moved to another parent is updated in place,
     * not inserted twice ({@link #parentsToWriteFirst} has written the parents new in this sync). A
     * row stays where it is when its slug is not unique on a side.
     *
     * @return how many rows moved whose other content is the same (the engine does not count them)
     */
    private long moveToNewParents(Connection connection, List<SyncTable> tables, int i) throws SQLException {
        SyncTable table = tables.get(i);
        TableDef def = table.def();
        if (options.mode() != SyncMode.OVERWRITE || def.parent() == null) {
            return 0;
        }
        SyncTable parent = parentOf(tables, def);
        String slug = Identifiers.quote(def.slugField());
        String key = Identifiers.quote(def.pk());
        String sql = """
                WITH m AS (
                  UPDATE {table} t SET {field} = p.{parentKey}
                  FROM {moved} m JOIN {parent} p ON p.{parentSlug}::text = m.parent AND p.{parentUser}{parentUserType}
                  WHERE t.{user}{userType} AND t.{slug}::text = m.slug
                    AND m.slug IN (SELECT slug FROM {moved} GROUP BY slug HAVING count(*) = 1)
                    AND NOT EXISTS (SELECT 1 FROM {table} o WHERE o.{user} = t.{user} AND o.{slug} = t.{slug} AND o.{key} <> t.{key})
                  RETURNING m.same
                )
                SELECT count(*) FILTER (WHERE same) FROM m"""
                .replace("{table}", table.sql()).replace("{field}", Identifiers.quote(def.parent().field()))
                .replace("{parentKey}", Identifiers.quote(parent.def().pk())).replace("{moved}", moved(i))
                .replace("{parent}", parent.sql()).replace("{parentSlug}", Identifiers.quote(parent.def().slugField()))
                .replace("{parentUser}", Identifiers.quote(parent.def().userField()))
                .replace("{parentUserType}", SourceRows.isUser(parent.userType())).replace("{user}", Identifiers.quote(def.userField()))
                .replace("{userType}", SourceRows.isUser(table.userType())).replace("{slug}", slug).replace("{key}", key);
        long start = System.nanoTime();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            trace(start, sql);
            return rs.getLong(1);
        }
    }

    /** Logs how long a statement took, at debug level, as the restore engine does. */
    private static void trace(long start, String sql) {
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} ms: {}", (System.nanoTime() - start) / 1_000_000, sql.length() > 200 ? sql.substring(0, 200) + "..." : sql);
        }
    }

    /**
     * Reads which rows of table {@code i} to write (at most about {@link #FILTER_LIMIT}): the source
     * rows' places when the source is read in one snapshot, else their slugs.
     */
    private List<String> wantedRows(Connection connection, int i) throws SQLException {
        List<String> rows = new ArrayList<>();
        String sql = ownTransaction()
                ? "SELECT k.place FROM " + keys(i) + " k WHERE k.__idx = 0 AND k.slug IN (SELECT slug FROM " + wanted(i) + ")"
                : "SELECT slug FROM " + wanted(i);
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }

    /** Deletes the user's rows of table {@code i} whose slug the source lacks, and returns how many. */
    private long deleteMissing(Connection connection, SyncTable table, int i) throws SQLException {
        String slug = "t." + Identifiers.quote(table.def().slugField());
        // rows without a slug never match the source's, so all of them are missing when one is
        try (PreparedStatement statement = connection.prepareStatement("DELETE FROM " + table.sql() + " t WHERE t."
                + Identifiers.quote(table.def().userField()) + " = ?::" + table.userType() + " AND (" + slug
                + "::text IN (SELECT slug FROM " + missing(i) + ") OR " + slug + " IS NULL AND EXISTS (SELECT 1 FROM "
                + missing(i) + " WHERE slug IS NULL))")) {
            statement.setString(1, options.userId());
            return statement.executeUpdate();
        }
    }

    private String keys(int i) {
        return "dba_k_" + run + "_" + i;
    }

    private String wanted(int i) {
        return "dba_n_" + run + "_" + i;
    }

    private String missing(int i) {
        return "dba_m_" + run + "_" + i;
    }

    private String moved(int i) {
        return "dba_v_" + run + "_" + i;
    }

    /** Says why a table's rows were rolled back: the first row the database rejected. */
    private String failure(TableRestoreResult result) {
        var first = result.failureDetails().getFirst();
        String message = first.error();
        String advice = !scope.fkAware() && message.contains("foreign key constraint")
                ? "; rows were copied with the source's key values: set [schema] backup_schema in db.toml so"
                        + " foreign keys point at the destination's rows with the same slug"
                : "";
        return result.failed() + " row(s) rejected, the first (source key " + first.oldPk() + "): " + message
                + "; the table was rolled back" + advice;
    }

    private static String foreignKeyWarning(Set<String> tables) {
        return "Table(s) " + String.join(", ", tables) + " have foreign keys, but no backup schema is set: rows are"
                + " copied with the source's key values, which may point at other rows (or none) in the destination."
                + " Set [schema] backup_schema in db.toml to remap them to the destination's rows with the same slug.";
    }

    /**
     * Runs {@code work} in a destination transaction that commits when {@code commit}, else rolls
     * back (a comparison writes nothing lasting) and returns the work's value anyway.
     */
    @SuppressWarnings("unchecked")
    private <T> T inDestination(boolean commit, ConnectionCallback<T> work) {
        try {
            return destination.inTransaction(tx -> tx.withConnection(connection -> {
                T value = work.apply(connection);
                if (!commit) {
                    throw new Rollback(value);
                }
                return value;
            })).join();
        } catch (CompletionException e) {
            Throwable cause = SqlErrors.unwrap(e);
            if (cause instanceof Rollback rollback) {
                return (T) rollback.value;
            }
            throw SqlErrors.translate(cause, "sync");
        }
    }

    /**
     * Makes the text of values (which digests hash) the same on both servers, and gives the
     * comparison's hash joins memory to stay out of temporary files, for this transaction only: UTC
     * for timestamps with time zone, all float digits, hex bytea, 128 MB of {@code work_mem}.
     */
    private static void stabilise(Connection connection) throws SQLException {
        execute(connection, "SELECT set_config('timezone', 'UTC', true), set_config('extra_float_digits', '3', true),"
                + " set_config('bytea_output', 'hex', true), set_config('intervalstyle', 'postgres', true),"
                + " set_config('work_mem', '128MB', true)");
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
