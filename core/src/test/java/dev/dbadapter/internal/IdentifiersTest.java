package dev.dbadapter.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Examples of the name rules, each with the exact SQL or message expected. */
class IdentifiersTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            "a""b" desc                  | ` ORDER BY "a""b" DESC`
            "a""\"                        | ` ORDER BY "a""\"`
            ""\"x" asc, y                 | ` ORDER BY ""\"x" ASC, "y"`
            "a"",""b" DESC, "c d"        | ` ORDER BY "a"",""b" DESC, "c d"`
            "my col" nulls last          | ` ORDER BY "my col" NULLS LAST`
            Name                         | ` ORDER BY "name"`
            a desc ,b                    | ` ORDER BY "a" DESC, "b"`
            """)
    void orderByKeepsEscapedQuotesInsideAQuotedColumn(String orderBy, String sql) {
        assertThat(Identifiers.orderBy(orderBy)).isEqualTo(sql);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"a\"\"b", "\"a\" sideways", "a desc desc", "a, ", "\"a\"b"})
    void aBadOrderByIsRefused(String orderBy) {
        assertThatThrownBy(() -> Identifiers.orderBy(orderBy)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Invalid ");
    }

    @Test
    void aBlankOrderByIsNone() {
        assertThat(Identifiers.orderBy(null)).isEmpty();
        assertThat(Identifiers.orderBy(" \t")).isEmpty();
    }

    @Test
    void anOrderByWordThatIsNotADirectionIsRefusedWithTheRule() {
        assertThatThrownBy(() -> Identifiers.orderBy("a sideways")).hasMessage("Invalid order-by name 'a sideways': expected"
                + " \"column\", \"column asc|desc\" or either with \"nulls first|last\"");
    }

    @Test
    void anUnterminatedQuoteIsNamed() {
        assertThatThrownBy(() -> Identifiers.selectList("a, \"b")).hasMessage("Invalid column name 'a, \"b': unterminated quoted name");
        assertThatThrownBy(() -> Identifiers.table("\"s.t")).hasMessage("Invalid table name '\"s.t': unterminated quoted name");
    }

    @Test
    void aQuoteInsideAQuotedNameMustBeDoubled() {
        assertThatThrownBy(() -> Identifiers.normalize("\"a\"b\"", "column"))
                .hasMessage("Invalid column name '\"a\"b\"': a quote inside a quoted name must be doubled");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            *                 | *
            ` * `             | *
            ``                | *
            a, B ,"C d"       | `"a", "b", "C d"`
            "x,y"             | `"x,y"`
            """)
    void selectListsAreCheckedAndQuoted(String columns, String sql) {
        assertThat(Identifiers.selectList(columns)).isEqualTo(sql);
        assertThat(Identifiers.selectList(null)).isEqualTo("*");
    }

    @Test
    void tablesAreQuotedPartByPart() {
        assertThat(Identifiers.table("Shop.Items")).isEqualTo("\"shop\".\"items\"");
        assertThat(Identifiers.table("\"a.b\"")).isEqualTo("\"a.b\"");
        assertThat(Identifiers.tableParts("s.\"T\"")).containsExactly("s", "T");
        assertThatThrownBy(() -> Identifiers.table("a.b.c")).hasMessage("Invalid table name 'a.b.c': expected name or schema.name");
        assertThatThrownBy(() -> Identifiers.tableParts("a.b.c")).hasMessage("Invalid table name 'a.b.c': expected name or schema.name");
        assertThatThrownBy(() -> Identifiers.table(null)).hasMessage("table name must not be null");
        assertThatThrownBy(() -> Identifiers.normalize(null, "column")).hasMessage("column name must not be null");
        assertThatThrownBy(() -> Identifiers.stored(null, "column")).hasMessage("column name must not be null");
    }

    @Test
    void aNulAnywhereIsRefused() {
        assertThatThrownBy(() -> Identifiers.normalize("\"\0a\"", "column"))
                .hasMessage("Invalid column name '\"\0a\"': it is empty or holds a NUL character");
        assertThatThrownBy(() -> Identifiers.stored("\0", "table")).hasMessage("Invalid table name '\0': it is empty or holds a NUL character");
        assertThat(Identifiers.stored("a", "table")).isEqualTo("a");
        assertThat(Identifiers.normalize("\"a\"", "table")).isEqualTo("a");
    }

    @Test
    void theLimitIsSixtyThreeBytesNotCharacters() {
        assertThat(Identifiers.normalize("a".repeat(63), "column")).hasSize(63);
        assertThat(Identifiers.stored("é".repeat(31) + "a", "column")).hasSize(32);
        assertThatThrownBy(() -> Identifiers.stored("é".repeat(32), "column"))
                .hasMessage("Invalid column name '" + "é".repeat(32) + "': it is longer than 63 bytes (64);"
                        + " PostgreSQL would silently truncate it");
        assertThatThrownBy(() -> Identifiers.normalize("a".repeat(64), "column")).hasMessageContaining("(64)");
        // short in characters, long in bytes: three-byte characters and four-byte pairs
        assertThat(Identifiers.stored("€".repeat(21), "column")).hasSize(21);
        assertThatThrownBy(() -> Identifiers.stored("€".repeat(22), "column")).hasMessageContaining("(66)");
        assertThat(Identifiers.stored("😀".repeat(15), "column")).hasSize(30);
        assertThatThrownBy(() -> Identifiers.stored("😀".repeat(16), "column")).hasMessageContaining("(64)");
    }
}
