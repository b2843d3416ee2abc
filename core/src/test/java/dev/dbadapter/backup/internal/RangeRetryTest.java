package dev.dbadapter.backup.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dbadapter.testing.PgDatabaseExtension;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link RangeRetry} against PostgreSQL: an {@code INSERT … SELECT} over numbered source rows into
 * a table whose CHECK rejects negative values, inside one transaction.
 */
class RangeRetryTest {
    @RegisterExtension
    static final PgDatabaseExtension db = new PgDatabaseExtension();

    Connection connection;
    PreparedStatement insert;
    int statements;

    /** What the retry reported, in order: {@code row n} or {@code range a-b}, and the retries hook. */
    final List<String> reported = new ArrayList<>();

    final RangeRetry.BadRows recorder = new RangeRetry.BadRows() {
        @Override
        public void beforeRetries() {
            reported.add("before retries");
        }

        @Override
        public void row(long index, SQLException error) {
            assertThat(error.getSQLState()).isEqualTo("23514");
            reported.add("row " + index);
        }

        @Override
        public void range(long first, long last, SQLException error) {
            assertThat(error.getSQLState()).isEqualTo("23514");
            reported.add("range " + first + "-" + last);
        }
    };

    @BeforeEach
    void tables() throws SQLException {
        db.sql("""
                DROP TABLE IF EXISTS source, target;
                CREATE TABLE source (idx bigint PRIMARY KEY, v int);
                CREATE TABLE target (idx bigint PRIMARY KEY, v int CHECK (v >= 0));
                INSERT INTO source SELECT i, 1 FROM generate_series(0, 999) i;
                """);
        connection = db.connection();
        connection.setAutoCommit(false);
        insert = connection.prepareStatement("INSERT INTO target SELECT idx, v FROM source WHERE idx BETWEEN ? AND ?");
    }

    @AfterEach
    void close() throws SQLException {
        connection.close();
    }

    long run(long first, long last, int isolateAtMost) throws SQLException {
        return RangeRetry.run(connection, first, last, isolateAtMost, (from, to) -> {
            statements++;
            insert.setLong(1, from);
            insert.setLong(2, to);
            return insert.executeUpdate();
        }, recorder);
    }

    long committedTargetRows() throws SQLException {
        connection.commit();
        return (Long) db.scalar("SELECT count(*) FROM target");
    }

    @Test
    void aRangeWithoutBadRowsRunsAsOneStatementAndNeverRetries() throws Exception {
        assertThat(run(0, 999, 100)).isEqualTo(1000);
        assertThat(statements).isEqualTo(1);
        assertThat(reported).isEmpty();
        assertThat(committedTargetRows()).isEqualTo(1000);
    }

    @Test
    void badRowsAreIsolatedInOrderAndEveryOtherRowIsKept() throws Exception {
        db.sql("UPDATE source SET v = -1 WHERE idx IN (3, 17, 18, 500, 999)");

        assertThat(run(0, 999, 100)).isEqualTo(995);

        assertThat(reported).containsExactly("before retries", "row 3", "row 17", "row 18", "row 500", "row 999");
        assertThat(committedTargetRows()).isEqualTo(995);
        assertThat(db.scalar("SELECT count(*) FROM target WHERE idx IN (3, 17, 18, 500, 999)")).isEqualTo(0L);
        assertThat(statements).as("a few statements per bad row, not one per row").isLessThan(5 * 2 * 11);
    }

    @Test
    void pastTheIsolationLimitAFailingRangeIsReportedWholeAndNotSplit() throws Exception {
        db.sql("UPDATE source SET v = -1 WHERE idx IN (10, 20, 600, 601)");

        long changed = run(0, 999, 2);

        // halves: 0-499 is split down to rows 10 and 20; then 500-999 fails with the limit reached
        assertThat(reported).containsExactly("before retries", "row 10", "row 20", "range 500-999");
        assertThat(changed).isEqualTo(1000 - 2 - 500);
        assertThat(committedTargetRows()).isEqualTo(498);
        assertThat(db.scalar("SELECT max(idx) FROM target")).isEqualTo(499L);
    }

    @Test
    void aSingleRowRangeThatFailsIsThatRow() throws Exception {
        db.sql("UPDATE source SET v = -1 WHERE idx = 7");
        assertThat(run(7, 7, 0)).isZero();
        assertThat(reported).containsExactly("before retries", "row 7");
        assertThat(run(8, 8, 0)).isEqualTo(1);
        assertThat(committedTargetRows()).isEqualTo(1);
    }

    @Test
    void whatTheReceiverThrowsEndsTheRun() throws Exception {
        db.sql("UPDATE source SET v = -1 WHERE idx = 42");
        RangeRetry.BadRows abort = new RangeRetry.BadRows() {
            @Override
            public void row(long index, SQLException error) {
                throw new IllegalStateException("row " + index + " aborts");
            }

            @Override
            public void range(long first, long last, SQLException error) {
                throw new AssertionError("not expected");
            }
        };
        assertThatThrownBy(() -> RangeRetry.run(connection, 0, 999, 100, (from, to) -> {
            insert.setLong(1, from);
            insert.setLong(2, to);
            return insert.executeUpdate();
        }, abort)).isInstanceOf(IllegalStateException.class).hasMessage("row 42 aborts");
    }

    @Test
    void underSavepointRollsBackOnlyTheFailedWork() throws Exception {
        try (Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO target VALUES (1, 1)");
            SQLException error = RangeRetry.underSavepoint(connection,
                    () -> statement.execute("INSERT INTO target VALUES (2, 2), (3, -3)"));
            assertThat(error.getSQLState()).isEqualTo("23514");
            SQLException none = RangeRetry.underSavepoint(connection, () -> statement.execute("INSERT INTO target VALUES (4, 4)"));
            assertThat(none == null).isTrue();
        }
        assertThat(committedTargetRows()).isEqualTo(2);
        assertThat(db.query("SELECT idx FROM target ORDER BY idx").toString()).isEqualTo("[{idx=1}, {idx=4}]");
    }
}
