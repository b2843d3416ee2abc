package dev.dbadapter.adapter.postgres.internal.catalog;

import java.util.List;

/**
 * An index of a table.
 *
 * @param name the index name
 * @param unique whether it is unique
 * @param primary whether it is the primary key's index
 * @param backsConstraint whether a primary key, unique or exclusion constraint owns it
 * @param method its access method ({@code btree}, {@code gin}, ...)
 * @param columns its key columns or expressions, in order
 * @param definition its {@code CREATE INDEX} statement
 */
public record Index(String name, boolean unique, boolean primary, boolean backsConstraint, String method,
        List<String> columns, String definition) {
}
