package dev.dbadapter.adapter.postgres.internal.catalog;

/**
 * A function or procedure of a schema.
 *
 * @param name its name
 * @param arguments its identity arguments ({@code a integer, b text})
 * @param returnType its result type; empty for a procedure
 * @param language its language
 * @param definition its {@code CREATE OR REPLACE} statement
 */
public record Function(String name, String arguments, String returnType, String language, String definition) {
}
