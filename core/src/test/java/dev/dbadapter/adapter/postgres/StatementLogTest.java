package dev.dbadapter.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dbadapter.adapter.postgres.internal.StatementLog;
import dev.dbadapter.testing.PgDatabaseExtension;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.PGConnection;

/** {@link StatementLog}: each statement a connection runs, with its time, failed ones too. */
class StatementLogTest {
    @RegisterExtension
    static final PgDatabaseExtension db = new PgDatabaseExtension();

    record Seen(String sql, long nanos, Throwable failure) {
    }

    @Test
    void everyStatementIsReportedWithItsTimeAndFailuresToo() throws Exception {
        List<Seen> seen = new ArrayList<>();
        try (Connection connection = StatementLog.wrap(db.connection(), (sql, nanos, failure) -> seen.add(new Seen(sql, nanos, failure)))) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TEMP TABLE t (n int)");
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO t VALUES (?)")) {
                insert.setInt(1, 7);
                assertThat(insert.executeUpdate()).isEqualTo(1);
            }
            try (PreparedStatement select = connection.prepareStatement("SELECT n FROM t");
                    ResultSet rs = select.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(7);
            }
            try (Statement statement = connection.createStatement()) {
                assertThatThrownBy(() -> statement.execute("SELECT * FROM missing")).isInstanceOf(SQLException.class);
            }
            // what the COPY paths need still works through the wrapper
            assertThat(connection.unwrap(PGConnection.class).getCopyAPI()).isNotNull();
        }

        assertThat(seen).extracting(Seen::sql).containsExactly("CREATE TEMP TABLE t (n int)", "INSERT INTO t VALUES (?)",
                "SELECT n FROM t", "SELECT * FROM missing");
        assertThat(seen).allSatisfy(statement -> assertThat(statement.nanos()).isPositive());
        assertThat(seen.getLast().failure()).isInstanceOf(SQLException.class).hasMessageContaining("missing");
        assertThat(seen.subList(0, 3)).allSatisfy(statement -> assertThat(statement.failure()).isNull());
    }

    @Test
    void offTheConnectionIsUsedAsItIs() throws Exception {
        // the tests run with the logger below debug
        try (Connection connection = db.connection()) {
            assertThat(StatementLog.wrap(connection)).isSameAs(connection);
        }
    }
}
