package dev.dbadapter.sync;

import static dev.dbadapter.sync.SyncFixture.checksum;
import static dev.dbadapter.sync.SyncFixture.join;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dbadapter.sync.SyncFixture.Route;
import dev.dbadapter.testing.PgDatabaseExtension;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Syncs without a backup schema: each table in its own transaction, keys copied, and bad input. */
class SyncDirectPathTest {
    @RegisterExtension
    static final PgDatabaseExtension source = new PgDatabaseExtension();
    @RegisterExtension
    static final PgDatabaseExtension destination = new PgDatabaseExtension();

    static final List<String> THREE = List.of("categories", "products", "tags");

    @BeforeEach
    void createTables() {
        SyncFixture.create(source, destination);
    }

    static SyncResult sync(Route route, SyncOptions options) {
        return join(Syncs.sync(route.client(source), route.client(destination), options));
    }

    @ParameterizedTest
    @EnumSource(Route.class)
    void aFailingTableRollsBackAloneAndTheNextTablesAreStillWritten(Route route) {
        // the source's product keys point at categories the destination numbers differently: rake's
        // category 2 is u1's tools there, and category 1 is u2's, so hammer and saw still insert;
        // a key no destination category has breaks the foreign key
        source.sql("UPDATE products SET category_id = NULL WHERE user_id = 'u1';"
                + " ALTER TABLE products DROP CONSTRAINT products_category_id_fkey;"
                + " UPDATE products SET category_id = 99 WHERE slug = 'saw'");
        String productsBefore = checksum(destination, "products", "true");

        SyncResult result = sync(route, SyncOptions.of(THREE, "u1").confirmed());

        assertThat(result.fkAware()).isFalse();
        assertThat(result.ok()).isFalse();
        assertThat(result.tables().get("categories").inserted()).isEqualTo(1);
        assertThat(result.tables().get("categories").error()).isNull();
        TableSyncResult products = result.tables().get("products");
        assertThat(products.inserted()).isZero();
        assertThat(products.error()).contains("products_category_id_fkey");
        if (route == Route.COPY) {
            assertThat(products.error()).contains("[schema] backup_schema");
        }
        assertThat(result.tables().get("tags").inserted()).isEqualTo(1);
        assertThat(checksum(destination, "products", "true")).isEqualTo(productsBefore);
        assertThat(destination.scalar("SELECT count(*) FROM categories WHERE user_id = 'u1'")).isEqualTo(2L);
        assertThat(destination.scalar("SELECT count(*) FROM tags WHERE user_id = 'u1'")).isEqualTo(1L);
    }

    @Test
    void tablesWithForeignKeysAndNoBackupSchemaGetAWarning() {
        SyncResult result = join(Syncs.compare(source.adapter(), destination.adapter(), SyncOptions.of(THREE, "u1")));

        assertThat(result.warnings()).singleElement().asString().contains("products").contains("backup_schema");
    }

    @Test
    void copiedKeysLeaveTheSequencesAbleToInsert() {
        SyncResult result = join(Syncs.sync(source.adapter(), destination.adapter(),
                SyncOptions.of(List.of("categories"), "u1").confirmed()));

        assertThat(result.tables().get("categories").inserted()).isEqualTo(1);
        destination.sql("INSERT INTO categories (slug, user_id) VALUES ('after', 'u1')");
        assertThat(destination.scalar("SELECT count(DISTINCT id) = count(*) FROM categories")).isEqualTo(true);
    }

    @Test
    void anUnknownTableIsAClearError() {
        assertThatThrownBy(() -> join(Syncs.compare(source.adapter(), destination.adapter(),
                SyncOptions.of(List.of("categories", "nope"), "u1"))))
                .isInstanceOf(SyncException.class).hasMessage("Table 'nope' does not exist in the source database");
    }

    @Test
    void aTableMissingOnlyInTheDestinationNamesThatSide() {
        destination.sql("DROP TABLE tags");

        assertThatThrownBy(() -> join(Syncs.compare(source.adapter(), destination.adapter(),
                SyncOptions.of(List.of("tags"), "u1"))))
                .isInstanceOf(SyncException.class).hasMessageContaining("destination database");
    }

    @ParameterizedTest
    @EnumSource(Route.class)
    void aUserFieldTheTableLacksIsAClearError(Route route) {
        assertThatThrownBy(() -> sync(route, SyncOptions.of(List.of("tags"), "u1").withFields("owner", null)))
                .isInstanceOf(SyncException.class)
                .hasMessageContaining("Table 'tags' has no column 'owner' (the user field)")
                .satisfies(error -> assertThat(((SyncException) error).hint()).contains("--user-field"));
    }

    @Test
    void aBadColumnNameIsRefusedBeforeAnySql() {
        assertThatThrownBy(() -> SyncOptions.of(List.of("tags"), "u1").withFields("user; drop", null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theSameDatabaseOnBothSidesIsRefused() {
        assertThatThrownBy(() -> Syncs.sync(source.adapter(), source.adapter(), SyncOptions.of(List.of("tags"), "u1")))
                .isInstanceOf(dev.dbadapter.UsageException.class).hasMessageContaining("same database");
    }

    @Test
    void aChildSyncedWithoutItsParentAlongABackupSchemaIsRefused() {
        assertThatThrownBy(() -> join(Syncs.compare(source.adapter(), destination.adapter(),
                SyncOptions.of(List.of("products"), "u1").withBackupSchema(SyncFixture.SCHEMA))))
                .isInstanceOf(SyncException.class).hasMessageContaining("categories");
    }

    @ParameterizedTest
    @EnumSource(Route.class)
    void otherUserAndSlugColumnsCanBeNamed(Route route) {
        String table = "CREATE TABLE notes (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, code text, body text,"
                + " owner text);";
        source.sql(table + "INSERT INTO notes (code, body, owner) VALUES ('a', 'A', 'u1'), ('b', 'B', 'u1'), ('c', 'C', 'u2')");
        destination.sql(table + "INSERT INTO notes (code, body, owner) VALUES ('b', 'old', 'u1')");
        try {
            SyncResult result = sync(route, SyncOptions.of(List.of("notes"), "u1").withFields("owner", "code")
                    .withMode(SyncMode.OVERWRITE).confirmed());

            assertThat(result.tables().get("notes")).extracting(TableSyncResult::inserted, TableSyncResult::updated)
                    .containsExactly(1L, 1L);
            assertThat(destination.query("SELECT code, body, owner FROM notes ORDER BY code").toString())
                    .isEqualTo("[{code=a, body=A, owner=u1}, {code=b, body=B, owner=u1}]");
        } finally {
            source.sql("DROP TABLE notes");
            destination.sql("DROP TABLE notes");
        }
    }
}
