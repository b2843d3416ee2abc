package dev.dbadapter.config;

import dev.dbadapter.DbAdapterException;
import dev.dbadapter.ErrorCode;
import java.nio.file.Path;

/** A configuration file is missing, unreadable or wrong. The message names the file and line. */
public final class ConfigException extends DbAdapterException {
    private final Path file;
    private final int line;

    /**
     * Creates the exception.
     *
     * @param file the file at fault, or {@code null} when not from a file
     * @param line the 1-based line, or 0 when unknown
     * @param message what is wrong
     * @param hint what to do about it, or {@code null}
     * @param cause the underlying failure, or {@code null}
     */
    public ConfigException(Path file, int line, String message, String hint, Throwable cause) {
        super(ErrorCode.CONFIG, location(file, line) + message, hint, cause);
        this.file = file;
        this.line = line;
    }

    /**
     * Creates the exception for a setting that does not come from a file (a command-line flag, the
     * environment, a missing choice).
     *
     * @param message what is wrong
     * @param hint what to do about it, or {@code null}
     * @param cause the underlying failure, or {@code null}
     */
    public ConfigException(String message, String hint, Throwable cause) {
        this(null, 0, message, hint, cause);
    }

    /** Returns the file at fault, or {@code null}. */
    public Path file() {
        return file;
    }

    /** Returns the 1-based line at fault, or 0 when unknown. */
    public int line() {
        return line;
    }

    private static String location(Path file, int line) {
        if (file == null) {
            return "";
        }
        return file + (line > 0 ? ":" + line : "") + ": ";
    }
}
