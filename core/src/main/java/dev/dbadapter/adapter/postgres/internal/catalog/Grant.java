package dev.dbadapter.adapter.postgres.internal.catalog;

/**
 * A privilege granted on a table to someone other than its owner.
 *
 * @param grantee the role as SQL (quoted when needed), or {@code PUBLIC}
 * @param privilege the privilege ({@code SELECT}, {@code INSERT}, ...)
 * @param grantable whether it was granted {@code WITH GRANT OPTION}
 */
public record Grant(String grantee, String privilege, boolean grantable) {
}
