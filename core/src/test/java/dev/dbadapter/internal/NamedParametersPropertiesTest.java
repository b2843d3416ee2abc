package dev.dbadapter.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * Properties of {@link NamedParameters} over generated SQL: placeholders mixed with literals,
 * quoted identifiers, comments, dollar-quoted bodies and casts that all hold {@code :name}-like
 * text.
 */
class NamedParametersPropertiesTest {

    /** A piece of SQL; {@code param} is the placeholder name when it is one, else {@code null}. */
    record Piece(String sql, String param) {
    }

    /** Text inside quotes and comments, often holding what could end them early: quotes, backslashes, colons. */
    private static final Arbitrary<String> TEXT = Arbitraries.frequencyOf(
                    Tuple.of(3, Arbitraries.strings().withChars("'\"\\:$*/-;\n ab1").ofMaxLength(30)),
                    Tuple.of(1, Arbitraries.strings().all().ofMaxLength(30)))
            .map(s -> s.replace("?", "").replace("\0", ""));

    @Provide
    Arbitrary<List<Piece>> statements() {
        Arbitrary<String> name = Arbitraries.strings().withCharRange('a', 'z').withChars('_').ofMinLength(1)
                .ofMaxLength(8).flatMap(first -> Arbitraries.strings().withCharRange('a', 'z')
                        .numeric().withChars('_').ofMaxLength(8).map(rest -> first.charAt(0) + rest));
        Arbitrary<Piece> param = name.map(n -> new Piece(":" + n, n));
        Arbitrary<Piece> literal = TEXT.map(t -> new Piece("'" + t.replace("'", "''") + " :inlit'", null));
        Arbitrary<Piece> escapeLiteral = TEXT.map(t -> new Piece(
                "E'" + t.replace("\\", "\\\\").replace("'", "\\'") + " :inesc'", null));
        Arbitrary<Piece> identifier = TEXT.map(t -> new Piece("\"" + t.replace("\"", "\"\"") + ":inid\"", null));
        Arbitrary<Piece> lineComment = TEXT.map(t -> new Piece("-- " + t.replace("\n", " ").replace("\r", " ")
                + " :incomment\n", null));
        Arbitrary<Piece> blockComment = TEXT.map(t -> new Piece("/* " + t.replace("*", "").replace("/", "")
                + " :inblock */", null));
        Arbitrary<Piece> dollar = Arbitraries.of("$$", "$body$", "$_x1$").flatMap(tag -> TEXT.map(t ->
                new Piece(tag + t.replace("$", "") + " :indollar " + tag, null)));
        Arbitrary<Piece> cast = Arbitraries.of("1::int", "x::text", "'a'::jsonb", "now()::date")
                .map(s -> new Piece(s, null));
        Arbitrary<Piece> plain = Arbitraries.of("SELECT", "FROM t", "WHERE", "=", "AND", "(", ")", ",", "1")
                .map(s -> new Piece(s, null));
        return Arbitraries.oneOf(param, literal, escapeLiteral, identifier, lineComment, blockComment, dollar,
                cast, plain).list().ofMaxSize(15);
    }

    private static String join(List<Piece> pieces) {
        return String.join(" ", pieces.stream().map(Piece::sql).toList());
    }

    @Property
    void theNamesFoundAreExactlyThePlaceholdersInOrder(@ForAll("statements") List<Piece> pieces) {
        List<String> expected = new ArrayList<>();
        pieces.stream().filter(p -> p.param() != null).forEach(p -> expected.add(p.param()));
        String sql = join(pieces);
        assertThat(NamedParameters.parse(sql).names()).containsExactlyElementsOf(expected);
        requireCase("a doubled quote in a literal", sql.contains("''"));
        requireCase("an escaped quote in an E'' literal", sql.contains("\\'"));
        requireCase("a doubled quote in an identifier", sql.contains("\"\"") && sql.indexOf('"') >= 0);
        requireCase("a colon right after a quote", sql.contains("':") || sql.contains("\":"));
        requireCase("placeholders", expected.size() >= 2);
    }

    /** Counts how often a case occurs and checks at the end that it occurred often enough to count. */
    private static void requireCase(String label, boolean occurs) {
        Statistics.label(label).collect(occurs);
        Statistics.label(label).coverage(coverage -> coverage.check(true).percentage(p -> p >= 2));
    }

    @Property
    void theNumberOfQuestionMarksEqualsTheNumberOfNames(@ForAll("statements") List<Piece> pieces) {
        NamedParameters parsed = NamedParameters.parse(join(pieces));
        assertThat(parsed.sql().chars().filter(c -> c == '?').count()).isEqualTo(parsed.names().size());
    }

    @Property
    void everyLiteralCommentAndDollarQuoteIsCopiedVerbatim(@ForAll("statements") List<Piece> pieces) {
        StringBuilder expected = new StringBuilder();
        for (Piece piece : pieces) {
            if (!expected.isEmpty()) {
                expected.append(' ');
            }
            expected.append(piece.param() != null ? "?" : piece.sql());
        }
        assertThat(NamedParameters.parse(join(pieces)).sql()).isEqualTo(expected.toString());
    }

    @Property
    void aStatementWithoutPlaceholdersIsLeftUnchanged(@ForAll("statements") List<Piece> pieces) {
        String sql = join(pieces.stream().filter(p -> p.param() == null).toList());
        NamedParameters parsed = NamedParameters.parse(sql);
        assertThat(parsed.sql()).isEqualTo(sql);
        assertThat(parsed.names()).isEmpty();
    }

    @Property
    void plainWordsAndOperatorsWithoutColonsOrQuotesAreLeftUnchanged(@ForAll("plainText") String sql) {
        NamedParameters parsed = NamedParameters.parse(sql);
        assertThat(parsed.sql()).isEqualTo(sql);
        assertThat(parsed.names()).isEmpty();
    }

    @Provide
    Arbitrary<String> plainText() {
        return Arbitraries.strings().all().ofMaxLength(60)
                .filter(s -> s.chars().noneMatch(c -> ":?'\"$-/".indexOf(c) >= 0));
    }

    @Property
    void aQuestionMarkOutsideLiteralsIsAlwaysDoubled(@ForAll("statements") List<Piece> pieces) {
        String sql = join(pieces) + " ?| ";
        assertThat(NamedParameters.parse(sql).sql()).endsWith(" ??| ");
    }
}
