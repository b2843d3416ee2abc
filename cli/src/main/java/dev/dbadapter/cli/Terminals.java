package dev.dbadapter.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Which of the process's standard streams are terminals. */
final class Terminals {
    private Terminals() {
    }

    /**
     * Returns whether file descriptor {@code fd} (0 stdin, 2 stderr) is a terminal. On Linux the
     * descriptor's link says so for each stream on its own; elsewhere the JDK's console stands in (set
     * only when stdin and stdout are both terminals).
     */
    static boolean isTerminal(int fd) {
        Path link = Path.of("/proc/self/fd/" + fd);
        if (Files.isSymbolicLink(link)) {
            try {
                String target = Files.readSymbolicLink(link).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
            } catch (IOException | UnsupportedOperationException e) {
                return false;
            }
        }
        return System.console() != null;
    }
}
