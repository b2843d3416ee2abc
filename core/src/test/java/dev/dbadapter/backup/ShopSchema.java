package dev.dbadapter.backup;

import dev.dbadapter.testing.PgDatabaseExtension;

/** The three-level backup schema the restore tests share: categories → products → reviews. */
final class ShopSchema {
    /** Reviews also carry an optional reference to a featured category. */
    static final BackupSchema THREE_LEVELS = BackupSchema.of(
            TableDef.of("categories"),
            TableDef.child("products", "categories", "category_id"),
            TableDef.child("reviews", "products", "product_id")
                    .withOptionalRefs(new ForeignKey("categories", "featured_category_id")));

    /**
     * The three tables, created afresh: serial keys whose sequences start above 500 (so fresh keys
     * differ from the files'), prices that must not be negative, a review body that must not be
     * {@code forbidden}.
     */
    static final String TABLES = """
            DROP TABLE IF EXISTS reviews, products, categories CASCADE;
            CREATE TABLE categories (id serial PRIMARY KEY, slug text NOT NULL, name text,
                user_id text NOT NULL, UNIQUE (user_id, slug));
            CREATE TABLE products (id serial PRIMARY KEY, slug text NOT NULL, name text,
                price numeric(10,2) CHECK (price >= 0), category_id int NOT NULL REFERENCES categories(id),
                user_id text NOT NULL, UNIQUE (user_id, category_id, slug));
            CREATE TABLE reviews (id serial PRIMARY KEY, slug text NOT NULL, body text CHECK (body <> 'forbidden'),
                product_id int NOT NULL REFERENCES products(id), featured_category_id int REFERENCES categories(id),
                user_id text NOT NULL);
            SELECT setval('categories_id_seq', 500); SELECT setval('products_id_seq', 500); SELECT setval('reviews_id_seq', 500);
            """;

    /** Returns every row of the three tables with its keys, in key order. */
    static String rows(PgDatabaseExtension db) {
        return db.query("SELECT * FROM categories ORDER BY id").toString() + db.query("SELECT * FROM products ORDER BY id")
                + db.query("SELECT * FROM reviews ORDER BY id");
    }

    private ShopSchema() {
    }
}
