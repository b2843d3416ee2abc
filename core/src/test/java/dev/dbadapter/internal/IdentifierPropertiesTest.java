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
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * Properties of identifier normalising and quoting, over generated names. The names are drawn to
 * reach the characters that matter to SQL and to the splitting of lists and qualified names
 * ({@code . " , ; @ : / % + $}, blanks, leading digits), and each property checks with jqwik's
 * statistics that they really occur. Expected texts are written out here, never made by the code
 * under test.
 */
class IdentifierPropertiesTest {
    /** Characters with a meaning in SQL or in the lists and qualified names the library splits. */
    private static final String SPECIAL = ".\",;@:/%+$ ";
    /** Characters an unquoted name may not hold ({@code $} may follow its first character). */
    private static final String BAD_IN_UNQUOTED = ".\",;@:/%+ -'()*=\t\n";

    private static boolean fits(String name) {
        return !name.isEmpty() && name.indexOf('\0') < 0
                && name.getBytes(StandardCharsets.UTF_8).length <= Identifiers.MAX_LENGTH;
    }

    /** The SQL text of a quoted identifier: the name in double quotes, each quote in it doubled. */
    private static String sqlQuoted(String name) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : name.toCharArray()) {
            out.append(c == '"' ? "\"\"" : String.valueOf(c));
        }
        return out.append('"').toString();
    }

    /** Labels what a generated name holds, and checks at the end that every kind occurred (in 0.5% of the tries at least). */
    private static void classify(String label, String name) {
        for (char c : SPECIAL.toCharArray()) {
            Statistics.label(label + " holds " + c).collect(name.indexOf(c) >= 0);
        }
        Statistics.label(label + " starts with a digit").collect(Character.isDigit(name.charAt(0)));
        Statistics.label(label + " has upper case").collect(!name.equals(name.toLowerCase(Locale.ROOT)));
        Statistics.label(label + " is outside ASCII").collect(name.chars().anyMatch(c -> c > 127));
    }

    private static void requireEveryKind(String label) {
        for (char c : SPECIAL.toCharArray()) {
            Statistics.label(label + " holds " + c).coverage(coverage -> coverage.check(true).percentage(p -> p >= 0.5));
        }
        for (String kind : List.of(" starts with a digit", " has upper case", " is outside ASCII")) {
            Statistics.label(label + kind).coverage(coverage -> coverage.check(true).percentage(p -> p >= 0.5));
        }
    }

    @Provide
    Arbitrary<String> anyName() {
        Arbitrary<String> tricky = Arbitraries.strings().alpha().numeric().withChars(SPECIAL).ofMinLength(1).ofMaxLength(20);
        Arbitrary<String> unicode = Arbitraries.strings().all().ofMinLength(1).ofMaxLength(30);
        return Arbitraries.frequencyOf(Tuple.of(3, tricky), Tuple.of(1, unicode)).filter(IdentifierPropertiesTest::fits);
    }

    @Provide
    Arbitrary<String> unquotedName() {
        Arbitrary<Character> first = Arbitraries.chars().range('a', 'z').range('A', 'Z').with('_');
        Arbitrary<String> rest = Arbitraries.strings().alpha().numeric().withChars('_', '$').ofMaxLength(62);
        return Combinators.combine(first, rest).as((f, r) -> f + r);
    }

    @Provide
    Arbitrary<String> nameWithABadCharacter() {
        Arbitrary<Character> bad = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of(chars(BAD_IN_UNQUOTED))),
                Tuple.of(1, Arbitraries.chars().all().filter(c -> !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
                        || c >= '0' && c <= '9' || c == '_' || c == '$' || Character.isSurrogate(c)))));
        Arbitrary<String> part = Arbitraries.strings().alpha().numeric().withChars('_').ofMaxLength(20);
        Arbitrary<String> last = Arbitraries.strings().alpha().numeric().withChars('_').ofMinLength(1).ofMaxLength(20);
        return Combinators.combine(Arbitraries.chars().range('a', 'z'), part, bad, last)
                .as((f, a, c, b) -> f + a + c + b);
    }

    private static Character[] chars(String text) {
        return text.chars().mapToObj(c -> (char) c).toArray(Character[]::new);
    }

    @Property
    void anyQuotedNameNormalisesBackToItself(@ForAll("anyName") String name) {
        classify("name", name);
        assertThat(Identifiers.normalize(sqlQuoted(name), "column")).isEqualTo(name);
        assertThat(Identifiers.quote(name)).isEqualTo(sqlQuoted(name));
        requireEveryKind("name");
    }

    @Property
    void anyQuotedNameSurvivesSurroundingWhitespace(@ForAll("anyName") String name) {
        assertThat(Identifiers.normalize("  " + sqlQuoted(name) + "\t", "column")).isEqualTo(name);
    }

    @Property
    void unquotedValidNamesFoldToLowerCase(@ForAll("unquotedName") String name) {
        String folded = name.toLowerCase(Locale.ROOT);
        assertThat(Identifiers.normalize(name, "table")).isEqualTo(folded);
        assertThat(Identifiers.column(name)).isEqualTo('"' + folded + '"');
    }

    @Property
    void namesWithCharactersOutsideTheRulesAreRefusedUnlessQuoted(@ForAll("nameWithABadCharacter") String name) {
        for (char c : BAD_IN_UNQUOTED.toCharArray()) {
            Statistics.label("bad name holds " + c).collect(name.indexOf(c) >= 0);
        }
        assertThatThrownBy(() -> Identifiers.normalize(name, "column"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid column name '" + name + "': use letters, digits and _ (or double-quote the name)");
        Assume.that(fits(name));
        assertThat(Identifiers.normalize(sqlQuoted(name), "column")).isEqualTo(name);
        for (char c : BAD_IN_UNQUOTED.toCharArray()) {
            Statistics.label("bad name holds " + c).coverage(coverage -> coverage.check(true).percentage(p -> p >= 0.5));
        }
    }

    @Property
    void namesStartingWithADigitAreRefusedUnquoted(@ForAll("unquotedName") String name,
            @ForAll("digit") char digit) {
        String withDigit = (digit + name).substring(0, Math.min(name.length() + 1, Identifiers.MAX_LENGTH));
        assertThatThrownBy(() -> Identifiers.normalize(withDigit, "column"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("use letters, digits and _");
        assertThat(Identifiers.normalize("\"" + withDigit + "\"", "column")).isEqualTo(withDigit);
    }

    @Provide
    Arbitrary<Character> digit() {
        return Arbitraries.chars().range('0', '9');
    }

    @Property
    void aNameHoldingNulIsRefused(@ForAll("anyName") String before, @ForAll("anyName") String after) {
        String withNul = (before + "\0" + after).substring(0, Math.min(before.length() + 1 + after.length(), 40));
        assertThatThrownBy(() -> Identifiers.normalize(sqlQuoted(withNul), "column"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith("it is empty or holds a NUL character");
        assertThatThrownBy(() -> Identifiers.stored(withNul, "column"))
                .hasMessageEndingWith("it is empty or holds a NUL character");
    }

    @Property
    void quotedNamesLongerThanTheLimitAreRefused(@ForAll("anyName") String name) {
        String longName = name + "x".repeat(Identifiers.MAX_LENGTH);
        int bytes = longName.getBytes(StandardCharsets.UTF_8).length;
        assertThatThrownBy(() -> Identifiers.normalize(sqlQuoted(longName), "column"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith("it is longer than 63 bytes (" + bytes + "); PostgreSQL would silently truncate it");
    }

    @Property
    void quotedSchemaAndTableRoundTripEvenWithDotsInside(@ForAll("anyName") String schema,
            @ForAll("anyName") String table) {
        classify("schema", schema);
        classify("table", table);
        String qualified = sqlQuoted(schema) + "." + sqlQuoted(table);
        assertThat(Identifiers.tableParts(qualified)).containsExactly(schema, table);
        assertThat(Identifiers.table(qualified)).isEqualTo(qualified);
        assertThat(Identifiers.tableParts(sqlQuoted(table))).containsExactly(table);
        requireEveryKind("schema");
        requireEveryKind("table");
    }

    @Example
    void anEmptyQuotedNameIsRefused() {
        assertThatThrownBy(() -> Identifiers.normalize("\"\"", "column"))
                .hasMessage("Invalid column name '\"\"': it is empty or holds a NUL character");
        assertThatThrownBy(() -> Identifiers.normalize("  ", "column")).hasMessage("Invalid column name '  ': it is empty");
        assertThatThrownBy(() -> Identifiers.stored("", "table")).hasMessage("Invalid table name '': it is empty or holds a NUL character");
    }

    @Property
    void anEmptyPartOfAQualifiedNameIsRefused(@ForAll("anyName") String name) {
        String quoted = sqlQuoted(name);
        for (String qualified : List.of(quoted + ".", "." + quoted, quoted + "..x", "\"\"." + quoted)) {
            assertThatThrownBy(() -> Identifiers.table(qualified)).as(qualified)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("Invalid table name ");
        }
    }

    @Property
    void aQuotedColumnInAnyOrderByTermIsRenderedQuoted(@ForAll("anyName") String column,
            @ForAll("direction") String direction, @ForAll("direction") String second) {
        classify("column", column);
        String rendered = Identifiers.orderBy(sqlQuoted(column) + " " + direction + ", " + sqlQuoted(column) + " " + second);
        assertThat(rendered).isEqualTo(" ORDER BY " + sqlQuoted(column) + rendered(direction)
                + ", " + sqlQuoted(column) + rendered(second));
        requireEveryKind("column");
    }

    private static String rendered(String direction) {
        return switch (direction) {
            case "" -> "";
            case "asc" -> " ASC";
            case "desc" -> " DESC";
            case "DESC  nulls first" -> " DESC NULLS FIRST";
            case "asc nulls\tlast" -> " ASC NULLS LAST";
            case "nulls first" -> " NULLS FIRST";
            default -> throw new IllegalArgumentException(direction);
        };
    }

    @Provide
    Arbitrary<String> direction() {
        return Arbitraries.of("", "asc", "desc", "DESC  nulls first", "asc nulls\tlast", "nulls first");
    }

    @Property
    void aSelectListOfQuotedNamesKeepsEveryNameInOrder(@ForAll("columns") List<String> columns) {
        columns.forEach(column -> classify("column", column));
        String list = String.join(" ,", columns.stream().map(IdentifierPropertiesTest::sqlQuoted).toList());
        StringBuilder expected = new StringBuilder();
        for (String column : columns) {
            expected.append(expected.isEmpty() ? "" : ", ").append(sqlQuoted(column));
        }
        assertThat(Identifiers.selectList(list)).isEqualTo(expected.toString());
        requireEveryKind("column");
    }

    @Provide
    Arbitrary<List<String>> columns() {
        return anyName().list().ofMinSize(1).ofMaxSize(5);
    }
}
