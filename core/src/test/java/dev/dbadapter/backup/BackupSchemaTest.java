package dev.dbadapter.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class BackupSchemaTest {

    @Test
    void parsesThePythonShapeWithDefaults() {
        BackupSchema schema = BackupSchema.parse("""
                {"tables": [
                  {"name": "categories"},
                  {"name": "products", "pk": "product_id", "slug_field": "code", "user_field": "owner",
                   "parent": {"table": "categories", "field": "category_id"},
                   "optional_refs": [{"table": "categories", "field": "featured_in"}]}
                ]}""", "test.json");
        assertThat(schema.tables()).hasSize(2);
        TableDef categories = schema.tables().get(0);
        assertThat(categories.pk()).isEqualTo("id");
        assertThat(categories.slugField()).isEqualTo("slug");
        assertThat(categories.userField()).isEqualTo("user_id");
        assertThat(categories.parent()).isNull();
        assertThat(categories.optionalRefs()).isEmpty();
        TableDef products = schema.tables().get(1);
        assertThat(products.pk()).isEqualTo("product_id");
        assertThat(products.slugField()).isEqualTo("code");
        assertThat(products.userField()).isEqualTo("owner");
        assertThat(products.parent()).isEqualTo(new ForeignKey("categories", "category_id"));
        assertThat(products.optionalRefs()).containsExactly(new ForeignKey("categories", "featured_in"));
    }

    @Test
    void unknownParentIsAClearError() {
        assertThatThrownBy(() -> BackupSchema.of(TableDef.child("products", "categories", "category_id")))
                .isInstanceOf(BackupException.class)
                .hasMessageContaining("'products' has parent 'categories', which is not in the schema");
    }

    @Test
    void parentDeclaredAfterItsChildIsAClearError() {
        assertThatThrownBy(() -> BackupSchema.of(TableDef.child("products", "categories", "category_id"),
                TableDef.of("categories")))
                .isInstanceOf(BackupException.class)
                .hasMessageContaining("'products' is declared before its parent 'categories'");
    }

    @Test
    void cyclicParentsAreAClearError() {
        assertThatThrownBy(() -> BackupSchema.of(TableDef.child("a", "b", "b_id"), TableDef.child("b", "a", "a_id")))
                .isInstanceOf(BackupException.class)
                .hasMessageContaining("cycle");
        assertThatThrownBy(() -> BackupSchema.of(TableDef.child("a", "a", "a_id")))
                .isInstanceOf(BackupException.class)
                .hasMessageContaining("its own parent");
    }

    @Test
    void duplicateTablesAreAnError() {
        assertThatThrownBy(() -> BackupSchema.of(TableDef.of("a"), TableDef.of("A")))
                .isInstanceOf(BackupException.class).hasMessageContaining("twice");
    }

    @Test
    void invalidNamesAreRejected() {
        assertThatThrownBy(() -> TableDef.of("products; drop table x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BackupSchema.parse("{\"tables\": [{\"name\": \"a\", \"pk\": \"id--\"}]}", "s.json"))
                .isInstanceOf(BackupException.class).hasMessageContaining("s.json: tables[0]");
    }

    @Test
    void malformedSchemaFilesAreClearErrors() {
        assertThatThrownBy(() -> BackupSchema.parse("{\"tables\": [", "s.json"))
                .isInstanceOf(BackupException.class).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> BackupSchema.parse("{\"tablez\": []}", "s.json"))
                .isInstanceOf(BackupException.class).hasMessageContaining("\"tables\" array");
        assertThatThrownBy(() -> BackupSchema.parse("{\"tables\": [{\"pk\": \"id\"}]}", "s.json"))
                .isInstanceOf(BackupException.class).hasMessageContaining("\"name\" is missing");
        assertThatThrownBy(() -> BackupSchema.load(java.nio.file.Path.of("/nonexistent/schema.json")))
                .isInstanceOf(BackupException.class).hasMessageContaining("not found");
    }

    @Test
    void serialisesToJson() throws Exception {
        BackupSchema schema = new BackupSchema(List.of(TableDef.of("categories")));
        String json = dev.dbadapter.adapter.postgres.internal.ValueCodec.JSON.writeValueAsString(schema);
        assertThat(json).contains("\"slug_field\":\"slug\"");
    }
}
