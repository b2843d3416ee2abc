package dev.dbadapter.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code :name} rewriter, without a database. */
class NamedParametersTest {

    private static void assertRewrite(String sql, String expectedSql, String... expectedNames) {
        NamedParameters parsed = NamedParameters.parse(sql);
        assertThat(parsed.sql()).isEqualTo(expectedSql);
        assertThat(parsed.names()).containsExactly(expectedNames);
    }

    private static void assertUntouched(String sql) {
        assertRewrite(sql, sql);
    }

    @Test
    void placeholdersBecomeQuestionMarksInOrder() {
        assertRewrite("SELECT * FROM t WHERE a = :a AND b = :b_2", "SELECT * FROM t WHERE a = ? AND b = ?", "a", "b_2");
    }

    @Test
    void aRepeatedNameIsBoundAtEveryPlace() {
        assertRewrite("SELECT :x, :y, :x", "SELECT ?, ?, ?", "x", "y", "x");
    }

    @Test
    void placeholdersNextToPunctuationAreFound() {
        assertRewrite("INSERT INTO t VALUES(:a,:b);", "INSERT INTO t VALUES(?,?);", "a", "b");
        assertRewrite("SELECT (:a)+:b", "SELECT (?)+?", "a", "b");
    }

    @Test
    void doubleColonCastsAreNotPlaceholders() {
        assertRewrite("SELECT :v::int, 'x'::text, now()::date", "SELECT ?::int, 'x'::text, now()::date", "v");
        assertUntouched("SELECT a::numeric(10,2) FROM t");
    }

    @Test
    void aColonBeforeADigitOrSpaceIsNotAPlaceholder() {
        assertUntouched("SELECT arr[1:2], x : y FROM t");
    }

    @Test
    void stringLiteralsAreLeftAlone() {
        assertUntouched("SELECT ':x', 'it''s :y', '' FROM t");
        assertRewrite("SELECT ':x' || :z", "SELECT ':x' || ?", "z");
    }

    @Test
    void standardStringsEndAtTheQuoteEvenAfterABackslash() {
        assertRewrite("SELECT 'C:\\' || :dir", "SELECT 'C:\\' || ?", "dir");
    }

    @Test
    void escapeStringsHonourBackslashEscapes() {
        assertUntouched("SELECT E'it\\'s :x', e'\\\\:y\\''");
        assertRewrite("SELECT E'a\\'b' || :c", "SELECT E'a\\'b' || ?", "c");
    }

    @Test
    void quotedIdentifiersAreLeftAlone() {
        assertUntouched("SELECT \"a:b\", \"x\"\":y\" FROM t");
    }

    @Test
    void lineCommentsAreLeftAlone() {
        assertRewrite("SELECT 1 -- :x here\n, :y", "SELECT 1 -- :x here\n, ?", "y");
        assertUntouched("SELECT 1 -- :x at the end");
    }

    @Test
    void blockCommentsIncludingNestedOnesAreLeftAlone() {
        assertRewrite("SELECT /* :a /* :b */ :c */ :d", "SELECT /* :a /* :b */ :c */ ?", "d");
    }

    @Test
    void dollarQuotedBodiesAreLeftAlone() {
        assertUntouched("DO $$ BEGIN PERFORM :x; END $$");
        assertRewrite("SELECT $tag$ :x $$ :y $tag$, :z", "SELECT $tag$ :x $$ :y $tag$, ?", "z");
        assertRewrite("CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1 $body$ LANGUAGE sql; SELECT :a",
                "CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1 $body$ LANGUAGE sql; SELECT ?", "a");
    }

    @Test
    void positionalDollarParametersAndDollarsInNamesAreNotQuotes() {
        assertRewrite("SELECT $1, a$b, :c", "SELECT $1, a$b, ?", "c");
    }

    @Test
    void aQuestionMarkOperatorIsEscapedForJdbc() {
        assertRewrite("SELECT data ? 'k', data ?| array['a'] FROM t WHERE id = :id",
                "SELECT data ?? 'k', data ??| array['a'] FROM t WHERE id = ?", "id");
        assertRewrite("SELECT '?', \"?\" -- ?\n, :a", "SELECT '?', \"?\" -- ?\n, ?", "a");
    }

    @Test
    void unterminatedQuotesAreRefusedNamingWhatIsOpen() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> NamedParameters.parse("SELECT 'open :x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unterminated string literal");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> NamedParameters.parse("SELECT 1,\n /* open :x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("comment").hasMessageContaining("line 2");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> NamedParameters.parse("SELECT $q$ open :x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dollar-quoted");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> NamedParameters.parse("SELECT \"open :x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("quoted identifier");
    }

    @Test
    void namesMayHoldUnicodeLetters() {
        assertThat(NamedParameters.parse("SELECT :größe").names()).isEqualTo(List.of("größe"));
    }
}
