package dev.dbadapter.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A {@code CREATE TABLE} that cannot be read says where: the statement's line, then the offending spot. */
class SchemaFileErrorPositionTest {

    @Test
    void anEmptyListItemInsideAnUnclosedColumnListIsTheSpotNamed() {
        assertThatThrownBy(() -> SchemaFile.parse("CREATE TABLE ok (id int);\nCREATE TABLE bad (\n  id int,\n"
                + "  name text text text(,\n  x int\n);"))
                .isInstanceOf(SchemaFileException.class)
                .hasMessageStartingWith("schema.sql:2: cannot parse CREATE TABLE: unbalanced parentheses in CREATE TABLE bad")
                .hasMessageEndingWith("(near line 4, column 23: unexpected ',')")
                .satisfies(e -> assertThat(((SchemaFileException) e).line()).isEqualTo(2));
    }

    @Test
    void aParenthesisThatTookTheColumnListsCloseIsTheSpotNamed() {
        assertThatThrownBy(() -> SchemaFile.parse("CREATE TABLE t (\n  id int,\n  price numeric(10,2,\n  x int\n);"))
                .isInstanceOf(SchemaFileException.class)
                .hasMessageEndingWith("unbalanced parentheses in CREATE TABLE t (near line 3, column 16: '(' is not closed)");
        assertThatThrownBy(() -> SchemaFile.parse(
                "CREATE TABLE t (\n  id int REFERENCES a(id,\n  price numeric(10,2),\n  x int\n);"))
                .isInstanceOf(SchemaFileException.class)
                .hasMessageEndingWith("(near line 2, column 22: '(' is not closed)");
    }

    @Test
    void aColumnListNeverClosedNamesItsOpeningParenthesis() {
        assertThatThrownBy(() -> SchemaFile.parse("CREATE TABLE good (id int);\n\n-- broken below\n"
                + "CREATE TABLE broken (id int, name text;\nCREATE TABLE other (id int);"))
                .isInstanceOf(SchemaFileException.class)
                .hasMessageStartingWith("schema.sql:4:")
                .hasMessageEndingWith("(near line 4, column 21: '(' is not closed)");
    }

    @Test
    void aColumnListClosedEarlyIsAnErrorInsteadOfLosingTheColumnsAfterIt() {
        assertThatThrownBy(() -> SchemaFile.parse("CREATE TABLE t (\n  id int,\n  price numeric(10,2)),\n  x int\n);"))
                .isInstanceOf(SchemaFileException.class)
                .hasMessageEndingWith("text after the column list of CREATE TABLE t (near line 3, column 23: unexpected ',')");
        assertThat(SchemaFile.parse("CREATE TABLE t (id int, at date) PARTITION BY RANGE (at) WITH (fillfactor = 70);")
                .expectedColumns().get("t")).containsExactly("id", "at");
    }

    @Test
    void readingErrorsNameTheLineAndColumnOfTheirToken() {
        assertThatThrownBy(() -> SchemaFile.parse("CREATE TABLE t (\n  id\n);"))
                .isInstanceOf(SchemaFileException.class)
                .hasMessageEndingWith("column id of t has no type (near line 2, column 3)");
        assertThatThrownBy(() -> SchemaFile.parse("\n\nCREATE TABLE (id int);"))
                .isInstanceOf(SchemaFileException.class)
                .hasMessageEndingWith("expected a table name after CREATE TABLE (near line 3, column 14: unexpected '(')");
        assertThatThrownBy(() -> SchemaFile.parse("CREATE TABLE a (id int);\n-- x\n\nCREATE TABLE t (\n id int,\n);"))
                .isInstanceOf(SchemaFileException.class)
                .hasMessageEndingWith("empty column or constraint in CREATE TABLE t (near line 6, column 1: unexpected ')')");
        assertThatThrownBy(() -> SchemaFile.parse("CREATE TABLE t (Name text,\n    \"name\" text);"))
                .isInstanceOf(SchemaFileException.class)
                .hasMessageEndingWith("column name appears twice in t (near line 2, column 5)");
        assertThatThrownBy(() -> SchemaFile.parse("CREATE TABLE t (id int);\nCREATE TABLE u (PRIMARY KEY (id));"))
                .isInstanceOf(SchemaFileException.class)
                .hasMessageEndingWith("CREATE TABLE u has no columns (near line 2, column 16)");
    }

    @Test
    void columnsCountCharactersAndTheTokenFoundIsQuotedWhole() {
        assertThatThrownBy(() -> SchemaFile.parse("CREATE TABLE täst_größe \"ünit\" int;"))
                .isInstanceOf(SchemaFileException.class)
                .hasMessageEndingWith("expected '(' after the table name täst_größe (near line 1, column 25: unexpected '\"ünit\"')");
        assertThatThrownBy(() -> SchemaFile.parse("CREATE TABLE t"))
                .isInstanceOf(SchemaFileException.class)
                .hasMessageEndingWith("expected '(' after the table name t (near line 1, column 15: unexpected end of statement)");
    }
}
