package dev.dbadapter.adapter.postgres;

import java.time.Duration;

/**
 * Connection-pool and timeout settings. The defaults mirror the Python library: 5 connections kept, a
 * burst of 10 more, a 5-second connect timeout, and idle connections validated before use; a read
 * from the server that waits more than 10 minutes fails (a dead network never hangs a call), and
 * statements have no time limit of their own.
 *
 * <p>A URL's own settings win over these: {@code connect_timeout} (libpq, seconds) or
 * {@code connectTimeout}, and pgjdbc's {@code socketTimeout} (seconds). A server-side limit can also
 * come from the URL, as with libpq: {@code options=-c%20statement_timeout%3D5s}.
 *
 * @param minIdle connections kept open when idle
 * @param maxSize the most connections open at once
 * @param connectTimeout how long opening one connection may take
 * @param acquireTimeout how long a caller waits for a free connection before failing
 * @param idleTimeout how long a connection above {@code minIdle} may stay idle
 * @param maxLifetime the longest a connection is kept
 * @param socketTimeout how long one read from the server may wait before the connection is given up
 *     as dead; zero waits for ever
 * @param statementTimeout how long one statement may run before the driver cancels it; zero for no
 *     limit. Applied per statement from the client (a cancel request), so it also works through
 *     PgBouncer in transaction mode; whole seconds and milliseconds are both honoured
 */
public record PoolOptions(int minIdle, int maxSize, Duration connectTimeout, Duration acquireTimeout,
        Duration idleTimeout, Duration maxLifetime, Duration socketTimeout, Duration statementTimeout) {

    /** The defaults described above. */
    public static final PoolOptions DEFAULTS = new PoolOptions(5, 15, Duration.ofSeconds(5),
            Duration.ofSeconds(30), Duration.ofMinutes(10), Duration.ofMinutes(30), Duration.ofMinutes(10),
            Duration.ZERO);

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
        for (Duration duration : new Duration[] {connectTimeout, acquireTimeout, idleTimeout, maxLifetime,
                socketTimeout, statementTimeout}) {
            if (duration == null || duration.isNegative()) {
                throw new IllegalArgumentException("Pool durations must be set and not negative");
            }
        }
    }

    /** Returns these options with exactly {@code size} connections (no burst). */
    public PoolOptions withFixedSize(int size) {
        return new PoolOptions(size, size, connectTimeout, acquireTimeout, idleTimeout, maxLifetime, socketTimeout,
                statementTimeout);
    }

    /**
     * Returns these options keeping {@code minIdle} idle connections ready.
     *
     * @throws IllegalArgumentException when {@code minIdle} is negative or above the maximum size
     */
    public PoolOptions withMinIdle(int minIdle) {
        return new PoolOptions(minIdle, maxSize, connectTimeout, acquireTimeout, idleTimeout, maxLifetime,
                socketTimeout, statementTimeout);
    }

    /** Returns these options with another connect timeout. */
    public PoolOptions withConnectTimeout(Duration timeout) {
        return new PoolOptions(minIdle, maxSize, timeout, acquireTimeout, idleTimeout, maxLifetime, socketTimeout,
                statementTimeout);
    }

    /** Returns these options with another wait limit for a free connection. */
    public PoolOptions withAcquireTimeout(Duration timeout) {
        return new PoolOptions(minIdle, maxSize, connectTimeout, timeout, idleTimeout, maxLifetime, socketTimeout,
                statementTimeout);
    }

    /**
     * Returns these options with another socket timeout (zero: none). The driver counts whole seconds;
     * a positive value below one second counts as one.
     */
    public PoolOptions withSocketTimeout(Duration timeout) {
        return new PoolOptions(minIdle, maxSize, connectTimeout, acquireTimeout, idleTimeout, maxLifetime, timeout,
                statementTimeout);
    }

    /** Returns these options with another statement time limit (zero: none). */
    public PoolOptions withStatementTimeout(Duration timeout) {
        return new PoolOptions(minIdle, maxSize, connectTimeout, acquireTimeout, idleTimeout, maxLifetime,
                socketTimeout, timeout);
    }
}
