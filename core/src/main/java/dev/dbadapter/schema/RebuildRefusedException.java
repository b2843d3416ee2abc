package dev.dbadapter.schema;

import java.util.List;

/**
 * A fix with strategy recreate was refused before any DDL ran: a table to rebuild has something the
 * rebuild cannot carry over (a dependent view, an inheritance child, column privileges, ...). Nothing
 * was changed; {@link #reasons()} names each object, and the hint suggests strategy alter, which only
 * adds columns.
 */
public final class RebuildRefusedException extends SchemaException {
    private static final String ALTER_HINT =
            "use strategy alter (--strategy alter) to add the missing columns without rebuilding the table";

    private final List<String> reasons;

    /** Creates the exception for {@code reasons}, one line per object that cannot be carried over. */
    public RebuildRefusedException(List<String> reasons) {
        super("Cannot rebuild: " + String.join("; ", reasons) + ". Nothing was changed; " + ALTER_HINT + ".",
                ALTER_HINT, null);
        this.reasons = List.copyOf(reasons);
    }

    /** Returns why the rebuild was refused, one line per object that cannot be carried over. */
    public List<String> reasons() {
        return reasons;
    }
}
