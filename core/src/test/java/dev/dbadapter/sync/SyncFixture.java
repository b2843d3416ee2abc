package dev.dbadapter.sync;

import dev.dbadapter.adapter.DatabaseClient;
import dev.dbadapter.adapter.Provider;
import dev.dbadapter.adapter.postgres.internal.SqlErrors;
import dev.dbadapter.backup.BackupSchema;
import dev.dbadapter.backup.TableDef;
import dev.dbadapter.testing.ForwardingClient;
import dev.dbadapter.testing.PgDatabaseExtension;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The shop both sides of the sync tests start from. Source: user u1 owns categories tools and
 * garden and products hammer, saw (tools) and rake (garden); u2 owns category other and product x.
 * Destination: u2's rows first (so keys differ between the sides), then u1's category tools named
 * "Old tools" and u1's product old-thing, with u2's own old-thing.
 */
public final class SyncFixture {
    public static final String TABLES = """
            DROP TABLE IF EXISTS reviews, products, categories, tags;
            CREATE TABLE categories (id serial PRIMARY KEY, slug text NOT NULL, name text, user_id text NOT NULL);
            CREATE TABLE products (id serial PRIMARY KEY, slug text NOT NULL, name text, price numeric,
                category_id int REFERENCES categories(id), user_id text NOT NULL);
            CREATE TABLE tags (id serial PRIMARY KEY, slug text NOT NULL, label text, user_id text NOT NULL);
            """;

    public static final String SOURCE_ROWS = """
            INSERT INTO categories (slug, name, user_id) VALUES ('tools', 'Tools', 'u1'), ('garden', 'Garden', 'u1'),
                ('other', 'Other', 'u2');
            INSERT INTO products (slug, name, price, category_id, user_id) VALUES ('hammer', 'Hammer', 9.5, 1, 'u1'),
                ('saw', 'Saw', 20, 1, 'u1'), ('rake', 'Rake', 5, 2, 'u1'), ('x', 'X', 1, 3, 'u2');
            INSERT INTO tags (slug, label, user_id) VALUES ('red', 'Red', 'u1'), ('blue', 'Blue', 'u2');
            """;

    public static final String DESTINATION_ROWS = """
            INSERT INTO categories (slug, name, user_id) VALUES ('mine', 'Mine', 'u2'), ('tools', 'Old tools', 'u1');
            INSERT INTO products (slug, name, price, category_id, user_id) VALUES ('x2', 'X2', 3, 1, 'u2'),
                ('old-thing', 'Old', 2, 2, 'u1'), ('old-thing', 'Old of u2', 2, 1, 'u2');
            """;

    public static final BackupSchema SCHEMA = BackupSchema.of(TableDef.of("categories"),
            TableDef.child("products", "categories", "category_id"), TableDef.of("tags"));

    public static final List<String> SHOP = List.of("categories", "products");

    private SyncFixture() {
    }

    /** Recreates the tables on both sides with their rows. */
    public static void create(PgDatabaseExtension source, PgDatabaseExtension destination) {
        source.sql(TABLES + SOURCE_ROWS);
        destination.sql(TABLES + DESTINATION_ROWS);
    }

    /**
     * Returns {@code db.toml} profiles for a sync between the two databases: {@code prod} (the source),
     * {@code local} (the destination), {@code guarded} (the destination, protected) and {@code down} (a
     * refused port).
     */
    public static String profiles(PgDatabaseExtension source, PgDatabaseExtension destination) {
        return """
                [profiles.prod]
                url = "%s"

                [profiles.local]
                url = "%s"

                [profiles.guarded]
                url = "%s"
                protected = true

                [profiles.down]
                url = "postgresql://postgres@127.0.0.1:1/none"
                """.formatted(source.url(), destination.url(), destination.url());
    }

    /** A fingerprint of the rows of {@code table} matching {@code where}, to show they were not touched. */
    public static String checksum(PgDatabaseExtension db, String table, String where) {
        return String.valueOf(db.scalar("SELECT md5(coalesce(string_agg(t::text || ':' || t.xmin::text, ',' ORDER BY t.id), ''))"
                + " FROM " + table + " t WHERE " + where));
    }

    /** Every product of {@code user} with its category followed to its slug, so keys do not matter. */
    public static String products(PgDatabaseExtension db, String user) {
        return db.query("SELECT p.slug, p.name, p.price::text AS price, c.slug AS category FROM products p"
                + " LEFT JOIN categories c ON c.id = p.category_id WHERE p.user_id = '" + user + "' ORDER BY p.slug").toString();
    }

    /** The two ways a sync reaches its databases: COPY between PostgreSQL clients, or CRUD calls. */
    enum Route {
        COPY, CRUD;

        /** Returns a client of {@code db} that takes this route. */
        DatabaseClient client(PgDatabaseExtension db) {
            return this == COPY ? db.adapter() : new ForwardingClient(db.adapter(), Provider.SUPABASE);
        }
    }

    /** Waits for a sync, failures unwrapped. */
    static SyncResult join(CompletableFuture<SyncResult> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            throw (RuntimeException) SqlErrors.unwrap(e);
        }
    }
}
