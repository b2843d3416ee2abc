package dev.dbadapter.sync;

import static dev.dbadapter.sync.SyncFixture.checksum;
import static dev.dbadapter.sync.SyncFixture.join;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dbadapter.backup.BackupSchema;
import dev.dbadapter.backup.TableDef;
import dev.dbadapter.testing.PgDatabaseExtension;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A child's parent is compared by the parent's slug whatever the type of the keys: integers of
 * different widths and uuids (whose parents' slugs the client looks up by key) as text keys (whose
 * parents the server joins). A child of the user may point at another user's parent.
 */
class SyncReferenceKeysTest {
    private static final BackupSchema SCHEMA = BackupSchema.of(TableDef.of("parents"),
            TableDef.child("children", "parents", "parent_id"));

    @RegisterExtension
    static final PgDatabaseExtension source = new PgDatabaseExtension();
    @RegisterExtension
    static final PgDatabaseExtension destination = new PgDatabaseExtension();

    private static void create(PgDatabaseExtension db, String key, String reference, String firstParent) {
        db.sql("""
                DROP TABLE IF EXISTS children, parents;
                CREATE TABLE parents (id %1$s PRIMARY KEY, slug text NOT NULL, user_id text NOT NULL);
                CREATE TABLE children (id serial PRIMARY KEY, slug text NOT NULL, name text,
                    parent_id %2$s REFERENCES parents(id), user_id text NOT NULL);
                INSERT INTO parents (slug, user_id) VALUES ('%3$s', 'u2'), ('p1', 'u1'), ('p2', 'u1'), ('theirs', 'u2');
                """.formatted(key, reference, firstParent));
    }

    private static SyncResult sync(boolean confirm) {
        SyncOptions options = SyncOptions.of(List.of("parents", "children"), "u1").withBackupSchema(SCHEMA)
                .withMode(SyncMode.OVERWRITE);
        return join(Syncs.sync(source.adapter(), destination.adapter(), confirm ? options.confirmed() : options));
    }

    private static String children(PgDatabaseExtension db) {
        return String.valueOf(db.scalar("SELECT string_agg(c.slug || '/' || c.name || '/' || coalesce(p.slug, '-'), ' '"
                + " ORDER BY c.slug) FILTER (WHERE c.slug NOT LIKE 'c-%' OR p.slug <> 'p1') || ' ' || count(*)"
                + " FROM children c LEFT JOIN parents p ON p.id = c.parent_id WHERE c.user_id = 'u1'"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "serial | integer",
        "bigserial | integer",
        "uuid DEFAULT gen_random_uuid() | uuid",
        "text DEFAULT md5(random()::text) | text"})
    void aChildMovedToAnotherParentIsFoundAndOnlyIt(String key, String reference) {
        // the destination's keys differ from the source's
        create(source, key, reference, "first");
        create(destination, key, reference, "only-here");
        source.sql("INSERT INTO children (slug, name, parent_id, user_id) SELECT 'c-' || g, 'Child ' || g,"
                + " (SELECT id FROM parents WHERE slug = 'p1'), 'u1' FROM generate_series(1, 500) g");
        assertThat(sync(true).ok()).isTrue();
        for (PgDatabaseExtension side : List.of(source, destination)) {
            side.sql("INSERT INTO children (slug, name, parent_id, user_id)"
                    + " VALUES ('odd', 'Of another user''s parent', (SELECT id FROM parents WHERE slug = 'theirs'), 'u1'),"
                    + " ('orphan', 'No parent', NULL, 'u1')");
        }
        assertThat(sync(false).tables().get("children").differing()).isZero();

        source.sql("UPDATE children SET parent_id = (SELECT id FROM parents WHERE slug = 'p2') WHERE slug = 'c-7';"
                + " UPDATE parents SET slug = 'renamed' WHERE slug = 'theirs'");
        // odd's parent is another user's, whose slug differs now
        assertThat(sync(false).tables().get("children").differing()).isEqualTo(2);
        source.sql("UPDATE parents SET slug = 'theirs' WHERE slug = 'renamed'");
        String others = checksum(destination, "children", "slug <> 'c-7'");

        SyncResult result = sync(true);

        assertThat(result.ok()).as(result.toString()).isTrue();
        assertThat(result.tables().get("children")).extracting(TableSyncResult::sourceRows, TableSyncResult::differing,
                TableSyncResult::updated).containsExactly(502L, 1L, 1L);
        assertThat(children(destination)).isEqualTo(children(source));
        assertThat(checksum(destination, "children", "slug <> 'c-7'")).isEqualTo(others);
    }
}
