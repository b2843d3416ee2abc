package dev.dbadapter.sync;

import static dev.dbadapter.sync.SyncFixture.SCHEMA;
import static dev.dbadapter.sync.SyncFixture.SHOP;
import static dev.dbadapter.sync.SyncFixture.checksum;
import static dev.dbadapter.sync.SyncFixture.join;
import static dev.dbadapter.sync.SyncFixture.products;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dbadapter.adapter.DatabaseClient;
import dev.dbadapter.testing.PgDatabaseExtension;
import dev.dbadapter.testing.PostgrestExtension;
import dev.dbadapter.testing.PostgrestExtension.Key;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link Syncs} with a real Supabase (PostgREST) on one side, in both directions, along a backup
 * schema: the plan, remapped keys, idempotence, overwrite, delete, other users, and no atomicity (a
 * failing table leaves the earlier ones written, and a re-run converges).
 */
class SupabaseSyncTest {
    @RegisterExtension
    static final PgDatabaseExtension source = new PgDatabaseExtension();
    @RegisterExtension
    static final PostgrestExtension sourceApi = new PostgrestExtension(source);
    @RegisterExtension
    static final PgDatabaseExtension destination = new PgDatabaseExtension();
    @RegisterExtension
    static final PostgrestExtension destinationApi = new PostgrestExtension(destination);

    /** Which side talks PostgREST; the other is a direct PostgreSQL client. */
    enum Direction {
        POSTGRES_TO_SUPABASE, SUPABASE_TO_POSTGRES;

        DatabaseClient from() {
            return this == SUPABASE_TO_POSTGRES ? sourceApi.adapter(Key.SECRET) : source.adapter();
        }

        DatabaseClient into() {
            return this == POSTGRES_TO_SUPABASE ? destinationApi.adapter(Key.SECRET) : destination.adapter();
        }
    }

    @BeforeEach
    void createTables() {
        SyncFixture.create(source, destination);
        sourceApi.sql("SELECT 1");
        destinationApi.sql("SELECT 1");
    }

    static SyncResult sync(Direction direction, SyncOptions options) {
        return join(Syncs.sync(direction.from(), direction.into(), options));
    }

    static SyncOptions shop() {
        return SyncOptions.of(SHOP, "u1").withBackupSchema(SCHEMA);
    }

    @ParameterizedTest
    @EnumSource(Direction.class)
    void theComparisonCountsAndPlansAsBetweenTwoPostgresDatabases(Direction direction) {
        SyncResult result = join(Syncs.compare(direction.from(), direction.into(), shop().withMode(SyncMode.OVERWRITE)));

        assertThat(result.errors()).isEmpty();
        assertThat(result.tables()).containsExactly(
                Map.entry("categories", new TableSyncResult(2, 1, 1, 1, 1L, 0, 0, 0, 0, null)),
                Map.entry("products", new TableSyncResult(3, 1, 3, 0, 0L, 1, 0, 0, 0, null)));
    }

    @ParameterizedTest
    @EnumSource(Direction.class)
    void newRowsGetTheDestinationsKeysAndParentsAndASecondRunInsertsNothing(Direction direction) {
        SyncResult result = sync(direction, shop().confirmed());

        assertThat(result.ok()).as(result.toString()).isTrue();
        assertThat(result.atomic()).isFalse();
        assertThat(result.tables().get("categories").inserted()).isEqualTo(1);
        assertThat(result.tables().get("products").inserted()).isEqualTo(3);
        assertThat(products(destination, "u1")).isEqualTo(
                "[{slug=hammer, name=Hammer, price=9.5, category=tools}, {slug=old-thing, name=Old, price=2, category=tools},"
                        + " {slug=rake, name=Rake, price=5, category=garden}, {slug=saw, name=Saw, price=20, category=tools}]");
        assertThat(destination.scalar("SELECT min(id) FROM categories WHERE user_id = 'u1' AND slug = 'garden'"))
                .as("a key of the destination's sequence").isEqualTo(3);
        String before = checksum(destination, "products", "true") + checksum(destination, "categories", "true");

        SyncResult again = sync(direction, shop().confirmed());

        assertThat(again.totalInserted()).isZero();
        assertThat(checksum(destination, "products", "true") + checksum(destination, "categories", "true")).isEqualTo(before);
    }

    @Test
    void aFailingTableIntoSupabaseStopsTheSyncKeepsTheEarlierTablesAndARerunConverges() {
        destination.sql("ALTER TABLE products ADD CONSTRAINT cheap CHECK (price < 15)");

        SyncResult failed = sync(Direction.POSTGRES_TO_SUPABASE, shop().confirmed());

        assertThat(failed.ok()).isFalse();
        assertThat(failed.atomic()).isFalse();
        assertThat(failed.errors()).singleElement().asString().contains("stopped at table 'products'")
                .contains("rows written before stay");
        assertThat(failed.tables().get("products").error()).contains("cheap");
        assertThat(failed.tables().get("categories").inserted()).isEqualTo(1);
        assertThat(destination.scalar("SELECT count(*) FROM categories WHERE user_id = 'u1' AND slug = 'garden'"))
                .isEqualTo(1L);

        destination.sql("ALTER TABLE products DROP CONSTRAINT cheap");
        SyncResult rerun = sync(Direction.POSTGRES_TO_SUPABASE, shop().confirmed());

        assertThat(rerun.ok()).as(rerun.toString()).isTrue();
        assertThat(rerun.tables().get("categories").inserted()).isZero();
        assertThat(rerun.tables().get("products").inserted()).isEqualTo(3);
        assertThat(products(destination, "u1")).isEqualTo(
                "[{slug=hammer, name=Hammer, price=9.5, category=tools}, {slug=old-thing, name=Old, price=2, category=tools},"
                        + " {slug=rake, name=Rake, price=5, category=garden}, {slug=saw, name=Saw, price=20, category=tools}]");
    }

    @ParameterizedTest
    @EnumSource(Direction.class)
    void overwriteUpdatesOnlyTheRowsThatDiffer(Direction direction) {
        sync(direction, shop().confirmed());
        source.sql("UPDATE products SET price = 21 WHERE slug = 'saw'");
        String hammer = checksum(destination, "products", "slug = 'hammer'");
        String garden = checksum(destination, "categories", "slug = 'garden'");

        SyncResult result = sync(direction, shop().withMode(SyncMode.OVERWRITE).confirmed());

        assertThat(result.tables().get("categories")).extracting(TableSyncResult::differing, TableSyncResult::updated)
                .containsExactly(1L, 1L);
        assertThat(result.tables().get("products")).extracting(TableSyncResult::differing, TableSyncResult::updated,
                TableSyncResult::inserted).containsExactly(1L, 1L, 0L);
        assertThat(destination.scalar("SELECT price::text FROM products WHERE slug = 'saw'")).isEqualTo("21");
        assertThat(checksum(destination, "products", "slug = 'hammer'")).isEqualTo(hammer);
        assertThat(checksum(destination, "categories", "slug = 'garden'")).isEqualTo(garden);
    }

    @ParameterizedTest
    @EnumSource(Direction.class)
    void deleteRemovesOnlyTheUsersMissingSlugsAndOtherUsersStayByteIdentical(Direction direction) {
        String products = checksum(destination, "products", "user_id <> 'u1'");
        String categories = checksum(destination, "categories", "user_id <> 'u1'");

        SyncResult result = sync(direction, shop().withMode(SyncMode.OVERWRITE).withDelete(true).confirmed());

        assertThat(result.tables().get("products").deleted()).isEqualTo(1);
        assertThat(destination.query("SELECT slug FROM products WHERE user_id = 'u1' ORDER BY slug").toString())
                .isEqualTo("[{slug=hammer}, {slug=rake}, {slug=saw}]");
        assertThat(checksum(destination, "products", "user_id <> 'u1'")).isEqualTo(products);
        assertThat(checksum(destination, "categories", "user_id <> 'u1'")).isEqualTo(categories);
    }
}
