package dev.dbadapter.config.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code ${VAR}} and {@code ${VAR:-default}} expansion, one rule at a time. */
class EnvExpanderTest {
    private static final Map<String, String> ENV = Map.of(
            "DB", "shop", "db", "lower", "Db_2", "mixed", "_x9", "underscore", "EMPTY", "", "REF", "${DB}");

    private static String expand(String value) {
        return EnvExpander.expand(value, ENV);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            ${DB}                  | shop
            ${db}                  | lower
            ${Db_2}                | mixed
            ${_x9}                 | underscore
            a${DB}b${db}c          | ashopblowerc
            ${DB}${DB}             | shopshop
            ${EMPTY}               | ''
            [${EMPTY}]             | []
            ${EMPTY:-fallback}     | fallback
            ${EMPTY:-}             | ''
            ${UNSET:-fallback}     | fallback
            ${UNSET:-}x            | x
            ${DB:-unused}          | shop
            ${UNSET:-${db}}        | lower
            ${UNSET:-${NOPE:-deep}}! | deep!
            ${UNSET:-a}b}          | ab}
            ${REF}                 | ${DB}
            """)
    void referencesAreReplacedAndNamesKeepTheirCase(String value, String expected) {
        assertThat(expand(value)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "plain", "$DB", "$", "$$", "${", "${}", "${ DB}", "${1DB}", "${-x}", "${DB-x}",
            "a${DB x}", "${DB:x}", "cost: $5"})
    void textThatIsNotAReferenceIsKept(String value) {
        assertThat(expand(value)).isEqualTo(value);
    }

    @Test
    void aDigitMayFollowTheFirstCharacterOfAName() {
        assertThat(EnvExpander.expand("${A1}", Map.of("A1", "one", "A", "wrong"))).isEqualTo("one");
    }

    @Test
    void namesAreLettersDigitsAndUnderscoreUpToTheEdgesOfEachRange() {
        Map<String, String> env = Map.of("AZ", "1", "az", "2", "_09", "3", "Za9", "4");
        assertThat(EnvExpander.expand("${AZ}${az}${_09}${Za9}", env)).isEqualTo("1234");
        // the characters just outside A-Z, a-z and 0-9 end a name, so none of these is a reference
        for (String kept : new String[] {"${A@}", "${Z[}", "${a`}", "${z{}", "${a/}", "${a9:}", "${@}", "${[}"}) {
            assertThat(EnvExpander.expand(kept, env)).as(kept).isEqualTo(kept);
        }
    }

    @Test
    void anUnsetVariableWithoutADefaultIsAnErrorNamingIt() {
        assertThatThrownBy(() -> expand("x${UNSET}y"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("environment variable UNSET is not set (write ${UNSET:-default} for a fallback)");
    }

    @Test
    void anUnusedDefaultIsNotExpanded() {
        assertThat(expand("${DB:-${UNSET}}")).isEqualTo("shop");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            ${DB           | DB
            x${db          | db
            ${DB:-x        | DB
            ${DB:-${A}     | DB
            ${A:-${B:-c}   | A
            ok ${DB} ${T   | T
            """)
    void aReferenceTheValueEndsBeforeClosingIsAnError(String value, String name) {
        assertThatThrownBy(() -> expand(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the reference to " + name + " is not closed: write ${" + name + "} or ${" + name + ":-default}");
    }

    @Test
    void theUnclosedErrorDoesNotShowTheDefault() {
        assertThatThrownBy(() -> expand("${PW:-hunter2")).hasMessageNotContaining("hunter2");
    }
}
