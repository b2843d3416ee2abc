package dev.dbadapter.adapter;

import dev.dbadapter.DbAdapterException;
import dev.dbadapter.ErrorCode;

/** An update matched no row; the message names the table and the filters. */
public final class NoRowsException extends DbAdapterException {
    /** Creates the exception for {@code table} and the filters that matched nothing. */
    public NoRowsException(String table, Object filters) {
        super(ErrorCode.NO_ROWS, "No row in " + table + " matches " + filters);
    }
}
