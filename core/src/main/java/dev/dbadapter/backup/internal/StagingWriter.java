package dev.dbadapter.backup.internal;

import dev.dbadapter.internal.Identifiers;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyOut;

/**
 * Writes rows into temporary staging tables with {@code COPY … FROM STDIN}, one table at a time.
 * A staging table holds a row number ({@code __idx}) and one {@code text} column per column of the
 * target table; casts happen later, in the set-based statements that read it. The rows may come
 * from a backup file ({@link #row}) or straight from another database's COPY ({@link #copy}).
 *
 * <p>Only one COPY is open at a time. {@link #close()} aborts a COPY still open, so a failure while
 * rows stream never leaves the connection waiting for the end of a COPY. A failure on the database
 * side (a lost connection, say) is thrown as the driver's {@link SQLException}.
 */
public final class StagingWriter implements AutoCloseable {
    private static final int PROGRESS_EVERY = 10_000;
    private final Connection connection;
    private final byte[] buffer = new byte[1 << 16];
    private final StringBuilder line = new StringBuilder(256);
    private int used;
    private CopyIn copy;
    private String table;
    private boolean numbered;
    private long rows;

    /** Creates a writer on {@code connection}, which must be inside a transaction. */
    public StagingWriter(Connection connection) {
        this.connection = connection;
    }

    /**
     * Creates the staging table {@code name} (dropped at commit) with a {@code text} column for each
     * of {@code columns} (names as stored).
     */
    public static void create(Connection connection, String name, List<String> columns) throws SQLException {
        StringBuilder sql = new StringBuilder("CREATE TEMP TABLE ").append(name).append(" (__idx bigint");
        for (String column : columns) {
            sql.append(", ").append(Identifiers.quote(column)).append(" text");
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql.append(") ON COMMIT DROP").toString());
        }
    }

    /**
     * Opens a COPY into staging table {@code name} for {@code columns} (names as stored, a subset of
     * those it was created with, in the order {@link #row} gives values).
     *
     * @throws IllegalStateException when the COPY of another table is still open (it is aborted)
     */
    public void begin(String name, List<String> columns) throws SQLException {
        open(name, columns, true);
    }

    /**
     * Opens a COPY straight into table {@code table} (its SQL name) for {@code columns} (names as
     * stored), whose rows {@link #row(String[])} writes without a number; columns not listed get
     * their defaults.
     *
     * @throws IllegalStateException when the COPY of another table is still open (it is aborted)
     */
    public void beginTable(String table, List<String> columns) throws SQLException {
        open(table, columns, false);
    }

    private void open(String name, List<String> columns, boolean withNumber) throws SQLException {
        if (copy != null) {
            String open = table;
            cancel();
            throw new IllegalStateException("the rows of " + open + " were not ended before " + name + " began");
        }
        StringBuilder sql = new StringBuilder("COPY ").append(name).append(" (");
        List<String> names = new ArrayList<>(columns.size() + 1);
        if (withNumber) {
            names.add("__idx");
        }
        columns.forEach(column -> names.add(Identifiers.quote(column)));
        sql.append(String.join(", ", names));
        copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql.append(") FROM STDIN").toString());
        table = name;
        numbered = withNumber;
        rows = 0;
    }

    /**
     * Writes one row numbered {@code index} into the staging table of {@link #begin}: {@code values[i]}
     * is the text of column {@code i}, {@code null} for SQL null. The array may be reused after the call.
     *
     * @throws IllegalStateException when no COPY of a staging table is open
     */
    public void row(long index, String[] values) throws SQLException {
        if (copy == null || !numbered) {
            throw new IllegalStateException("no COPY into a staging table is open");
        }
        line.setLength(0);
        line.append(index);
        write(values);
    }

    /**
     * Writes one row into the table of {@link #beginTable}: {@code values[i]} is the text of column
     * {@code i}, {@code null} for SQL null. The array may be reused after the call.
     *
     * @throws IllegalStateException when no COPY straight into a table is open
     */
    public void row(String[] values) throws SQLException {
        if (copy == null || numbered) {
            throw new IllegalStateException("no COPY straight into a table is open");
        }
        line.setLength(0);
        write(values);
    }

    private void write(String[] values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            if (i > 0 || numbered) {
                line.append('\t');
            }
            if (values[i] == null) {
                line.append("\\N");
            } else {
                escape(values[i], line);
            }
        }
        line.append('\n');
        append(line.toString().getBytes(StandardCharsets.UTF_8));
        rows++;
    }

    /**
     * Rows in COPY's text format, one line each, read one at a time: another connection's
     * {@code COPY … TO STDOUT} ({@link #of}), or several merged.
     */
    public interface CopyRows {
        /** Returns the next row, or {@code null} after the last. */
        byte[] next() throws SQLException;

        /** Stops reading: aborts what is still open; does nothing after the last row was read. */
        void cancel() throws SQLException;

        /** Returns the rows of {@code copy}. */
        static CopyRows of(CopyOut copy) {
            return new CopyRows() {
                @Override
                public byte[] next() throws SQLException {
                    return copy.readFromCopy();
                }

                @Override
                public void cancel() throws SQLException {
                    if (copy.isActive()) {
                        copy.cancelCopy();
                    }
                }
            };
        }
    }

    /**
     * Writes every row {@code rows} (a {@code COPY … TO STDOUT} in text format, opened on another
     * connection, whose rows start with their number) gives into staging table {@code name} for
     * {@code columns}, as it arrives and without parsing it, and returns how many rows it wrote.
     * {@code progress} hears the rows written so far every {@value #PROGRESS_EVERY} rows. The
     * source's COPY is cancelled when this fails.
     *
     * @throws IllegalStateException when the COPY of another table is still open (it is aborted)
     */
    public long copy(String name, List<String> columns, CopyOut rows, LongConsumer progress) throws SQLException {
        return copy(name, columns, CopyRows.of(rows), progress);
    }

    /** As {@link #copy(String, List, CopyOut, LongConsumer)}, from any {@link CopyRows}. */
    public long copy(String name, List<String> columns, CopyRows rows, LongConsumer progress) throws SQLException {
        try {
            begin(name, columns);
            byte[] row;
            while ((row = rows.next()) != null) {
                append(row);
                if (++this.rows % PROGRESS_EVERY == 0) {
                    progress.accept(this.rows);
                }
            }
        } finally {
            rows.cancel();
        }
        return end();
    }

    /**
     * Ends the open COPY and returns the number of rows the database took: fewer than were written
     * when a trigger skipped some.
     *
     * @throws IllegalStateException when no COPY is open
     */
    public long end() throws SQLException {
        if (copy == null) {
            throw new IllegalStateException("no COPY is open");
        }
        flush();
        CopyIn open = copy;
        copy = null;
        return open.endCopy();
    }

    /** Aborts the COPY still open, if any; the rows it wrote are discarded. */
    @Override
    public void close() throws SQLException {
        cancel();
    }

    private void cancel() throws SQLException {
        CopyIn open = copy;
        copy = null;
        used = 0;
        if (open != null && open.isActive()) {
            open.cancelCopy();
        }
    }

    private void flush() throws SQLException {
        if (used > 0) {
            copy.writeToCopy(buffer, 0, used);
            used = 0;
        }
    }

    /** Escapes a value for COPY's text format. */
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

    /** Adds one COPY row to the buffer, flushing it first when full; a row larger than the buffer goes straight out. */
    private void append(byte[] row) throws SQLException {
        if (used + row.length > buffer.length) {
            flush();
        }
        if (row.length > buffer.length) {
            copy.writeToCopy(row, 0, row.length);
        } else {
            System.arraycopy(row, 0, buffer, used, row.length);
            used += row.length;
        }
    }
}
