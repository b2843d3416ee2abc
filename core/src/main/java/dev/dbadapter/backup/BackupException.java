package dev.dbadapter.backup;

import dev.dbadapter.DbAdapterException;
import dev.dbadapter.ErrorCode;
import java.util.List;

/**
 * A backup could not be written, read, validated or restored. For an invalid file,
 * {@link #errors()} lists every problem found.
 */
public final class BackupException extends DbAdapterException {
    private final List<String> errors;

    /** Creates the exception with a hint and cause, either of which may be {@code null}. */
    public BackupException(String message, String hint, Throwable cause) {
        this(message, hint, cause, List.of());
    }

    /** Creates the exception for a file that failed validation, listing what is wrong. */
    public BackupException(String message, String hint, Throwable cause, List<String> errors) {
        super(ErrorCode.BACKUP, message, hint, cause);
        this.errors = List.copyOf(errors);
    }

    /** Creates the exception without hint or cause. */
    public BackupException(String message) {
        this(message, null, null);
    }

    /** Returns the validation errors of the file, empty when the failure was not a validation one. */
    public List<String> errors() {
        return errors;
    }
}
