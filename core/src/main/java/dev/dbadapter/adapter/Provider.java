package dev.dbadapter.adapter;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Which kind of backend a {@link DatabaseClient} talks to, as {@code provider = "..."} in
 * {@code db.toml} names it. Prints (and serialises to JSON) as its lower-case {@link #id()}.
 */
public enum Provider {
    /** PostgreSQL over JDBC: {@link dev.dbadapter.adapter.postgres.PostgresAdapter}. */
    POSTGRES,
    /** A Supabase project over its PostgREST HTTP API. */
    SUPABASE;

    /** Returns the lower-case name used in {@code db.toml}, JSON output and tables ({@code "postgres"}). */
    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Returns the provider called {@code id}, ignoring case; empty for {@code null} or an unknown name.
     */
    public static Optional<Provider> parse(String id) {
        return Arrays.stream(values()).filter(provider -> provider.id().equalsIgnoreCase(id)).findFirst();
    }

    /** Returns {@link #id()}. */
    @Override
    public String toString() {
        return id();
    }
}
