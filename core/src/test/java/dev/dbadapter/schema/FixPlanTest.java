package dev.dbadapter.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FixPlanTest {
    private static final SchemaFile SCHEMA = SchemaFile.parse("""
            CREATE TABLE users (id serial PRIMARY KEY, email text NOT NULL, team_id int NOT NULL REFERENCES teams(id));
            CREATE TABLE teams (id serial PRIMARY KEY, name text NOT NULL, note text CHECK (note IS NOT NULL));
            CREATE TABLE posts (id serial PRIMARY KEY, user_id int REFERENCES users(id), title text, body text);
            CREATE TABLE comments (id serial PRIMARY KEY, post_id int REFERENCES posts(id));
            """);

    @Test
    void tableMissingOneColumnGetsAddColumnFromColumnDefsWithNotNullAndPrimaryKeyDropped() {
        ValidationResult validation = SchemaValidator.validate(
                Map.of("users", Set.of("id", "team_id"), "teams", Set.of("id", "name"),
                        "posts", Set.of("id", "user_id", "title", "body"), "comments", Set.of("id", "post_id")),
                SCHEMA.expectedColumns());
        FixPlan plan = SchemaFixer.generateFixPlan(validation,
                Map.of("users.email", "VARCHAR(200) NOT NULL PRIMARY KEY DEFAULT 'x'"), SCHEMA);
        assertThat(plan.createTables()).isEmpty();
        assertThat(plan.recreateTables()).isEmpty();
        assertThat(plan.addColumns()).hasSize(2);
        FixPlan.AddColumn email = plan.addColumns().get(1);
        assertThat(email.definition()).isEqualTo("VARCHAR(200) DEFAULT 'x'");
        assertThat(email.source()).isEqualTo("column-defs");
        assertThat(email.sql()).isEqualTo("ALTER TABLE \"users\" ADD COLUMN \"email\" VARCHAR(200) DEFAULT 'x'");
        FixPlan.AddColumn note = plan.addColumns().getFirst();
        assertThat(note.table()).isEqualTo("teams");
        assertThat(note.source()).isEqualTo("schema.sql");
        assertThat(note.definition()).isEqualTo("text CHECK (note IS NOT NULL)");
    }

    @Test
    void namedNotNullAndPrimaryKeyConstraintsGoWithTheirNames() {
        ValidationResult validation = new ValidationResult(false, java.util.List.of(),
                java.util.List.of(new ValidationResult.MissingColumn("teams", "code", "")), java.util.List.of());
        FixPlan plan = SchemaFixer.generateFixPlan(validation,
                Map.of("teams.code", "text CONSTRAINT code_nn NOT NULL CONSTRAINT \"Code PK\" PRIMARY KEY DEFAULT 'NOT NULL'"),
                SCHEMA);
        assertThat(plan.addColumns().getFirst().definition()).isEqualTo("text DEFAULT 'NOT NULL'");
    }

    @Test
    void notNullIsKeptWhenTheDefinitionHasReferences() {
        ValidationResult validation = SchemaValidator.validate(
                Map.of("users", Set.of("id", "email"), "teams", Set.of("id", "name", "note"),
                        "posts", Set.of("id", "user_id", "title", "body"), "comments", Set.of("id", "post_id")),
                SCHEMA.expectedColumns());
        FixPlan plan = SchemaFixer.generateFixPlan(validation, Map.of(), SCHEMA);
        assertThat(plan.addColumns().getFirst().definition()).isEqualTo("int NOT NULL REFERENCES teams(id)");
    }

    @Test
    void missingTablesAreCreatedParentsFirstAndTablesMissingSeveralColumnsAreRebuilt() {
        ValidationResult validation = SchemaValidator.validate(
                Map.of("posts", Set.of("id", "user_id")), SCHEMA.expectedColumns());
        FixPlan plan = SchemaFixer.generateFixPlan(validation, Map.of(), SCHEMA);
        assertThat(plan.createTables()).extracting(FixPlan.CreateTable::table)
                .containsExactly("teams", "users", "comments");
        assertThat(plan.createTables().getFirst().sql()).startsWith("CREATE TABLE teams");
        assertThat(plan.recreateTables()).singleElement().satisfies(recreate -> {
            assertThat(recreate.table()).isEqualTo("posts");
            assertThat(recreate.missingColumns()).extracting(FixPlan.AddColumn::column).containsExactly("body", "title");
        });
        assertThat(plan.steps(FixOptions.Strategy.RECREATE)).hasSize(4)
                .first().isEqualTo("CREATE TABLE teams (from schema.sql)");
        FixPlan alter = plan.forStrategy(FixOptions.Strategy.ALTER);
        assertThat(alter.recreateTables()).isEmpty();
        assertThat(alter.addColumns()).extracting(FixPlan.AddColumn::column).containsExactly("body", "title");
    }

    @Test
    void stepsAreTypedAndRunParentsFirstAcrossCreatesAndRebuildsThenColumnsAreAdded() {
        SchemaFile file = SchemaFile.parse("""
                CREATE TABLE pets (id int PRIMARY KEY, owner_id int REFERENCES owners(id));
                CREATE TABLE owners (id int PRIMARY KEY, name text, email text);
                CREATE TABLE clinics (id int PRIMARY KEY);
                CREATE TABLE visits (id int, clinic_id int REFERENCES clinics(id), note text);
                CREATE TABLE tags (id int, label text);
                """);
        FixPlan plan = SchemaFixer.generateFixPlan(SchemaValidator.validate(
                Map.of("owners", Set.of("id"), "visits", Set.of("id"), "tags", Set.of("id")), file.expectedColumns()),
                Map.of(), file);

        assertThat(plan.steps()).extracting(step -> step.getClass().getSimpleName() + " " + step.table()).containsExactly(
                "RecreateTable owners", "CreateTable pets", "CreateTable clinics", "RecreateTable visits", "AddColumn tags");
        assertThat(plan.steps(FixOptions.Strategy.RECREATE)).containsExactly(
                "REBUILD TABLE owners (adds email, name; keeps rows, indexes, triggers, grants and incoming foreign keys)",
                "CREATE TABLE pets (from schema.sql)",
                "CREATE TABLE clinics (from schema.sql)",
                "REBUILD TABLE visits (adds clinic_id, note; keeps rows, indexes, triggers, grants and incoming foreign keys)",
                "ALTER TABLE tags ADD COLUMN label text (from schema.sql)");
        assertThat(plan.forStrategy(FixOptions.Strategy.ALTER).steps())
                .extracting(step -> step.getClass().getSimpleName() + " " + step.table()).containsExactly(
                        "CreateTable pets", "CreateTable clinics", "AddColumn owners", "AddColumn owners",
                        "AddColumn tags", "AddColumn visits", "AddColumn visits");
    }

    @Test
    void aRebuildStepCarriesWhatTheRebuildNeedsWithoutShowingItInJson() throws Exception {
        SchemaFile file = SchemaFile.parse("CREATE TABLE audit.\"Log\" (id int, \"Level\" text, msg text);");
        FixPlan plan = SchemaFixer.generateFixPlan(SchemaValidator.validate(
                Map.of("audit.Log", Set.of("id")), file.expectedColumns()), Map.of(), file);

        FixPlan.RecreateTable rebuild = plan.recreateTables().getFirst();
        assertThat(rebuild.quotedName()).isEqualTo("\"audit\".\"Log\"");
        assertThat(rebuild.columns()).containsExactly("id", "Level", "msg");
        com.fasterxml.jackson.databind.JsonNode json = dev.dbadapter.adapter.postgres.internal.ValueCodec.JSON
                .valueToTree(plan);
        assertThat(json.get("recreateTables").get(0).fieldNames()).toIterable()
                .containsExactly("table", "missingColumns", "createSql");
    }

    @Test
    void missingDefinitionsAreAllNamedInOneError() {
        ValidationResult validation = new ValidationResult(false, java.util.List.of("ghosts"),
                java.util.List.of(new ValidationResult.MissingColumn("users", "nickname", "")), java.util.List.of());
        assertThatThrownBy(() -> SchemaFixer.generateFixPlan(validation, Map.of(), SCHEMA))
                .isInstanceOf(SchemaException.class)
                .hasMessageContaining("table ghosts is missing but schema.sql does not create it")
                .hasMessageContaining("no definition for missing column users.nickname");
    }

    @Test
    void emptyValidationGivesAnEmptyPlan() {
        FixPlan plan = SchemaFixer.generateFixPlan(
                SchemaValidator.validate(SCHEMA.expectedColumns(), SCHEMA.expectedColumns()), null, SCHEMA);
        assertThat(plan.isEmpty()).isTrue();
    }

    @Test
    void readsColumnDefsAndRejectsMalformedOnes(@TempDir Path dir) throws Exception {
        Path good = Files.writeString(dir.resolve("good.json"), "{\"items.b\": \"VARCHAR(100) NOT NULL\"}");
        assertThat(SchemaFixer.readColumnDefs(good)).containsExactly(Map.entry("items.b", "VARCHAR(100) NOT NULL"));
        Path badKey = Files.writeString(dir.resolve("bad-key.json"), "{\"b\": \"text\"}");
        assertThatThrownBy(() -> SchemaFixer.readColumnDefs(badKey)).isInstanceOf(SchemaFileException.class)
                .hasMessageContaining("\"b\" is not of the form \"table.column\"");
        Path badValue = Files.writeString(dir.resolve("bad-value.json"), "{\"items.b\": 3}");
        assertThatThrownBy(() -> SchemaFixer.readColumnDefs(badValue)).isInstanceOf(SchemaFileException.class)
                .hasMessageContaining("must be a non-empty string");
        Path notJson = Files.writeString(dir.resolve("broken.json"), "{\n\"items.b\": ");
        assertThatThrownBy(() -> SchemaFixer.readColumnDefs(notJson)).isInstanceOf(SchemaFileException.class)
                .hasMessageContaining("broken.json").hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> SchemaFixer.readColumnDefs(dir.resolve("none.json")))
                .isInstanceOf(SchemaFileException.class).hasMessageContaining("cannot read");
    }

    @Test
    void aColumnDefinitionThatIsNotOneDefinitionStopsThePlanNamingItsKey() {
        ValidationResult validation = new ValidationResult(false, java.util.List.of(),
                java.util.List.of(new ValidationResult.MissingColumn("teams", "code", "")), java.util.List.of());
        assertThatThrownBy(() -> SchemaFixer.generateFixPlan(validation,
                Map.of("teams.code", "text; DROP TABLE users; --"), SCHEMA))
                .isInstanceOf(SchemaException.class)
                .hasMessageContaining("teams.code")
                .hasMessageContaining("a ';' outside quotes");
    }

    @Test
    void columnDefsKeysAreFoldedSoAMixedCaseKeyStillMatches() {
        ValidationResult validation = new ValidationResult(false, java.util.List.of(),
                java.util.List.of(new ValidationResult.MissingColumn("teams", "code", "")), java.util.List.of());
        FixPlan plan = SchemaFixer.generateFixPlan(validation, Map.of("Teams.CODE", "varchar(9)"), SCHEMA);
        assertThat(plan.addColumns().getFirst().definition()).isEqualTo("varchar(9)");
        assertThat(plan.addColumns().getFirst().source()).isEqualTo("column-defs");
    }

    @Test
    void aColumnDefsFileWithAnInjectedStatementIsRefusedNamingTheFileAndKey(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("column-defs.json"),
                "{\"products.price\": \"numeric\", \"products.tags\": \"TEXT[]; DROP TABLE canary; --\"}");
        assertThatThrownBy(() -> SchemaFixer.readColumnDefs(file))
                .isInstanceOf(SchemaFileException.class)
                .hasMessageContaining("column-defs.json")
                .hasMessageContaining("products.tags")
                .hasMessageContaining("a ';' outside quotes");
    }

    @Test
    void twoKeysForOneColumnAreRefused(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("column-defs.json"),
                "{\"products.tags\": \"text\", \"Products.Tags\": \"int\"}");
        assertThatThrownBy(() -> SchemaFixer.readColumnDefs(file)).hasMessageContaining("two keys name the column products.tags");
    }
}
