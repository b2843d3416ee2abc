package dev.dbadapter.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Properties of identifier normalising and quoting, over generated names. */
class IdentifierPropertiesTest {

    private static boolean fits(String name) {
        return !name.isEmpty() && name.indexOf('\0') < 0
                && name.getBytes(StandardCharsets.UTF_8).length <= Identifiers.MAX_LENGTH;
    }

    @Provide
    Arbitrary<String> anyName() {
        return Arbitraries.strings().all().ofMinLength(1).ofMaxLength(40).filter(IdentifierPropertiesTest::fits);
    }

    @Provide
    Arbitrary<String> unquotedName() {
        Arbitrary<Character> first = Arbitraries.chars().range('a', 'z').range('A', 'Z').with('_');
        Arbitrary<String> rest = Arbitraries.strings().alpha().numeric().withChars('_', '$').ofMaxLength(62);
        return Combinators.combine(first, rest).as((f, r) -> f + r);
    }

    @Provide
    Arbitrary<String> nameWithABadCharacter() {
        Arbitrary<Character> bad = Arbitraries.chars().all()
                .filter(c -> !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                        || c == '_' || c == '$' || Character.isSurrogate(c)));
        Arbitrary<String> part = Arbitraries.strings().alpha().numeric().withChars('_').ofMaxLength(20);
        Arbitrary<String> last = Arbitraries.strings().alpha().numeric().withChars('_').ofMinLength(1).ofMaxLength(20);
        return Combinators.combine(Arbitraries.chars().range('a', 'z'), part, bad, last)
                .as((f, a, c, b) -> f + a + c + b);
    }

    @Property
    void anyQuotedNameNormalisesBackToItself(@ForAll("anyName") String name) {
        assertThat(Identifiers.normalize(Identifiers.quote(name), "column")).isEqualTo(name);
    }

    @Property
    void anyQuotedNameSurvivesSurroundingWhitespace(@ForAll("anyName") String name) {
        assertThat(Identifiers.normalize("  " + Identifiers.quote(name) + "\t", "column")).isEqualTo(name);
    }

    @Property
    void unquotedValidNamesFoldToLowerCase(@ForAll("unquotedName") String name) {
        assertThat(Identifiers.normalize(name, "table")).isEqualTo(name.toLowerCase(Locale.ROOT));
        assertThat(Identifiers.column(name)).isEqualTo('"' + name.toLowerCase(Locale.ROOT) + '"');
    }

    @Property
    void namesWithCharactersOutsideTheRulesAreRefusedUnlessQuoted(@ForAll("nameWithABadCharacter") String name) {
        assertThatThrownBy(() -> Identifiers.normalize(name, "column"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Invalid column name");
        Assume.that(fits(name));
        assertThat(Identifiers.normalize(Identifiers.quote(name), "column")).isEqualTo(name);
    }

    @Property
    void namesStartingWithADigitAreRefusedUnquoted(@ForAll("unquotedName") String name,
            @ForAll("digit") char digit) {
        assertThatThrownBy(() -> Identifiers.normalize(digit + name, "column"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Provide
    Arbitrary<Character> digit() {
        return Arbitraries.chars().range('0', '9');
    }

    @Property
    void quotedNamesLongerThanTheLimitAreRefused(@ForAll("anyName") String name) {
        String longName = name + "x".repeat(Identifiers.MAX_LENGTH);
        assertThatThrownBy(() -> Identifiers.normalize(Identifiers.quote(longName), "column"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("longer than 63 bytes");
    }

    @Property
    void quotedSchemaAndTableRoundTripEvenWithDotsInside(@ForAll("anyName") String schema,
            @ForAll("anyName") String table) {
        String qualified = Identifiers.quote(schema) + "." + Identifiers.quote(table);
        assertThat(Identifiers.tableParts(qualified)).containsExactly(schema, table);
        assertThat(Identifiers.table(qualified)).isEqualTo(qualified);
    }

    @Property
    void aQuotedColumnInAnyOrderByTermIsRenderedQuoted(@ForAll("anyName") String column,
            @ForAll("direction") String direction) {
        String rendered = Identifiers.orderBy(Identifiers.quote(column) + " " + direction);
        assertThat(rendered).isEqualTo(" ORDER BY " + Identifiers.quote(column)
                + (direction.isEmpty() ? "" : " " + direction.toUpperCase(Locale.ROOT)));
    }

    @Provide
    Arbitrary<String> direction() {
        return Arbitraries.of("", "asc", "desc", "DESC nulls first", "asc nulls last", "nulls first");
    }

    @Property
    void aSelectListOfQuotedNamesKeepsEveryNameInOrder(@ForAll("columns") List<String> columns) {
        String list = String.join(", ", columns.stream().map(Identifiers::quote).toList());
        assertThat(Identifiers.selectList(list))
                .isEqualTo(String.join(", ", columns.stream().map(Identifiers::quote).toList()));
    }

    @Provide
    Arbitrary<List<String>> columns() {
        return anyName().list().ofMinSize(1).ofMaxSize(5);
    }
}
