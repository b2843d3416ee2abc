package dev.dbadapter.factory;

import dev.dbadapter.schema.ValidationResult;

/**
 * The outcome of {@link Connector#connectAndValidate}.
 *
 * @param success whether the database was reached and the schema (if checked) is valid
 * @param profile the profile's name, or {@code null} when none could be resolved
 * @param schemaValid {@code true} / {@code false} when the schema was checked, {@code null} when it was not
 * @param report the validation result, or {@code null} when the schema was not checked
 * @param error why it failed (unreachable database, unknown profile, invalid schema), or {@code null}
 */
public record ConnectionResult(boolean success, String profile, Boolean schemaValid, ValidationResult report,
        String error) {
}
