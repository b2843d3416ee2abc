package dev.dbadapter.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbadapter.adapter.postgres.internal.ValueCodec;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SchemaValidatorTest {

    @Test
    void matchingSchemaIsValid() {
        ValidationResult result = SchemaValidator.validate(
                Map.of("items", Set.of("id", "name", "extra")), Map.of("items", Set.of("id", "name")));
        assertThat(result.valid()).isTrue();
        assertThat(result.errorCount()).isZero();
        assertThat(result.formatReport()).isEqualTo("Schema valid");
    }

    @Test
    void reportUsesThePythonLibrarysWords() {
        ValidationResult result = SchemaValidator.validate(
                Map.of("items", Set.of("id"), "zeta", Set.of("id"), "alpha", Set.of("id")),
                Map.of("items", Set.of("id", "name", "b"), "users", Set.of("id")));
        assertThat(result.valid()).isFalse();
        assertThat(result.missingTables()).containsExactly("users");
        assertThat(result.missingColumns()).extracting(ValidationResult.MissingColumn::column)
                .containsExactly("b", "name");
        assertThat(result.missingColumns().getFirst().message()).isEqualTo("Column 'b' missing from table 'items'");
        assertThat(result.extraTables()).containsExactly("alpha", "zeta");
        assertThat(result.errorCount()).isEqualTo(3);
        assertThat(result.formatReport()).isEqualTo("""
                Schema validation failed:

                  Missing tables (1):
                    - users

                  Missing columns (2):
                    - items.b
                    - items.name

                  Extra tables (warning): alpha, zeta""");
    }

    @Test
    void extraTablesAloneAreOnlyAWarning() {
        ValidationResult result = SchemaValidator.validate(
                Map.of("items", Set.of("id"), "old", Set.of("id")), Map.of("items", Set.of("id")));
        assertThat(result.valid()).isTrue();
        assertThat(result.extraTables()).containsExactly("old");
    }

    @Test
    void resultPrintsAsJson() throws Exception {
        ValidationResult result = SchemaValidator.validate(Map.of(), Map.of("t", Set.of("id")));
        String json = ValueCodec.JSON.writeValueAsString(result);
        assertThat(json).contains("\"valid\":false", "\"missingTables\":[\"t\"]", "\"errorCount\":1");
    }
}
