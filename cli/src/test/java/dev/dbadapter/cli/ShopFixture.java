package dev.dbadapter.cli;

import dev.dbadapter.testing.PgDatabaseExtension;
import java.nio.file.Path;

/**
 * The shop data the backup and restore command tests start from: user u1 owns two categories and
 * three products (u2 one of each), with a {@code db.toml} holding a {@code local} and a protected
 * {@code prod} profile, the backup schema and {@code user_id_env = "DEV_USER_ID"}.
 */
final class ShopFixture {
    private ShopFixture() {
    }

    /**
     * Recreates the tables and files and returns a runner with {@code DB_PROFILE=local} and
     * {@code DEV_USER_ID=u1}; {@code withTags} adds a {@code tags} table (u1: red, u2: blue).
     */
    static CliRunner create(PgDatabaseExtension db, Path dir, boolean withTags) throws Exception {
        db.sql("""
                DROP TABLE IF EXISTS products, categories, tags;
                CREATE TABLE categories (id serial PRIMARY KEY, slug text NOT NULL, name text, user_id text NOT NULL);
                CREATE TABLE products (id serial PRIMARY KEY, slug text NOT NULL, price numeric CHECK (price >= 0),
                    category_id int NOT NULL REFERENCES categories(id), user_id text NOT NULL);
                INSERT INTO categories (slug, name, user_id) VALUES ('tools', 'Tools', 'u1'), ('garden', 'Garden', 'u1'),
                    ('other', 'Other', 'u2');
                INSERT INTO products (slug, price, category_id, user_id) VALUES ('hammer', 9.5, 1, 'u1'), ('saw', 20, 1, 'u1'),
                    ('rake', 5, 2, 'u1'), ('x', 1, 3, 'u2');
                """);
        if (withTags) {
            db.sql("""
                    CREATE TABLE tags (id serial PRIMARY KEY, slug text NOT NULL, user_id text NOT NULL);
                    INSERT INTO tags (slug, user_id) VALUES ('red', 'u1'), ('blue', 'u2');
                    """);
        }
        CliRunner cli = new CliRunner(dir).env("DB_PROFILE", "local").env("DEV_USER_ID", "u1");
        cli.write("backup-schema.json", """
                {"tables": [{"name": "categories"},
                            {"name": "products", "parent": {"table": "categories", "field": "category_id"}}%s]}
                """.formatted(withTags ? ",\n                {\"name\": \"tags\"}" : ""));
        cli.write("db.toml", """
                [profiles.local]
                url = "%1$s"

                [profiles.prod]
                url = "%1$s"
                protected = true

                [schema]
                backup_schema = "backup-schema.json"

                [defaults]
                user_id_env = "DEV_USER_ID"
                """.formatted(db.url()));
        return cli;
    }
}
