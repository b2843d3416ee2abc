package dev.dbadapter.sync;

import static dev.dbadapter.sync.SyncFixture.SCHEMA;
import static dev.dbadapter.sync.SyncFixture.SHOP;
import static dev.dbadapter.sync.SyncFixture.checksum;
import static dev.dbadapter.sync.SyncFixture.join;
import static dev.dbadapter.sync.SyncFixture.products;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dbadapter.adapter.postgres.PoolOptions;
import dev.dbadapter.adapter.postgres.PostgresAdapter;
import dev.dbadapter.adapter.Provider;
import dev.dbadapter.sync.SyncFixture.Route;
import dev.dbadapter.testing.ForwardingClient;
import dev.dbadapter.testing.PgDatabaseExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link Syncs} between two databases, along both {@link Route}s: plans, modes, delete and keys. */
class SyncTest {
    @RegisterExtension
    static final PgDatabaseExtension source = new PgDatabaseExtension();
    @RegisterExtension
    static final PgDatabaseExtension destination = new PgDatabaseExtension();

    @BeforeEach
    void createTables() {
        SyncFixture.create(source, destination);
    }

    static SyncResult sync(Route route, SyncOptions options) {
        return join(Syncs.sync(route.client(source), route.client(destination), options));
    }

    static SyncOptions shop() {
        return SyncOptions.of(SHOP, "u1").withBackupSchema(SCHEMA);
    }

    @ParameterizedTest
    @EnumSource(Route.class)
    void comparisonCountsTheUsersRowsAndPlansPerTable(Route route) {
        SyncResult result = join(Syncs.compare(route.client(source), route.client(destination),
                shop().withMode(SyncMode.OVERWRITE)));

        assertThat(result.dryRun()).isTrue();
        assertThat(result.errors()).isEmpty();
        assertThat(result.tables()).containsExactly(
                Map.entry("categories", new TableSyncResult(2, 1, 1, 1, 1L, 0, 0, 0, 0, null)),
                Map.entry("products", new TableSyncResult(3, 1, 3, 0, 0L, 1, 0, 0, 0, null)));
    }

    @ParameterizedTest
    @EnumSource(Route.class)
    void skipModeInsertsNewSlugsWithTheDestinationsKeysAndParents(Route route) {
        SyncResult result = sync(route, shop().confirmed());

        assertThat(result.ok()).as(result.toString()).isTrue();
        assertThat(result.atomic()).as("only PostgreSQL on both sides has a transaction").isEqualTo(route == Route.COPY);
        assertThat(result.tables().get("categories").inserted()).isEqualTo(1);
        assertThat(result.tables().get("products").inserted()).isEqualTo(3);
        assertThat(destination.query("SELECT slug, name FROM categories WHERE user_id = 'u1' ORDER BY slug").toString())
                .isEqualTo("[{slug=garden, name=Garden}, {slug=tools, name=Old tools}]");
        assertThat(products(destination, "u1")).isEqualTo(
                "[{slug=hammer, name=Hammer, price=9.5, category=tools}, {slug=old-thing, name=Old, price=2, category=tools},"
                        + " {slug=rake, name=Rake, price=5, category=garden}, {slug=saw, name=Saw, price=20, category=tools}]");
        // new keys came from the sequences, which can go on inserting
        destination.sql("INSERT INTO categories (slug, user_id) VALUES ('after', 'u1');"
                + " INSERT INTO products (slug, category_id, user_id) VALUES ('after', 1, 'u1')");
    }

    @ParameterizedTest
    @EnumSource(Route.class)
    void aSecondSkipSyncInsertsNothing(Route route) {
        sync(route, shop().confirmed());
        String before = checksum(destination, "products", "true") + checksum(destination, "categories", "true");

        SyncResult again = sync(route, shop().confirmed());

        assertThat(again.totalInserted()).isZero();
        assertThat(again.tables().get("products").newRows()).isZero();
        assertThat(checksum(destination, "products", "true") + checksum(destination, "categories", "true")).isEqualTo(before);
    }

    @ParameterizedTest
    @EnumSource(Route.class)
    void overwriteUpdatesOnlyTheRowsThatDiffer(Route route) {
        sync(route, shop().confirmed());
        source.sql("UPDATE products SET price = 21 WHERE slug = 'saw'");
        String hammer = checksum(destination, "products", "slug = 'hammer'");
        String garden = checksum(destination, "categories", "slug = 'garden'");

        SyncResult result = sync(route, shop().withMode(SyncMode.OVERWRITE).confirmed());

        assertThat(result.tables().get("categories")).extracting(TableSyncResult::differing, TableSyncResult::updated)
                .containsExactly(1L, 1L);
        assertThat(result.tables().get("products")).extracting(TableSyncResult::differing, TableSyncResult::updated,
                TableSyncResult::inserted).containsExactly(1L, 1L, 0L);
        assertThat(destination.scalar("SELECT price::text FROM products WHERE slug = 'saw'")).isEqualTo("21");
        assertThat(destination.scalar("SELECT name FROM categories WHERE slug = 'tools' AND user_id = 'u1'")).isEqualTo("Tools");
        assertThat(checksum(destination, "products", "slug = 'hammer'")).isEqualTo(hammer);
        assertThat(checksum(destination, "categories", "slug = 'garden'")).isEqualTo(garden);
    }

    @ParameterizedTest
    @EnumSource(Route.class)
    void deleteRemovesOnlyTheUsersSlugsTheSourceLacks(Route route) {
        String otherUser = checksum(destination, "products", "user_id = 'u2'");

        SyncResult result = sync(route, shop().withDelete(true).confirmed());

        assertThat(result.tables().get("products").deleted()).isEqualTo(1);
        assertThat(destination.query("SELECT slug FROM products WHERE user_id = 'u1' ORDER BY slug").toString())
                .isEqualTo("[{slug=hammer}, {slug=rake}, {slug=saw}]");
        assertThat(checksum(destination, "products", "user_id = 'u2'")).isEqualTo(otherUser);
    }

    @ParameterizedTest
    @EnumSource(Route.class)
    void otherUsersRowsStayByteIdentical(Route route) {
        String products = checksum(destination, "products", "user_id <> 'u1'");
        String categories = checksum(destination, "categories", "user_id <> 'u1'");

        sync(route, shop().withMode(SyncMode.OVERWRITE).withDelete(true).confirmed());

        assertThat(checksum(destination, "products", "user_id <> 'u1'")).isEqualTo(products);
        assertThat(checksum(destination, "categories", "user_id <> 'u1'")).isEqualTo(categories);
        assertThat(destination.scalar("SELECT count(*) FROM products WHERE user_id = 'u2'")).isEqualTo(2L);
    }

    @ParameterizedTest
    @EnumSource(Route.class)
    void aDryRunOrAnUnconfirmedSyncChangesNothing(Route route) {
        String before = checksum(destination, "products", "true") + checksum(destination, "categories", "true");

        SyncResult dryRun = sync(route, shop().withMode(SyncMode.OVERWRITE).withDelete(true));
        SyncResult unconfirmed = sync(route, shop().withDryRun(false).withDelete(true));

        assertThat(dryRun.dryRun()).isTrue();
        assertThat(unconfirmed.dryRun()).isTrue();
        assertThat(dryRun.tables().get("products").missing()).isEqualTo(1);
        assertThat(checksum(destination, "products", "true") + checksum(destination, "categories", "true")).isEqualTo(before);
    }

    @ParameterizedTest
    @EnumSource(Route.class)
    void awkwardSlugsArriveAsTheyAre(Route route) {
        List<String> slugs = List.of("it's", "a,b", "say \"hi\"", "back\\slash", "tab\there", "line\nbreak", "ünïcödé ✓ 日本",
                "", "{braces}", "NULL");
        StringBuilder insert = new StringBuilder("INSERT INTO tags (slug, label, user_id) VALUES ");
        for (int i = 0; i < slugs.size(); i++) {
            insert.append(i == 0 ? "" : ", ").append("('").append(slugs.get(i).replace("'", "''")).append("', 'L', 'u1')");
        }
        source.sql(insert.toString());
        SyncOptions tags = SyncOptions.of(List.of("tags"), "u1");

        SyncResult first = sync(route, tags.confirmed());
        source.sql("UPDATE tags SET label = 'changed' WHERE slug = 'a,b'");
        SyncResult second = sync(route, tags.withMode(SyncMode.OVERWRITE).confirmed());

        assertThat(first.tables().get("tags").inserted()).isEqualTo(slugs.size() + 1);
        assertThat(second.tables().get("tags")).extracting(TableSyncResult::inserted, TableSyncResult::updated)
                .containsExactly(0L, 1L);
        assertThat(destination.query("SELECT slug, label FROM tags WHERE user_id = 'u1' ORDER BY slug"))
                .isEqualTo(source.query("SELECT slug, label FROM tags WHERE user_id = 'u1' ORDER BY slug"));
    }

    @Test
    void aSyncLeavesNoSessionStateOnEitherConnection() {
        PostgresAdapter from = source.newAdapter(PoolOptions.DEFAULTS.withFixedSize(1));
        PostgresAdapter into = destination.newAdapter(PoolOptions.DEFAULTS.withFixedSize(1));
        // a session setting of the connection's own, which the sync's transaction-local settings must not replace
        from.execute("SET TimeZone = 'America/New_York'").join();
        into.execute("SET TimeZone = 'America/New_York'").join();

        join(Syncs.sync(from, into, shop().withMode(SyncMode.OVERWRITE).withDelete(true).confirmed()));

        for (PostgresAdapter adapter : List.of(from, into)) {
            Map<String, Object> state = adapter.execute("""
                    SELECT (SELECT count(*) FROM pg_class WHERE relpersistence = 't') AS temp_tables,
                        current_setting('TimeZone') AS zone, current_setting('bytea_output') AS bytea,
                        coalesce(current_setting('db_adapter.sync_user', true), '') AS sync_user""").join().getFirst();
            assertThat(state).containsEntry("temp_tables", 0L).containsEntry("zone", "America/New_York")
                    .containsEntry("bytea", "hex").containsEntry("sync_user", "");
        }
    }

    @Test
    void onTheFkAwarePathAFailingTableRollsBackTheWholeSync() {
        destination.sql("ALTER TABLE products ADD CONSTRAINT cheap CHECK (price < 15)");
        String before = checksum(destination, "categories", "true") + checksum(destination, "products", "true");
        try {
            SyncResult result = join(Syncs.sync(source.adapter(), destination.adapter(), shop().confirmed()));

            assertThat(result.ok()).isFalse();
            assertThat(result.errors()).singleElement().asString().contains("rolled back");
            assertThat(result.tables().get("categories").inserted()).isZero();
            assertThat(result.tables().get("products").error()).contains("cheap");
            assertThat(checksum(destination, "categories", "true") + checksum(destination, "products", "true"))
                    .isEqualTo(before);
        } finally {
            destination.sql("ALTER TABLE products DROP CONSTRAINT cheap");
        }
    }

    @Test
    void anotherBackendIsSyncedThroughPagedSelectsAndBatchedInsertsOnly() {
        ForwardingClient from = new ForwardingClient(source.adapter(), Provider.SUPABASE);
        ForwardingClient into = new ForwardingClient(destination.adapter(), Provider.SUPABASE);

        SyncResult result = join(Syncs.sync(from, into, shop().confirmed()));

        assertThat(result.totalInserted()).isEqualTo(4);
        assertThat(from.calls("selectPage")).isEqualTo(2);
        assertThat(into.calls("insertMany")).isEqualTo(2);
        assertThat(from.calls("execute") + into.calls("execute") + into.calls("insert") + into.calls("transaction")).isZero();
    }
}
