package dev.dbadapter.adapter.postgres.internal.catalog;

import java.util.List;

/**
 * A row-level security policy of a table.
 *
 * @param name the policy name
 * @param permissive {@code PERMISSIVE} or {@code RESTRICTIVE}
 * @param command the command it applies to ({@code ALL}, {@code SELECT}, ...)
 * @param roles the roles it applies to as stored ({@code public} for everyone)
 * @param using its {@code USING} expression, or {@code null}
 * @param withCheck its {@code WITH CHECK} expression, or {@code null}
 */
public record Policy(String name, String permissive, String command, List<String> roles, String using,
        String withCheck) {
}
