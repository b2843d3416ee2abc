package dev.dbadapter.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dbadapter.adapter.DatabaseException;
import dev.dbadapter.adapter.postgres.internal.ValueCodec;
import dev.dbadapter.testing.PgDatabaseExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Fix rules of DESIGN.md one by one, beyond the drift scenario of {@link SchemaFixerTest}. */
class SchemaFixerRulesTest {
    @RegisterExtension
    static final PgDatabaseExtension db = new PgDatabaseExtension();

    @BeforeEach
    void emptyDatabase() {
        db.sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public; DROP SCHEMA IF EXISTS audit CASCADE;");
    }

    // ---- definitions for ADD COLUMN (pure planning) ----

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            integer not null                                    | integer
            int NOT    NULL DEFAULT 0                           | int DEFAULT 0
            uuid primary key default gen_random_uuid()          | uuid default gen_random_uuid()
            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY     | bigint GENERATED ALWAYS AS IDENTITY
            int NOT NULL REFERENCES t(id) ON DELETE CASCADE     | int NOT NULL REFERENCES t(id) ON DELETE CASCADE
            int references t(id) not null primary key           | int references t(id) not null
            text CHECK (x IS NOT NULL) NOT NULL                 | text CHECK (x IS NOT NULL)
            text DEFAULT 'PRIMARY KEY'                          | text DEFAULT 'PRIMARY KEY'
            text NULL                                           | text NULL
            text NOT NULL UNIQUE                                | text UNIQUE
            '  varchar(10)   NOT NULL  '                        | varchar(10)
            """)
    void addColumnDefinitionDropsPrimaryKeyAndNotNullUnlessReferences(String definition, String expected) {
        SchemaFile file = SchemaFile.parse("CREATE TABLE t (id int, x text);");
        ValidationResult validation = new ValidationResult(false, List.of(),
                List.of(new ValidationResult.MissingColumn("t", "x", "")), List.of());
        FixPlan plan = SchemaFixer.generateFixPlan(validation, Map.of("t.x", definition), file);
        assertThat(plan.addColumns()).singleElement().satisfies(add -> {
            assertThat(add.definition()).isEqualTo(expected);
            assertThat(add.sql()).isEqualTo("ALTER TABLE \"t\" ADD COLUMN \"x\" " + expected);
        });
    }

    @Test
    void columnDefsWinOverSchemaSql() {
        SchemaFile file = SchemaFile.parse("CREATE TABLE t (id int, x text DEFAULT 'file');");
        ValidationResult validation = SchemaValidator.validate(Map.of("t", java.util.Set.of("id")), file.expectedColumns());
        assertThat(SchemaFixer.generateFixPlan(validation, Map.of("t.x", "text DEFAULT 'defs'"), file).addColumns())
                .singleElement().satisfies(add -> {
                    assertThat(add.definition()).isEqualTo("text DEFAULT 'defs'");
                    assertThat(add.source()).isEqualTo("column-defs");
                });
        assertThat(SchemaFixer.generateFixPlan(validation, Map.of("other.x", "int"), file).addColumns())
                .singleElement().satisfies(add -> assertThat(add.source()).isEqualTo("schema.sql"));
    }

    @Test
    void addColumnQuotesMixedCaseAndQualifiedNames() {
        SchemaFile file = SchemaFile.parse("""
                CREATE TABLE "Users" ("Id" int, "Nick Name" text);
                CREATE TABLE audit.log (id int, level text);
                """);
        ValidationResult validation = new ValidationResult(false, List.of(), List.of(
                new ValidationResult.MissingColumn("Users", "Nick Name", ""),
                new ValidationResult.MissingColumn("audit.log", "level", "")), List.of());
        FixPlan plan = SchemaFixer.generateFixPlan(validation, Map.of(), file);
        assertThat(plan.addColumns()).extracting(FixPlan.AddColumn::sql).containsExactly(
                "ALTER TABLE \"Users\" ADD COLUMN \"Nick Name\" text",
                "ALTER TABLE \"audit\".\"log\" ADD COLUMN \"level\" text");
    }

    @Test
    void tableMissingSeveralColumnsButAbsentFromTheFileCannotBeRebuilt() {
        SchemaFile file = SchemaFile.parse("CREATE TABLE t (id int);");
        ValidationResult validation = new ValidationResult(false, List.of(), List.of(
                new ValidationResult.MissingColumn("other", "a", ""),
                new ValidationResult.MissingColumn("other", "b", "")), List.of());
        assertThatThrownBy(() -> SchemaFixer.generateFixPlan(validation, Map.of("other.a", "int", "other.b", "int"), file))
                .isInstanceOf(SchemaException.class)
                .hasMessageContaining("table other misses 2 columns but schema.sql does not create it");
    }

    @Test
    void planPrintsAsJsonWithoutDerivedFields() throws Exception {
        SchemaFile file = SchemaFile.parse("""
                CREATE TABLE a (id int PRIMARY KEY);
                CREATE TABLE b (id int, x text, y text);
                CREATE TABLE c (id int, z text);
                """);
        ValidationResult validation = SchemaValidator.validate(
                Map.of("b", java.util.Set.of("id"), "c", java.util.Set.of("id")), file.expectedColumns());
        FixPlan plan = SchemaFixer.generateFixPlan(validation, Map.of(), file);
        JsonNode json = ValueCodec.JSON.readTree(ValueCodec.JSON.writeValueAsString(plan));
        assertThat(json.fieldNames()).toIterable().containsExactlyInAnyOrder("createTables", "addColumns", "recreateTables");
        assertThat(json.get("createTables").get(0).get("table").asText()).isEqualTo("a");
        assertThat(json.get("createTables").get(0).get("sql").asText()).isEqualTo("CREATE TABLE a (id int PRIMARY KEY)");
        assertThat(json.get("addColumns").get(0).get("sql").asText()).isEqualTo("ALTER TABLE \"c\" ADD COLUMN \"z\" text");
        assertThat(json.get("recreateTables").get(0).get("missingColumns")).hasSize(2);
    }

    @Test
    void stepsDescribeEachStrategy() {
        SchemaFile file = SchemaFile.parse("CREATE TABLE b (id int, x text, y int DEFAULT 1);");
        FixPlan plan = SchemaFixer.generateFixPlan(
                SchemaValidator.validate(Map.of("b", java.util.Set.of("id")), file.expectedColumns()), Map.of(), file);
        assertThat(plan.steps(FixOptions.Strategy.RECREATE)).containsExactly(
                "REBUILD TABLE b (adds x, y; keeps rows, indexes, triggers, grants and incoming foreign keys)");
        assertThat(plan.steps(FixOptions.Strategy.ALTER)).containsExactly(
                "ALTER TABLE b ADD COLUMN x text (from schema.sql)",
                "ALTER TABLE b ADD COLUMN y int DEFAULT 1 (from schema.sql)");
    }

    // ---- applying, against the database ----

    @Test
    void oneMissingColumnIsAddedInPlaceKeepingRowsAndTheTable() {
        db.sql("CREATE TABLE notes (id serial PRIMARY KEY, body text); INSERT INTO notes (body) VALUES ('a'), ('b');");
        Object oid = db.scalar("SELECT 'notes'::regclass::oid::bigint");
        SchemaFile file = SchemaFile.parse("CREATE TABLE notes (id serial PRIMARY KEY, body text, "
                + "status text NOT NULL DEFAULT 'open');");

        FixResult result = fix(file, FixOptions.preview().confirmed());

        assertThat(result.applied()).isTrue();
        assertThat(result.columnsAdded()).containsExactly("notes.status");
        assertThat(result.tablesRecreated()).isEmpty();
        assertThat(db.scalar("SELECT 'notes'::regclass::oid::bigint")).isEqualTo(oid);
        assertThat(db.scalar("SELECT count(*) FROM notes WHERE status = 'open'")).isEqualTo(2L);
        assertThat(db.scalar("SELECT attnotnull FROM pg_attribute WHERE attrelid = 'notes'::regclass AND attname = 'status'"))
                .isEqualTo(false);
    }

    @Test
    void missingSerialPrimaryKeyColumnIsAddedAsPlainSerialNumberingTheRows() {
        db.sql("CREATE TABLE legacy (name text); INSERT INTO legacy VALUES ('x'), ('y'), ('z');");
        SchemaFile file = SchemaFile.parse("CREATE TABLE legacy (id serial PRIMARY KEY, name text);");

        FixResult result = fix(file, FixOptions.preview().confirmed());

        assertThat(result.applied()).isTrue();
        assertThat(db.scalar("SELECT count(DISTINCT id) FROM legacy")).isEqualTo(3L);
        assertThat(db.scalar("SELECT count(*) FROM pg_constraint WHERE conrelid = 'legacy'::regclass AND contype = 'p'"))
                .isEqualTo(0L);
    }

    @Test
    void missingReferencesColumnKeepsNotNullAndItsForeignKey() {
        db.sql("CREATE TABLE teams (id int PRIMARY KEY); CREATE TABLE members (id int PRIMARY KEY);");
        SchemaFile file = SchemaFile.parse("""
                CREATE TABLE teams (id int PRIMARY KEY);
                CREATE TABLE members (id int PRIMARY KEY, team_id int NOT NULL REFERENCES teams(id) ON DELETE CASCADE);
                """);

        FixResult result = fix(file, FixOptions.preview().confirmed());

        assertThat(result.applied()).isTrue();
        DatabaseSchema.Table members = introspect().tables().get("members");
        assertThat(members.columns().get("team_id").nullable()).isFalse();
        assertThat(members.constraints()).filteredOn(c -> c.type() == DatabaseSchema.ConstraintType.FOREIGN_KEY)
                .singleElement().satisfies(fk -> assertThat(fk.onDelete()).isEqualTo("CASCADE"));
    }

    @Test
    void missingTablesDefinedChildFirstAreCreatedParentsFirst() {
        SchemaFile file = SchemaFile.parse("""
                CREATE TABLE lines (id int, order_id int REFERENCES orders(id));
                CREATE TABLE orders (id int PRIMARY KEY, customer_id int REFERENCES customers(id));
                CREATE TABLE customers (id int PRIMARY KEY);
                """);

        FixResult result = fix(file, FixOptions.preview().confirmed());

        assertThat(result.applied()).isTrue();
        assertThat(result.tablesCreated()).containsExactly("customers", "orders", "lines");
        assertThat(validate(file).valid()).isTrue();
    }

    @Test
    void missingTableThatReferencesARebuiltTableIsCreatedAfterTheRebuild() {
        db.sql("CREATE TABLE products (id serial PRIMARY KEY); INSERT INTO products DEFAULT VALUES;");
        SchemaFile file = SchemaFile.parse("""
                CREATE TABLE reviews (id serial PRIMARY KEY, product_id int REFERENCES products(id));
                CREATE TABLE products (id serial PRIMARY KEY, name text, price int DEFAULT 0);
                """);

        FixResult result = fix(file, FixOptions.preview().confirmed());

        assertThat(result.applied()).isTrue();
        assertThat(result.tablesRecreated()).containsExactly("products");
        assertThat(result.tablesCreated()).containsExactly("reviews");
        assertThat(result.statements().indexOf(file.table("reviews").orElseThrow().createSql()))
                .isGreaterThan(0);
        db.sql("INSERT INTO reviews (product_id) VALUES (1)");
        assertThatThrownBy(() -> db.sql("INSERT INTO reviews (product_id) VALUES (2)")).hasMessageContaining("foreign key");
    }

    @Test
    void tableRebuiltWithAForeignKeyToAMissingTableIsRebuiltAfterItIsCreated() {
        db.sql("CREATE TABLE visits (id serial PRIMARY KEY); INSERT INTO visits DEFAULT VALUES;");
        SchemaFile file = SchemaFile.parse("""
                CREATE TABLE visits (id serial PRIMARY KEY, clinic_id int REFERENCES clinics(id), note text);
                CREATE TABLE clinics (id int PRIMARY KEY);
                """);

        FixResult result = fix(file, FixOptions.preview().confirmed());

        assertThat(result.tablesCreated()).containsExactly("clinics");
        assertThat(result.tablesRecreated()).containsExactly("visits");
        assertThat(result.statements().indexOf(file.table("clinics").orElseThrow().createSql())).isZero();
        assertThat(db.scalar("SELECT count(*) FROM visits")).isEqualTo(1L);
        assertThatThrownBy(() -> db.sql("UPDATE visits SET clinic_id = 7")).hasMessageContaining("foreign key");
    }

    @Test
    void missingTableInAnotherSchemaIsCreatedThere() {
        db.sql("CREATE SCHEMA audit;");
        SchemaFile file = SchemaFile.parse("CREATE TABLE audit.log (id serial PRIMARY KEY, msg text);");
        ValidationResult validation = SchemaValidator.validate(Map.of(), file.expectedColumns());

        FixResult result = SchemaFixer.applyFixes(db.adapter(),
                SchemaFixer.generateFixPlan(validation, Map.of(), file), FixOptions.preview().confirmed()).join();

        assertThat(result.applied()).isTrue();
        assertThat(result.tablesCreated()).containsExactly("audit.log");
        assertThat(db.scalar("SELECT count(*) FROM pg_tables WHERE schemaname = 'audit' AND tablename = 'log'"))
                .isEqualTo(1L);
        assertThat(db.scalar("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")).isEqualTo(0L);
    }

    @Test
    void rebuildKeepsIncomingForeignKeysWithTheirOnDeleteRules() {
        db.sql("""
                CREATE TABLE owners (id serial PRIMARY KEY);
                CREATE TABLE soft (id int, owner_id int REFERENCES owners(id) ON DELETE SET NULL);
                CREATE TABLE hard (id int, owner_id int REFERENCES owners(id) ON DELETE RESTRICT);
                INSERT INTO owners DEFAULT VALUES; INSERT INTO owners DEFAULT VALUES;
                INSERT INTO soft VALUES (1, 1); INSERT INTO hard VALUES (1, 2);
                """);
        SchemaFile file = SchemaFile.parse("""
                CREATE TABLE owners (id serial PRIMARY KEY, name text, email text);
                CREATE TABLE soft (id int, owner_id int REFERENCES owners(id) ON DELETE SET NULL);
                CREATE TABLE hard (id int, owner_id int REFERENCES owners(id) ON DELETE RESTRICT);
                """);

        FixResult result = fix(file, FixOptions.preview().confirmed());

        assertThat(result.applied()).isTrue();
        assertThat(result.tablesRecreated()).containsExactly("owners");
        DatabaseSchema schema = introspect();
        assertThat(schema.tables().get("soft").constraints()).filteredOn(c -> c.referencedTable() != null)
                .singleElement().satisfies(fk -> assertThat(fk.onDelete()).isEqualTo("SET NULL"));
        assertThat(schema.tables().get("hard").constraints()).filteredOn(c -> c.referencedTable() != null)
                .singleElement().satisfies(fk -> assertThat(fk.onDelete()).isEqualTo("RESTRICT"));
        db.sql("DELETE FROM owners WHERE id = 1");
        assertThat(db.scalar("SELECT owner_id FROM soft")).isNull();
        assertThatThrownBy(() -> db.sql("DELETE FROM owners WHERE id = 2")).hasMessageContaining("foreign key");
    }

    @Test
    void sequenceContinuesAfterExplicitlyInsertedHighIds() {
        db.sql("""
                CREATE TABLE events (id integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, kind text);
                INSERT INTO events (kind) VALUES ('auto');
                INSERT INTO events (id, kind) VALUES (100, 'manual');
                """);
        SchemaFile file = SchemaFile.parse("""
                CREATE TABLE events (id integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, kind text,
                    at timestamptz DEFAULT now(), source text);
                """);

        FixResult result = fix(file, FixOptions.preview().confirmed());

        assertThat(result.applied()).isTrue();
        db.sql("INSERT INTO events (kind) VALUES ('next')");
        assertThat(db.scalar("SELECT id FROM events WHERE kind = 'next'")).isEqualTo(101);
    }

    @Test
    void rebuildOfAnEmptyTableStartsItsSequenceAtOne() {
        db.sql("CREATE TABLE fresh (id bigserial PRIMARY KEY);");
        SchemaFile file = SchemaFile.parse("CREATE TABLE fresh (id bigserial PRIMARY KEY, a text, b text);");

        FixResult result = fix(file, FixOptions.preview().confirmed());

        assertThat(result.applied()).isTrue();
        db.sql("INSERT INTO fresh (a) VALUES ('first')");
        assertThat(db.scalar("SELECT id FROM fresh")).isEqualTo(1L);
    }

    @Test
    void rebuildFillsNewNotNullColumnsFromTheirDefaults() {
        db.sql("CREATE TABLE flags (id serial PRIMARY KEY); INSERT INTO flags DEFAULT VALUES;");
        SchemaFile file = SchemaFile.parse("""
                CREATE TABLE flags (id serial PRIMARY KEY, enabled boolean NOT NULL DEFAULT true,
                    weight int NOT NULL DEFAULT 5);
                """);

        FixResult result = fix(file, FixOptions.preview().confirmed());

        assertThat(result.applied()).isTrue();
        assertThat(db.query("SELECT enabled, weight FROM flags"))
                .containsExactly(Map.of("enabled", true, "weight", 5));
        assertThat(introspect().tables().get("flags").columns().get("weight").nullable()).isFalse();
    }

    @Test
    void alterStrategyAddsEveryMissingColumnOfOneTableInPlace() {
        db.sql("CREATE TABLE wide (id serial PRIMARY KEY); INSERT INTO wide DEFAULT VALUES;");
        Object oid = db.scalar("SELECT 'wide'::regclass::oid::bigint");
        SchemaFile file = SchemaFile.parse("CREATE TABLE wide (id serial PRIMARY KEY, a text NOT NULL, b int DEFAULT 7, c date);");

        FixResult result = fix(file, FixOptions.preview().withStrategy(FixOptions.Strategy.ALTER).confirmed());

        assertThat(result.applied()).isTrue();
        assertThat(result.columnsAdded()).containsExactly("wide.a", "wide.b", "wide.c");
        assertThat(db.scalar("SELECT 'wide'::regclass::oid::bigint")).isEqualTo(oid);
        assertThat(db.query("SELECT a, b, c FROM wide")).singleElement()
                .satisfies(row -> assertThat(row).containsEntry("b", 7).containsEntry("a", null));
    }

    @Test
    void failureAfterARebuildRollsTheRebuildBack() {
        db.sql("""
                CREATE TABLE keep (id serial PRIMARY KEY, v text);
                INSERT INTO keep (v) VALUES ('one'), ('two');
                CREATE TABLE other (id int);
                """);
        Object oid = db.scalar("SELECT 'keep'::regclass::oid::bigint");
        SchemaFile file = SchemaFile.parse("""
                CREATE TABLE keep (id serial PRIMARY KEY, v text, a text, b text);
                CREATE TABLE other (id int, broken int);
                """);
        FixPlan plan = SchemaFixer.generateFixPlan(validate(file), Map.of("other.broken", "int REFERENCES nowhere(id)"), file);
        DatabaseSchema before = introspect();

        assertThatThrownBy(() -> SchemaFixer.applyFixes(db.adapter(), plan, FixOptions.preview().confirmed()).join())
                .cause().isInstanceOf(DatabaseException.class)
                .hasMessageContaining("nothing was changed").hasMessageContaining("nowhere");
        assertThat(db.scalar("SELECT 'keep'::regclass::oid::bigint")).isEqualTo(oid);
        assertThat(introspect()).isEqualTo(before);
        assertThat(db.scalar("SELECT string_agg(v, ',' ORDER BY id) FROM keep")).isEqualTo("one,two");
    }

    @Test
    void previewOfMissingTablesListsTheirStatementsAndCreatesNothing() {
        SchemaFile file = SchemaFile.parse("""
                CREATE TABLE tags (id serial PRIMARY KEY, label text);
                CREATE INDEX tags_label ON tags (label);
                """);

        FixResult preview = fix(file, FixOptions.preview());

        assertThat(preview.applied()).isFalse();
        assertThat(preview.tablesCreated()).isEmpty();
        assertThat(preview.statements()).containsExactly(
                "CREATE TABLE tags (id serial PRIMARY KEY, label text)", "CREATE INDEX tags_label ON tags (label)");
        assertThat(db.scalar("SELECT count(*) FROM pg_class WHERE relname IN ('tags', 'tags_label')")).isEqualTo(0L);
    }

    @Test
    void emptyPlanSucceedsWithoutTouchingTheDatabase() {
        db.sql("CREATE TABLE t (id int)");
        SchemaFile file = SchemaFile.parse("CREATE TABLE t (id int);");
        FixResult result = fix(file, FixOptions.preview().confirmed());
        assertThat(result.applied()).isFalse();
        assertThat(result.statements()).isEmpty();
    }

    @Test
    void backupHookIsNotCalledWhenNothingIsRebuilt() {
        db.sql("CREATE TABLE t (id int)");
        SchemaFile file = SchemaFile.parse("CREATE TABLE t (id int, x text); CREATE TABLE u (id int);");
        List<List<String>> calls = new java.util.ArrayList<>();

        FixResult result = fix(file, FixOptions.preview().confirmed().withBackupHook(tables -> {
            calls.add(tables);
            return "never";
        }));

        assertThat(result.applied()).isTrue();
        assertThat(calls).isEmpty();
        assertThat(result.backupPath()).isNull();
    }

    @Test
    void secondFixAfterASuccessfulOneHasNothingToDo() {
        db.sql("CREATE TABLE t (id serial PRIMARY KEY); INSERT INTO t DEFAULT VALUES;");
        SchemaFile file = SchemaFile.parse("CREATE TABLE t (id serial PRIMARY KEY, a text, b text); CREATE TABLE u (id int);");
        assertThat(fix(file, FixOptions.preview().confirmed()).applied()).isTrue();
        ValidationResult again = validate(file);
        assertThat(again.valid()).isTrue();
        assertThat(SchemaFixer.generateFixPlan(again, Map.of(), file).isEmpty()).isTrue();
    }

    @Test
    void appliedResultPrintsAsJsonWithEveryField() throws Exception {
        db.sql("CREATE TABLE t (id int)");
        SchemaFile file = SchemaFile.parse("CREATE TABLE t (id int, x text); CREATE TABLE u (id int);");
        JsonNode json = ValueCodec.JSON.readTree(ValueCodec.JSON.writeValueAsString(
                fix(file, FixOptions.preview().confirmed())));
        assertThat(json.fieldNames()).toIterable().containsExactlyInAnyOrder("applied", "tablesCreated",
                "tablesRecreated", "columnsAdded", "backupPath", "statements", "warnings");
        assertThat(json.get("tablesCreated").toString()).isEqualTo("[\"u\"]");
        assertThat(json.get("columnsAdded").toString()).isEqualTo("[\"t.x\"]");
    }

    private static FixResult fix(SchemaFile file, FixOptions options) {
        return SchemaFixer.applyFixes(db.adapter(), SchemaFixer.generateFixPlan(validate(file), Map.of(), file), options)
                .join();
    }

    private static ValidationResult validate(SchemaFile file) {
        try (SchemaIntrospector introspector = new SchemaIntrospector(db.adapter())) {
            return SchemaValidator.validate(introspector.columnNamesFor(file.expectedColumns().keySet()).join(),
                    file.expectedColumns());
        }
    }

    private static DatabaseSchema introspect() {
        try (SchemaIntrospector introspector = new SchemaIntrospector(db.adapter())) {
            return introspector.introspect("public").join();
        }
    }
}
