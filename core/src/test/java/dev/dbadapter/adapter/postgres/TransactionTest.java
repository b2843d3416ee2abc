package dev.dbadapter.adapter.postgres;

import static dev.dbadapter.adapter.postgres.Async.await;
import static dev.dbadapter.adapter.postgres.Async.failure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dbadapter.DbAdapterException;
import dev.dbadapter.ErrorCode;
import dev.dbadapter.UsageException;
import dev.dbadapter.adapter.DatabaseClient;
import dev.dbadapter.adapter.DatabaseException;
import dev.dbadapter.adapter.postgres.internal.SqlErrors;
import dev.dbadapter.testing.PgDatabaseExtension;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code transaction(...)} and {@code inTransaction(...)}: commit, rollback, ordering, savepoints and
 * the bound client's life.
 */
class TransactionTest {
    @RegisterExtension
    static final PgDatabaseExtension db = new PgDatabaseExtension();

    @BeforeEach
    void freshTable() {
        db.sql("DROP TABLE IF EXISTS items; CREATE TABLE items (seq serial PRIMARY KEY, name text UNIQUE, n int)");
    }

    private static List<Object> names() {
        return db.query("SELECT name FROM items ORDER BY seq").stream().map(row -> row.get("name")).toList();
    }

    @Test
    void aCompletedStageCommitsAndItsValueIsTheResult() {
        String result = await(db.adapter().transaction(tx -> tx.insert("items", Map.of("name", "a"))
                .thenCompose(row -> tx.insert("items", Map.of("name", "b")))
                .thenApply(row -> "done " + row.get("name"))));

        assertThat(result).isEqualTo("done b");
        assertThat(names()).containsExactly("a", "b");
    }

    @Test
    void anExceptionalStageRollsBackAndFailsWithTheSameException() {
        IllegalStateException boom = new IllegalStateException("boom");

        Throwable error = failure(db.adapter().transaction(tx -> tx.insert("items", Map.of("name", "a"))
                .thenCompose(row -> CompletableFuture.failedFuture(boom))));

        assertThat(error).isSameAs(boom);
        assertThat(names()).isEmpty();
    }

    @Test
    void anExceptionThrownByTheWorkRollsBackCallsAlreadySubmitted() {
        IllegalStateException boom = new IllegalStateException("thrown");

        Throwable error = failure(db.adapter().transaction(tx -> {
            tx.insert("items", Map.of("name", "a"));
            tx.insert("items", Map.of("name", "b"));
            throw boom;
        }));

        assertThat(error).isSameAs(boom);
        assertThat(names()).isEmpty();
    }

    @Test
    void aSqlErrorRollsBackEarlierWritesAndKeepsSqlState() {
        db.sql("INSERT INTO items (name) VALUES ('taken')");

        Throwable error = failure(db.adapter().transaction(tx -> tx.insert("items", Map.of("name", "a"))
                .thenCompose(row -> tx.insert("items", Map.of("name", "taken")))));

        assertThat(error).isInstanceOf(DatabaseException.class);
        assertThat(((DatabaseException) error).sqlState()).isEqualTo("23505");
        assertThat(names()).containsExactly("taken");
    }

    @Test
    void aSwallowedSqlErrorDoesNotReportACommitThatDidNotHappen() {
        db.sql("INSERT INTO items (name) VALUES ('taken')");

        Throwable error = failure(db.adapter().transaction(tx -> tx.insert("items", Map.of("name", "a"))
                .thenCompose(row -> tx.insert("items", Map.of("name", "taken")))
                .handle((row, ignored) -> "pretend all is well")));

        assertThat(error).isInstanceOf(DatabaseException.class).hasMessageContaining("rolled back")
                .hasMessageContaining("items_name_key");
        assertThat(((DatabaseException) error).isUniqueViolation()).isTrue();
        assertThat(names()).containsExactly("taken");
    }

    @Test
    void aFailingCallThatWasNeverAwaitedStillFailsTheTransaction() {
        db.sql("INSERT INTO items (name) VALUES ('taken')");

        Throwable error = failure(db.adapter().transaction(tx -> {
            tx.insert("items", Map.of("name", "a"));
            tx.insert("items", Map.of("name", "taken"));
            return CompletableFuture.completedFuture("not waiting");
        }));

        assertThat(error).isInstanceOf(DatabaseException.class);
        assertThat(names()).containsExactly("taken");
    }

    @Test
    void callsOnTheBoundClientRunInSubmissionOrder() {
        await(db.adapter().transaction(tx -> {
            List<CompletableFuture<Map<String, Object>>> inserts = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                inserts.add(tx.insert("items", Map.of("name", "n" + i, "n", i)));
            }
            return CompletableFuture.allOf(inserts.toArray(CompletableFuture[]::new));
        }));

        List<Object> order = db.query("SELECT n FROM items ORDER BY seq").stream().map(row -> row.get("n")).toList();
        assertThat(order).hasSize(200);
        assertThat(order).isEqualTo(java.util.stream.IntStream.range(0, 200).boxed().toList());
    }

    @Test
    void callsFiredWithoutWaitingAreCommittedBeforeTheResultCompletes() {
        await(db.adapter().transaction(tx -> {
            for (int i = 0; i < 50; i++) {
                tx.insert("items", Map.of("name", "n" + i, "n", i));
            }
            return CompletableFuture.completedFuture(null);
        }));

        assertThat(db.scalar("SELECT count(*) FROM items")).isEqualTo(50L);
    }

    @Test
    void aFailedNestedTransactionRollsBackOnlyItsOwnWork() {
        IllegalStateException inner = new IllegalStateException("inner");
        AtomicReference<Throwable> innerFailure = new AtomicReference<>();

        await(db.adapter().transaction(tx -> tx.insert("items", Map.of("name", "outer-1"))
                .thenCompose(row -> tx.transaction(nested -> nested.insert("items", Map.of("name", "inner"))
                        .thenCompose(r -> CompletableFuture.<Object>failedFuture(inner))))
                .handle((value, error) -> {
                    innerFailure.set(SqlErrors.unwrap(error));
                    return value;
                })
                .thenCompose(ignored -> tx.insert("items", Map.of("name", "outer-2")))));

        assertThat(innerFailure.get()).isSameAs(inner);
        assertThat(names()).containsExactly("outer-1", "outer-2");
    }

    @Test
    void aSqlErrorInANestedTransactionLeavesTheOuterOneUsable() {
        db.sql("INSERT INTO items (name) VALUES ('taken')");

        Throwable innerError = await(db.adapter().transaction(tx -> tx.insert("items", Map.of("name", "a"))
                .thenCompose(row -> tx.transaction(nested -> nested.insert("items", Map.of("name", "taken"))))
                .handle((row, error) -> SqlErrors.unwrap(error))
                .thenCompose(error -> tx.insert("items", Map.of("name", "b")).thenApply(row -> error))));

        assertThat(innerError).isInstanceOf(DatabaseException.class);
        assertThat(names()).containsExactly("taken", "a", "b");
    }

    @Test
    void aSuccessfulNestedTransactionIsKeptByTheOuterCommit() {
        Object value = await(db.adapter().transaction(tx -> tx.insert("items", Map.of("name", "a"))
                .thenCompose(row -> tx.transaction(nested -> nested.insert("items", Map.of("name", "b"))
                        .thenCompose(r -> nested.transaction(deeper -> deeper.insert("items", Map.of("name", "c")))))
                .thenApply(last -> last.get("name")))));

        assertThat(value).isEqualTo("c");
        assertThat(names()).containsExactly("a", "b", "c");
    }

    @Test
    void aNestedTransactionIsUndoneWhenTheOuterOneRollsBack() {
        failure(db.adapter().transaction(tx -> tx.transaction(nested -> nested.insert("items", Map.of("name", "b")))
                .thenCompose(row -> CompletableFuture.failedFuture(new IllegalStateException("outer fails")))));

        assertThat(names()).isEmpty();
    }

    @Test
    void aNestedTransactionThatSwallowedAnErrorFailsAndLeavesTheOuterOneUsable() {
        db.sql("INSERT INTO items (name) VALUES ('taken')");

        Throwable innerError = await(db.adapter().transaction(tx -> tx
                .transaction(nested -> nested.insert("items", Map.of("name", "taken")).handle((row, ignored) -> "swallowed"))
                .handle((value, error) -> SqlErrors.unwrap(error))
                .thenCompose(error -> tx.insert("items", Map.of("name", "after")).thenApply(row -> error))));

        assertThat(innerError).isInstanceOf(DatabaseException.class).hasMessageContaining("rolled back");
        assertThat(names()).containsExactly("taken", "after");
    }

    @Test
    void theBoundClientFailsFastOnceTheTransactionEnded() {
        AtomicReference<DatabaseClient> leaked = new AtomicReference<>();
        await(db.adapter().transaction(tx -> {
            leaked.set(tx);
            return CompletableFuture.completedFuture(null);
        }));

        Throwable error = failure(leaked.get().insert("items", Map.of("name", "late")));
        Throwable nested = failure(leaked.get().transaction(tx -> tx.insert("items", Map.of("name", "late"))));

        assertThat(error).isInstanceOf(UsageException.class).hasMessageContaining("transaction has already ended");
        assertThat(((DbAdapterException) error).code()).isEqualTo(ErrorCode.USAGE);
        assertThat(nested).isInstanceOf(DbAdapterException.class);
        assertThat(names()).isEmpty();
    }

    @Test
    void withConnectionInsideATransactionSeesItsUncommittedRows() {
        long[] seen = new long[2];

        await(db.adapter().inTransaction(tx -> tx.insert("items", Map.of("name", "pending"))
                .thenCompose(row -> tx.withConnection(TransactionTest::itemCount))
                .thenCompose(insideCount -> {
                    seen[0] = insideCount;
                    return db.adapter().count("items", Map.of());
                })
                .thenApply(outsideCount -> seen[1] = outsideCount)));

        assertThat(seen[0]).isEqualTo(1L);
        assertThat(seen[1]).isEqualTo(0L);
        assertThat(names()).containsExactly("pending");
    }

    @Test
    void insertManyOfSeveralBatchesJoinsTheEnclosingTransaction() {
        List<Map<String, Object>> rows = java.util.stream.IntStream.range(0, 2_500)
                .mapToObj(i -> Map.<String, Object>of("name", "r" + i, "n", i)).toList();

        failure(db.adapter().transaction(tx -> tx.insertMany("items", rows)
                .thenCompose(created -> CompletableFuture.failedFuture(new IllegalStateException("after insertMany")))));
        Integer created = await(db.adapter().transaction(tx -> tx.insertMany("items", rows).thenApply(List::size)));

        assertThat(created).isEqualTo(2_500);
        assertThat(db.scalar("SELECT count(*) FROM items")).isEqualTo(2_500L);
    }

    @Test
    void theWorkMayWaitForItsOwnCallsSynchronously() {
        Long count = await(db.adapter().transaction(tx -> {
            tx.insert("items", Map.of("name", "a")).join();
            tx.insert("items", Map.of("name", "b")).join();
            return tx.count("items", Map.of());
        }));

        assertThat(count).isEqualTo(2L);
        assertThat(names()).containsExactly("a", "b");
    }

    @Test
    void manyConcurrentTransactionsOnASmallPoolAllCommit() {
        PostgresAdapter small = db.newAdapter(PoolOptions.DEFAULTS.withFixedSize(2));
        List<CompletableFuture<Object>> transactions = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            int n = i;
            transactions.add(small.transaction(tx -> tx.insert("items", Map.of("name", "t" + n, "n", n))
                    .thenCompose(row -> tx.update("items", Map.of("n", n * 10), Map.of("name", "t" + n)))
                    .thenApply(row -> row.get("n"))));
        }

        List<Object> results = transactions.stream().map(Async::await).toList();

        assertThat(results).isEqualTo(java.util.stream.IntStream.range(0, 20).mapToObj(n -> (Object) (n * 10)).toList());
        assertThat(db.scalar("SELECT sum(n) FROM items")).isEqualTo(1900L);
    }

    @Test
    void theTransactionsConnectionReturnsToThePoolInAutoCommitMode() {
        PostgresAdapter single = db.newAdapter(PoolOptions.DEFAULTS.withFixedSize(1));
        failure(single.transaction(tx -> tx.insert("items", Map.of("name", "x"))
                .thenCompose(row -> CompletableFuture.failedFuture(new IllegalStateException()))));

        await(single.insert("items", Map.of("name", "autocommitted")));

        assertThat(names()).containsExactly("autocommitted");
        assertThat(await(single.withConnection(java.sql.Connection::getAutoCommit))).isTrue();
    }

    private static Void insertRaw(Connection connection, String name) throws Exception {
        try (PreparedStatement statement = connection.prepareStatement("INSERT INTO items (name) VALUES (?)")) {
            statement.setString(1, name);
            statement.executeUpdate();
        }
        return null;
    }

    private static long itemCount(Connection connection) throws Exception {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT count(*) FROM items")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static int backendPid(Connection connection) throws Exception {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void rawAndMapCallsOfTheWorkCommitTogether() {
        Long seen = await(db.adapter().inTransaction(tx -> tx.withConnection(connection -> insertRaw(connection, "raw"))
                .thenCompose(ignored -> tx.insert("items", Map.of("name", "mapped")))
                .thenCompose(row -> tx.withConnection(TransactionTest::itemCount))));

        assertThat(seen).isEqualTo(2L);
        assertThat(names()).containsExactly("raw", "mapped");
    }

    @Test
    void everyCallOfTheWorkRunsOnTheTransactionsOneConnection() {
        List<Integer> pids = await(db.adapter().inTransaction(tx -> tx.withConnection(TransactionTest::backendPid)
                .thenCompose(first -> tx.execute("SELECT pg_backend_pid() AS pid")
                        .thenCompose(rows -> tx.inTransaction(nested -> nested.withConnection(TransactionTest::backendPid))
                                .thenApply(inner -> List.of(first, (Integer) rows.getFirst().get("pid"), inner))))));

        assertThat(pids).hasSize(3).containsOnly(pids.getFirst());
    }

    @Test
    void aFailureRollsBackRawWritesAndIsTheResult() {
        IllegalStateException boom = new IllegalStateException("boom");

        Throwable error = failure(db.adapter().inTransaction(tx -> tx.withConnection(connection -> insertRaw(connection, "raw"))
                .thenCompose(ignored -> CompletableFuture.<Void>failedFuture(boom))));

        assertThat(error).isSameAs(boom);
        assertThat(names()).isEmpty();
    }

    @Test
    void aFailedNestedCallIsASavepointTheOuterWorkSurvives() {
        await(db.adapter().inTransaction(tx -> tx.withConnection(connection -> insertRaw(connection, "outer"))
                .thenCompose(ignored -> tx.inTransaction(nested -> nested.withConnection(connection -> insertRaw(connection, "inner"))
                        .thenCompose(none -> nested.withConnection(connection -> insertRaw(connection, "outer")))))
                .exceptionally(duplicate -> null)
                .thenCompose(ignored -> tx.insert("items", Map.of("name", "after")))));

        assertThat(names()).containsExactly("outer", "after");
    }

    @Test
    void aSuccessfulNestedCallIsUndoneWhenTheOuterWorkFails() {
        failure(db.adapter().inTransaction(tx -> tx.inTransaction(nested -> nested.withConnection(connection -> insertRaw(connection, "inner")))
                .thenCompose(ignored -> CompletableFuture.failedFuture(new IllegalStateException("outer fails")))));

        assertThat(names()).isEmpty();
    }

    @Test
    void transactionHandsOutThePostgresClientOfInTransaction() {
        boolean postgres = await(db.adapter().transaction(tx -> CompletableFuture.completedFuture(tx instanceof PostgresClient)));
        assertThat(postgres).isTrue();
    }
}
