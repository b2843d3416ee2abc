package dev.dbadapter.adapter.postgres.internal.catalog;

/**
 * A table (plain or partitioned) as {@code pg_class} describes it.
 *
 * @param oid its object id
 * @param typeOid the object id of its row type
 * @param schema its schema
 * @param name its name as stored
 * @param inheritance whether it takes part in inheritance or partitioning
 * @param owner its owner's role name
 * @param ownedByCurrentUser whether the current user owns it
 * @param rowSecurity whether row-level security is enabled
 * @param forceRowSecurity whether row-level security applies to its owner too
 * @param comment its comment, or {@code null}
 */
public record Table(long oid, long typeOid, String schema, String name, boolean inheritance, String owner,
        boolean ownedByCurrentUser, boolean rowSecurity, boolean forceRowSecurity, String comment) {
}
