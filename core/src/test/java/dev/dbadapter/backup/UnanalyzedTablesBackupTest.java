package dev.dbadapter.backup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dbadapter.adapter.postgres.internal.ValueCodec;
import dev.dbadapter.testing.PgDatabaseExtension;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backups of tables whose statistics say they are empty (analysed before a bulk load, autovacuum
 * off): the state in which the planner, left alone, joins a child to its parents with a nested loop
 * over every row of the user. The backup must hold exactly the user's rows under the user's parents.
 */
class UnanalyzedTablesBackupTest {
    @RegisterExtension
    static final PgDatabaseExtension db = new PgDatabaseExtension();

    static final BackupSchema SCHEMA = BackupSchema.of(TableDef.of("categories"),
            TableDef.child("products", "categories", "category_id"));

    @TempDir
    Path dir;

    /**
     * The shop schema (a unique key on user and slug, no index on the parent column), analysed
     * empty; then 200 categories and 20,000 products of u1, and rows of u2, one of them a u1 product
     * in a u2 category.
     */
    @BeforeEach
    void loadWithoutStatistics() {
        db.sql("""
                DROP TABLE IF EXISTS products, categories;
                CREATE TABLE categories (id serial PRIMARY KEY, slug varchar(100) NOT NULL, name text NOT NULL,
                    user_id text NOT NULL, UNIQUE (user_id, slug)) WITH (autovacuum_enabled = off);
                CREATE TABLE products (id serial PRIMARY KEY, slug varchar(100) NOT NULL, name text NOT NULL,
                    category_id int REFERENCES categories(id) ON DELETE CASCADE, price numeric(10,2),
                    user_id text NOT NULL, UNIQUE (user_id, slug)) WITH (autovacuum_enabled = off);
                ANALYZE categories;
                ANALYZE products;
                INSERT INTO categories (slug, name, user_id) SELECT 'c' || g, 'Category ' || g, 'u1'
                FROM generate_series(1, 200) g;
                INSERT INTO categories (slug, name, user_id) VALUES ('theirs', 'Theirs', 'u2');
                INSERT INTO products (slug, name, category_id, price, user_id)
                SELECT 'p' || g, 'Product ' || g, g % 200 + 1, g / 100.0, 'u1' FROM generate_series(1, 20000) g;
                INSERT INTO products (slug, name, category_id, user_id)
                SELECT 'q' || g, 'Theirs ' || g, 201, 'u2' FROM generate_series(1, 100) g;
                INSERT INTO products (slug, name, category_id, user_id) VALUES ('stray', 'Stray', 201, 'u1');
                """);
        assertThat(db.scalar("SELECT reltuples::bigint FROM pg_class WHERE relname = 'products'"))
                .as("statistics from before the load").isEqualTo(0L);
    }

    @Test
    void theBackupHoldsTheUsersRowsUnderTheUsersParents() throws IOException {
        Path file = dir.resolve("backup.json");
        BackupResult result = Backups.backup(db.adapter(), SCHEMA, "u1", file, null, null).join();

        assertThat(result.tableCounts()).containsEntry("categories", 200L).containsEntry("products", 20000L);
        JsonNode backup = ValueCodec.JSON.readTree(file.toFile());
        assertThat(backup.get("metadata").get("products_count").asLong()).isEqualTo(20000L);
        assertThat(slugs(backup.get("categories"))).hasSize(200).doesNotContain("theirs");
        Set<String> products = slugs(backup.get("products"));
        assertThat(products).hasSize(20000).contains("p1", "p20000").doesNotContain("stray", "q1");
    }

    @Test
    void insideACallersTransactionThePlannerSettingIsLeftAsItWas() {
        Path file = dir.resolve("backup.json");
        String after = db.adapter().inTransaction(tx -> Backups.backup(tx, SCHEMA, "u1", file, null, null)
                .thenCompose(result -> tx.execute("SELECT current_setting('enable_nestloop') AS value"))
                .thenApply(rows -> String.valueOf(rows.getFirst().get("value")))).join();
        assertThat(after).isEqualTo("on");
        assertThat(file).exists();
    }

    private static Set<String> slugs(JsonNode rows) {
        Set<String> slugs = new HashSet<>();
        rows.forEach(row -> slugs.add(row.get("slug").asText()));
        assertThat(slugs).as("no row twice").hasSize(rows.size());
        return slugs;
    }
}
