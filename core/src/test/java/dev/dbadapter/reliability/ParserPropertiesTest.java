package dev.dbadapter.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbadapter.adapter.postgres.PostgresUrl;
import dev.dbadapter.config.ConfigException;
import dev.dbadapter.config.DatabaseConfig;
import dev.dbadapter.internal.Identifiers;
import dev.dbadapter.testing.ReliabilityFigures;
import java.nio.file.Path;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;

/**
 * Arbitrary text into the URL converter, the identifier rules and the TOML reader: each gives a
 * correct result or its own clear error, never another exception, never a hang.
 */
@Tag("reliability")
class ParserPropertiesTest {

    @Provide
    Arbitrary<String> hostileText() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(200),
                Arbitraries.strings().withChars("\"';:/@?#[]%=&.,\\ \t\n$-*()").ofMaxLength(80),
                Arbitraries.strings().withChars("ab\"_ é名").ofMaxLength(100));
    }

    @Provide
    Arbitrary<String> urlLike() {
        Arbitrary<String> part = Arbitraries.strings().withChars("ab:@/?#[]%=&.1 \"'").ofMaxLength(20);
        return Combinators.combine(Arbitraries.of("postgresql://", "postgres://", "postgresql+asyncpg://",
                "jdbc:postgresql://", "http://", ""), part.list().ofMaxSize(6))
                .as((scheme, parts) -> scheme + String.join("", parts));
    }

    @Property(tries = 300)
    void theUrlConverterParsesOrRefusesClearlyAndMaskNeverFails(@ForAll("urlLike") String url) {
        ReliabilityFigures.badInput();
        assertThat(PostgresUrl.mask(url)).isNotNull();
        try {
            PostgresUrl parsed = PostgresUrl.parse(url);
            assertThat(parsed.jdbcUrl()).startsWith("jdbc:postgresql://");
            if (parsed.password() != null && parsed.password().length() > 3) {
                // the user or host may hold the same text ("u:host@host"): the password's own place must be masked
                int shown = occurrences(PostgresUrl.mask(url), parsed.password());
                assertThat(shown == 0 || shown < occurrences(url, parsed.password()))
                        .as("the mask of %s shows the password %s", url, parsed.password()).isTrue();
            }
        } catch (IllegalArgumentException refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
    }

    private static int occurrences(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }

    @Property(tries = 500)
    void anyNameIsEitherOneQuotedIdentifierOrRefused(@ForAll("hostileText") String name) {
        ReliabilityFigures.badInput();
        try {
            String quoted = Identifiers.column(name);
            assertThat(quoted).matches("\"([^\"]|\"\")+\"");
            assertThat(quoted.getBytes(java.nio.charset.StandardCharsets.UTF_8).length - 2).isLessThanOrEqualTo(
                    2 * Identifiers.MAX_LENGTH);
        } catch (IllegalArgumentException refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
    }

    @Property(tries = 500)
    void anyTableNameIsOneOrTwoQuotedIdentifiersOrRefused(@ForAll("hostileText") String name) {
        ReliabilityFigures.badInput();
        try {
            assertThat(Identifiers.table(name)).matches("\"([^\"]|\"\")+\"(\\.\"([^\"]|\"\")+\")?");
        } catch (IllegalArgumentException refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
    }

    @Property(tries = 300)
    void anyTomlTextLoadsOrFailsWithAConfigError(@ForAll("tomlLike") String toml) {
        ReliabilityFigures.badInput();
        try {
            DatabaseConfig.parse(Path.of("db.toml"), toml, Map.of("SET", "value"));
        } catch (ConfigException refused) {
            assertThat(refused.getMessage()).contains("db.toml");
        }
    }

    @Provide
    Arbitrary<String> tomlLike() {
        Arbitrary<String> line = Arbitraries.oneOf(
                Arbitraries.of("[profiles.a]", "[profiles]", "[schema]", "[sync]", "[defaults]", "[[profiles]]",
                        "url = \"postgresql://u:p@h/db\"", "url = 1", "url = [1, \"a\"]", "protected = \"yes\"",
                        "provider = \"oracle\"", "tables = \"a,b\"", "tables = [1]", "file = true",
                        "validate_on_connect = 3", "db_password = ${UNSET}", "url = \"${UNSET}\"", "url = \"${SET:-x}\"",
                        "a.b.c = 1", "url = '''", "\"quoted key\" = 1", "= 1", "x = 1e400", "x = 99999999999999999999999",
                        "x = {a = 1}", "[profiles.a.url]"),
                Arbitraries.strings().all().ofMaxLength(30));
        return line.list().ofMaxSize(12).map(lines -> String.join("\n", lines));
    }
}
