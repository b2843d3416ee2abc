package dev.dbadapter.backup.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.dbadapter.backup.BackupException;
import dev.dbadapter.internal.TempFiles;
import dev.dbadapter.internal.Workers;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

/** Constants of the backup file format and the atomic way files are written. */
public final class BackupFormat {
    /** The format version written and accepted. */
    public static final String VERSION = "1.1";

    /** ISO date-time with an offset written as {@code +00:00}, as Python's {@code isoformat()}. */
    public static final DateTimeFormatter OFFSET_DATE_TIME = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME).appendOffset("+HH:MM", "+00:00").toFormatter();

    /** Metadata fields a caller's extra metadata cannot override (nor any {@code <table>_count}). */
    private static final Set<String> RESERVED = Set.of("created_at", "user_id", "version");

    private BackupFormat() {
    }

    /**
     * Writes a float given as PostgreSQL prints it: a JSON number, or for {@code NaN},
     * {@code Infinity} and {@code -Infinity} the bare token Python's {@code json} module writes and
     * reads back as that float.
     */
    static void writeFloatText(String text, JsonGenerator json) throws IOException {
        if (text.equals("NaN") || text.endsWith("Infinity")) {
            json.writeRawValue(text);
        } else {
            json.writeNumber(text);
        }
    }

    /**
     * Returns a backup's {@code metadata} object: {@code created_at} (now), {@code user_id},
     * {@code backup_type}, {@code version}, a {@code <table>_count} per table, then the fields of
     * {@code extra} (which may be null) that do not override those.
     */
    public static Map<String, Object> metadata(String userId, Map<String, Long> counts, Map<String, ?> extra) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("created_at", LocalDateTime.now().truncatedTo(ChronoUnit.MICROS)
                .format(DateTimeFormatter.ISO_LOCAL_DATE_TIME));
        metadata.put("user_id", userId);
        metadata.put("backup_type", "full");
        metadata.put("version", VERSION);
        counts.forEach((table, count) -> metadata.put(table + "_count", count));
        if (extra != null) {
            extra.forEach((key, value) -> {
                if (!RESERVED.contains(key) && !counts.containsKey(key.replaceFirst("_count$", ""))) {
                    metadata.put(key, value);
                }
            });
        }
        return metadata;
    }

    /** Writes the content of a file. */
    @FunctionalInterface
    public interface Content {
        /** Writes to {@code out}, which the caller closes. */
        void write(OutputStream out) throws Exception;
    }

    /**
     * Writes {@code target} atomically: to a temporary file in the same directory, forced to disk and
     * renamed into place only when {@code content} succeeded, so a failure never leaves a file under the final name.
     * A name ending in {@code .gz} is gzipped.
     *
     * @throws BackupException when the file cannot be written (an {@link IOException}, from
     *     {@code content} too); other failures of {@code content} pass through unchanged
     */
    public static void writeAtomically(Path target, Content content) throws Exception {
        Path absolute = target.toAbsolutePath();
        Path temp;
        try {
            temp = TempFiles.createBeside(absolute);
        } catch (IOException e) {
            throw new BackupException("Cannot write backup file " + target + ": " + e, null, e);
        }
        boolean done = false;
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                OutputStream file = new SyncingStream(channel);
                try (OutputStream out = absolute.getFileName().toString().endsWith(".gz")
                        ? new GZIPOutputStream(file, 1 << 16) : file) {
                    content.write(out);
                }
            }
            try {
                Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
        } catch (IOException e) {
            throw new BackupException("Cannot write backup file " + target + ": " + e, null, e);
        } finally {
            TempFiles.release(temp, done);
        }
    }

    /**
     * Writes to a file channel and forces it to disk on close. Every {@value #FORCE_EVERY} bytes it
     * starts forcing what is written so far on another thread, so the disk writes overlap the rest
     * of the work and the final force finds little left to do.
     */
    private static final class SyncingStream extends FilterOutputStream {
        private static final long FORCE_EVERY = 32L << 20;

        private final FileChannel channel;
        private long unforced;
        private Thread forcing;
        private volatile IOException forceFailure;

        SyncingStream(FileChannel channel) {
            super(Channels.newOutputStream(channel));
            this.channel = channel;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
            unforced += length;
            if (unforced >= FORCE_EVERY && (forcing == null || !forcing.isAlive())) {
                unforced = 0;
                forcing = Workers.start("db-adapter-backup-force", () -> {
                    try {
                        channel.force(false);
                    } catch (IOException e) {
                        forceFailure = e;
                    }
                });
            }
        }

        @Override
        public void close() throws IOException {
            flush();
            if (forcing != null) {
                try {
                    forcing.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("Interrupted while writing the backup to disk");
                }
            }
            if (forceFailure != null) {
                throw forceFailure;
            }
            channel.force(true);
        }
    }
}
