package dev.dbadapter.adapter.postgres;

import static dev.dbadapter.adapter.postgres.Async.await;
import static dev.dbadapter.adapter.postgres.Async.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dbadapter.adapter.DatabaseException;
import dev.dbadapter.testing.PgDatabaseExtension;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Raw SQL through {@code execute} with {@code :name} parameters. */
class ExecuteTest {
    @RegisterExtension
    static final PgDatabaseExtension db = new PgDatabaseExtension();

    @Test
    void ddlRunsAndReturnsNoRows() {
        List<Map<String, Object>> rows = await(db.adapter().execute(
                "CREATE TABLE ddl_made (id int PRIMARY KEY, name text); CREATE INDEX ON ddl_made (name)"));

        assertThat(rows).isEmpty();
        assertThat(db.scalar("SELECT count(*) FROM pg_indexes WHERE tablename = 'ddl_made'")).isEqualTo(2L);
    }

    @Test
    void namedParametersAreBoundAndMayRepeat() {
        UUID id = UUID.randomUUID();

        List<Map<String, Object>> rows = await(db.adapter().execute(
                "SELECT :n + 1 AS next, :n * 2 AS twice, :id::uuid AS id, :day::date AS day",
                Map.of("n", 20, "id", id.toString(), "day", LocalDate.of(2026, 3, 1))));

        assertThat(rows).singleElement().satisfies(row -> {
            assertThat(row.get("next")).isEqualTo(21);
            assertThat(row.get("twice")).isEqualTo(40);
            assertThat(row.get("id")).isEqualTo(id);
            assertThat(row.get("day")).isEqualTo(LocalDate.of(2026, 3, 1));
        });
    }

    @Test
    void parametersWriteRows() {
        db.sql("CREATE TABLE notes (id serial PRIMARY KEY, body text, n int)");

        List<Map<String, Object>> rows = await(db.adapter().execute(
                "INSERT INTO notes (body, n) VALUES (:body, :n), (:body, :n + 1) RETURNING n",
                Map.of("body", "it's :not a param", "n", 1)));

        assertThat(rows).extracting(row -> row.get("n")).containsExactly(1, 2);
        assertThat(db.scalar("SELECT count(*) FROM notes WHERE body = 'it''s :not a param'")).isEqualTo(2L);
    }

    @Test
    void aMissingParameterIsRefusedBeforeAnythingIsSent() {
        db.sql("CREATE TABLE untouched (id int)");

        assertThatThrownBy(() -> db.adapter().execute("INSERT INTO untouched VALUES (:a), (:b)", Map.of("a", 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(":b");
        assertThatThrownBy(() -> db.adapter().execute("INSERT INTO untouched VALUES (:a)"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(":a");
        assertThatThrownBy(() -> db.adapter().execute("INSERT INTO untouched VALUES (:a)", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(":a");
        assertThat(db.scalar("SELECT count(*) FROM untouched")).isEqualTo(0L);
    }

    @Test
    void aNullParameterIsSqlNull() {
        Map<String, Object> params = new HashMap<>();
        params.put("v", null);

        assertThat(await(db.adapter().execute("SELECT :v::int IS NULL AS isnull", params)))
                .singleElement().satisfies(row -> assertThat(row.get("isnull")).isEqualTo(true));
    }

    @Test
    void colonsInLiteralsIdentifiersCommentsAndDollarQuotesAreNotParameters() {
        List<Map<String, Object>> rows = await(db.adapter().execute("""
                SELECT ':lit' AS a, E'\\':esc' AS b, 1 AS "col:on", $$ :dollar $$ AS c,
                       $t$ :tagged $t$ AS d, :real::text AS e -- :comment
                /* :block */""", Map.of("real", "bound")));

        assertThat(rows).singleElement().satisfies(row -> {
            assertThat(row.get("a")).isEqualTo(":lit");
            assertThat(row.get("b")).isEqualTo("':esc");
            assertThat(row.get("col:on")).isEqualTo(1);
            assertThat(row.get("c")).isEqualTo(" :dollar ");
            assertThat(row.get("d")).isEqualTo(" :tagged ");
            assertThat(row.get("e")).isEqualTo("bound");
        });
    }

    @Test
    void functionBodiesInDollarQuotesKeepTheirColons() {
        await(db.adapter().execute("""
                CREATE FUNCTION colon_fn(x int) RETURNS text LANGUAGE plpgsql AS $body$
                DECLARE result text := ':' || x::text;
                BEGIN RETURN result; END $body$"""));

        assertThat(await(db.adapter().execute("SELECT colon_fn(:x) AS r", Map.of("x", 7))))
                .singleElement().satisfies(row -> assertThat(row.get("r")).isEqualTo(":7"));
    }

    @Test
    void jsonbQuestionMarkOperatorsWorkNextToParameters() {
        db.sql("CREATE TABLE tagged (id int, data jsonb); INSERT INTO tagged VALUES (1, '{\"a\":1}'), (2, '{\"b\":2}')");

        List<Map<String, Object>> rows = await(db.adapter().execute(
                "SELECT id FROM tagged WHERE data ? :key OR data ?| array[:other]", Map.of("key", "a", "other", "zzz")));

        assertThat(rows).extracting(row -> row.get("id")).containsExactly(1);
    }

    @Test
    void theLastResultSetIsReturned() {
        List<Map<String, Object>> rows = await(db.adapter().execute("SELECT 1 AS first; SELECT 2 AS second"));

        assertThat(rows).containsExactly(Map.of("second", 2));
    }

    @Test
    void emptySqlIsRefused() {
        assertThatThrownBy(() -> db.adapter().execute("  ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> db.adapter().execute(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSqlErrorFailsTheFutureWithTheServerMessage() {
        Throwable error = failure(db.adapter().execute("SELECT * FROM no_such_table WHERE id = :id", Map.of("id", 1)));

        assertThat(error).isInstanceOf(DatabaseException.class).hasMessageContaining("no_such_table");
        assertThat(((DatabaseException) error).sqlState()).isEqualTo("42P01");
    }

    @Test
    void ddlThroughExecuteIsSeenByLaterWrites() {
        await(db.adapter().execute("CREATE TABLE shifting (id int, v jsonb)"));
        await(db.adapter().insert("shifting", Map.of("id", 1, "v", List.of("a"))));

        await(db.adapter().execute("DROP TABLE shifting; CREATE TABLE shifting (id int, v text[])"));
        Map<String, Object> row = await(db.adapter().insert("shifting", Map.of("id", 2, "v", List.of("a"))));

        assertThat(row.get("v")).isEqualTo(List.of("a"));
        assertThat(db.scalar("SELECT array_length(v, 1) FROM shifting")).isEqualTo(1);
    }
}
