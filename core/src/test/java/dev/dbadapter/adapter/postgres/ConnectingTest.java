package dev.dbadapter.adapter.postgres;

import static dev.dbadapter.adapter.postgres.Async.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.dbadapter.testing.PgDatabaseExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.ds.PGSimpleDataSource;

/** Building adapters from converted URLs and from DataSources, and using one from many threads. */
class ConnectingTest {
    @RegisterExtension
    static final PgDatabaseExtension db = new PgDatabaseExtension();

    private static PostgresUrl server;

    @BeforeAll
    static void createTable() {
        server = PostgresUrl.parse(db.url());
        db.sql("CREATE SCHEMA shop; CREATE TABLE shop.items (id int PRIMARY KEY, name text);"
                + "INSERT INTO shop.items SELECT g, 'item ' || g FROM generate_series(1, 100) g;"
                + "CREATE TABLE items (id int)");
    }

    /** Host and port of the test server, e.g. {@code 127.0.0.1:5432}. */
    private static String hostPort() {
        String rest = server.jdbcUrl().substring("jdbc:postgresql://".length());
        return rest.substring(0, rest.indexOf('/'));
    }

    private static String user() {
        return server.user() == null ? "postgres" : server.user();
    }

    private static Object scalar(PostgresAdapter adapter, String sql) {
        return await(adapter.execute(sql)).getFirst().values().iterator().next();
    }

    @Test
    void aLibpqUrlWithParametersConnectsWithThoseSettings() {
        String url = "postgres://" + user() + "@" + hostPort() + "/" + db.databaseName()
                + "?application_name=url%20test&options=-c%20search_path%3Dshop&connect_timeout=3&sslmode=disable"
                + "&target_session_attrs=read-write";
        try (PostgresAdapter adapter = PostgresAdapter.connect(url)) {
            assertThat(scalar(adapter, "SELECT current_database()")).isEqualTo(db.databaseName());
            assertThat(scalar(adapter, "SELECT current_setting('application_name')")).isEqualTo("url test");
            assertThat(scalar(adapter, "SELECT current_setting('search_path')")).isEqualTo("shop");
            assertThat(await(adapter.count("items", Map.of()))).isEqualTo(100L);
        }
    }

    @Test
    void anAsyncpgUrlConnects() {
        String url = "postgresql+asyncpg://" + user() + "@" + hostPort() + "/" + db.databaseName();
        try (PostgresAdapter adapter = PostgresAdapter.connect(url)) {
            assertThat(await(adapter.count("shop.items", Map.of("id", List.of(1, 2, 3))))).isEqualTo(3L);
            assertThat(scalar(adapter, "SELECT current_setting('application_name')")).isEqualTo("db-adapter");
        }
    }

    @Test
    void aJdbcUrlWithUserParameterConnects() {
        String url = "jdbc:postgresql://" + hostPort() + "/" + db.databaseName() + "?user=" + user()
                + "&ApplicationName=jdbc-test";
        try (PostgresAdapter adapter = PostgresAdapter.connect(url)) {
            assertThat(scalar(adapter, "SELECT current_user")).isEqualTo(user());
            assertThat(scalar(adapter, "SELECT current_setting('application_name')")).isEqualTo("jdbc-test");
        }
    }

    @Test
    void aUrlWithoutDatabaseConnectsToTheUsersDatabase() {
        String url = "postgresql://" + user() + "@" + hostPort();
        try (PostgresAdapter adapter = PostgresAdapter.connect(url)) {
            assertThat(scalar(adapter, "SELECT current_database()")).isEqualTo(user());
        }
    }

    @Test
    void anAdapterOverAPlainDataSourceWorks() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(server.jdbcUrl());
        dataSource.setUser(server.user());
        dataSource.setPassword(server.password());

        try (PostgresAdapter adapter = PostgresAdapter.of(dataSource)) {
            await(adapter.insert("items", Map.of("id", 1)));
            Long counted = await(adapter.transaction(tx -> tx.count("items", Map.of())));
            assertThat(counted).isEqualTo(1L);
            assertThat(adapter.poolStats()).isEqualTo(new PoolStats(0, 0, 0, 0));
            assertThat(adapter.toString()).contains("PGSimpleDataSource");
        }
        assertThat(db.scalar("SELECT count(*) FROM items")).isEqualTo(1L);
    }

    @Test
    void anAdapterOverADataSourceHonoursJsonbColumns() {
        db.sql("CREATE TABLE IF NOT EXISTS docs (id int PRIMARY KEY, body text)");
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(server.jdbcUrl());
        dataSource.setUser(server.user());
        dataSource.setPassword(server.password());

        try (PostgresAdapter adapter = PostgresAdapter.of(dataSource, java.util.Set.of("body"))) {
            await(adapter.insert("docs", Map.of("id", 1, "body", java.util.List.of(1, "two"))));
        }
        assertThat(db.scalar("SELECT body FROM docs WHERE id = 1")).isEqualTo("[1,\"two\"]");
    }

    @Test
    void anUnpooledAdapterOpensAConnectionPerCallAndMasksItsUrl() {
        try (PostgresAdapter adapter = PostgresAdapter.builder(db.url()).unpooled().build()) {
            await(adapter.insert("items", Map.of("id", 77)));
            Long counted = await(adapter.transaction(tx -> tx.count("items", Map.of("id", 77))));
            assertThat(counted).isEqualTo(1L);
            assertThat(adapter.poolStats()).isEqualTo(new PoolStats(0, 0, 0, 0));
        }
        try (PostgresAdapter offline = PostgresAdapter.builder("postgresql://u:n0t-used@127.0.0.1:1/x").unpooled().build()) {
            assertThat(offline.displayUrl()).isEqualTo("postgresql://u:***@127.0.0.1:1/x");
        }
        assertThat(db.scalar("SELECT count(*) FROM items WHERE id = 77")).isEqualTo(1L);
        db.sql("DELETE FROM items WHERE id = 77");
    }

    @Test
    void closingAnAdapterLeavesAForeignPoolOpen() throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(server.jdbcUrl());
        config.setUsername(server.user());
        config.setMaximumPoolSize(2);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            PostgresAdapter adapter = PostgresAdapter.of(pool);
            assertThat(await(adapter.count("shop.items", Map.of()))).isEqualTo(100L);

            adapter.close();

            assertThat(pool.isClosed()).isFalse();
            try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement();
                    ResultSet rs = statement.executeQuery("SELECT 1")) {
                assertThat(rs.next()).isTrue();
            }
        }
    }

    @Test
    void fiveHundredConcurrentSelectsShareAPoolOfFive() throws InterruptedException {
        PostgresAdapter adapter = db.newAdapter(PoolOptions.DEFAULTS.withFixedSize(5));
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger matched = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();

        for (int i = 0; i < 500; i++) {
            int id = i % 100 + 1;
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    List<Map<String, Object>> rows = await(adapter.select("shop.items", Map.of("id", id)));
                    if (rows.size() == 1 && rows.getFirst().get("name").equals("item " + id)) {
                        matched.incrementAndGet();
                    }
                } catch (Throwable error) {
                    failures.add(error);
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }

        assertThat(failures).isEmpty();
        assertThat(matched).hasValue(500);
        assertThat(adapter.poolStats().total()).isLessThanOrEqualTo(5);
    }
}
