package dev.dbadapter;

/**
 * Something failed that the library has no better name for: an unexpected exception from a driver
 * or from the library itself, kept as the cause. Carries {@link ErrorCode#INTERNAL}.
 */
public final class InternalException extends DbAdapterException {

    /**
     * Creates the exception.
     *
     * @param message what failed
     * @param cause the unexpected exception
     */
    public InternalException(String message, Throwable cause) {
        super(ErrorCode.INTERNAL, message, null, cause);
    }
}
