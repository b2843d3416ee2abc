package dev.dbadapter.factory;

import dev.dbadapter.schema.ValidationResult;

/**
 * What {@link Connector#connectAndValidate} found. A connect that fails has no result: its future
 * fails instead.
 *
 * @param profile the profile's name
 * @param report the validation result (valid; extra tables are its warnings), or {@code null} when the
 *     schema was not checked
 */
public record ConnectionResult(String profile, ValidationResult report) {
}
