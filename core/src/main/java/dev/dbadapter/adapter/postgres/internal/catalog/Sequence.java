package dev.dbadapter.adapter.postgres.internal.catalog;

/**
 * A sequence owned by a column (serial or identity).
 *
 * @param column the owning column
 * @param name the sequence name as stored
 * @param qualifiedName the sequence name as SQL, schema-qualified ({@code public.notes_id_seq})
 * @param lastValue the last value it handed out, or {@code null} when none yet
 */
public record Sequence(String column, String name, String qualifiedName, Long lastValue) {
}
