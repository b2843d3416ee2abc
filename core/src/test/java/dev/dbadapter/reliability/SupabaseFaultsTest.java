package dev.dbadapter.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbadapter.ErrorCode;
import dev.dbadapter.adapter.DatabaseException;
import dev.dbadapter.adapter.supabase.SupabaseAdapter;
import dev.dbadapter.testing.FaultProxy;
import dev.dbadapter.testing.PgDatabaseExtension;
import dev.dbadapter.testing.PostgrestExtension;
import dev.dbadapter.testing.PostgrestExtension.Key;
import dev.dbadapter.testing.Reliability;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Supabase adapter's HTTP path behind a {@link FaultProxy}: a black-holed request fails within
 * the adapter's request timeout, connections closed under a write end in a clear connection error,
 * and the next call after the network is back succeeds.
 */
@Reliability
class SupabaseFaultsTest {
    @RegisterExtension
    static final PgDatabaseExtension db = new PgDatabaseExtension();
    @RegisterExtension
    static final PostgrestExtension rest = new PostgrestExtension(db);

    static final Duration TIMEOUT = Duration.ofSeconds(2);

    @BeforeAll
    static void notes() {
        db.sql("CREATE TABLE notes (id serial PRIMARY KEY, body text); INSERT INTO notes (body) VALUES ('a'), ('b')");
    }

    @Test
    void aBlackHoleTimesOutAClosedConnectionIsAClearErrorAndTheNextCallSucceeds() throws Exception {
        try (FaultProxy proxy = FaultProxy.to(rest.url());
                SupabaseAdapter adapter = SupabaseAdapter.builder("http://127.0.0.1:" + proxy.port(), rest.key(Key.SECRET))
                        .requestTimeout(TIMEOUT).build()) {
            // the insert also reads (and keeps) the API's description of the table, which a cut write must not need
            assertThat(adapter.insert("notes", Map.of("body", "before")).get(10, TimeUnit.SECONDS)).containsKey("id");
            assertThat(adapter.count("notes", Map.of()).get(10, TimeUnit.SECONDS)).isEqualTo(3L);

            proxy.blackHole();
            long start = System.nanoTime();
            DatabaseException timedOut = failure(adapter.count("notes", Map.of()));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.plusSeconds(3));
            assertThat(timedOut.code()).isEqualTo(ErrorCode.CONNECTION);
            assertThat(timedOut.getMessage()).contains("did not answer within 2000 ms");

            // a write: the JDK's HTTP client would send a read again on a fresh connection, into the black hole
            start = System.nanoTime();
            CompletableFuture<Map<String, Object>> inFlight = adapter.insert("notes", Map.of("body", "cut"));
            Thread.sleep(200);
            proxy.closeAll();
            DatabaseException cut = failure(inFlight);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("cut, not timed out").isLessThan(TIMEOUT);
            assertThat(cut.code()).isEqualTo(ErrorCode.CONNECTION);
            assertThat(cut.getMessage()).contains("Cannot reach Supabase at http://127.0.0.1:" + proxy.port() + " (insert into notes)")
                    .doesNotContain(rest.key(Key.SECRET));

            proxy.forward();
            assertThat(adapter.count("notes", Map.of()).get(10, TimeUnit.SECONDS)).as("the cut insert never arrived")
                    .isEqualTo(3L);
            assertThat(adapter.insert("notes", Map.of("body", "after")).get(10, TimeUnit.SECONDS)).containsEntry("body", "after");
        }
    }

    private static DatabaseException failure(CompletableFuture<?> future) throws Exception {
        try {
            Object value = future.get(30, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure, got " + value);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            assertThat(cause).isInstanceOf(DatabaseException.class);
            return (DatabaseException) cause;
        }
    }
}
