package dev.dbadapter.backup;

import dev.dbadapter.backup.internal.RowSource;
import dev.dbadapter.backup.internal.TablePlan;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * A {@link RowSource} that hands every call to another, for tests that watch or change a few of
 * them. {@link #stageRows} is the interface's own, so the rows it stages are read through this
 * source's {@link #readRows}.
 */
class ForwardingRowSource implements RowSource {
    private final RowSource source;

    ForwardingRowSource(RowSource source) {
        this.source = source;
    }

    @Override
    public Staged stage(Connection connection, List<TablePlan> plans) throws SQLException {
        return source.stage(connection, plans);
    }

    @Override
    public BackupException invalid(BackupCheck validation) {
        return source.invalid(validation);
    }

    @Override
    public boolean stagesKeysFirst() {
        return source.stagesKeysFirst();
    }

    @Override
    public boolean copiesIntoTables() {
        return source.copiesIntoTables();
    }

    @Override
    public void readRows(TablePlan plan, RowVisitor rows) throws SQLException {
        source.readRows(plan, rows);
    }
}
