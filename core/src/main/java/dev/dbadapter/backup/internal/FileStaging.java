package dev.dbadapter.backup.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dbadapter.backup.BackupCheck;
import dev.dbadapter.backup.BackupException;
import dev.dbadapter.backup.BackupProgress;
import dev.dbadapter.backup.BackupSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Stages a backup file: one streaming pass that validates it and hands every table's rows to a
 * {@link StagingWriter}, noting which columns the rows gave and which fields were not columns. For a
 * {@link TablePlan#keysFirst()} table only the key columns are staged in that pass; the rows that
 * will be written are read again from the file ({@link RowSource#stageRows}); for a
 * {@link TablePlan#direct()} table none, its rows are read again to go straight into the table.
 */
public final class FileStaging implements CheckedScan.TableSink {
    private static final int PROGRESS_EVERY = 10_000;
    private static final int MAX_IGNORED = 20;

    /** What the rows of one table held, while they stream. */
    private static final class Seen {
        long declared = -1;
        long rows;
        boolean[] present;
        /** The layout positions of the staged columns, or null when every column is staged. */
        int[] staged;
        final SortedSet<String> ignored = new TreeSet<>();
    }

    private final BackupSchema schema;
    private final List<TablePlan> plans;
    private final StagingWriter writer;
    private final BackupProgress progress;
    private final Seen[] seen;
    private int table;
    /** Whether the current table's rows are staged in this pass (not when they go straight into the table later). */
    private boolean staging;
    private String[] keyValues;

    private FileStaging(BackupSchema schema, List<TablePlan> plans, StagingWriter writer, BackupProgress progress) {
        this.schema = schema;
        this.plans = plans;
        this.writer = writer;
        this.progress = progress;
        this.seen = new Seen[plans.size()];
        for (int i = 0; i < seen.length; i++) {
            seen[i] = new Seen();
        }
    }

    /**
     * Returns the rows of backup file {@code file}: staging validates the file and COPYs its rows;
     * a COPY still open when reading stops is aborted.
     */
    public static RowSource of(Path file, BackupSchema schema, BackupProgress progress) {
        return new RowSource() {
            @Override
            public Staged stage(Connection connection, List<TablePlan> plans) throws SQLException {
                return FileStaging.stage(connection, file, schema, plans, progress);
            }

            @Override
            public BackupException invalid(BackupCheck validation) {
                return invalidFile(file, validation);
            }

            @Override
            public boolean stagesKeysFirst() {
                return true;
            }

            @Override
            public boolean copiesIntoTables() {
                return true;
            }

            @Override
            public void readRows(TablePlan plan, RowVisitor rows) throws SQLException {
                // a table whose rows go straight in shows its progress now, while they are written
                FileStaging.readRows(file, plan, rows, plan.direct() ? progress : BackupProgress.NONE);
            }
        };
    }

    /** Returns the error for backup file {@code file}, which {@code validation} found invalid. */
    static BackupException invalidFile(Path file, BackupCheck validation) {
        return new BackupException("Backup file " + file + " is invalid: " + validation.errors().getFirst()
                + (validation.errors().size() > 1 ? " (and " + (validation.errors().size() - 1) + " more)" : ""),
                "run db-adapter backup --validate " + file, null, validation.errors());
    }

    private static RowSource.Staged stage(Connection connection, Path file, BackupSchema schema, List<TablePlan> plans,
            BackupProgress progress) throws SQLException {
        try (StagingWriter writer = new StagingWriter(connection)) {
            FileStaging sink = new FileStaging(schema, plans, writer, progress);
            BackupCheck validation = CheckedScan.scan(file, schema, false, index -> firstPassLayout(plans.get(index)), sink);
            return new RowSource.Staged(validation, sink.stagedPlans());
        } catch (UncheckedIOException e) {
            if (e.getCause() != null && e.getCause().getCause() instanceof SQLException sql) {
                // the COPY failed on the database side (a lost connection, say): report it as such
                throw sql;
            }
            throw e;
        }
    }

    /**
     * Returns the layout a table's rows are read with in the first pass: for a
     * {@link TablePlan#keysFirst()} table, the text of the key and user columns only (the other values
     * are checked all the same).
     */
    private static RowLayout firstPassLayout(TablePlan plan) {
        RowLayout layout = plan.target().layout();
        if (!plan.keysFirst()) {
            return layout;
        }
        List<String> kept = new ArrayList<>(plan.keyColumns());
        kept.add(plan.target().def().userField());
        return layout.keeping(kept);
    }

    /**
     * Reads {@code file} again and hands the rows of {@code plan}'s table to {@code rows}, telling
     * {@code progress} how many are through; reading stops at the end of that table.
     */
    private static void readRows(Path file, TablePlan plan, RowSource.RowVisitor rows, BackupProgress progress)
            throws SQLException {
        RowLayout layout = plan.target().layout();
        try {
            BackupFileReader.read(file, new BackupFileReader.Visitor() {
                private boolean started;

                @Override
                public void metadata(JsonNode metadata) {
                    // read by the first pass
                }

                @Override
                public RowLayout tableStart(String key) {
                    if (started || !key.equals(plan.name())) {
                        return null;
                    }
                    started = true;
                    progress.update(plan.name(), 0, plan.rows());
                    return layout;
                }

                @Override
                public void tableNotArray(String key) {
                    // an error of the first pass
                }

                @Override
                public void row(long index, String[] values, boolean[] present) throws IOException {
                    copy(() -> rows.row(index, values));
                    if ((index + 1) % PROGRESS_EVERY == 0) {
                        progress.update(plan.name(), index + 1, plan.rows());
                    }
                }

                @Override
                public void nonObjectRow(long index) {
                    // an error of the first pass
                }

                @Override
                public void tableEnd(long count) throws IOException {
                    progress.update(plan.name(), count, count);
                    throw new TableRead();
                }
            });
        } catch (TableRead done) {
            return;
        } catch (IOException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            throw new BackupException("Cannot read backup file " + file + " again: " + e.getMessage(), null, e);
        }
        throw new BackupException("Backup file " + file + " changed while it was restored: table '" + plan.name()
                + "' is gone", null, null);
    }

    /** Stops the reading of a file once the table wanted was read. */
    private static final class TableRead extends IOException {
        TableRead() {
            super("table read", null);
        }
    }

    private List<TablePlan> stagedPlans() {
        List<TablePlan> staged = new ArrayList<>();
        for (TablePlan plan : plans) {
            Seen table = seen[plan.index()];
            Set<String> present = new HashSet<>();
            List<String> names = plan.target().layout().names();
            for (int i = 0; table.present != null && i < names.size(); i++) {
                if (table.present[i]) {
                    present.add(names.get(i));
                }
            }
            staged.add(plan.staged(table.rows, present, table.ignored));
        }
        return staged;
    }

    @Override
    public void metadata(JsonNode metadata) {
        for (int i = 0; i < seen.length; i++) {
            JsonNode count = metadata.path(schema.tables().get(i).name() + "_count");
            if (count.canConvertToLong()) {
                seen[i].declared = count.asLong();
            }
        }
    }

    @Override
    public void begin(int index, RowLayout layout) throws IOException {
        table = index;
        Seen started = seen[index];
        started.present = new boolean[layout.size()];
        TablePlan plan = plans.get(index);
        staging = !plan.direct();
        List<String> columns = plan.keysFirst() ? plan.keyColumns() : layout.names();
        started.staged = plan.keysFirst() ? columns.stream().mapToInt(layout::indexOf).toArray() : null;
        keyValues = plan.keysFirst() ? new String[columns.size()] : null;
        // 0 done when the table starts, so a progress bar's time and rate count from here; a table whose
        // rows go straight in later shows its progress then
        if (staging) {
            copy(() -> writer.begin(plan.staging(), columns));
            progress.update(plans.get(index).name(), 0, seen[index].declared);
        }
    }

    @Override
    public void row(long index, String[] values, boolean[] present) throws IOException {
        boolean[] any = seen[table].present;
        for (int i = 0; i < present.length; i++) {
            any[i] |= present[i];
        }
        int[] staged = seen[table].staged;
        if (!staging) {
            // read again later, to go straight into the table
        } else if (staged == null) {
            copy(() -> writer.row(index, values));
        } else {
            for (int i = 0; i < staged.length; i++) {
                keyValues[i] = values[staged[i]];
            }
            copy(() -> writer.row(index, keyValues));
        }
        if (staging && (index + 1) % PROGRESS_EVERY == 0) {
            progress.update(plans.get(table).name(), index + 1, seen[table].declared);
        }
    }

    @Override
    public void unknownField(String name) {
        SortedSet<String> ignored = seen[table].ignored;
        if (ignored.size() < MAX_IGNORED && !plans.get(table).target().generated().contains(name)) {
            ignored.add(name);
        }
    }

    @Override
    public void end(long rows) throws IOException {
        if (staging) {
            copy(writer::end);
        }
        seen[table].rows = rows;
        // an empty table is not read again: it is done
        if (staging || rows == 0) {
            progress.update(plans.get(table).name(), rows, rows);
        }
    }

    /** Runs a step of the COPY; a database failure travels through the file reader as an IOException. */
    private static void copy(RangeRetry.SqlWork step) throws IOException {
        try {
            step.run();
        } catch (SQLException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
