package dev.dbadapter.sync.internal;

import dev.dbadapter.adapter.postgres.internal.ValueCodec;
import dev.dbadapter.backup.BackupCheck;
import dev.dbadapter.backup.BackupException;
import dev.dbadapter.backup.BackupProgress;
import dev.dbadapter.backup.internal.RowSource;
import dev.dbadapter.backup.internal.StagingWriter;
import dev.dbadapter.backup.internal.TablePlan;
import dev.dbadapter.internal.Identifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.postgresql.PGConnection;

/**
 * The rows of a sync, straight from the source database: per table one
 * {@code COPY (SELECT …) TO STDOUT} on the source piped into {@code COPY … FROM STDIN} of the
 * destination's staging table, the bytes passed on as they arrive and never parsed. Only the user's
 * rows are selected, and of a table no other synced table points at only the rows the comparison
 * found new or different, when it gave a list: of slugs, or of the rows' places ({@code ctid}) when
 * the source is read in the one snapshot the comparison read them in.
 */
final class SourceRows implements RowSource {
    /** The transaction-local setting the source's COPY reads the user id from (COPY takes no parameters). */
    static final String USER_SETTING = "db_adapter.sync_user";
    private static final String ROWS_SETTING = "db_adapter.sync_rows";

    private final Connection source;
    private final List<SyncTable> tables;
    private final Map<Integer, List<String>> only;
    private final boolean byPlace;
    private final long[] totals;
    private final BackupProgress progress;

    /**
     * Reads from {@code source}, inside a transaction where {@link #USER_SETTING} holds the user id.
     *
     * @param only per table position, the only rows to copy, by slug, or by place when {@code byPlace};
     *     a table without an entry copies all the user's rows
     * @param totals per table position, the rows expected, for progress
     */
    SourceRows(Connection source, List<SyncTable> tables, Map<Integer, List<String>> only, boolean byPlace,
            long[] totals, BackupProgress progress) {
        this.source = source;
        this.tables = tables;
        this.only = only;
        this.byPlace = byPlace;
        this.totals = totals;
        this.progress = progress;
    }

    @Override
    public Staged stage(Connection destination, List<TablePlan> plans) throws SQLException {
        List<TablePlan> staged = new ArrayList<>();
        try (StagingWriter writer = new StagingWriter(destination)) {
            for (int i = 0; i < plans.size(); i++) {
                TablePlan plan = plans.get(i);
                SyncTable table = tables.get(i);
                List<String> columns = plan.target().columns().keySet().stream()
                        .filter(table.sourceColumns()::contains).toList();
                List<String> rowsToCopy = only.get(i);
                long rows = rowsToCopy != null && rowsToCopy.isEmpty() ? 0
                        : copy(writer, plan, table, columns, rowsToCopy, totals[i]);
                staged.add(plan.staged(rows, Set.copyOf(columns), Collections.emptySortedSet()));
            }
        }
        return new Staged(new BackupCheck(true, List.of(), List.of()), staged);
    }

    private long copy(StagingWriter writer, TablePlan plan, SyncTable table, List<String> columns, List<String> rowsToCopy,
            long total) throws SQLException {
        StringBuilder select = new StringBuilder("COPY (SELECT row_number() OVER () - 1");
        columns.forEach(column -> select.append(", t.").append(Identifiers.quote(column)));
        select.append(" FROM ").append(table.sql()).append(" t WHERE t.").append(Identifiers.quote(table.def().userField()))
                .append(isUser(table.userType()));
        if (rowsToCopy != null) {
            setting(source, ROWS_SETTING, ValueCodec.arrayLiteral(rowsToCopy));
            if (byPlace) {
                select.append(" AND t.ctid = ANY (current_setting('").append(ROWS_SETTING).append("')::tid[])");
            } else {
                // a sub-select, so the list is read once, not per row
                select.append(" AND t.").append(Identifiers.quote(table.def().slugField()))
                        .append("::text IN (SELECT unnest(current_setting('").append(ROWS_SETTING).append("')::text[]))");
            }
        }
        select.append(") TO STDOUT");
        String name = table.def().name();
        progress.update(name, 0, total);
        long rows = writer.copy(plan.staging(), columns,
                source.unwrap(PGConnection.class).getCopyAPI().copyOut(select.toString()),
                done -> progress.update(name, done, total));
        progress.update(name, rows, rows);
        return rows;
    }

    /**
     * Returns the condition, after a user column of {@code type}, that it holds the user id of
     * {@link #USER_SETTING}: read once per statement, not once per row.
     */
    static String isUser(String type) {
        return " = (SELECT current_setting('" + USER_SETTING + "'))::" + type;
    }

    /** Sets a transaction-local setting to {@code value}, bound. */
    static void setting(Connection connection, String name, String value) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT set_config(?, ?, true)")) {
            statement.setString(1, name);
            statement.setString(2, value);
            statement.executeQuery().close();
        }
    }

    @Override
    public BackupException invalid(BackupCheck validation) {
        return new BackupException("The source database's rows cannot be synced: " + validation.errors().getFirst());
    }
}
