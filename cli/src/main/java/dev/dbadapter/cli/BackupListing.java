package dev.dbadapter.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.dbadapter.DbAdapterException;
import dev.dbadapter.backup.BackupMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code db-adapter backup --list [DIR]}: the backup files of a folder, newest first, with whose rows
 * each holds, how many and when it was made — from each file's metadata only, never its rows.
 */
final class BackupListing {
    /** The folder {@code backup} writes to when no {@code -o} is given. */
    static final Path DEFAULT_FOLDER = Path.of("backups");

    private BackupListing() {
    }

    /**
     * One backup file.
     *
     * @param file its path
     * @param userId whose rows it holds (null when its metadata does not say)
     * @param rows the rows of all tables together, from the {@code <table>_count} fields
     * @param tables rows per table
     * @param createdAt when it was made ({@code created_at}; the file's modification time when absent)
     * @param bytes its size on disk
     * @param error why its metadata could not be read (null when it could)
     */
    record Entry(Path file, String userId, Long rows, Map<String, Long> tables, String createdAt, long bytes,
            @JsonInclude(JsonInclude.Include.NON_NULL) String error) {
    }

    /** The JSON document: the folder, then its backups, newest first. */
    record Document(Path folder, List<Entry> backups) {
    }

    /** Prints the backups of {@code folder}; returns the exit code (0, also for no backups). */
    static int print(Output output, Path folder) {
        List<Entry> entries = read(folder);
        if (output.json()) {
            output.print(new Document(folder, entries));
            return 0;
        }
        if (entries.isEmpty()) {
            output.line("No backups in " + folder + (Files.isDirectory(folder) ? "" : " (no such folder)"));
            return 0;
        }
        List<List<String>> rows = new ArrayList<>();
        for (Entry entry : entries) {
            rows.add(List.of(entry.file().getFileName().toString(),
                    entry.error() != null ? "(unreadable)" : entry.userId() == null ? "-" : entry.userId(),
                    entry.rows() == null ? "-" : String.format("%,d", entry.rows()), shown(entry.createdAt())));
        }
        output.table("Backups in " + folder, List.of("File", "User", "Rows", "Created"), rows);
        entries.stream().filter(entry -> entry.error() != null)
                .forEach(entry -> output.warning(entry.file().getFileName() + ": " + entry.error()));
        return 0;
    }

    /** Reads the metadata of every {@code .json} / {@code .json.gz} file of {@code folder}, newest first (unreadable ones last). */
    static List<Entry> read(Path folder) {
        List<Path> files;
        try (Stream<Path> listing = Files.list(folder)) {
            files = listing.filter(Files::isRegularFile).filter(BackupListing::isBackupName).toList();
        } catch (NoSuchFileException | java.nio.file.NotDirectoryException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + folder + ": " + e.getMessage(), e);
        }
        List<Entry> entries = new ArrayList<>();
        for (Path file : files) {
            entries.add(entry(file));
        }
        // unreadable files last: they may not be backups at all
        entries.sort(Comparator.comparing((Entry entry) -> entry.error() != null)
                .thenComparing(Entry::createdAt, Comparator.nullsLast(Comparator.reverseOrder()))
                .thenComparing(entry -> entry.file().getFileName().toString()));
        return entries;
    }

    private static boolean isBackupName(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".json") || name.endsWith(".json.gz");
    }

    private static Entry entry(Path file) {
        long bytes = size(file);
        try {
            BackupMetadata metadata = BackupMetadata.read(file);
            String created = metadata.createdAt() != null ? metadata.createdAt() : modified(file);
            return new Entry(file, metadata.userId(), metadata.totalRows(), metadata.tableCounts(), created, bytes, null);
        } catch (DbAdapterException e) {
            return new Entry(file, null, null, Map.of(), modified(file), bytes, e.getMessage());
        }
    }

    /** Returns the date-time part of an ISO {@code created_at} as {@code yyyy-MM-dd HH:mm:ss}, else the text. */
    private static String shown(String createdAt) {
        if (createdAt == null) {
            return "-";
        }
        return createdAt.length() >= 19 && createdAt.charAt(10) == 'T'
                ? createdAt.substring(0, 10) + " " + createdAt.substring(11, 19) : createdAt;
    }

    private static String modified(Path file) {
        try {
            return LocalDateTime.ofInstant(Files.getLastModifiedTime(file).toInstant(), ZoneId.systemDefault())
                    .format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
        } catch (IOException e) {
            return null;
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }
}
