package dev.dbadapter.factory;

import java.util.Set;

/**
 * What {@link AdapterFactory#getAdapter(AdapterRequest)} should open. An explicit URL wins over a
 * profile name, which wins over environment / lock-file resolution.
 *
 * @param url an explicit URL, or {@code null}
 * @param profile a profile name, or {@code null}
 * @param envPrefix the prefix of {@code DB_PROFILE}, or {@code null}
 * @param jsonbColumns columns whose list values are written as JSON
 */
public record AdapterRequest(String url, String profile, String envPrefix, Set<String> jsonbColumns) {

    /** Copies the set. */
    public AdapterRequest {
        jsonbColumns = jsonbColumns == null ? Set.of() : Set.copyOf(jsonbColumns);
    }

    /** The current profile (environment, then lock file), no prefix. */
    public static AdapterRequest current() {
        return new AdapterRequest(null, null, null, Set.of());
    }

    /** The profile called {@code name}. */
    public static AdapterRequest profile(String name) {
        return new AdapterRequest(null, name, null, Set.of());
    }

    /** An explicit URL. */
    public static AdapterRequest url(String url) {
        return new AdapterRequest(url, null, null, Set.of());
    }

    /** Returns this request with an environment-variable prefix. */
    public AdapterRequest withEnvPrefix(String prefix) {
        return new AdapterRequest(url, profile, prefix, jsonbColumns);
    }

    /** Returns this request with json column names. */
    public AdapterRequest withJsonbColumns(Set<String> columns) {
        return new AdapterRequest(url, profile, envPrefix, columns);
    }
}
