package dev.dbadapter.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.dbadapter.ErrorCode;
import dev.dbadapter.adapter.DatabaseException;
import dev.dbadapter.adapter.postgres.PoolOptions;
import dev.dbadapter.adapter.postgres.PostgresAdapter;
import dev.dbadapter.testing.FaultProxy;
import dev.dbadapter.testing.PgDatabaseExtension;
import dev.dbadapter.testing.Reliability;
import dev.dbadapter.testing.ReliabilityFigures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The adapter's connections broken from outside: traffic black-holed or cut by a proxy, sessions
 * ended by the server, a pool exhausted, statements and locks that time out. Each scenario has a
 * promised outcome and a time bound.
 */
@Reliability
class ConnectionFaultsTest {
    @RegisterExtension
    static final PgDatabaseExtension db = new PgDatabaseExtension();

    private static final PoolOptions SMALL = PoolOptions.DEFAULTS.withFixedSize(2).withConnectTimeout(Duration.ofSeconds(1))
            .withAcquireTimeout(Duration.ofSeconds(1)).withSocketTimeout(Duration.ofSeconds(1));

    @BeforeAll
    static void createTable() {
        db.sql("CREATE TABLE items (id serial PRIMARY KEY, slug text NOT NULL, user_id text)");
    }

    @Test
    void aBlackHoledCallFailsWithinTheSocketTimeoutAndCancelNeverBlocks() throws Exception {
        try (FaultProxy proxy = FaultProxy.to(db.url())) {
            PostgresAdapter adapter = db.newAdapter(proxy.url(db.url()), SMALL);
            assertThat(adapter.count("items", Map.of()).get(10, TimeUnit.SECONDS)).isZero();

            proxy.blackHole();
            long start = System.nanoTime();
            Throwable error = failure(adapter.count("items", Map.of()), Duration.ofSeconds(5));
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            assertThat(elapsed).as("socket timeout 1 s plus a margin").isLessThan(Duration.ofSeconds(4));
            assertThat(error).isInstanceOf(DatabaseException.class);
            assertThat(((DatabaseException) error).code()).isEqualTo(ErrorCode.CONNECTION);

            CompletableFuture<Long> hanging = adapter.count("items", Map.of());
            assertTimeoutPreemptively(Duration.ofMillis(500), () -> assertThat(hanging.cancel(true)).isTrue());
            assertThat(hanging).isCancelled();

            proxy.forward();
            proxy.closeAll();
            // the cancelled call still holds its connection until the pool gives up on it
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                while (adapter.poolStats().active() > 0) {
                    Thread.sleep(20);
                }
            });
            assertThat(adapter.count("items", Map.of()).get(10, TimeUnit.SECONDS)).as("pool healthy again").isZero();
        }
    }

    @Test
    void aConnectionStalledMidMessageFailsWithinTheSocketTimeout() throws Exception {
        try (FaultProxy proxy = FaultProxy.to(db.url())) {
            PostgresAdapter adapter = db.newAdapter(proxy.url(db.url()), SMALL);
            assertThat(adapter.count("items", Map.of()).get(10, TimeUnit.SECONDS)).isZero();

            proxy.stallAfter(20);
            long start = System.nanoTime();
            Throwable error = failure(adapter.insert("items", Map.of("slug", "s".repeat(500))), Duration.ofSeconds(5));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
            assertThat(((DatabaseException) error).code()).isEqualTo(ErrorCode.CONNECTION);

            proxy.forward();
            proxy.closeAll();
            assertThat(adapter.count("items", Map.of()).get(10, TimeUnit.SECONDS)).as("nothing half-written").isZero();
        }
    }

    @Test
    void everyConnectionClosedByTheNetworkBetweenCallsTheNextReadsSucceed() throws Exception {
        try (FaultProxy proxy = FaultProxy.to(db.url())) {
            PostgresAdapter adapter = db.newAdapter(proxy.url(db.url()), SMALL);
            warm(adapter, 2);
            proxy.closeAll();
            assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
                for (int i = 0; i < 5; i++) {
                    assertThat(adapter.count("items", Map.of()).get()).isZero();
                }
            });
        }
    }

    @Test
    void everyPooledSessionKilledBetweenCallsTheNextCallsSucceed() throws Exception {
        String name = "killed_between_calls";
        PostgresAdapter adapter = db.newAdapter(db.urlNamed(name), PoolOptions.DEFAULTS.withFixedSize(5));
        warm(adapter, 5);
        assertThat(db.terminateSessions(name)).isEqualTo(5);

        // at once: each read meets a dead session, drops the pool's idle ones and runs again once
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            List<CompletableFuture<Long>> reads = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                reads.add(adapter.count("items", Map.of()));
            }
            for (CompletableFuture<Long> read : reads) {
                assertThat(read.get()).isZero();
            }
            for (int i = 0; i < 10; i++) {
                adapter.insert("items", Map.of("slug", "after-" + i, "user_id", "u1")).get();
            }
        });

        // after a pause: the pool checks idle connections before handing them out, writes included
        warm(adapter, 5);
        assertThat(db.terminateSessions(name)).isEqualTo(5);
        Thread.sleep(600);
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            List<CompletableFuture<Map<String, Object>>> writes = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                writes.add(adapter.insert("items", Map.of("slug", "paused-" + i, "user_id", "u1")));
            }
            for (CompletableFuture<Map<String, Object>> write : writes) {
                assertThat(write.get()).containsKey("id");
            }
        });
        assertThat(db.scalar("SELECT count(*) FROM items WHERE user_id = 'u1'")).isEqualTo(20L);
        db.sql("DELETE FROM items");
    }

    @Test
    void tenThousandCallsOnAPoolOfFiveAllCompleteWithNeverMoreThanFiveSessions() throws Exception {
        String name = "ten_thousand_calls";
        PostgresAdapter adapter = db.newAdapter(db.urlNamed(name), PoolOptions.DEFAULTS.withFixedSize(5));
        AtomicInteger most = new AtomicInteger();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread sampler = Thread.ofVirtual().start(() -> {
            while (running.get()) {
                most.accumulateAndGet(db.sessions(name), Math::max);
            }
        });
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            List<CompletableFuture<Long>> calls = new ArrayList<>(10_000);
            for (int i = 0; i < 10_000; i++) {
                calls.add(adapter.count("items", Map.of("slug", "s" + (i % 10))));
            }
            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get();
        });
        running.set(false);
        sampler.join();
        assertThat(most.get()).isBetween(1, 5);
        assertThat(adapter.poolStats().total()).isLessThanOrEqualTo(5);
    }

    @Test
    void withItsOnlyConnectionHeldWaitersFailAfterTheAcquireTimeoutWithAClearMessage() throws Exception {
        PostgresAdapter adapter = db.newAdapter(PoolOptions.DEFAULTS.withFixedSize(1)
                .withAcquireTimeout(Duration.ofMillis(500)));
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Long> holder = adapter.inTransaction(tx -> tx.count("items", Map.of())
                .thenApply(count -> {
                    await(release);
                    return count;
                }));
        try {
            Thread.sleep(100);
            long start = System.nanoTime();
            Throwable error = failure(adapter.count("items", Map.of()), Duration.ofSeconds(5));
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            assertThat(elapsed).isBetween(Duration.ofMillis(400), Duration.ofSeconds(3));
            assertThat(((DatabaseException) error).code()).isEqualTo(ErrorCode.CONNECTION);
            assertThat(error.getMessage()).contains("not available").contains("timed out").contains("active=1");
        } finally {
            release.countDown();
        }
        assertThat(holder.get(10, TimeUnit.SECONDS)).isEqualTo(0L);
        ReliabilityFigures.faultInjected();
    }

    @Test
    void aStatementTimeoutCancelsALongQueryWithAClearErrorAndThePoolStaysHealthy() throws Exception {
        PostgresAdapter adapter = db.newAdapter(PoolOptions.DEFAULTS.withFixedSize(1)
                .withStatementTimeout(Duration.ofMillis(300)));
        long start = System.nanoTime();
        Throwable error = failure(adapter.execute("SELECT pg_sleep(30)"), Duration.ofSeconds(10));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        DatabaseException database = (DatabaseException) error;
        assertThat(database.sqlState()).isEqualTo("57014");
        assertThat(database.getMessage()).contains("canceling statement");
        assertThat(database.hint()).contains("statement timeout");
        assertThat(adapter.execute("SELECT pg_sleep(0.1)").get(5, TimeUnit.SECONDS)).hasSize(1);
        assertThat(adapter.count("items", Map.of()).get(5, TimeUnit.SECONDS)).isZero();
        ReliabilityFigures.faultInjected();
    }

    @Test
    void aServerLockTimeoutFailsTheWaitingWriteAndThePoolStaysHealthy() throws Exception {
        db.sql("INSERT INTO items (id, slug) VALUES (1000, 'locked')");
        PostgresAdapter adapter = db.newAdapter(db.url() + "?options=-c%20lock_timeout%3D300",
                PoolOptions.DEFAULTS.withFixedSize(1));
        try (var locker = db.connection(); var statement = locker.createStatement()) {
            locker.setAutoCommit(false);
            statement.execute("SELECT * FROM items WHERE id = 1000 FOR UPDATE");
            long start = System.nanoTime();
            Throwable error = failure(adapter.update("items", Map.of("slug", "changed"), Map.of("id", 1000)),
                    Duration.ofSeconds(10));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
            assertThat(((DatabaseException) error).sqlState()).isEqualTo("55P03");
            assertThat(error.getMessage()).contains("lock timeout");
            locker.rollback();
        }
        assertThat(adapter.select("items", "slug", Map.of("id", 1000), null).get(5, TimeUnit.SECONDS))
                .containsExactly(Map.of("slug", "locked"));
        db.sql("DELETE FROM items");
        ReliabilityFigures.faultInjected();
    }

    @Test
    void aTransactionIdleLongerThanTheServerAllowsFailsClearlyAndThePoolRecovers() throws Exception {
        PostgresAdapter adapter = db.newAdapter(db.url() + "?options=-c%20idle_in_transaction_session_timeout%3D200",
                PoolOptions.DEFAULTS.withFixedSize(1));
        CompletableFuture<Long> idle = adapter.inTransaction(tx -> tx.insert("items", Map.of("slug", "idle"))
                .thenCompose(row -> {
                    sleep(600);
                    return tx.count("items", Map.of());
                }));
        Throwable error = failure(idle, Duration.ofSeconds(10));
        assertThat(((DatabaseException) error).code()).isEqualTo(ErrorCode.CONNECTION);
        assertThat(error.getMessage()).contains("idle_in_transaction_session_timeout");
        assertThat(db.scalar("SELECT count(*) FROM items")).as("the idle transaction's insert rolled back").isEqualTo(0L);
        assertThat(adapter.count("items", Map.of()).get(5, TimeUnit.SECONDS)).isZero();
        ReliabilityFigures.faultInjected();
    }

    /** Makes the pool open {@code connections} connections by using them all at once. */
    private static void warm(PostgresAdapter adapter, int connections) throws Exception {
        List<CompletableFuture<List<Map<String, Object>>>> calls = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            calls.add(adapter.execute("SELECT pg_sleep(0.2)"));
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
    }

    private static Throwable failure(CompletableFuture<?> future, Duration limit) throws Exception {
        try {
            Object value = future.get(limit.toMillis(), TimeUnit.MILLISECONDS);
            throw new AssertionError("expected a failure, got " + value);
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
