package dev.dbadapter.backup.internal;

import dev.dbadapter.backup.BackupException;
import dev.dbadapter.internal.TempFiles;
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
import java.util.zip.GZIPOutputStream;

/** Constants of the backup file format and the atomic way files are written. */
public final class BackupFormat {
    /** The format version written and accepted. */
    public static final String VERSION = "1.1";

    private BackupFormat() {
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
                OutputStream file = new FilterOutputStream(Channels.newOutputStream(channel)) {
                    @Override
                    public void write(byte[] bytes, int offset, int length) throws IOException {
                        out.write(bytes, offset, length);
                    }

                    @Override
                    public void close() throws IOException {
                        flush();
                        channel.force(true);
                    }
                };
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
}
