package dev.dbadapter.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Temporary files written beside their final name and renamed into place: each is deleted when it
 * fails, and also when the JVM is shut down while it is being written (Ctrl-C, SIGTERM), so an
 * interrupted command leaves no hidden half file behind. Only a hard kill (SIGKILL) can.
 */
public final class TempFiles {
    private static final Set<Path> LIVE = ConcurrentHashMap.newKeySet();
    private static final AtomicBoolean HOOKED = new AtomicBoolean();

    private TempFiles() {
    }

    /**
     * Creates an empty hidden file {@code .<name>.<random>.tmp} in {@code target}'s directory (created
     * if missing), to be deleted at shutdown unless {@link #release}d first.
     *
     * @throws IOException when it cannot be created
     */
    public static Path createBeside(Path target) throws IOException {
        Path absolute = target.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        if (HOOKED.compareAndSet(false, true)) {
            Runtime.getRuntime().addShutdownHook(new Thread(TempFiles::deleteAll, "db-adapter-temp-files"));
        }
        String name = absolute.getFileName().toString();
        Path temp = Files.createTempFile(absolute.getParent(), (name.startsWith(".") ? "" : ".") + name + ".", ".tmp");
        LIVE.add(temp);
        return temp;
    }

    /**
     * Finishes with {@code temp}: deletes it unless {@code kept} (it was renamed into place), and stops
     * watching it.
     *
     * @throws IOException when it cannot be deleted
     */
    public static void release(Path temp, boolean kept) throws IOException {
        try {
            if (!kept) {
                Files.deleteIfExists(temp);
            }
        } finally {
            LIVE.remove(temp);
        }
    }

    private static void deleteAll() {
        for (Path temp : LIVE) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // shutting down: nothing left to tell
            }
        }
    }
}
