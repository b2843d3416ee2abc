package dev.dbadapter.backup.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dbadapter.testing.PgDatabaseExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link StagingWriter} against PostgreSQL: rows in, the same text out, and no COPY left open. */
class StagingWriterTest {
    @RegisterExtension
    static final PgDatabaseExtension db = new PgDatabaseExtension();

    Connection connection;

    @BeforeEach
    void open() throws SQLException {
        connection = db.connection();
        connection.setAutoCommit(false);
    }

    @AfterEach
    void close() throws SQLException {
        connection.close();
    }

    List<String> rows(String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    @Test
    void valuesComeBackExactlyWithTheirRowNumbers() throws Exception {
        StagingWriter.create(connection, "staged", List.of("Mixed Case", "note", "unused"));
        String big = "é".repeat(40_000) + "\\end";
        try (StagingWriter writer = new StagingWriter(connection)) {
            writer.begin("staged", List.of("note", "Mixed Case"));
            writer.row(0, new String[] {"tab\there, line\nbreak, cr\r, back\\slash, \\N as text", "a"});
            writer.row(5, new String[] {null, ""});
            writer.row(6, new String[] {big, "ünïcödé ✓"});
            assertThat(writer.end()).isEqualTo(3);
        }
        assertThat(rows("SELECT __idx, \"Mixed Case\", note IS NULL, unused FROM staged ORDER BY __idx"))
                .containsExactly("[0, a, f, null]", "[5, , t, null]", "[6, ünïcödé ✓, f, null]");
        assertThat(rows("SELECT note FROM staged WHERE __idx = 0"))
                .containsExactly("[tab\there, line\nbreak, cr\r, back\\slash, \\N as text]");
        assertThat(rows("SELECT note = '" + big.replace("'", "''") + "' FROM staged WHERE __idx = 6")).containsExactly("[t]");
    }

    @Test
    void rowsStreamedFromAQueryStageAsTheSourceHasThem() throws Exception {
        db.sql("""
                DROP TABLE IF EXISTS source;
                CREATE TABLE source (id int, label text, tags text[], doc jsonb);
                INSERT INTO source SELECT i, CASE WHEN i % 7 = 0 THEN NULL ELSE 'label ' || i || E'\\t' || i END,
                    ARRAY['a' || i, 'b\\c'], jsonb_build_object('n', i, 's', E'x\\ny') FROM generate_series(1, 5000) i;
                """);
        StagingWriter.create(connection, "staged", List.of("id", "label", "tags", "doc"));
        try (Connection source = db.connection(); StagingWriter writer = new StagingWriter(connection)) {
            source.setAutoCommit(false);
            try (Statement statement = source.createStatement()) {
                statement.setFetchSize(500);
                try (ResultSet rs = statement.executeQuery("SELECT id, label, tags, doc FROM source ORDER BY id")) {
                    writer.begin("staged", List.of("id", "label", "tags", "doc"));
                    String[] values = new String[4];
                    long index = 0;
                    while (rs.next()) {
                        for (int i = 0; i < values.length; i++) {
                            values[i] = rs.getString(i + 1);
                        }
                        writer.row(index++, values);
                    }
                    assertThat(writer.end()).isEqualTo(5000);
                }
            }
        }
        assertThat(rows("""
                SELECT count(*) FROM (
                    (SELECT id, label, tags, doc FROM source
                     EXCEPT SELECT id::int, label, tags::text[], doc::jsonb FROM staged)
                    UNION ALL
                    (SELECT id::int, label, tags::text[], doc::jsonb FROM staged
                     EXCEPT SELECT id, label, tags, doc FROM source)) difference""")).containsExactly("[0]");
        assertThat(rows("SELECT count(*), min(__idx), max(__idx) FROM staged")).containsExactly("[5000, 0, 4999]");
    }

    @Test
    void beginningATableWhileACopyIsOpenAbortsThatCopyAtOnce() throws Exception {
        StagingWriter.create(connection, "first", List.of("a"));
        StagingWriter.create(connection, "second", List.of("a"));
        try (StagingWriter writer = new StagingWriter(connection)) {
            writer.begin("first", List.of("a"));
            writer.row(0, new String[] {"x"});
            assertThatThrownBy(() -> writer.begin("second", List.of("a")))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("the rows of first were not ended before second began");
            connection.rollback();
            assertThat(rows("SELECT 1")).as("the connection is out of COPY").containsExactly("[1]");
        }
    }

    @Test
    void closingAbortsAnOpenCopyAndKeepsNoneOfItsRows() throws Exception {
        db.sql("DROP TABLE IF EXISTS landing; CREATE TABLE landing (__idx bigint, a text)");
        connection.setAutoCommit(true);
        try (StagingWriter writer = new StagingWriter(connection)) {
            writer.begin("landing", List.of("a"));
            for (int i = 0; i < 10_000; i++) {
                writer.row(i, new String[] {"row " + i});
            }
        }
        assertThat(rows("SELECT count(*) FROM landing")).containsExactly("[0]");
        assertThat(db.scalar("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                + " AND query ILIKE 'COPY%' AND state = 'active'")).isEqualTo(0L);
    }

    @Test
    void rowsOutsideACopyAreRefused() throws Exception {
        StagingWriter writer = new StagingWriter(connection);
        assertThatThrownBy(() -> writer.row(0, new String[] {"x"})).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(writer::end).isInstanceOf(IllegalStateException.class);
        writer.close();
    }

    @Test
    void aSessionEndedMidCopySurfacesAsTheDriversSqlException() throws Exception {
        StagingWriter.create(connection, "staged", List.of("a"));
        Object pid = rows("SELECT pg_backend_pid()").getFirst().replaceAll("[\\[\\]]", "");
        StagingWriter writer = new StagingWriter(connection);
        writer.begin("staged", List.of("a"));
        db.sql("SELECT pg_terminate_backend(" + pid + ")");
        String value = "v".repeat(1000);
        assertThatThrownBy(() -> {
            for (int i = 0; i < 1_000; i++) {
                writer.row(i, new String[] {value});
            }
            writer.end();
        }).isInstanceOf(SQLException.class).satisfies(error ->
                assertThat(((SQLException) error).getSQLState()).isIn("08006", "57P01"));
        for (AutoCloseable gone : List.<AutoCloseable>of(writer, connection)) {
            try {
                gone.close();
            } catch (SQLException alreadyGone) {
                // the session is gone: there is nothing left to abort or close
            }
        }
        connection = db.connection();
    }
}
