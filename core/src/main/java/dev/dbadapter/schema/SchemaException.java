package dev.dbadapter.schema;

import dev.dbadapter.DbAdapterException;
import dev.dbadapter.ErrorCode;

/**
 * A schema operation cannot go ahead: a schema file or column-definitions file is wrong, a fix plan
 * cannot be built, or a fix was refused. Carries {@link ErrorCode#SCHEMA}.
 */
public class SchemaException extends DbAdapterException {

    /** Creates the exception; {@code hint} (what to do about it) and {@code cause} may be {@code null}. */
    public SchemaException(String message, String hint, Throwable cause) {
        super(ErrorCode.SCHEMA, message, hint, cause);
    }

    /** Creates the exception without hint or cause. */
    public SchemaException(String message) {
        this(message, null, null);
    }
}
