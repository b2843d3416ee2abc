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

    private static void assertError(String sql, int line, String message) {
        assertThatThrownBy(() -> SchemaFile.parse(sql))
                .isInstanceOfSatisfying(SchemaFileException.class, e -> assertThat(e.line()).isEqualTo(line))
                .hasMessage("schema.sql:" + line + ": cannot parse CREATE TABLE: " + message);
    }

    @Test
    void everyReadingErrorHasItsExactTextLineAndColumn() {
        assertError("CREATE TABLE a.b.c (id int);", 1,
                "expected a table name after CREATE TABLE, found a.b.c (near line 1, column 14)");
        assertError("SELECT 1;\n  CREATE TABLE t (id int,\n    1bad int);", 2,
                "cannot read a column name in '1bad int' (near line 3, column 5)");
        assertError("CREATE TABLE t (\n\tid int,\n\tname\n);", 1, "column name of t has no type (near line 3, column 2)");
        assertError("CREATE TABLE t (id int, ID text);", 1, "column id appears twice in t (near line 1, column 25)");
        assertError("CREATE TABLE t (,id int);", 1,
                "empty column or constraint in CREATE TABLE t (near line 1, column 17: unexpected ',')");
        assertError("CREATE TABLE t (CHECK (true), UNIQUE (x));", 1, "CREATE TABLE t has no columns (near line 1, column 16)");
        assertError("CREATE TABLE t assets (id int);", 1,
                "expected '(' after the table name t (near line 1, column 16: unexpected 'assets')");
        assertError("CREATE TABLE s.t ;", 1,
                "expected '(' after the table name s.t (near line 1, column 17: unexpected end of statement)");
        assertError("CREATE TABLE s. (id int);", 1,
                "expected '(' after the table name s (near line 1, column 15: unexpected '.')");
        assertError("CREATE TABLE t x", 1, "expected '(' after the table name t (near line 1, column 16: unexpected 'x')");
        assertError("CREATE TABLE t (id int) , x;", 1,
                "text after the column list of CREATE TABLE t (near line 1, column 25: unexpected ',')");
    }

    @Test
    void aLongTokenIsShownCutAtThirtyCharacters() {
        assertError("CREATE TABLE t " + "a".repeat(29) + " (id int);", 1,
                "expected '(' after the table name t (near line 1, column 16: unexpected '" + "a".repeat(29) + "')");
        assertError("CREATE TABLE t " + "a".repeat(30) + " (id int);", 1,
                "expected '(' after the table name t (near line 1, column 16: unexpected '" + "a".repeat(30) + "')");
        assertError("CREATE TABLE t " + "b".repeat(31) + " (id int);", 1,
                "expected '(' after the table name t (near line 1, column 16: unexpected '" + "b".repeat(30) + "...')");
        assertError("CREATE TABLE t 'a string' (id int);", 1,
                "expected '(' after the table name t (near line 1, column 16: unexpected ''a string'')");
    }

    @Test
    void aNameLongerThanTheLimitIsAnErrorAtItsPosition() {
        String name = "n".repeat(64);
        assertError("CREATE TABLE t (\n  id int,\n  " + name + " int);", 3,
                "Invalid identifier name '" + name + "': it is longer than 63 bytes (64); PostgreSQL would silently"
                        + " truncate it (near line 3, column 3)");
        assertError("CREATE TABLE \"" + name + "\" (id int);", 1,
                "Invalid identifier name '\"" + name + "\"': it is longer than 63 bytes (64); PostgreSQL would silently"
                        + " truncate it (near line 1, column 14)");
    }

    @Test
    void quotedNamesKeepDoubledQuotesWhereverTheyStand() {
        SchemaFile file = SchemaFile.parse("CREATE TABLE \"we\"\"ird\" (\"col\"\"x\" int, \"end\"\"\" text, \"\"\"\" int)");
        assertThat(file.expectedColumns()).containsOnlyKeys("we\"ird");
        assertThat(file.expectedColumns().get("we\"ird")).containsExactlyInAnyOrder("col\"x", "end\"", "\"");
    }

    @Test
    void tablesWithoutAColumnListAreSkippedButOnlyForTheWholeWord() {
        SchemaFile file = SchemaFile.parse("CREATE TABLE a AS SELECT 1;\nCREATE TABLE b OF some_type;\n"
                + "CREATE TABLE c PARTITION OF p FOR VALUES IN (1);\nCREATE TABLE d AS(SELECT 1);\nCREATE TABLE e (id int);");
        assertThat(file.expectedColumns()).containsOnlyKeys("e");
        assertError("CREATE TABLE t office (id int);", 1,
                "expected '(' after the table name t (near line 1, column 16: unexpected 'office')");
    }
}
