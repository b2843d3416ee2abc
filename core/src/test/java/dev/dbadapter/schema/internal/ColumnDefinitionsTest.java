package dev.dbadapter.schema.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** A column definition from column-defs.json must be one column definition and nothing else. */
class ColumnDefinitionsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "TEXT[]; DROP TABLE canary; --       | a ';' outside quotes",
        "int; SELECT 1                       | a ';' outside quotes",
        "int -- the rest                     | a comment",
        "int /* DEFAULT 1 */                 | a comment",
        "int, DROP COLUMN name               | a ',' outside parentheses",
        "int, ADD COLUMN other int           | a ',' outside parentheses",
        "int) ; (                            | a ';' outside quotes",
        "int CHECK (a > 0))                  | closes a parenthesis or bracket it did not open",
        "int CHECK ((a > 0)                  | a parenthesis or bracket is not closed",
        "int[] DEFAULT ARRAY[1, 2            | a parenthesis or bracket is not closed",
        "text DEFAULT 'open                  | unterminated string literal",
        "text DEFAULT $$open                 | unterminated dollar-quoted string",
        "\"open                              | unterminated quoted identifier",
        "(int)                               | must start with a type name",
        "$$text$$                            | must start with a type name"})
    void whatIsNotOneDefinitionIsRefusedNamingTheKeyAndTheReason(String definition, String reason) {
        assertThatThrownBy(() -> ColumnDefinitions.requireOne("products.tags", definition))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("products.tags")
                .hasMessageContaining("not one column definition")
                .hasMessageContaining(reason);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void anEmptyDefinitionIsRefused(String definition) {
        assertThatThrownBy(() -> ColumnDefinitions.requireOne("t.c", definition)).hasMessageContaining("empty");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "TEXT[]",
        "NUMERIC(10, 2) DEFAULT 0",
        "text DEFAULT 'a;b -- c /* d */' NOT NULL",
        "text DEFAULT $x$;$x$",
        "int CHECK (c > 0 AND (c < 10)) REFERENCES other(id) ON DELETE CASCADE",
        "\"My Type\" DEFAULT E'it''s; \\\\'",
        "timestamptz DEFAULT now()",
        "text[] DEFAULT ARRAY['a', 'b']::text[]",
        "_int4",
        "int GENERATED ALWAYS AS IDENTITY (START WITH 10 INCREMENT BY 5)"})
    void realDefinitionsPass(String definition) {
        assertThatCode(() -> ColumnDefinitions.requireOne("t.c", definition)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "products.tags           | products.tags",
        "Products.Tags           | products.tags",
        "\"Shop Items\".\"Tag\"  | Shop Items.Tag",
        "public.products.tags    | products.tags",
        "audit.log.msg           | audit.log.msg",
        "\"a.b\".c               | a.b.c"})
    void keysAreFoldedAsPostgresqlFoldsNames(String raw, String key) {
        assertThat(ColumnDefinitions.key(raw)).isEqualTo(key);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tags", "products.", ".tags", "a.b.c.d", "products.tags;", "products.\"x"})
    void keysThatNameNoColumnAreRefused(String raw) {
        assertThatThrownBy(() -> ColumnDefinitions.key(raw)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            text                                            | text
            `  text  `                                      | text
            int NOT NULL                                    | int
            int PRIMARY KEY                                 | int
            int NOT NULL PRIMARY KEY DEFAULT 0              | int DEFAULT 0
            int PRIMARY KEY NOT NULL                        | int
            int   not   null   default 1                    | int default 1
            int CONSTRAINT nn NOT NULL CHECK (x > 0)        | int CHECK (x > 0)
            int CONSTRAINT "my pk" PRIMARY KEY              | int
            int NOT NULL REFERENCES users (id)              | int NOT NULL REFERENCES users (id)
            int PRIMARY KEY NOT NULL REFERENCES users (id)  | int NOT NULL REFERENCES users (id)
            int CHECK (x IS NOT NULL) NOT NULL              | int CHECK (x IS NOT NULL)
            int CHECK ((x) IS NOT NULL)                     | int CHECK ((x) IS NOT NULL)
            text DEFAULT 'NOT NULL' NOT NULL                | text DEFAULT 'NOT NULL'
            text DEFAULT 'PRIMARY  KEY'                     | text DEFAULT 'PRIMARY  KEY'
            int NOTNULL                                     | int NOTNULL
            """)
    void forAddColumnDropsTopLevelPrimaryKeyAndNotNullUnlessItReferences(String definition, String expected) {
        assertThat(ColumnDefinitions.forAddColumn(definition)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "tags                    | key \"tags\" is not of the form \"table.column\"",
        "\"a.b\"               | key \"\"a.b\"\" is not of the form \"table.column\""})
    void aKeyWithoutADotOutsideQuotesSaysItsForm(String raw, String message) {
        assertThatThrownBy(() -> ColumnDefinitions.key(raw)).hasMessage(message);
    }
}
