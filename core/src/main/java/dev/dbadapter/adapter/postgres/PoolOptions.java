package dev.dbadapter.adapter.postgres;

import java.time.Duration;

/**
 * Connection-pool settings. The defaults mirror the Python library: 5 connections kept, a burst of
 * 10 more, a 5-second connect timeout, and idle connections validated before use.
 *
 * @param minIdle connections kept open when idle
 * @param maxSize the most connections open at once
 * @param connectTimeout how long opening one connection may take
 * @param acquireTimeout how long a caller waits for a free connection before failing
 * @param idleTimeout how long a connection above {@code minIdle} may stay idle
 * @param maxLifetime the longest a connection is kept
 */
public record PoolOptions(int minIdle, int maxSize, Duration connectTimeout, Duration acquireTimeout,
        Duration idleTimeout, Duration maxLifetime) {

    /** The defaults described above. */
    public static final PoolOptions DEFAULTS = new PoolOptions(5, 15, Duration.ofSeconds(5),
            Duration.ofSeconds(30), Duration.ofMinutes(10), Duration.ofMinutes(30));

    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException when a size is below 1 (0 for {@code minIdle}), {@code minIdle}
     *     exceeds {@code maxSize}, or a duration is missing or negative
     */
    public PoolOptions {
        if (maxSize < 1 || minIdle < 0 || minIdle > maxSize) {
            throw new IllegalArgumentException("Pool sizes must satisfy 0 <= minIdle <= maxSize and maxSize >= 1, got minIdle="
                    + minIdle + ", maxSize=" + maxSize);
        }
        for (Duration duration : new Duration[] {connectTimeout, acquireTimeout, idleTimeout, maxLifetime}) {
            if (duration == null || duration.isNegative()) {
                throw new IllegalArgumentException("Pool durations must be set and not negative");
            }
        }
    }

    /** Returns these options with exactly {@code size} connections (no burst). */
    public PoolOptions withFixedSize(int size) {
        return new PoolOptions(size, size, connectTimeout, acquireTimeout, idleTimeout, maxLifetime);
    }

    /** Returns these options with another connect timeout. */
    public PoolOptions withConnectTimeout(Duration timeout) {
        return new PoolOptions(minIdle, maxSize, timeout, acquireTimeout, idleTimeout, maxLifetime);
    }

    /** Returns these options with another wait limit for a free connection. */
    public PoolOptions withAcquireTimeout(Duration timeout) {
        return new PoolOptions(minIdle, maxSize, connectTimeout, timeout, idleTimeout, maxLifetime);
    }
}
