package dev.dbadapter.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dbadapter.adapter.DatabaseException;
import dev.dbadapter.adapter.postgres.internal.ValueCodec;
import dev.dbadapter.testing.PgDatabaseExtension;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The drift scenario, end to end against a real database. */
class SchemaFixerTest {
    @RegisterExtension
    static final PgDatabaseExtension db = new PgDatabaseExtension();

    static final String FULL_SCHEMA = """
            CREATE TABLE items (
                a serial PRIMARY KEY,
                b varchar(100) NOT NULL,
                c text,
                d integer DEFAULT 0,
                e boolean DEFAULT false,
                f timestamp DEFAULT now(),
                g varchar(50)
            );
            CREATE TABLE categories (
                id serial PRIMARY KEY,
                slug varchar(100) UNIQUE,
                name text,
                user_id text
            );
            CREATE TABLE products (
                id serial PRIMARY KEY,
                slug varchar(100) UNIQUE,
                name text,
                category_id integer REFERENCES categories(id),
                price integer DEFAULT 0,
                active boolean DEFAULT true,
                user_id text
            );
            CREATE TABLE reviews (
                id serial PRIMARY KEY,
                product_id integer REFERENCES products(id) ON DELETE CASCADE,
                body text
            );
            """;

    static final String DRIFTED_SCHEMA = """
            CREATE TABLE items (a serial PRIMARY KEY, c text, d integer DEFAULT 0, g varchar(50));
            CREATE TABLE categories (id serial PRIMARY KEY, slug varchar(100) UNIQUE, name text, user_id text);
            CREATE TABLE products (id serial PRIMARY KEY, slug varchar(100) UNIQUE, name text,
                category_id integer REFERENCES categories(id), user_id text);
            CREATE TABLE reviews (id serial PRIMARY KEY,
                product_id integer REFERENCES products(id) ON DELETE CASCADE, body text);
            INSERT INTO items (c, d, g) VALUES ('one', 1, 'g1'), ('two', 2, 'g2');
            INSERT INTO categories (slug, name, user_id) VALUES ('tools', 'Tools', 'u1'), ('food', 'Food', 'u1');
            INSERT INTO products (slug, name, category_id, user_id) VALUES
                ('hammer', 'Hammer', 1, 'u1'), ('saw', 'Saw', 1, 'u1'), ('bread', 'Bread', 2, 'u1');
            DELETE FROM products WHERE slug = 'bread';
            INSERT INTO reviews (product_id, body) VALUES (1, 'solid'), (2, 'sharp');
            """;

    static final SchemaFile SCHEMA_FILE = SchemaFile.parse(FULL_SCHEMA);

    @BeforeEach
    void driftedDatabase() {
        db.sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
        db.sql(DRIFTED_SCHEMA);
    }

    @Test
    void validationReportsExactlyTheFiveMissingColumns() {
        ValidationResult validation = validate();
        assertThat(validation.valid()).isFalse();
        assertThat(validation.missingTables()).isEmpty();
        assertThat(validation.missingColumns()).extracting(m -> m.table() + "." + m.column())
                .containsExactly("items.b", "items.e", "items.f", "products.active", "products.price");
        assertThat(validation.formatReport()).contains("Missing columns (5):", "    - items.b", "    - products.price");
    }

    @Test
    void fixRebuildsBothTablesKeepingRowsForeignKeysAndSequences() {
        FixPlan plan = SchemaFixer.generateFixPlan(validate(), Map.of(), SCHEMA_FILE);
        assertThat(plan.recreateTables()).extracting(FixPlan.RecreateTable::table).containsExactly("items", "products");

        FixResult result = SchemaFixer.applyFixes(db.adapter(), plan, FixOptions.preview().confirmed()).join();

        assertThat(result.applied()).isTrue();
        assertThat(result.tablesRecreated()).containsExactly("items", "products");
        assertThat(result.warnings()).singleElement().asString().contains("items.b").contains("nullable");
        assertThat(validate().valid()).isTrue();

        assertThat(db.query("SELECT a, c, d, g, e, b FROM items ORDER BY a")).containsExactly(
                row("a", 1, "c", "one", "d", 1, "g", "g1", "e", false, "b", null),
                row("a", 2, "c", "two", "d", 2, "g", "g2", "e", false, "b", null));
        assertThat(db.query("SELECT id, slug, category_id, price, active FROM products ORDER BY id")).containsExactly(
                row("id", 1, "slug", "hammer", "category_id", 1, "price", 0, "active", true),
                row("id", 2, "slug", "saw", "category_id", 1, "price", 0, "active", true));

        DatabaseSchema schema = introspect();
        assertThat(schema.tables().get("products").constraints())
                .filteredOn(c -> c.type() == DatabaseSchema.ConstraintType.FOREIGN_KEY)
                .singleElement().satisfies(fk -> assertThat(fk.referencedTable()).isEqualTo("categories"));
        assertThat(schema.tables().get("reviews").constraints())
                .filteredOn(c -> c.type() == DatabaseSchema.ConstraintType.FOREIGN_KEY)
                .singleElement().satisfies(fk -> {
                    assertThat(fk.referencedTable()).isEqualTo("products");
                    assertThat(fk.onDelete()).isEqualTo("CASCADE");
                });
        assertThatThrownBy(() -> db.sql("INSERT INTO reviews (product_id, body) VALUES (99, 'ghost')"))
                .hasMessageContaining("foreign key");
        db.sql("DELETE FROM products WHERE id = 1");
        assertThat(db.scalar("SELECT count(*) FROM reviews")).isEqualTo(1L);

        // the deleted 'bread' row had id 3: the sequence continues after it, not after max(id)
        db.sql("INSERT INTO products (slug, name) VALUES ('drill', 'Drill')");
        assertThat(db.scalar("SELECT id FROM products WHERE slug = 'drill'")).isEqualTo(4);
        db.sql("INSERT INTO items (b) VALUES ('new')");
        assertThat(db.scalar("SELECT a FROM items WHERE b = 'new'")).isEqualTo(3);
        assertThat(db.scalar("SELECT count(*) FROM pg_class WHERE relname LIKE '%dbfix%'")).isEqualTo(0L);
        assertThat(db.scalar("SELECT pg_get_serial_sequence('products', 'id')")).isEqualTo("public.products_id_seq");
    }

    @Test
    void rebuildCarriesIndexesTriggersGrantsCommentsAndPolicies() {
        db.sql("""
                CREATE INDEX products_name_idx ON products (lower(name));
                CREATE FUNCTION shout() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN NEW.name := upper(NEW.name); RETURN NEW; END $$;
                CREATE TRIGGER products_shout BEFORE INSERT ON products FOR EACH ROW EXECUTE FUNCTION shout();
                DROP ROLE IF EXISTS schema_fixer_reader;
                CREATE ROLE schema_fixer_reader;
                GRANT SELECT ON products TO schema_fixer_reader;
                COMMENT ON TABLE products TO 'what we sell';
                """.replace("COMMENT ON TABLE products TO", "COMMENT ON TABLE products IS"));
        db.sql("""
                COMMENT ON COLUMN products.slug IS 'url part';
                ALTER TABLE products ENABLE ROW LEVEL SECURITY;
                CREATE POLICY own_rows ON products FOR SELECT TO schema_fixer_reader USING (user_id = current_user);
                ALTER TABLE products ADD CONSTRAINT products_name_present CHECK (name <> '');
                ALTER TABLE products ADD COLUMN legacy_code text DEFAULT 'x';
                """);
        DatabaseSchema before = introspect();

        FixResult result = SchemaFixer.applyFixes(db.adapter(),
                SchemaFixer.generateFixPlan(validate(), Map.of(), SCHEMA_FILE), FixOptions.preview().confirmed()).join();

        assertThat(result.applied()).isTrue();
        DatabaseSchema after = introspect();
        DatabaseSchema.Table products = after.tables().get("products");
        assertThat(products.indexes()).extracting(DatabaseSchema.Index::name)
                .containsExactlyInAnyOrderElementsOf(before.tables().get("products").indexes().stream()
                        .map(DatabaseSchema.Index::name).toList());
        assertThat(products.triggers()).isEqualTo(before.tables().get("products").triggers());
        assertThat(products.constraints()).extracting(DatabaseSchema.Constraint::name)
                .containsExactlyInAnyOrderElementsOf(before.tables().get("products").constraints().stream()
                        .map(DatabaseSchema.Constraint::name).toList());
        assertThat(products.columns()).containsKey("legacy_code");
        assertThat(db.scalar("SELECT count(*) FROM products WHERE legacy_code = 'x'")).isEqualTo(2L);
        assertThat(db.scalar("SELECT has_table_privilege('schema_fixer_reader', 'products', 'SELECT')")).isEqualTo(true);
        assertThat(db.scalar("SELECT obj_description('products'::regclass, 'pg_class')")).isEqualTo("what we sell");
        assertThat(db.scalar("SELECT col_description('products'::regclass, 2)")).isEqualTo("url part");
        assertThat(db.scalar("SELECT relrowsecurity FROM pg_class WHERE oid = 'products'::regclass")).isEqualTo(true);
        assertThat(db.scalar("SELECT count(*) FROM pg_policies WHERE tablename = 'products' AND policyname = 'own_rows'"))
                .isEqualTo(1L);
        db.sql("INSERT INTO products (slug, name) VALUES ('nail', 'nail')");
        assertThat(db.scalar("SELECT name FROM products WHERE slug = 'nail'")).isEqualTo("NAIL");
    }

    @Test
    void rebuildHandlesIdentityColumnsQuotedNamesAndSelfReferences() {
        db.sql("""
                CREATE TABLE "Nodes" (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    parent_id integer REFERENCES "Nodes"(id), label text);
                INSERT INTO "Nodes" (label) VALUES ('root');
                INSERT INTO "Nodes" (parent_id, label) VALUES (1, 'child');
                """);
        SchemaFile file = SchemaFile.parse(FULL_SCHEMA + """
                CREATE TABLE "Nodes" (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    parent_id integer REFERENCES "Nodes"(id), label text, weight integer DEFAULT 1, tag text);
                """);
        FixPlan plan = SchemaFixer.generateFixPlan(validate(file), Map.of(), file);
        assertThat(plan.recreateTables()).extracting(FixPlan.RecreateTable::table).contains("Nodes");

        FixResult result = SchemaFixer.applyFixes(db.adapter(), plan, FixOptions.preview().confirmed()).join();

        assertThat(result.applied()).isTrue();
        assertThat(validate(file).valid()).isTrue();
        assertThat(db.query("SELECT id, parent_id, label, weight FROM \"Nodes\" ORDER BY id")).containsExactly(
                row("id", 1, "parent_id", null, "label", "root", "weight", 1),
                row("id", 2, "parent_id", 1, "label", "child", "weight", 1));
        db.sql("INSERT INTO \"Nodes\" (parent_id, label) VALUES (2, 'leaf')");
        assertThat(db.scalar("SELECT id FROM \"Nodes\" WHERE label = 'leaf'")).isEqualTo(3);
        assertThatThrownBy(() -> db.sql("INSERT INTO \"Nodes\" (parent_id, label) VALUES (42, 'orphan')"))
                .hasMessageContaining("foreign key");
    }

    @Test
    void rebuildWorksInAnotherSchema() {
        db.sql("""
                DROP SCHEMA IF EXISTS audit CASCADE;
                CREATE SCHEMA audit;
                CREATE TABLE audit.log (id serial PRIMARY KEY, msg text);
                INSERT INTO audit.log (msg) VALUES ('started');
                """);
        SchemaFile file = SchemaFile.parse(
                "CREATE TABLE audit.log (id serial PRIMARY KEY, msg text, level text DEFAULT 'info', at timestamptz);");
        ValidationResult validation = new ValidationResult(false, List.of(), List.of(
                new ValidationResult.MissingColumn("audit.log", "at", ""),
                new ValidationResult.MissingColumn("audit.log", "level", "")), List.of());

        FixResult result = SchemaFixer.applyFixes(db.adapter(), SchemaFixer.generateFixPlan(validation, Map.of(), file),
                FixOptions.preview().confirmed()).join();

        assertThat(result.applied()).isTrue();
        assertThat(result.tablesRecreated()).containsExactly("audit.log");
        assertThat(db.query("SELECT id, msg, level FROM audit.log"))
                .containsExactly(row("id", 1, "msg", "started", "level", "info"));
        db.sql("INSERT INTO audit.log (msg) VALUES ('next')");
        assertThat(db.scalar("SELECT max(id) FROM audit.log")).isEqualTo(2);
    }

    @Test
    void failingFixLeavesTheSchemaExactlyAsItWas() {
        db.sql("CREATE TABLE notes (id serial PRIMARY KEY)");
        SchemaFile file = SchemaFile.parse(FULL_SCHEMA + """
                CREATE TABLE notes (id serial PRIMARY KEY, body text);
                CREATE TABLE tags (id serial PRIMARY KEY, label text);
                """);
        ValidationResult validation = validate(file);
        FixPlan plan = SchemaFixer.generateFixPlan(validation, Map.of("notes.body", "no_such_type"), file);
        assertThat(plan.createTables()).extracting(FixPlan.CreateTable::table).containsExactly("tags");
        DatabaseSchema before = introspect();
        List<Map<String, Object>> rowsBefore = db.query("SELECT * FROM products ORDER BY id");

        Throwable failure = failure(SchemaFixer.applyFixes(db.adapter(), plan, FixOptions.preview().confirmed()));

        assertThat(failure).isInstanceOf(DatabaseException.class)
                .hasMessageStartingWith("Fix failed, nothing was changed: ").hasMessageContaining("no_such_type")
                .hasMessageEndingWith("(while running: ALTER TABLE \"notes\" ADD COLUMN \"body\" no_such_type)")
                .hasCauseInstanceOf(SQLException.class);
        assertThat(((DatabaseException) failure).sqlState()).isEqualTo("42704");
        assertThat(introspect()).isEqualTo(before);
        assertThat(db.query("SELECT * FROM products ORDER BY id")).isEqualTo(rowsBefore);
    }

    @Test
    void alterStrategyAddsColumnsWithoutRebuilding() {
        Object itemsOid = db.scalar("SELECT 'items'::regclass::oid::bigint");
        FixPlan plan = SchemaFixer.generateFixPlan(validate(), Map.of("items.b", "varchar(100) NOT NULL"), SCHEMA_FILE);

        FixResult result = SchemaFixer.applyFixes(db.adapter(), plan,
                FixOptions.preview().withStrategy(FixOptions.Strategy.ALTER).confirmed()).join();

        assertThat(result.applied()).isTrue();
        assertThat(result.tablesRecreated()).isEmpty();
        assertThat(result.columnsAdded())
                .containsExactly("items.b", "items.e", "items.f", "products.active", "products.price");
        assertThat(result.statements()).allSatisfy(sql -> assertThat(sql).startsWith("ALTER TABLE").contains("ADD COLUMN"));
        assertThat(validate().valid()).isTrue();
        assertThat(db.scalar("SELECT 'items'::regclass::oid::bigint")).isEqualTo(itemsOid);
        assertThat(introspect().tables().get("items").columns().get("b").nullable()).isTrue();
        assertThat(db.scalar("SELECT count(*) FROM products WHERE price = 0 AND active")).isEqualTo(2L);
    }

    @Test
    void dependentViewIsRefusedBeforeAnyDdl() {
        db.sql("CREATE VIEW product_names AS SELECT name FROM products");
        DatabaseSchema before = introspect();
        FixPlan plan = SchemaFixer.generateFixPlan(validate(), Map.of(), SCHEMA_FILE);
        List<String> backedUp = new ArrayList<>();

        Throwable failure = failure(SchemaFixer.applyFixes(db.adapter(), plan, FixOptions.preview().confirmed()
                .withBackupHook(tables -> {
                    backedUp.addAll(tables);
                    return "backups/x.json";
                })));

        assertThat(failure).isInstanceOf(RebuildRefusedException.class)
                .hasMessageContaining("view product_names depends on table products")
                .hasMessageContaining("--strategy alter").hasMessageContaining("Nothing was changed");
        assertThat(((RebuildRefusedException) failure).reasons()).containsExactly("view product_names depends on table products");
        assertThat(((RebuildRefusedException) failure).hint()).contains("strategy alter");
        assertThat(backedUp).isEmpty();
        assertThat(introspect()).isEqualTo(before);

        assertThat(failure(SchemaFixer.applyFixes(db.adapter(), plan, FixOptions.preview())))
                .isInstanceOf(RebuildRefusedException.class).hasMessageContaining("product_names");
    }

    @Test
    void everyObjectThatCannotBeCarriedIsNamed() {
        db.sql("""
                CREATE MATERIALIZED VIEW item_counts AS SELECT count(*) AS n FROM items;
                CREATE FUNCTION first_product() RETURNS products LANGUAGE sql AS $$ SELECT * FROM products LIMIT 1 $$;
                CREATE TABLE special_items () INHERITS (items);
                """);
        DatabaseSchema before = introspect();

        Throwable failure = failure(SchemaFixer.applyFixes(db.adapter(),
                SchemaFixer.generateFixPlan(validate(), Map.of(), SCHEMA_FILE), FixOptions.preview().confirmed()));

        assertThat(failure).isInstanceOf(RebuildRefusedException.class);
        assertThat(((RebuildRefusedException) failure).reasons()).contains(
                "materialized view item_counts depends on table items",
                "function first_product() depends on table products",
                "table items takes part in inheritance or partitioning");
        assertThat(introspect()).isEqualTo(before);
    }

    @Test
    void previewChangesNothing() {
        DatabaseSchema before = introspect();
        FixPlan plan = SchemaFixer.generateFixPlan(validate(), Map.of(), SCHEMA_FILE);

        FixResult preview = SchemaFixer.applyFixes(db.adapter(), plan, FixOptions.preview()).join();

        assertThat(preview.applied()).isFalse();
        assertThat(preview.tablesRecreated()).isEmpty();
        assertThat(preview.statements()).hasSize(2);
        assertThat(introspect()).isEqualTo(before);
    }

    @Test
    void backupHookRunsBeforeARebuildUnlessSkipped() {
        FixPlan plan = SchemaFixer.generateFixPlan(validate(), Map.of(), SCHEMA_FILE);
        List<String> backedUp = new ArrayList<>();
        FixOptions options = FixOptions.preview().confirmed().withBackupHook(tables -> {
            backedUp.addAll(tables);
            assertThat(db.scalar("SELECT count(*) FROM information_schema.columns WHERE table_name = 'items'"))
                    .isEqualTo(4L);
            return "backups/pre-fix.json";
        });

        FixResult skipped = SchemaFixer.applyFixes(db.adapter(), plan, options.withoutBackup()
                .withStrategy(FixOptions.Strategy.ALTER)).join();
        assertThat(skipped.backupPath()).isNull();
        driftedDatabase();
        FixResult result = SchemaFixer.applyFixes(db.adapter(), plan, options).join();

        assertThat(result.applied()).isTrue();
        assertThat(backedUp).containsExactly("items", "products");
        assertThat(result.backupPath()).isEqualTo("backups/pre-fix.json");
    }

    @Test
    void failingBackupHookStopsTheFix() {
        DatabaseSchema before = introspect();
        FixPlan plan = SchemaFixer.generateFixPlan(validate(), Map.of(), SCHEMA_FILE);
        IllegalStateException diskFull = new IllegalStateException("disk full");
        Throwable failure = failure(SchemaFixer.applyFixes(db.adapter(), plan, FixOptions.preview().confirmed()
                .withBackupHook(tables -> {
                    throw diskFull;
                })));
        assertThat(failure).isInstanceOf(PreFixBackupException.class)
                .hasMessage("Backup before the fix failed, nothing was changed: disk full").hasCause(diskFull);
        assertThat(introspect()).isEqualTo(before);
    }

    @Test
    void missingTablesAreCreatedParentsFirstWithTheirIndexesAndComments() {
        db.sql("DROP TABLE reviews, products, categories");
        SchemaFile file = SchemaFile.parse(FULL_SCHEMA + """
                CREATE INDEX CONCURRENTLY reviews_body_idx ON reviews (body);
                COMMENT ON COLUMN reviews.body IS 'what people say';
                """);
        FixResult result = SchemaFixer.applyFixes(db.adapter(),
                SchemaFixer.generateFixPlan(validate(file), Map.of(), file),
                FixOptions.preview().withStrategy(FixOptions.Strategy.ALTER).confirmed()).join();
        assertThat(result.applied()).isTrue();
        assertThat(result.tablesCreated()).containsExactly("categories", "products", "reviews");
        assertThat(validate().valid()).isTrue();
        assertThat(introspect().tables().get("reviews").indexes()).extracting(DatabaseSchema.Index::name)
                .containsExactly("reviews_body_idx");
        assertThat(db.scalar("SELECT col_description('reviews'::regclass, 3)")).isEqualTo("what people say");
    }

    @Test
    void resultPrintsAsJson() throws Exception {
        FixResult result = SchemaFixer.applyFixes(db.adapter(),
                SchemaFixer.generateFixPlan(validate(), Map.of(), SCHEMA_FILE), FixOptions.preview()).join();
        assertThat(ValueCodec.JSON.writeValueAsString(result)).contains("\"applied\":false").doesNotContain("success");
    }

    private static Map<String, Object> row(Object... keyValues) {
        Map<String, Object> row = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            row.put((String) keyValues[i], keyValues[i + 1]);
        }
        return row;
    }

    private static ValidationResult validate() {
        return validate(SCHEMA_FILE);
    }

    /** Returns what {@code future} failed with, unwrapped; fails the test when it succeeded. */
    private static Throwable failure(CompletableFuture<?> future) {
        try {
            throw new AssertionError("expected the fix to fail, but it returned " + future.join());
        } catch (CompletionException e) {
            return e.getCause();
        }
    }

    private static ValidationResult validate(SchemaFile file) {
        try (SchemaIntrospector introspector = new SchemaIntrospector(db.adapter())) {
            return SchemaValidator.validate(introspector.columnNames("public").join(), file.expectedColumns());
        }
    }

    private static DatabaseSchema introspect() {
        try (SchemaIntrospector introspector = new SchemaIntrospector(db.adapter())) {
            return introspector.introspect("public").join();
        }
    }
}
