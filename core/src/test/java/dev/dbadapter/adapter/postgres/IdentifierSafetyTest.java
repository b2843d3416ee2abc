package dev.dbadapter.adapter.postgres;

import static dev.dbadapter.adapter.postgres.Async.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dbadapter.testing.PgDatabaseExtension;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Names are checked before any SQL is sent: hostile table, column, filter and order-by names are
 * refused with {@link IllegalArgumentException} without even borrowing a connection; valid quoted
 * and qualified names work; hostile values are stored verbatim.
 */
class IdentifierSafetyTest {
    @RegisterExtension
    static final PgDatabaseExtension db = new PgDatabaseExtension();

    private CountingDataSource counting;
    private PostgresAdapter adapter;

    @BeforeAll
    static void createTables() {
        db.sql("""
                CREATE TABLE victims (id serial PRIMARY KEY, name text);
                CREATE TABLE x (id int);
                CREATE TABLE "Mixed Case" (id serial PRIMARY KEY, "Odd Col" text, plain text);
                CREATE SCHEMA shop;
                CREATE TABLE shop.things (id serial PRIMARY KEY, label text);
                CREATE SCHEMA "My Schema";
                CREATE TABLE "My Schema"."My Table" ("Value" int);
                """);
    }

    @BeforeEach
    void seedAndOpen() {
        db.sql("TRUNCATE victims; INSERT INTO victims (name) VALUES ('alice'), ('bob')");
        PGSimpleDataSource plain = new PGSimpleDataSource();
        PostgresUrl url = PostgresUrl.parse(db.url());
        plain.setURL(url.jdbcUrl());
        plain.setUser(url.user());
        counting = new CountingDataSource(plain);
        adapter = PostgresAdapter.of(counting);
    }

    @AfterEach
    void close() {
        adapter.close();
    }

    static List<String> hostileNames() {
        return List.of("users; drop table x", "victims; DROP TABLE victims", "a) --", "x\"y", "", "   ",
                "a".repeat(64), "\"" + "b".repeat(64) + "\"", "\"" + "é".repeat(32) + "\"", "name --",
                "a b", "1abc", "\"unterminated", "\"\"", "id/*", "*", "victims.name.extra", "bad\u0000nul",
                "\"nul\u0000\"", "$dollar", "na-me", "\"a\"\"b\"c\"");
    }

    /** Asserts the refusal and that no connection was borrowed; the caller then checks the tables. */
    private void assertRefusedBeforeAnySql(Executable call) {
        assertThatThrownBy(call::execute).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Invalid");
        assertThat(counting.borrowed.get()).as("connections borrowed").isZero();
    }

    private static void assertNothingChanged() {
        assertThat(db.scalar("SELECT count(*) FROM victims")).isEqualTo(2L);
        assertThat(db.scalar("SELECT to_regclass('public.x') IS NOT NULL")).isEqualTo(true);
    }

    @ParameterizedTest
    @MethodSource("hostileNames")
    void hostileTableNamesAreRefusedBeforeAnySqlIsSent(String name) {
        assertRefusedBeforeAnySql(() -> adapter.select(name));
        assertRefusedBeforeAnySql(() -> adapter.count(name, Map.of()));
        assertRefusedBeforeAnySql(() -> adapter.insert(name, Map.of("name", "eve")));
        assertRefusedBeforeAnySql(() -> adapter.insertMany(name, List.of(Map.of("name", "eve"))));
        assertRefusedBeforeAnySql(() -> adapter.update(name, Map.of("name", "eve"), Map.of("id", 1)));
        assertRefusedBeforeAnySql(() -> adapter.delete(name, Map.of("id", 1)));
        assertNothingChanged();
    }

    @ParameterizedTest
    @MethodSource("hostileNames")
    void hostileColumnNamesAreRefusedBeforeAnySqlIsSent(String name) {
        if (!name.isBlank() && !name.equals("*")) {
            assertRefusedBeforeAnySql(() -> adapter.select("victims", name, Map.of(), null));
        }
        assertRefusedBeforeAnySql(() -> adapter.select("victims", "id, " + name, Map.of(), null));
        assertRefusedBeforeAnySql(() -> adapter.insert("victims", Map.of(name, "eve")));
        assertRefusedBeforeAnySql(() -> adapter.insertMany("victims", List.of(Map.of("name", "eve", name, 1))));
        assertRefusedBeforeAnySql(() -> adapter.update("victims", Map.of(name, "eve"), Map.of("id", 1)));
        assertNothingChanged();
    }

    @ParameterizedTest
    @MethodSource("hostileNames")
    void hostileFilterKeysAreRefusedBeforeAnySqlIsSent(String name) {
        assertRefusedBeforeAnySql(() -> adapter.select("victims", Map.of(name, 1)));
        assertRefusedBeforeAnySql(() -> adapter.count("victims", Map.of(name, List.of(1))));
        assertRefusedBeforeAnySql(() -> adapter.update("victims", Map.of("name", "eve"), Map.of(name, 1)));
        assertRefusedBeforeAnySql(() -> adapter.delete("victims", Map.of("id", 1, name, 1)));
        assertNothingChanged();
    }

    @ParameterizedTest
    @MethodSource("hostileNames")
    void hostileOrderByTermsAreRefusedBeforeAnySqlIsSent(String name) {
        if (!name.isBlank()) {
            assertRefusedBeforeAnySql(() -> adapter.select("victims", "*", Map.of(), name));
            assertRefusedBeforeAnySql(() -> adapter.select("victims", "*", Map.of(), name + " desc"));
        }
        assertRefusedBeforeAnySql(() -> adapter.select("victims", "*", Map.of(), "id, " + name));
        assertRefusedBeforeAnySql(() -> adapter.select("victims", "*", Map.of(), "id desc; drop table x"));
        assertRefusedBeforeAnySql(() -> adapter.select("victims", "*", Map.of(), "id desc nulls"));
        assertRefusedBeforeAnySql(() -> adapter.select("victims", "*", Map.of(), "(select 1)"));
        assertNothingChanged();
    }

    @Test
    void aStatementBuiltForValidNamesIsNeverReusedForHostileOnes() {
        Map<String, Object> twoFilters = new java.util.LinkedHashMap<>();
        twoFilters.put("id", 1);
        twoFilters.put("name", "alice");
        await(adapter.select("victims", "id, name", twoFilters, "id desc"));
        await(adapter.count("victims", twoFilters));
        int borrowedByValidCalls = counting.borrowed.get();

        List<Executable> hostile = List.of(
                () -> adapter.select("victims", "id, name; drop table x", twoFilters, "id desc"),
                () -> adapter.select("victims; drop table x", "id, name", twoFilters, "id desc"),
                () -> adapter.select("victims", "id, name", twoFilters, "id desc; drop table x"),
                () -> adapter.select("victims", "id, name", Map.of("idv2:name", 1), "id desc"),
                () -> adapter.select("victims", "id, name", Map.of("2:idv4:name", 1), "id desc"),
                () -> adapter.count("victims", Map.of("id) OR (1=1", 1)));
        for (Executable call : hostile) {
            assertThatThrownBy(call::execute).isInstanceOf(IllegalArgumentException.class);
        }

        assertThat(counting.borrowed.get()).isEqualTo(borrowedByValidCalls);
        assertNothingChanged();
    }

    @Test
    void anInsertBuiltForValidColumnsIsNeverReusedForHostileOnes() {
        Map<String, Object> two = new java.util.LinkedHashMap<>();
        two.put("id", 7);
        two.put("name", "mallory");
        await(adapter.insert("victims", two));
        await(adapter.insert("victims", Map.of("name", "trent")));
        db.sql("DELETE FROM victims WHERE name IN ('mallory', 'trent')");
        int borrowedByValidCalls = counting.borrowed.get();

        List<Executable> hostile = List.of(
                () -> adapter.insert("victims", Map.of("id\u0000name", 1)),
                () -> adapter.insert("victims", Map.of("2:id4:name", 1)),
                () -> adapter.insert("victims", Map.of("name) VALUES (1); drop table x; --", "x")),
                () -> adapter.insert("victims; drop table x", Map.of("name", "trent")),
                () -> adapter.insertMany("victims", List.of(Map.of("name\u0000", "a"))));
        for (Executable call : hostile) {
            assertThatThrownBy(call::execute).isInstanceOf(IllegalArgumentException.class);
        }

        assertThat(counting.borrowed.get()).isEqualTo(borrowedByValidCalls);
        assertNothingChanged();
    }

    @Test
    void hostileNamesAreRefusedInsideATransactionToo() {
        await(adapter.transaction(tx -> {
            assertThatThrownBy(() -> tx.insert("victims; drop table x", Map.of("name", "eve")))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> tx.select("victims", Map.of("a) --", 1)))
                    .isInstanceOf(IllegalArgumentException.class);
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }));

        assertThat(db.scalar("SELECT count(*) FROM victims")).isEqualTo(2L);
    }

    @Test
    void theLongestAllowedNameIsAccepted() {
        String longest = "c".repeat(63);
        db.sql("CREATE TABLE " + longest + " (" + longest + " int)");

        await(adapter.insert(longest, Map.of(longest, 1)));

        assertThat(await(adapter.select(longest, longest, Map.of(longest, 1), longest))).containsExactly(Map.of(longest, 1));
    }

    @Test
    void quotedMixedCaseNamesKeepTheirCase() {
        Map<String, Object> created = await(adapter.insert("\"Mixed Case\"", Map.of("\"Odd Col\"", "v1", "plain", "p")));
        await(adapter.insert("\"Mixed Case\"", Map.of("\"Odd Col\"", "v2", "PLAIN", "q")));

        assertThat(created).containsEntry("Odd Col", "v1").containsEntry("plain", "p");
        assertThat(await(adapter.select("\"Mixed Case\"", "\"Odd Col\", Plain", Map.of("\"Odd Col\"", "v2"), null)))
                .containsExactly(Map.of("Odd Col", "v2", "plain", "q"));
        assertThat(await(adapter.select("\"Mixed Case\"", "\"Odd Col\"", Map.of(), "\"Odd Col\" desc")))
                .extracting(row -> row.get("Odd Col")).containsExactly("v2", "v1");
        assertThat(await(adapter.update("\"Mixed Case\"", Map.of("\"Odd Col\"", "v3"), Map.of("\"Odd Col\"", "v1"))))
                .containsEntry("Odd Col", "v3");
        assertThat(await(adapter.count("\"Mixed Case\"", Map.of()))).isEqualTo(2L);
        assertThat(await(adapter.delete("\"Mixed Case\"", Map.of("\"Odd Col\"", List.of("v2", "v3"))))).isEqualTo(2);
    }

    @Test
    void unquotedNamesFoldToLowerCase() {
        await(adapter.insert("VICTIMS", Map.of("NAME", "carol")));

        assertThat(await(adapter.select("Victims", "Name", Map.of("nAmE", "carol"), "NAME DESC")))
                .containsExactly(Map.of("name", "carol"));
        assertThatThrownBy(() -> await(adapter.select("mixed case"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void schemaQualifiedTablesWork() {
        Map<String, Object> created = await(adapter.insert("shop.things", Map.of("label", "box")));
        await(adapter.insert("\"My Schema\".\"My Table\"", Map.of("\"Value\"", 7)));

        assertThat(created).containsEntry("label", "box");
        assertThat(await(adapter.select("SHOP.things", Map.of("label", "box")))).hasSize(1);
        assertThat(await(adapter.select("\"My Schema\".\"My Table\""))).containsExactly(Map.of("Value", 7));
        assertThat(db.scalar("SELECT label FROM shop.things")).isEqualTo("box");
        assertThat(await(adapter.delete("shop.things", Map.of("label", "box")))).isEqualTo(1);
    }

    @Test
    void aQuotedNameMayHoldQuotesDotsAndSemicolons() {
        db.sql("CREATE TABLE \"we\"\"ird.na;me\" (\"c\"\"ol\" text)");

        await(adapter.insert("\"we\"\"ird.na;me\"", Map.of("\"c\"\"ol\"", "ok")));

        assertThat(await(adapter.select("\"we\"\"ird.na;me\""))).containsExactly(Map.of("c\"ol", "ok"));
        assertThat(db.scalar("SELECT to_regclass('victims') IS NOT NULL")).isEqualTo(true);
    }

    @Test
    void hostileValuesAreStoredAndReadBackVerbatim() {
        List<String> values = List.of(
                "Robert'); DROP TABLE victims;--", "it's", "\"double\"", "back\\slash\\", "\\'", "semi;colon",
                "$$ dollar $$", "$tag$", ":param", "?", "%_ like", "/* comment */", "-- comment", "\n\r\t",
                "emoji 😀👍🏽", "日本語テキスト", "zero\u200Bwidth", "ümlaut ß", "{\"not\":\"json\"}", "{a,b}", "NULL", "");

        for (String value : values) {
            Map<String, Object> created = await(adapter.insert("victims", Map.of("name", value)));
            assertThat(created.get("name")).isEqualTo(value);
            assertThat(await(adapter.select("victims", "name", Map.of("id", created.get("id")), null)))
                    .containsExactly(Map.of("name", value));
            assertThat(await(adapter.count("victims", Map.of("name", value)))).isEqualTo(1L);
            assertThat(await(adapter.count("victims", Map.of("name", List.of(value, "other"))))).isEqualTo(1L);
        }

        assertThat(db.scalar("SELECT count(*) FROM victims")).isEqualTo(2L + values.size());
        assertThat(db.query("SELECT name FROM victims ORDER BY id OFFSET 2").stream().map(row -> row.get("name")))
                .containsExactlyElementsOf(values);
    }

    /** A DataSource that counts the connections handed out, to prove a call never reached the database. */
    private static final class CountingDataSource implements DataSource {
        final AtomicInteger borrowed = new AtomicInteger();
        private final DataSource target;

        CountingDataSource(DataSource target) {
            this.target = target;
        }

        @Override
        public Connection getConnection() throws SQLException {
            borrowed.incrementAndGet();
            return target.getConnection();
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            borrowed.incrementAndGet();
            return target.getConnection(username, password);
        }

        @Override
        public PrintWriter getLogWriter() throws SQLException {
            return target.getLogWriter();
        }

        @Override
        public void setLogWriter(PrintWriter out) throws SQLException {
            target.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws SQLException {
            target.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws SQLException {
            return target.getLoginTimeout();
        }

        @Override
        public Logger getParentLogger() {
            return Logger.getGlobal();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            return target.unwrap(type);
        }

        @Override
        public boolean isWrapperFor(Class<?> type) throws SQLException {
            return target.isWrapperFor(type);
        }
    }
}
