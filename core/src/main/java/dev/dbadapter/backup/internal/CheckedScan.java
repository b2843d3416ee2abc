package dev.dbadapter.backup.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.dbadapter.backup.BackupCheck;
import dev.dbadapter.backup.BackupSchema;
import dev.dbadapter.backup.TableDef;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * One streaming pass over a backup file that runs the {@link BackupChecker} rules on every row and,
 * optionally, hands the rows to a {@link TableSink} as well (a restore's staging COPY).
 */
public final class CheckedScan implements BackupFileReader.Visitor {

    /** Receives the rows of each table during the scan. */
    public interface TableSink {
        /** The file's {@code metadata} value, when it comes. */
        default void metadata(JsonNode metadata) {
        }

        /** Starts table {@code table} (schema position), read with {@code layout}. */
        void begin(int table, RowLayout layout) throws IOException;

        /** One row; the arrays are reused after the call. */
        void row(long index, String[] values, boolean[] present) throws IOException;

        /** A field of a row of the current table that is not a column of its layout. */
        default void unknownField(String name) {
        }

        /** Ends the current table. */
        void end(long rows) throws IOException;
    }

    private final BackupSchema schema;
    private final BackupChecker checker;
    private final IntFunction<RowLayout> layouts;
    private final TableSink sink;
    private int table = -1;
    private int pkColumn;
    private int slugColumn;
    private int parentColumn;
    private int userColumn;
    /** Whether the primary key and slug arrive as their JSON text (validation only), so their JSON types are known. */
    private boolean rawKeys;

    private CheckedScan(BackupSchema schema, BackupChecker checker, IntFunction<RowLayout> layouts, TableSink sink) {
        this.schema = schema;
        this.checker = checker;
        this.layouts = layouts;
        this.sink = sink;
    }

    /**
     * Validates {@code file} against {@code schema} without a database; beyond the rules of a scan, a
     * primary key must be a number or a string, a slug a string, and a slug must not repeat within a
     * table for the same user and parent.
     */
    public static BackupCheck validate(Path file, BackupSchema schema) {
        BackupChecker checker = new BackupChecker(schema, true).checkingKeys();
        CheckedScan scan = new CheckedScan(schema, checker, index -> keyColumns(schema, index), null);
        scan.rawKeys = true;
        return scan.run(file);
    }

    /**
     * Scans {@code file}: checks it, and passes each table's rows, read with {@code layouts}, to
     * {@code sink} (which may be {@code null}).
     *
     * @param checkOrphans whether to keep parent ids to warn about orphaned rows
     * @throws RuntimeException what {@code sink} threw (an {@link UncheckedIOException} for an IOException)
     */
    public static BackupCheck scan(Path file, BackupSchema schema, boolean checkOrphans,
            IntFunction<RowLayout> layouts, TableSink sink) {
        return new CheckedScan(schema, new BackupChecker(schema, checkOrphans), layouts, sink).run(file);
    }

    private BackupCheck run(Path file) {
        CheckedScan scan = this;
        try {
            BackupFileReader.read(file, scan);
        } catch (NoSuchFileException e) {
            return failed("Backup file not found: " + file);
        } catch (AccessDeniedException e) {
            return failed("Cannot read backup file " + file + ": permission denied");
        } catch (EOFException e) {
            return failed("Backup file " + file + " is not valid JSON: " + e.getMessage());
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr();
            return failed("Backup file " + file + " is not valid JSON" + where + ": " + e.getOriginalMessage());
        } catch (IllegalStateException e) {
            return failed("Backup file " + file + " is not a backup: " + e.getMessage());
        } catch (java.util.zip.ZipException e) {
            return failed("Backup file " + file + " is not valid gzip: " + e.getMessage());
        } catch (IOException e) {
            if (e instanceof SinkFailure failure) {
                throw failure.unwrap();
            }
            return failed("Cannot read backup file " + file + ": " + e.getMessage());
        }
        return checker.result();
    }

    private static BackupCheck failed(String error) {
        return new BackupCheck(false, List.of(error), List.of());
    }

    /**
     * The layout validation needs: the primary key and the slug as their JSON text (so their JSON types
     * show), the parent and the user field as text.
     */
    private static RowLayout keyColumns(BackupSchema schema, int index) {
        TableDef def = schema.tables().get(index);
        List<String> names = new ArrayList<>(List.of(def.pk(), def.slugField()));
        List<ValueKind> kinds = new ArrayList<>(List.of(ValueKind.JSON, ValueKind.JSON));
        for (String field : def.parent() == null ? List.of(def.userField()) : List.of(def.parent().field(), def.userField())) {
            if (!names.contains(field)) {
                names.add(field);
                kinds.add(ValueKind.TEXT);
            }
        }
        return new RowLayout(names, kinds);
    }

    @Override
    public void metadata(JsonNode metadata) {
        checker.metadata(metadata);
        if (sink != null) {
            sink.metadata(metadata);
        }
    }

    @Override
    public RowLayout tableStart(String key) throws IOException {
        int index = checker.tableIndex(key);
        if (index < 0) {
            checker.unknownKey(key);
            return null;
        }
        if (!checker.tableStart(index)) {
            return null;
        }
        table = index;
        TableDef def = schema.tables().get(index);
        RowLayout layout = layouts.apply(index);
        pkColumn = layout.indexOf(def.pk());
        slugColumn = layout.indexOf(def.slugField());
        parentColumn = def.parent() == null ? -1 : layout.indexOf(def.parent().field());
        userColumn = layout.indexOf(def.userField());
        if (sink != null) {
            try {
                sink.begin(index, layout);
            } catch (IOException | RuntimeException e) {
                throw SinkFailure.of(e);
            }
        }
        return layout;
    }

    @Override
    public void tableNotArray(String key) {
        int index = checker.tableIndex(key);
        if (index < 0) {
            checker.unknownKey(key);
        } else if (checker.tableStart(index)) {
            checker.tableNotArray(index);
        }
    }

    @Override
    public void row(long index, String[] values, boolean[] present) throws IOException {
        String pk = pkColumn < 0 ? null : values[pkColumn];
        String slug = slugColumn < 0 ? null : values[slugColumn];
        String parent = parentColumn < 0 ? null : values[parentColumn];
        if (rawKeys) {
            checker.keys(table, index, pk, slug, parent, userColumn < 0 ? null : values[userColumn]);
            pk = BackupChecker.scalarText(pk);
        }
        checker.row(table, index, pk, slugColumn >= 0 && present[slugColumn], parent);
        if (sink != null) {
            try {
                sink.row(index, values, present);
            } catch (IOException | RuntimeException e) {
                throw SinkFailure.of(e);
            }
        }
    }

    @Override
    public void unknownField(String name) {
        if (sink != null) {
            sink.unknownField(name);
        }
    }

    @Override
    public void nonObjectRow(long index) {
        checker.nonObjectRow(table, index);
    }

    @Override
    public void tableEnd(long rows) throws IOException {
        if (sink != null) {
            try {
                sink.end(rows);
            } catch (IOException | RuntimeException e) {
                throw SinkFailure.of(e);
            }
        }
    }

    /** Carries a sink's failure through the reader so it is not mistaken for a bad file. */
    private static final class SinkFailure extends IOException {
        private SinkFailure(Throwable cause) {
            super(cause);
        }

        static SinkFailure of(Throwable cause) {
            return new SinkFailure(cause);
        }

        RuntimeException unwrap() {
            return getCause() instanceof RuntimeException runtime ? runtime
                    : new UncheckedIOException((IOException) getCause());
        }
    }
}
