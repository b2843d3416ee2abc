package dev.dbadapter;

/**
 * A method or command was called in a way it cannot serve: a transaction's client used after the
 * transaction ended, a required value not given, a name that is not in the list it must come from.
 * Carries {@link ErrorCode#USAGE}.
 */
public final class UsageException extends DbAdapterException {

    /**
     * Creates the exception.
     *
     * @param message what was wrong with the call
     * @param hint how to call it instead, or {@code null}
     */
    public UsageException(String message, String hint) {
        super(ErrorCode.USAGE, message, hint, null);
    }
}
