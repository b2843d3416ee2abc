package dev.dbadapter.backup;

import static dev.dbadapter.backup.PortableBackupTest.content;
import static dev.dbadapter.backup.RestoreBehaviourTest.join;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dbadapter.adapter.supabase.SupabaseAdapter;
import dev.dbadapter.testing.PgDatabaseExtension;
import dev.dbadapter.testing.PostgrestExtension;
import dev.dbadapter.testing.PostgrestExtension.Key;
import dev.dbadapter.testing.SupabaseGateway;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backup and restore through a real {@link SupabaseAdapter}: the portable path (paged reads, batched
 * writes, no transaction) gives the COPY path's file, a backup restored into another project and backed
 * up again is the same file, and a restore among other rows remaps foreign keys, in few requests.
 */
class SupabaseBackupTest {
    @RegisterExtension
    static final PgDatabaseExtension source = new PgDatabaseExtension();
    @RegisterExtension
    static final PostgrestExtension sourceApi = new PostgrestExtension(source);
    @RegisterExtension
    static final PgDatabaseExtension target = new PgDatabaseExtension();
    @RegisterExtension
    static final PostgrestExtension targetApi = new PostgrestExtension(target);

    static final String KINDS_USER = "00000000-0000-0000-0000-0000000000aa";
    /** User u1's items on u1's shelves in {@link PortableBackupTest#TABLES}: what a backup of u1 holds. */
    static final long ITEMS = 1930L;

    @TempDir
    Path dir;

    @BeforeAll
    static void tables() {
        source.sql(PortableBackupTest.TABLES);
        target.sql("""
                CREATE TABLE shelves (id serial PRIMARY KEY, slug text NOT NULL, user_id text NOT NULL, kind text);
                CREATE TABLE items (id bigserial PRIMARY KEY, slug text NOT NULL, user_id text NOT NULL,
                    shelf_id int NOT NULL REFERENCES shelves(id), price numeric(8,2), note text);
                """);
    }

    @Test
    void theSupabaseRouteWritesTheCopyRoutesFileForEveryCommonType() throws IOException {
        Path copy = dir.resolve("copy.json");
        Path rest = dir.resolve("rest.json");
        join(Backups.backup(source.adapter(), PortableBackupTest.TYPES, KINDS_USER, copy, null, null));
        BackupResult result = join(Backups.backup(sourceApi.adapter(Key.SECRET), PortableBackupTest.TYPES, KINDS_USER,
                rest, null, null));
        assertThat(result.atomic()).isFalse();
        assertThat(content(rest)).isEqualTo(content(copy));

        Path shopCopy = dir.resolve("shop-copy.json");
        Path shopRest = dir.resolve("shop-rest.json");
        join(Backups.backup(source.adapter(), PortableBackupTest.SHOP, "u1", shopCopy, null, null));
        join(Backups.backup(sourceApi.adapter(Key.SERVICE_ROLE_JWT), PortableBackupTest.SHOP, "u1", shopRest, null, null));
        assertThat(content(shopRest)).isEqualTo(content(shopCopy));
    }

    @Test
    void backupRestoreBackupThroughSupabaseGivesTheSameFile() throws IOException {
        target.sql("TRUNCATE shelves, items RESTART IDENTITY");
        Path first = dir.resolve("first.json");
        Path second = dir.resolve("second.json");
        BackupResult backup = join(Backups.backup(sourceApi.adapter(Key.SECRET), PortableBackupTest.SHOP, "u1", first,
                null, null));
        assertThat(backup.tableCounts()).containsExactly(Map.entry("shelves", 3L), Map.entry("items", ITEMS));

        SupabaseAdapter into = targetApi.adapter(Key.SECRET);
        RestoreResult restored = join(Backups.restore(into, PortableBackupTest.SHOP, first, "u1",
                RestoreOptions.DEFAULTS.withPreserveIds(true)));
        assertThat(restored.atomic()).isFalse();
        assertThat(restored.totalFailed()).isZero();
        assertThat(restored.tables().get("items").inserted()).isEqualTo(ITEMS);
        join(Backups.backup(into, PortableBackupTest.SHOP, "u1", second, null, null));

        assertThat(content(second)).isEqualTo(content(first));
    }

    @Test
    void aRestoreAmongOtherRowsTakesFreshKeysAndRemapsForeignKeysInBatches() throws IOException {
        target.sql("""
                TRUNCATE shelves, items RESTART IDENTITY;
                INSERT INTO shelves (slug, user_id) SELECT 'other' || g, 'u2' FROM generate_series(1, 7) g;
                """);
        Path file = dir.resolve("shop.json");
        join(Backups.backup(sourceApi.adapter(Key.SECRET), PortableBackupTest.SHOP, "u1", file, null, null));
        SupabaseGateway gateway = targetApi.gateway();
        gateway.clearRequests();

        RestoreResult result = join(Backups.restore(targetApi.adapter(Key.SECRET), PortableBackupTest.SHOP, file, "u9",
                RestoreMode.SKIP, false));

        assertThat(result.tables().get("shelves").inserted()).isEqualTo(3L);
        assertThat(result.tables().get("items").inserted()).isEqualTo(ITEMS);
        assertThat(target.scalar("SELECT min(id) FROM shelves WHERE user_id = 'u9'")).isEqualTo(8);
        assertThat(target.scalar("""
                SELECT count(*) FROM items i JOIN shelves s ON s.id = i.shelf_id
                WHERE i.user_id = 'u9' AND s.user_id = 'u9'""")).isEqualTo(ITEMS);
        Map<String, Object> sample = target.query("""
                SELECT s.slug FROM items i JOIN shelves s ON s.id = i.shelf_id WHERE i.slug = 'i1' AND i.user_id = 'u9'""")
                .getFirst();
        assertThat(sample).containsEntry("slug", source.scalar("""
                SELECT s.slug FROM items i JOIN shelves s ON s.id = i.shelf_id WHERE i.slug = 'i1'"""));
        long posts = gateway.requests().stream().filter(request -> request.method().equals("POST")).count();
        assertThat(posts).as("inserts in batches of 1000 rows, not one a row").isEqualTo(3L);
        assertThat(gateway.requests().size()).isLessThan(30);

        RestoreResult again = join(Backups.restore(targetApi.adapter(Key.SECRET), PortableBackupTest.SHOP, file, "u9",
                RestoreMode.SKIP, false));
        assertThat(again.totalInserted()).isZero();
        assertThat(again.tables().get("items").skipped()).isEqualTo(ITEMS);
    }
}
