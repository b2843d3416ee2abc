package dev.dbadapter.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dbadapter.internal.SqlText.Span;
import dev.dbadapter.internal.SqlText.SqlSyntaxException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The lexical masks, statement spans, line numbers and errors of {@link SqlText}. */
class SqlTextTest {

    @Test
    void codeBlanksLineCommentsAndKeepsTheLineBreak() {
        SqlText text = SqlText.scan("SELECT 1; -- one\nSELECT 2;--two");
        assertThat(text.code()).isEqualTo("SELECT 1;       \nSELECT 2;     ");
        assertThat(text.shape()).isEqualTo(text.code());
        assertThat(text.raw()).isEqualTo("SELECT 1; -- one\nSELECT 2;--two");
    }

    @Test
    void codeBlanksNestedBlockCommentsOverSeveralLines() {
        SqlText text = SqlText.scan("a /* x /* y */\n z */ b /**/c");
        assertThat(text.code()).isEqualTo("a             \n      b     c");
    }

    @Test
    void aSingleDashOrSlashIsCode() {
        SqlText text = SqlText.scan("a - b / c -");
        assertThat(text.code()).isEqualTo("a - b / c -");
        assertThat(text.shape()).isEqualTo("a - b / c -");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            'a;b' ;                  | 'xxx' ;
            'it''s' x                | 'xxxxx' x
            "my;col" x               | "xxxxxx" x
            "say ""hi""\" x          | "xxxxxxxxxx" x
            E'a\\'b' x               | E'xxxx' x
            e'a\\'b' x               | e'xxxx' x
            $$a;b$$ x                | $$xxx$$ x
            $fn$ 'q' $fn$ x          | $fn$xxxxx$fn$ x
            $fn$ $x$ $fn$ x          | $fn$xxxxx$fn$ x
            '--not' /*c*/ x          | 'xxxxx'       x
            """)
    void shapeMasksTheInsideOfQuotesButCodeKeepsIt(String raw, String shape) {
        SqlText text = SqlText.scan(raw);
        assertThat(text.shape()).isEqualTo(shape);
        assertThat(text.shape()).hasSameSizeAs(raw);
    }

    @Test
    void aCommentInsideAStringIsNotAComment() {
        SqlText text = SqlText.scan("SELECT '--x', '/*y*/', \"--z\"");
        assertThat(text.code()).isEqualTo("SELECT '--x', '/*y*/', \"--z\"");
    }

    @Test
    void anEBeforeAQuoteOnlyMeansEscapesWhenItIsNotTheEndOfAWord() {
        // "name'..." is not an E'' string: a backslash there does not escape the quote
        SqlText text = SqlText.scan("SELECT 'a\\' , 'b'");
        assertThat(text.shape()).isEqualTo("SELECT 'xx' , 'x'");
        assertThat(SqlText.scan("some'a\\' , 'b'").shape()).isEqualTo("some'xx' , 'x'");
        assertThat(SqlText.scan("ae'a\\' , 'b'").shape()).isEqualTo("ae'xx' , 'x'");
    }

    @Test
    void aDollarAfterAnIdentifierOrBeforeADigitIsNoQuote() {
        assertThat(SqlText.scan("SELECT a$b$ FROM t WHERE x = $1; $").shape())
                .isEqualTo("SELECT a$b$ FROM t WHERE x = $1; $");
        assertThat(SqlText.scan("x $a-b$ y").shape()).isEqualTo("x $a-b$ y");
        assertThat(SqlText.scan("SELECT $abc").shape()).isEqualTo("SELECT $abc");
    }

    @Test
    void statementsAreSplitAtTopLevelSemicolonsWithTheirFirstLine() {
        String raw = "CREATE TABLE a (x int);\n\n  -- note\n    CREATE TABLE b (\n  y text ';'\n);\n;  \n/* only */;\nSELECT 1";
        SqlText text = SqlText.scan(raw);

        assertThat(text.statements()).containsExactly(
                new Span(0, 22, 1),
                new Span(raw.indexOf("CREATE TABLE b"), raw.indexOf(");\n;") + 1, 4),
                new Span(raw.indexOf("SELECT 1"), raw.length(), 9));
        assertThat(raw.substring(text.statements().get(1).start(), text.statements().get(1).end()))
                .isEqualTo("CREATE TABLE b (\n  y text ';'\n)");
    }

    @Test
    void aScriptOfOnlyCommentsAndBlanksHasNoStatements() {
        assertThat(SqlText.scan("").statements()).isEmpty();
        assertThat(SqlText.scan("  \n-- x\n /* y */ ;;\n").statements()).isEmpty();
    }

    @Test
    void trailingBlanksAreNotPartOfAStatement() {
        SqlText text = SqlText.scan("SELECT 1  \n\t;");
        assertThat(text.statements()).containsExactly(new Span(0, 8, 1));
    }

    @ParameterizedTest
    @CsvSource({"0, 1", "3, 1", "4, 2", "5, 2", "9, 3", "12, 3", "13, 4", "14, 4"})
    void lineOfCountsLinesFromOneAtAndBetweenLineStarts(int offset, int line) {
        // lines start at 0, 4, 9 and 13
        assertThat(SqlText.scan("abc\ndefg\nhij\n").lineOf(offset)).isEqualTo(line);
    }

    @Test
    void anIndentedStatementGetsTheLineItStandsOn() {
        SqlText text = SqlText.scan("\n\n\n\n        CREATE TABLE t (x int)");
        assertThat(text.statements()).singleElement().satisfies(span -> {
            assertThat(span.line()).isEqualTo(5);
            assertThat(span.start()).isEqualTo(12);
        });
    }

    @Test
    void skipBlankStopsAtTheFirstNonBlankOrTheLimit() {
        SqlText text = SqlText.scan("a  /* c */ \n b");
        assertThat(text.skipBlank(1, text.raw().length())).isEqualTo(13);
        assertThat(text.skipBlank(1, 5)).isEqualTo(5);
        assertThat(text.skipBlank(0, 5)).isEqualTo(0);
    }

    @Test
    void compactCollapsesBlanksOutsideQuotesAndDropsComments() {
        String raw = "  numeric( 10 ,\n 2 )  -- money\n  DEFAULT   ' a  b '  ";
        SqlText text = SqlText.scan(raw);
        assertThat(text.compact(0, raw.length())).isEqualTo("numeric( 10 , 2 ) DEFAULT ' a  b '");
        assertThat(text.compact(2, 9)).isEqualTo("numeric");
        assertThat(text.compact(0, 2)).isEmpty();
    }

    @Test
    void identifierCharactersAreLettersDigitsUnderscoreAndDollar() {
        assertThat("aZ9_$é".chars().allMatch(c -> SqlText.isIdentifierChar((char) c))).isTrue();
        assertThat(" .,;\"'()-".chars().noneMatch(c -> SqlText.isIdentifierChar((char) c))).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            x;\\n\\n  'abc            | unterminated string literal        | 3
            x;\\n \\"abc              | unterminated quoted identifier     | 2
            \\n\\n\\n   /* a /* b */  | unterminated /* comment            | 4
            \\n  $q$ abc $Q$          | unterminated dollar-quoted string $q$ | 2
            x /* a *                 | unterminated /* comment            | 1
            E'abc\\\\'                 | unterminated string literal        | 1
            """)
    void anUnclosedTokenIsAnErrorOnTheLineItStarts(String raw, String message, int line) {
        String script = raw.replace("\\n", "\n").replace("\\\"", "\"").replace("\\\\", "\\");
        assertThatThrownBy(() -> SqlText.scan(script))
                .isInstanceOfSatisfying(SqlSyntaxException.class, error -> assertThat(error.line()).isEqualTo(line))
                .hasMessage(message);
    }
}
