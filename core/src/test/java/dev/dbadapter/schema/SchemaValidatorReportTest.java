package dev.dbadapter.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dbadapter.adapter.postgres.internal.ValueCodec;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Set logic and report wording of {@link SchemaValidator} beyond {@link SchemaValidatorTest}. */
class SchemaValidatorReportTest {

    @Test
    void emptyDatabaseMissesEveryExpectedTableAndNoColumns() {
        ValidationResult result = SchemaValidator.validate(Map.of(),
                Map.of("b", Set.of("id", "x"), "a", Set.of("id")));
        assertThat(result.valid()).isFalse();
        assertThat(result.missingTables()).containsExactly("a", "b");
        assertThat(result.missingColumns()).isEmpty();
        assertThat(result.extraTables()).isEmpty();
        assertThat(result.errorCount()).isEqualTo(2);
    }

    @Test
    void emptyExpectationIsValidWithEveryTableAnExtra() {
        ValidationResult result = SchemaValidator.validate(Map.of("z", Set.of("id"), "y", Set.of()), Map.of());
        assertThat(result.valid()).isTrue();
        assertThat(result.extraTables()).containsExactly("y", "z");
        assertThat(result.errorCount()).isZero();
    }

    @Test
    void bothEmptyIsValid() {
        ValidationResult result = SchemaValidator.validate(Map.of(), Map.of());
        assertThat(result.valid()).isTrue();
        assertThat(result.formatReport()).isEqualTo("Schema valid");
    }

    @Test
    void namesAreCaseSensitiveAsPostgresStoresThem() {
        ValidationResult result = SchemaValidator.validate(
                Map.of("users", Set.of("id", "fullname")), Map.of("Users", Set.of("Id"), "users", Set.of("FullName")));
        assertThat(result.missingTables()).containsExactly("Users");
        assertThat(result.missingColumns()).extracting(c -> c.table() + "." + c.column()).containsExactly("users.FullName");
    }

    @Test
    void tableWithNoColumnsMissesAllItsExpectedColumns() {
        ValidationResult result = SchemaValidator.validate(Map.of("t", Set.of()), Map.of("t", Set.of("b", "a")));
        assertThat(result.missingTables()).isEmpty();
        assertThat(result.missingColumns()).extracting(ValidationResult.MissingColumn::column).containsExactly("a", "b");
    }

    @Test
    void missingColumnsAreSortedByTableThenColumn() {
        ValidationResult result = SchemaValidator.validate(
                Map.of("b", Set.of("id"), "a", Set.of("id")),
                Map.of("b", Set.of("id", "z", "c"), "a", Set.of("id", "y", "d")));
        assertThat(result.missingColumns()).extracting(c -> c.table() + "." + c.column())
                .containsExactly("a.d", "a.y", "b.c", "b.z");
    }

    @Test
    void manyTablesAreComparedOneByOne() {
        Map<String, Set<String>> actual = new HashMap<>();
        Map<String, Set<String>> expected = new HashMap<>();
        for (int i = 0; i < 500; i++) {
            expected.put("t" + i, Set.of("id", "name"));
            if (i % 7 != 0) {
                actual.put("t" + i, i % 5 == 0 ? Set.of("id") : Set.of("id", "name", "extra"));
            }
        }
        ValidationResult result = SchemaValidator.validate(actual, expected);
        long missingTables = java.util.stream.IntStream.range(0, 500).filter(i -> i % 7 == 0).count();
        long missingColumns = java.util.stream.IntStream.range(0, 500).filter(i -> i % 7 != 0 && i % 5 == 0).count();
        assertThat(result.missingTables()).hasSize((int) missingTables);
        assertThat(result.missingColumns()).hasSize((int) missingColumns)
                .allSatisfy(c -> assertThat(c.column()).isEqualTo("name"));
        assertThat(result.errorCount()).isEqualTo((int) (missingTables + missingColumns));
        assertThat(result.missingTables()).startsWith("t0", "t105", "t112", "t119", "t126", "t133", "t14", "t140")
                .endsWith("t469", "t476", "t483", "t49", "t490", "t497", "t56", "t63", "t7", "t70", "t77", "t84",
                        "t91", "t98");
    }

    @Test
    void reportWithOnlyMissingTables() {
        assertThat(SchemaValidator.validate(Map.of("a", Set.of("id")), Map.of("a", Set.of("id"), "b", Set.of("id"),
                "c", Set.of("id"))).formatReport()).isEqualTo("""
                Schema validation failed:

                  Missing tables (2):
                    - b
                    - c""");
    }

    @Test
    void reportWithOnlyMissingColumns() {
        assertThat(SchemaValidator.validate(Map.of("a", Set.of("id")), Map.of("a", Set.of("id", "name")))
                .formatReport()).isEqualTo("""
                Schema validation failed:

                  Missing columns (1):
                    - a.name""");
    }

    @Test
    void reportWithMissingColumnsAndExtraTables() {
        assertThat(SchemaValidator.validate(Map.of("a", Set.of("id"), "old", Set.of("id")),
                Map.of("a", Set.of("id", "name"))).formatReport()).isEqualTo("""
                Schema validation failed:

                  Missing columns (1):
                    - a.name

                  Extra tables (warning): old""");
    }

    @Test
    void reportWithOnlyExtraTablesSaysValid() {
        ValidationResult result = SchemaValidator.validate(Map.of("a", Set.of("id"), "old", Set.of("id")),
                Map.of("a", Set.of("id")));
        assertThat(result.valid()).isTrue();
        assertThat(result.formatReport()).isEqualTo("Schema valid");
    }

    @Test
    void missingColumnMessageNamesColumnAndTable() {
        ValidationResult.MissingColumn column = SchemaValidator.validate(Map.of("audit.log", Set.of()),
                Map.of("audit.log", Set.of("at"))).missingColumns().getFirst();
        assertThat(column).isEqualTo(new ValidationResult.MissingColumn("audit.log", "at",
                "Column 'at' missing from table 'audit.log'"));
    }

    @Test
    void nullArgumentsAreRejected() {
        assertThatThrownBy(() -> SchemaValidator.validate(null, Map.of())).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("actual");
        assertThatThrownBy(() -> SchemaValidator.validate(Map.of(), null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("expected");
    }

    @Test
    void resultListsCannotBeChangedAfterwards() {
        ValidationResult result = SchemaValidator.validate(Map.of("x", Set.of()), Map.of("t", Set.of("id")));
        assertThatThrownBy(() -> result.missingTables().add("y")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> result.extraTables().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void jsonHasEveryFieldWithItsShape() throws Exception {
        ValidationResult result = SchemaValidator.validate(Map.of("a", Set.of("id"), "old", Set.of()),
                Map.of("a", Set.of("id", "name"), "b", Set.of("id")));
        JsonNode json = ValueCodec.JSON.readTree(ValueCodec.JSON.writeValueAsString(result));
        assertThat(json.get("valid").asBoolean()).isFalse();
        assertThat(json.get("missingTables").toString()).isEqualTo("[\"b\"]");
        assertThat(json.get("missingColumns").toString()).isEqualTo(
                "[{\"table\":\"a\",\"column\":\"name\",\"message\":\"Column 'name' missing from table 'a'\"}]");
        assertThat(json.get("extraTables").toString()).isEqualTo("[\"old\"]");
        assertThat(json.get("errorCount").asInt()).isEqualTo(2);
    }

    @Test
    void jsonRoundTripsToAnEqualResult() throws Exception {
        ValidationResult result = SchemaValidator.validate(Map.of("a", Set.of("id")),
                Map.of("a", Set.of("id", "name"), "b", Set.of("id")));
        String json = ValueCodec.JSON.writeValueAsString(result);
        ValidationResult back = ValueCodec.JSON.copy()
                .configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                .readValue(json, ValidationResult.class);
        assertThat(back).isEqualTo(result);
    }

    @Test
    void validatesAgainstASchemaFilesExpectation() {
        SchemaFile file = SchemaFile.parse("""
                CREATE TABLE "Users" ("Id" int, email text);
                CREATE TABLE audit.log (id int);
                """);
        ValidationResult result = SchemaValidator.validate(
                Map.of("Users", Set.of("Id"), "audit.log", Set.of("id")), file.expectedColumns());
        assertThat(result.missingColumns()).extracting(ValidationResult.MissingColumn::column).containsExactly("email");
        assertThat(result.missingTables()).isEmpty();
    }
}
