package dev.dbadapter.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.dbadapter.DbAdapterException;
import dev.dbadapter.ErrorCode;
import java.util.ArrayList;
import java.util.List;

/**
 * What one {@code --json} run prints, gathered while the command runs and written once at its end: the
 * command, the profile, whether it succeeded, its result document, its warnings and its error. Every
 * command's JSON has this one shape, so a script reads {@code ok} and {@code error.code} the same way
 * everywhere and the command's own fields under {@code result}.
 */
final class JsonEnvelope {
    /**
     * The error code of a command the user declined at its confirmation question: not a library
     * failure, so not an {@link ErrorCode}.
     */
    static final String CANCELLED = "CANCELLED";

    private String command;
    private Object result;
    private final List<String> warnings = new ArrayList<>();
    private Error error;
    private boolean used;

    /** The document printed on stdout. */
    record Document(String command, String profile, boolean ok, Object result, List<String> warnings, Error error) {
    }

    /**
     * Why the command failed: the library's {@link ErrorCode} name (or {@code USAGE}), the message, a
     * hint or {@code null}, and the details when there are several (a backup file's errors).
     */
    record Error(String code, String message, String hint,
            @JsonInclude(JsonInclude.Include.NON_NULL) List<String> details) {

        /** The error of a library exception: its code, message and hint. */
        static Error of(Throwable failure) {
            String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
            return failure instanceof DbAdapterException error
                    ? new Error(error.code().name(), message, error.hint(), null)
                    : new Error(ErrorCode.INTERNAL.name(), message, null, null);
        }
    }

    /** Names the command that ran (the first name given wins: the subcommand, not the root). */
    synchronized void command(String name) {
        if (command == null) {
            command = name;
        }
    }

    /** Sets the command's result document. */
    synchronized void result(Object document) {
        used = true;
        result = document;
    }

    /** Adds a warning. */
    synchronized void warning(String text) {
        warnings.add(text);
    }

    /** Sets why the command failed (the first error wins: it is the cause, later ones follow from it). */
    synchronized void error(Error failure) {
        used = true;
        if (error == null) {
            error = failure;
        }
    }

    /** Returns whether a JSON command ran: a result or an error was given. */
    synchronized boolean used() {
        return used;
    }

    /**
     * Returns the document of a run that ended with {@code exitCode}; a failed run without an error
     * of its own gets one saying it failed, so {@code error} is set exactly when {@code ok} is false.
     */
    synchronized Document document(String profile, int exitCode) {
        Error failure = error;
        if (exitCode != 0 && failure == null) {
            failure = new Error(exitCode == DbAdapterCommand.USAGE ? ErrorCode.USAGE.name() : ErrorCode.INTERNAL.name(),
                    command + " failed (exit code " + exitCode + ")", null, null);
        }
        return new Document(command, profile, exitCode == 0, result, List.copyOf(warnings),
                exitCode == 0 ? null : failure);
    }
}
