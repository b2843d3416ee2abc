package dev.dbadapter.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaFileTest {

    @Test
    void lineAndBlockCommentsAreIgnoredIncludingACommentedOutCreateTable() {
        SchemaFile file = SchemaFile.parse("""
                -- CREATE TABLE ghost (id int);
                /* CREATE TABLE ghost2 (id int);
                   /* nested */ still a comment; */
                CREATE TABLE items ( -- the items
                    id serial PRIMARY KEY, /* key */
                    name text -- , fake int
                );
                """);
        assertThat(file.tables()).containsOnlyKeys("items");
        assertThat(file.table("items").orElseThrow().columns()).containsOnlyKeys("id", "name");
        assertThat(file.table("items").orElseThrow().columns().get("id")).isEqualTo("serial PRIMARY KEY");
        assertThat(file.table("items").orElseThrow().line()).isEqualTo(4);
    }

    @Test
    void quotedAndMixedCaseNamesFoldAsPostgresDoes() {
        SchemaFile file = SchemaFile.parse("""
                CREATE TABLE "Users" ("Id" int, FullName text, "weird, name" text, "a""b" int);
                CREATE TABLE Orders (ID int, "UserId" int REFERENCES "Users"("Id"));
                """);
        assertThat(file.tables()).containsOnlyKeys("Users", "orders");
        assertThat(file.expectedColumns().get("Users")).containsExactly("Id", "fullname", "weird, name", "a\"b");
        assertThat(file.expectedColumns().get("orders")).containsExactly("id", "UserId");
        assertThat(file.table("orders").orElseThrow().references()).containsExactly("Users");
    }

    @Test
    void publicPrefixAndIfNotExistsAreUnderstood() {
        SchemaFile file = SchemaFile.parse("""
                CREATE TABLE IF NOT EXISTS public.categories (id serial PRIMARY KEY);
                create table if not exists public."products" (id serial, category_id int references public.categories(id));
                CREATE TABLE audit.log (id bigint);
                """);
        assertThat(file.tables()).containsOnlyKeys("categories", "products", "audit.log");
        assertThat(file.table("categories").orElseThrow().schema()).isEqualTo("public");
        assertThat(file.table("products").orElseThrow().references()).containsExactly("categories");
    }

    @Test
    void columnDefinitionsKeepDefaultsChecksIdentityAndReferences() {
        SchemaFile file = SchemaFile.parse("""
                CREATE TABLE parents (a int, b int, PRIMARY KEY (a, b));
                CREATE TABLE t (
                    id integer GENERATED ALWAYS AS IDENTITY (START WITH 10 INCREMENT BY 2) PRIMARY KEY,
                    s serial,
                    created_at timestamptz DEFAULT NOW(),
                    price numeric(10, 2) DEFAULT 0 CHECK (price >= 0),
                    note text DEFAULT 'a, (b); c',
                    pa int,
                    pb int,
                    owner_id int REFERENCES owners (id) ON DELETE CASCADE,
                    CONSTRAINT t_parent_fk FOREIGN KEY (pa, pb) REFERENCES parents (a, b),
                    UNIQUE (pa, pb),
                    CHECK (pa <> pb)
                );
                """);
        SchemaFile.TableDefinition t = file.table("t").orElseThrow();
        assertThat(t.columns()).containsOnlyKeys("id", "s", "created_at", "price", "note", "pa", "pb", "owner_id");
        assertThat(t.columns().get("id"))
                .isEqualTo("integer GENERATED ALWAYS AS IDENTITY (START WITH 10 INCREMENT BY 2) PRIMARY KEY");
        assertThat(t.columns().get("created_at")).isEqualTo("timestamptz DEFAULT NOW()");
        assertThat(t.columns().get("price")).isEqualTo("numeric(10, 2) DEFAULT 0 CHECK (price >= 0)");
        assertThat(t.columns().get("note")).isEqualTo("text DEFAULT 'a, (b); c'");
        assertThat(t.constraints()).containsExactly(
                "CONSTRAINT t_parent_fk FOREIGN KEY (pa, pb) REFERENCES parents (a, b)",
                "UNIQUE (pa, pb)", "CHECK (pa <> pb)");
        assertThat(t.references()).containsExactly("owners", "parents");
        assertThat(file.table("parents").orElseThrow().constraints()).containsExactly("PRIMARY KEY (a, b)");
    }

    @Test
    void functionWithDollarBodyAndTriggerAreKeptAsOtherStatements() {
        String sql = """
                CREATE TABLE items (id serial PRIMARY KEY, updated_at timestamp);
                CREATE OR REPLACE FUNCTION touch() RETURNS trigger AS $$
                BEGIN
                    -- not a comment of the file; CREATE TABLE fake (x int);
                    NEW.updated_at := now();
                    RETURN NEW;
                END;
                $$ LANGUAGE plpgsql;
                CREATE TRIGGER items_touch BEFORE UPDATE ON items FOR EACH ROW EXECUTE FUNCTION touch();
                DO $body$ BEGIN PERFORM 'x;y'; END $body$;
                """;
        SchemaFile file = SchemaFile.parse(sql);
        assertThat(file.tables()).containsOnlyKeys("items");
        assertThat(file.statements()).hasSize(4);
        assertThat(file.statements().get(1).sql()).startsWith("CREATE OR REPLACE FUNCTION touch()")
                .endsWith("$$ LANGUAGE plpgsql").contains("RETURN NEW;");
        assertThat(file.statements().get(1).table()).isNull();
        assertThat(file.statements().get(2).line()).isEqualTo(9);
        assertThat(file.statements().get(0).table()).isEqualTo("items");
        assertThat(file.table("items").orElseThrow().createSql())
                .isEqualTo("CREATE TABLE items (id serial PRIMARY KEY, updated_at timestamp)");
    }

    @Test
    void indexAndCommentStatementsAreKeptAsCompanionsOfTheirTable() {
        SchemaFile file = SchemaFile.parse("""
                CREATE TABLE tags (id serial PRIMARY KEY, label text);
                CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS tags_label_idx ON public.tags (lower(label));
                CREATE INDEX ON ONLY tags USING hash (label);
                COMMENT ON TABLE tags IS 'labels; for things';
                COMMENT ON COLUMN public.tags.label IS 'shown';
                CREATE INDEX other_idx ON other (x);
                CREATE TRIGGER t BEFORE INSERT ON tags FOR EACH ROW EXECUTE FUNCTION f();
                """);
        assertThat(file.companions("tags")).containsExactly(
                "CREATE UNIQUE INDEX IF NOT EXISTS tags_label_idx ON public.tags (lower(label))",
                "CREATE INDEX ON ONLY tags USING hash (label)",
                "COMMENT ON TABLE tags IS 'labels; for things'",
                "COMMENT ON COLUMN public.tags.label IS 'shown'");
        assertThat(file.companions("other")).containsExactly("CREATE INDEX other_idx ON other (x)");
        assertThat(file.companions("nothing")).isEmpty();
    }

    @Test
    void unparsableCreateTableIsAnErrorWithItsLineNumber() {
        String sql = """
                CREATE TABLE good (id int);

                -- broken below
                CREATE TABLE broken (id int, name text;
                CREATE TABLE other (id int);
                """;
        assertThatThrownBy(() -> SchemaFile.parse(sql, "schema.sql"))
                .isInstanceOf(SchemaFileException.class)
                .hasMessageContaining("schema.sql:4")
                .hasMessageContaining("broken")
                .hasMessageContaining("near line 4")
                .satisfies(e -> assertThat(((SchemaFileException) e).line()).isEqualTo(4));
        assertThatThrownBy(() -> SchemaFile.parse("CREATE TABLE ok (id int);\nCREATE TABLE bad (\n  id int,\n  name text text text(,\n  x int\n);"))
                .isInstanceOf(SchemaFileException.class)
                .hasMessageContaining("schema.sql:2")
                .hasMessageContaining("unbalanced parentheses")
                .hasMessageContaining("near line 4, column");
        assertThatThrownBy(() -> SchemaFile.parse("CREATE TABLE t (\n  id\n);"))
                .isInstanceOf(SchemaFileException.class).hasMessageContaining("column id of t has no type");
        assertThatThrownBy(() -> SchemaFile.parse("\n\nCREATE TABLE (id int);"))
                .isInstanceOf(SchemaFileException.class).hasMessageContaining(":3")
                .hasMessageContaining("expected a table name");
    }

    @Test
    void unterminatedQuoteOrCommentIsAnErrorWithItsLine() {
        assertThatThrownBy(() -> SchemaFile.parse("CREATE TABLE t (id int);\nSELECT 'oops;\n"))
                .isInstanceOf(SchemaFileException.class).hasMessageContaining(":2")
                .hasMessageContaining("unterminated string literal");
        assertThatThrownBy(() -> SchemaFile.parse("CREATE TABLE t (id int);\n/* open"))
                .isInstanceOf(SchemaFileException.class).hasMessageContaining("unterminated /* comment");
    }

    @Test
    void fileWithoutCreateTableIsAnError() {
        assertThatThrownBy(() -> SchemaFile.parse("-- CREATE TABLE x (id int);\nCREATE INDEX i ON x (id);"))
                .isInstanceOf(SchemaFileException.class).hasMessageContaining("no CREATE TABLE statement found");
        assertThatThrownBy(() -> SchemaFile.parse(""))
                .isInstanceOf(SchemaFileException.class).hasMessageContaining("no CREATE TABLE");
    }

    @Test
    void tableDefinedTwiceIsAnError() {
        assertThatThrownBy(() -> SchemaFile.parse("CREATE TABLE a (id int);\nCREATE TABLE public.A (id int);"))
                .isInstanceOf(SchemaFileException.class).hasMessageContaining("already created at line 1");
    }

    @Test
    void missingFileIsAnErrorNamingIt(@TempDir Path dir) {
        Path missing = dir.resolve("nope.sql");
        assertThatThrownBy(() -> SchemaFile.read(missing))
                .isInstanceOf(SchemaFileException.class).hasMessageContaining("nope.sql")
                .hasMessageContaining("cannot read");
    }

    @Test
    void readsAFileAndOrdersParentsFirst(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("schema.sql");
        Files.writeString(path, """
                CREATE TABLE order_lines (id int, order_id int REFERENCES orders(id), product_id int REFERENCES products(id));
                CREATE TABLE orders (id int PRIMARY KEY, customer_id int REFERENCES customers(id));
                CREATE TABLE products (id int PRIMARY KEY);
                CREATE TABLE customers (id int PRIMARY KEY, parent_id int REFERENCES customers(id));
                """);
        SchemaFile file = SchemaFile.read(path);
        assertThat(file.creationOrder(file.tables().keySet()))
                .containsExactly("customers", "orders", "products", "order_lines");
        assertThat(file.creationOrder(java.util.List.of("order_lines", "products")))
                .containsExactly("products", "order_lines");
    }
}
