package dev.dbadapter.adapter.postgres.internal.catalog;

/**
 * A user trigger of a table (internal triggers, such as those of foreign keys, are left out).
 *
 * @param name the trigger name
 * @param type its {@code tgtype} bits: 1 row, 2 before, 4 insert, 8 delete, 16 update, 32 truncate,
 *     64 instead of
 * @param enabled its {@code tgenabled} state: {@code O} origin, {@code D} disabled, {@code R}
 *     replica, {@code A} always
 * @param functionSchema the schema of the function it runs
 * @param function the name of the function it runs
 * @param definition its {@code CREATE TRIGGER} statement
 */
public record Trigger(String name, int type, char enabled, String functionSchema, String function,
        String definition) {
}
