package dev.dbadapter.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Loading backup schema files: defaults, references and every way a schema file can be wrong. */
class BackupSchemaLoadingTest {
    @TempDir
    Path dir;

    static BackupSchema parse(String json) {
        return BackupSchema.parse(json, "s.json");
    }

    @Test
    void loadReadsASchemaFileFromDisk() throws Exception {
        Path file = Files.writeString(dir.resolve("schema.json"),
                "{\"tables\": [{\"name\": \"categories\"}, {\"name\": \"products\","
                        + " \"parent\": {\"table\": \"categories\", \"field\": \"category_id\"}}]}");
        BackupSchema schema = BackupSchema.load(file);
        assertThat(schema.tables()).extracting(TableDef::name).containsExactly("categories", "products");
        assertThat(schema.tables().get(1).parent()).isEqualTo(new ForeignKey("categories", "category_id"));
    }

    @Test
    void explicitNullColumnsTakeTheDefaults() {
        TableDef table = parse("{\"tables\": [{\"name\": \"a\", \"pk\": null, \"slug_field\": null,"
                + " \"user_field\": null, \"parent\": null, \"optional_refs\": null}]}").tables().getFirst();
        assertThat(table).isEqualTo(new TableDef("a", "id", "slug", "user_id", null, java.util.List.of()));
    }

    @Test
    void onlyTheGivenColumnIsOverriddenTheOthersKeepTheirDefaults() {
        TableDef table = parse("{\"tables\": [{\"name\": \"a\", \"user_field\": \"owner_id\"}]}").tables().getFirst();
        assertThat(table.pk()).isEqualTo("id");
        assertThat(table.slugField()).isEqualTo("slug");
        assertThat(table.userField()).isEqualTo("owner_id");
    }

    @Test
    void unquotedColumnNamesAreFoldedToLowerCaseAsPostgresDoes() {
        TableDef table = parse("{\"tables\": [{\"name\": \"a\", \"pk\": \"ID\", \"slug_field\": \"Code\"}]}").tables().getFirst();
        assertThat(table.pk()).isEqualTo("id");
        assertThat(table.slugField()).isEqualTo("code");
    }

    @Test
    void severalOptionalRefsKeepTheirOrder() {
        TableDef table = parse("""
                {"tables": [{"name": "a"}, {"name": "b", "optional_refs": [
                    {"table": "b", "field": "next_id"}, {"table": "a", "field": "a_id"}]}]}""").tables().get(1);
        assertThat(table.optionalRefs()).containsExactly(new ForeignKey("b", "next_id"), new ForeignKey("a", "a_id"));
    }

    @Test
    void anOptionalRefMayPointAtALaterTable() {
        BackupSchema schema = parse("""
                {"tables": [{"name": "a", "optional_refs": [{"table": "b", "field": "b_id"}]}, {"name": "b"}]}""");
        assertThat(schema.tables().getFirst().optionalRefs()).containsExactly(new ForeignKey("b", "b_id"));
    }

    @Test
    void aSchemaQualifiedTableNameIsAccepted() {
        BackupSchema schema = parse("{\"tables\": [{\"name\": \"public.categories\"},"
                + " {\"name\": \"products\", \"parent\": {\"table\": \"public.categories\", \"field\": \"category_id\"}}]}");
        assertThat(schema.indexOf("public.categories")).isZero();
        assertThat(schema.tables().get(1).parent().table()).isEqualTo("public.categories");
    }

    @Test
    void tableLookupComparesNamesAsPostgresDoes() {
        BackupSchema schema = BackupSchema.of(TableDef.of("categories"), TableDef.child("products", "Categories", "category_id"));
        assertThat(schema.table("CATEGORIES")).map(TableDef::name).contains("categories");
        assertThat(schema.indexOf("Products")).isEqualTo(1);
        assertThat(schema.indexOf("reviews")).isEqualTo(-1);
        assertThat(schema.table("reviews")).isEmpty();
    }

    @Test
    void anEmptyTablesArrayIsAnEmptySchema() {
        assertThat(parse("{\"tables\": []}").tables()).isEmpty();
    }

    @Test
    void unknownParentInAFileNamesTheChildAndTheParent() {
        assertThatThrownBy(() -> parse("{\"tables\": [{\"name\": \"products\","
                + " \"parent\": {\"table\": \"categories\", \"field\": \"category_id\"}}]}"))
                .isInstanceOf(BackupException.class)
                .hasMessageContaining("'products' has parent 'categories', which is not in the schema");
    }

    @Test
    void parentDeclaredAfterTheChildInAFileSaysWhatToMove() {
        assertThatThrownBy(() -> parse("{\"tables\": [{\"name\": \"products\","
                + " \"parent\": {\"table\": \"categories\", \"field\": \"category_id\"}}, {\"name\": \"categories\"}]}"))
                .isInstanceOf(BackupException.class)
                .hasMessageContaining("'products' is declared before its parent 'categories'")
                .satisfies(e -> assertThat(((BackupException) e).hint()).contains("move 'categories' above 'products'"));
    }

    @Test
    void aThreeTableCycleIsRejected() {
        assertThatThrownBy(() -> BackupSchema.of(TableDef.child("a", "c", "c_id"), TableDef.child("b", "a", "a_id"),
                TableDef.child("c", "b", "b_id")))
                .isInstanceOf(BackupException.class)
                .hasMessageContaining("'a' is declared before its parent 'c'").hasMessageContaining("cycle");
    }

    @Test
    void aSelfParentPointsToOptionalRefs() {
        assertThatThrownBy(() -> parse("{\"tables\": [{\"name\": \"folders\","
                + " \"parent\": {\"table\": \"folders\", \"field\": \"parent_id\"}}]}"))
                .isInstanceOf(BackupException.class).hasMessageContaining("'folders' is its own parent")
                .satisfies(e -> assertThat(((BackupException) e).hint()).contains("optional_refs"));
    }

    @Test
    void aDuplicateTableInAFileIsNamed() {
        assertThatThrownBy(() -> parse("{\"tables\": [{\"name\": \"a\"}, {\"name\": \"b\"}, {\"name\": \"a\"}]}"))
                .isInstanceOf(BackupException.class).hasMessageContaining("declares table 'a' twice");
    }

    @Test
    void badJsonInAFileNamesTheFileAndTheLine() throws Exception {
        Path file = Files.writeString(dir.resolve("broken.json"), "{\"tables\": [\n  {\"name\": \"a\",,}\n]}");
        assertThatThrownBy(() -> BackupSchema.load(file))
                .isInstanceOf(BackupException.class)
                .hasMessageContaining("Backup schema " + file + " is not valid JSON").hasMessageContaining("line 2");
    }

    @Test
    void aMissingFileHintsAtTheConfigSetting() {
        assertThatThrownBy(() -> BackupSchema.load(dir.resolve("nope.json")))
                .isInstanceOf(BackupException.class)
                .hasMessageContaining("Backup schema file not found: " + dir.resolve("nope.json"))
                .satisfies(e -> assertThat(((BackupException) e).hint()).contains("--backup-schema"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "null", "[]", "[{\"name\": \"a\"}]", "{\"tables\": {\"name\": \"a\"}}",
            "{\"tables\": \"a\"}", "{\"tables\": null}", "42"})
    void aDocumentWithoutATablesArrayIsRejected(String json) {
        assertThatThrownBy(() -> parse(json))
                .isInstanceOf(BackupException.class)
                .hasMessageContaining("Backup schema s.json must be an object with a \"tables\" array");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"name\": 5}|tables[0]: \"name\" must be a string",
            "{\"name\": null}|tables[0]: \"name\" is missing",
            "\"categories\"|tables[0]: expected an object",
            "{\"name\": \"a\", \"pk\": 1}|tables[0] ('a'): \"pk\" must be a string",
            "{\"name\": \"a\", \"slug_field\": [\"s\"]}|tables[0] ('a'): \"slug_field\" must be a string",
            "{\"name\": \"a\", \"user_field\": true}|tables[0] ('a'): \"user_field\" must be a string",
            "{\"name\": \"a\", \"parent\": \"b\"}|tables[0] ('a'): parent must be an object",
            "{\"name\": \"a\", \"parent\": {\"table\": \"b\"}}|tables[0] ('a'): \"field\" is missing",
            "{\"name\": \"a\", \"parent\": {\"field\": \"b_id\"}}|tables[0] ('a'): \"table\" is missing",
            "{\"name\": \"a\", \"optional_refs\": {\"table\": \"b\", \"field\": \"b_id\"}}|tables[0] ('a'): optional_refs must be an array",
            "{\"name\": \"a\", \"optional_refs\": [\"b\"]}|tables[0] ('a'): optional_refs must be an object",
            "{\"name\": \"a\", \"optional_refs\": [{\"table\": \"b\"}]}|tables[0] ('a'): \"field\" is missing"})
    void aWronglyTypedEntryIsAnErrorNamingItsPositionAndTable(String entry, String message) {
        assertThatThrownBy(() -> parse("{\"tables\": [" + entry + "]}"))
                .isInstanceOf(BackupException.class).hasMessageContaining("Backup schema s.json: " + message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"name\": \"bad name\"}|tables[0] ('bad name')",
            "{\"name\": \"a.b.c\"}|tables[0] ('a.b.c')",
            "{\"name\": \"a\", \"pk\": \"id; drop table a\"}|tables[0] ('a')",
            "{\"name\": \"a\", \"slug_field\": \"\"}|tables[0] ('a')",
            "{\"name\": \"a\", \"user_field\": \"x-y\"}|tables[0] ('a')",
            "{\"name\": \"a\", \"optional_refs\": [{\"table\": \"a\", \"field\": \"1abc\"}]}|tables[0] ('a')",
            "{\"name\": \"a\", \"optional_refs\": [{\"table\": \"a b\", \"field\": \"x\"}]}|tables[0] ('a')"})
    void anInvalidIdentifierIsAnErrorNamingTheTable(String entry, String where) {
        assertThatThrownBy(() -> parse("{\"tables\": [" + entry + "]}"))
                .isInstanceOf(BackupException.class)
                .hasMessageContaining("Backup schema s.json: " + where + ":")
                .hasMessageContaining("name");
    }

    @Test
    void theFailingEntryIsCountedFromZeroAmongValidOnes() {
        assertThatThrownBy(() -> parse("{\"tables\": [{\"name\": \"a\"}, {\"name\": \"b\"}, {\"name\": \"c\", \"pk\": 7}]}"))
                .isInstanceOf(BackupException.class).hasMessageContaining("s.json: tables[2] ('c')");
    }
}
