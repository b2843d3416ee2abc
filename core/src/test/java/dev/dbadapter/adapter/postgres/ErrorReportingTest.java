package dev.dbadapter.adapter.postgres;

import static dev.dbadapter.adapter.postgres.Async.await;
import static dev.dbadapter.adapter.postgres.Async.failure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dbadapter.DbAdapterException;
import dev.dbadapter.ErrorCode;
import dev.dbadapter.adapter.ClientClosedException;
import dev.dbadapter.adapter.DatabaseException;
import dev.dbadapter.testing.PgDatabaseExtension;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** SQL errors keep what the server said; connection failures, closed adapters and secrets are reported safely. */
class ErrorReportingTest {
    @RegisterExtension
    static final PgDatabaseExtension db = new PgDatabaseExtension();

    private static final String PASSWORD = "s3cr3t!";
    private static final PoolOptions QUICK = PoolOptions.DEFAULTS.withFixedSize(1)
            .withConnectTimeout(Duration.ofSeconds(1)).withAcquireTimeout(Duration.ofMillis(500));

    @BeforeAll
    static void createTables() {
        db.sql("""
                CREATE TABLE owners (id int PRIMARY KEY, email text CONSTRAINT owners_email_unique UNIQUE);
                CREATE TABLE pets (id int PRIMARY KEY, owner_id int CONSTRAINT pets_owner_fk REFERENCES owners(id));
                INSERT INTO owners VALUES (1, 'a@example.com');
                """);
    }

    private static List<Throwable> causeChain(Throwable error) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable current = error; current != null && !chain.contains(current); current = current.getCause()) {
            chain.add(current);
            if (current instanceof SQLException sql && sql.getNextException() != null) {
                chain.add(sql.getNextException());
            }
        }
        return chain;
    }

    private static void assertNoPassword(Throwable error) {
        for (Throwable link : causeChain(error)) {
            assertThat(String.valueOf(link.getMessage())).doesNotContain(PASSWORD);
            assertThat(link.toString()).doesNotContain(PASSWORD);
            if (link instanceof DbAdapterException adapterError) {
                assertThat(String.valueOf(adapterError.hint())).doesNotContain(PASSWORD);
            }
        }
    }

    @Test
    void aUniqueViolationKeepsSqlStateConstraintAndServerMessage() {
        Throwable error = failure(db.adapter().insert("owners", Map.of("id", 2, "email", "a@example.com")));

        assertThat(error).isInstanceOf(DatabaseException.class);
        DatabaseException sqlError = (DatabaseException) error;
        assertThat(sqlError.code()).isEqualTo(ErrorCode.SQL);
        assertThat(sqlError.sqlState()).isEqualTo("23505");
        assertThat(sqlError.isUniqueViolation()).isTrue();
        assertThat(sqlError.constraint()).isEqualTo("owners_email_unique");
        assertThat(sqlError.serverMessage()).contains("duplicate key value violates unique constraint");
        assertThat(sqlError.detail()).contains("a@example.com");
        assertThat(sqlError).hasMessageContaining("23505").hasMessageContaining("owners")
                .hasMessageContaining("owners_email_unique");
        assertThat(sqlError.getCause()).isInstanceOf(SQLException.class);
        assertThat(db.scalar("SELECT count(*) FROM owners")).isEqualTo(1L);
    }

    @Test
    void aForeignKeyViolationIsRecognised() {
        DatabaseException error = (DatabaseException) failure(db.adapter().insert("pets", Map.of("id", 1, "owner_id", 99)));

        assertThat(error.isForeignKeyViolation()).isTrue();
        assertThat(error.constraint()).isEqualTo("pets_owner_fk");
        assertThat(db.scalar("SELECT count(*) FROM pets")).isEqualTo(0L);
    }

    @Test
    void aBadValueIsAnSqlErrorNamingTheProblem() {
        DatabaseException error = (DatabaseException) failure(db.adapter().insert("owners", Map.of("id", "not a number")));

        assertThat(error.sqlState()).isEqualTo("22P02");
        assertThat(error).hasMessageContaining("not a number");
    }

    @Test
    void anUnreachableServerIsAConnectionErrorWithoutThePassword() {
        String url = "postgresql://postgres:" + PASSWORD + "@127.0.0.1:1/nowhere";
        try (PostgresAdapter adapter = PostgresAdapter.builder(url).pool(QUICK).build()) {
            Throwable error = failure(adapter.select("anything"));

            assertThat(error).isInstanceOf(DatabaseException.class);
            assertThat(((DatabaseException) error).code()).isEqualTo(ErrorCode.CONNECTION);
            assertThat(error).hasMessageContaining("Cannot reach the database").hasMessageContaining("127.0.0.1:1")
                    .hasMessageContaining("refused");
            assertThat(((DbAdapterException) error).hint()).contains("server is running");
            assertNoPassword(error);
            assertThat(adapter.toString()).doesNotContain(PASSWORD).contains("127.0.0.1:1");
            assertThat(adapter.displayUrl()).doesNotContain(PASSWORD).contains("***");
            assertNoPassword(failure(adapter.transaction(tx -> tx.select("anything"))));
            assertNoPassword(failure(adapter.withConnection(connection -> 1)));
        }
    }

    @Test
    void aPasswordInTheUrlNeverShowsInMessagesOfAWorkingAdapter() {
        String url = PgDatabaseExtension.withDatabase(PgDatabaseExtension.SERVER_URL, db.databaseName())
                .replace("://postgres@", "://postgres:" + PASSWORD + "@");
        assertThat(url).contains(PASSWORD);
        try (PostgresAdapter adapter = PostgresAdapter.builder(url).pool(QUICK).build()) {
            assertThat(await(adapter.count("owners", Map.of()))).isEqualTo(1L);
            Throwable error = failure(adapter.insert("owners", Map.of("id", 1)));

            assertThat(error).isInstanceOf(DatabaseException.class);
            assertNoPassword(error);
            assertThat(adapter.toString()).doesNotContain(PASSWORD);
            assertThat(adapter.displayUrl()).doesNotContain(PASSWORD);
        }
        assertThat(PostgresUrl.parse(url).toString()).doesNotContain(PASSWORD);
        assertThat(PostgresUrl.parse(url).display()).doesNotContain(PASSWORD);
        assertThat(PostgresUrl.parse(url).jdbcUrl()).doesNotContain(PASSWORD);
    }

    @Test
    void callsAfterCloseFailAtOnceWithAClearMessage() {
        PostgresAdapter adapter = db.newAdapter(PoolOptions.DEFAULTS.withFixedSize(1));
        await(adapter.count("owners", Map.of()));
        adapter.close();
        adapter.close();

        List<CompletableFuture<?>> calls = List.of(
                adapter.select("owners"), adapter.count("owners", Map.of()),
                adapter.insert("owners", Map.of("id", 5)), adapter.insertMany("owners", List.of(Map.of("id", 6))),
                adapter.update("owners", Map.of("email", "x"), Map.of("id", 1)),
                adapter.delete("owners", Map.of("id", 1)), adapter.execute("SELECT 1"),
                adapter.transaction(tx -> tx.select("owners")), adapter.withConnection(connection -> 1));

        assertThat(adapter.isClosed()).isTrue();
        for (CompletableFuture<?> call : calls) {
            assertThat(call).isCompletedExceptionally();
            Throwable error = failure(call);
            assertThat(error).isInstanceOf(ClientClosedException.class).hasMessageContaining("is closed");
            assertThat(((DbAdapterException) error).code()).isEqualTo(ErrorCode.CLOSED);
        }
        assertThat(db.scalar("SELECT count(*) FROM owners")).isEqualTo(1L);
    }

    @Test
    void closeWaitsForCallsInFlight() throws InterruptedException {
        PostgresAdapter adapter = db.newAdapter(PoolOptions.DEFAULTS.withFixedSize(2));
        CountDownLatch started = new CountDownLatch(1);
        // the call is surely in flight when close() starts, and goes on using its connection after that
        CompletableFuture<Integer> slow = adapter.withConnection(connection -> {
            started.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!adapter.isClosed() && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            try (var statement = connection.createStatement();
                    var rows = statement.executeQuery("SELECT pg_sleep(0.05), 1 AS done")) {
                rows.next();
                return rows.getInt("done");
            }
        });
        assertThat(started.await(20, TimeUnit.SECONDS)).isTrue();

        adapter.close();

        assertThat(slow).isCompleted();
        assertThat(await(slow)).isEqualTo(1);
    }

    @Test
    void closingFromACallbackOfTheAdaptersOwnFutureDoesNotHang() {
        PostgresAdapter adapter = db.newAdapter(PoolOptions.DEFAULTS.withFixedSize(1));

        Long count = await(adapter.count("owners", Map.of()).whenComplete((value, error) -> adapter.close()));

        assertThat(count).isEqualTo(1L);
        assertThat(adapter.isClosed()).isTrue();
        assertThat(failure(adapter.select("owners"))).hasMessageContaining("is closed");
    }

    @Test
    void anErrorInsideWithConnectionIsTranslated() {
        Throwable error = failure(db.adapter().withConnection(connection -> {
            try (var statement = connection.createStatement()) {
                return statement.executeQuery("SELECT * FROM nowhere_table");
            }
        }));

        assertThat(error).isInstanceOf(DatabaseException.class);
        assertThat(((DatabaseException) error).sqlState()).isEqualTo("42P01");
    }

    @Test
    void aSessionTerminatedByTheServerMidTransactionSaysSoAndTheNextCallSucceeds() {
        PostgresAdapter adapter = db.newAdapter(PoolOptions.DEFAULTS.withFixedSize(1));
        Throwable error = failure(adapter.transaction(tx -> tx.execute("INSERT INTO owners VALUES (7, 'x@example.com')")
                .thenCompose(ignored -> tx.execute("SELECT pg_backend_pid() AS pid"))
                .thenApply(rows -> {
                    db.sql("SELECT pg_terminate_backend(" + rows.getFirst().get("pid") + ")");
                    return rows;
                })
                .thenCompose(ignored -> tx.execute("SELECT 1"))));
        assertThat(error).isInstanceOf(DatabaseException.class);
        DatabaseException database = (DatabaseException) error;
        assertThat(database.code()).isEqualTo(ErrorCode.CONNECTION);
        assertThat(database.sqlState()).isIn("57P01", "08006");
        assertThat(database.getMessage()).containsAnyOf("The server terminated the session", "connection to the database was lost")
                .doesNotContain("Connection is closed");
        assertThat(database.hint()).contains("run the command again");
        assertThat(db.scalar("SELECT count(*) FROM owners WHERE id = 7")).isEqualTo(0L);
        assertThat(await(adapter.count("owners", Map.of()))).isEqualTo(1L);
    }
}
