package dev.dbadapter.factory;

import dev.dbadapter.adapter.postgres.PoolOptions;
import java.util.Set;

/**
 * What {@link AdapterFactory#getAdapter(AdapterRequest)} should open. An explicit URL wins over a
 * profile name, which wins over environment / lock-file resolution.
 *
 * @param url an explicit URL, or {@code null}
 * @param profile a profile name, or {@code null}
 * @param envPrefix the prefix of {@code DB_PROFILE}, or {@code null}
 * @param jsonbColumns columns whose list values are written as JSON
 * @param pool the pool settings ({@link PoolOptions#DEFAULTS} when {@code null})
 * @param pooled whether a PostgreSQL client keeps a pool; {@code false} opens a connection per call,
 *     which suits a short-lived process running a few statements one after another
 */
public record AdapterRequest(String url, String profile, String envPrefix, Set<String> jsonbColumns,
        PoolOptions pool, boolean pooled) {

    /** Copies the set and fills in defaults. */
    public AdapterRequest {
        jsonbColumns = jsonbColumns == null ? Set.of() : Set.copyOf(jsonbColumns);
        pool = pool == null ? PoolOptions.DEFAULTS : pool;
    }

    /** A pooled request; see the record's components. */
    public AdapterRequest(String url, String profile, String envPrefix, Set<String> jsonbColumns, PoolOptions pool) {
        this(url, profile, envPrefix, jsonbColumns, pool, true);
    }

    /** The current profile (environment, then lock file), no prefix. */
    public static AdapterRequest current() {
        return new AdapterRequest(null, null, null, Set.of(), null);
    }

    /** The profile called {@code name}. */
    public static AdapterRequest profile(String name) {
        return new AdapterRequest(null, name, null, Set.of(), null);
    }

    /** An explicit URL. */
    public static AdapterRequest url(String url) {
        return new AdapterRequest(url, null, null, Set.of(), null);
    }

    /** Returns this request with an environment-variable prefix. */
    public AdapterRequest withEnvPrefix(String prefix) {
        return new AdapterRequest(url, profile, prefix, jsonbColumns, pool, pooled);
    }

    /** Returns this request with json column names. */
    public AdapterRequest withJsonbColumns(Set<String> columns) {
        return new AdapterRequest(url, profile, envPrefix, columns, pool, pooled);
    }

    /** Returns this request with other pool settings. */
    public AdapterRequest withPool(PoolOptions options) {
        return new AdapterRequest(url, profile, envPrefix, jsonbColumns, options, pooled);
    }

    /** Returns this request for a client without a pool (see {@link #pooled()}); the connect timeout still applies. */
    public AdapterRequest withoutPool() {
        return new AdapterRequest(url, profile, envPrefix, jsonbColumns, pool, false);
    }
}
