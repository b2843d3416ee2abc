package dev.dbadapter.adapter.postgres;

/**
 * A snapshot of the connection pool.
 *
 * @param active connections in use
 * @param idle connections open and free
 * @param total connections open
 * @param waiting callers waiting for a connection
 */
public record PoolStats(int active, int idle, int total, int waiting) {
}
