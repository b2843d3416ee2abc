package dev.dbadapter.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.IntRange;

/** Properties of {@link PostgresUrl} over generated users, passwords, hosts and databases. */
class PostgresUrlPropertiesTest {

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Characters with a meaning in a URL, which a user, password or database name may still hold. */
    private static final String RESERVED = "@:/?#[]%+&=;, .\"'$";

    @Provide
    Arbitrary<String> text() {
        Arbitrary<String> reserved = Arbitraries.strings().alpha().numeric().withChars(RESERVED).ofMinLength(1).ofMaxLength(24);
        Arbitrary<String> any = Arbitraries.strings().all().ofMinLength(1).ofMaxLength(24)
                .filter(s -> s.codePoints().noneMatch(c -> Character.isSurrogate((char) c) && c < 0x10000));
        return Arbitraries.frequencyOf(Tuple.of(3, reserved), Tuple.of(1, any));
    }

    @Provide
    Arbitrary<String> userOrNone() {
        return Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just("")), Tuple.of(3, text()));
    }

    /** Labels which reserved characters {@code text} holds; at the end, checks that each occurred. */
    private static void requireReserved(String label, String text) {
        for (char c : RESERVED.toCharArray()) {
            Statistics.label(label + " holds " + c).collect(text.indexOf(c) >= 0);
            Statistics.label(label + " holds " + c).coverage(coverage -> coverage.check(true).percentage(p -> p >= 0.5));
        }
    }

    @Provide
    Arbitrary<String> host() {
        return Arbitraries.strings().withCharRange('a', 'z').numeric().withChars('-', '.').ofMinLength(1)
                .ofMaxLength(20).map(s -> "h" + s);
    }

    @Property
    void aPercentEncodedLibpqUrlParsesBackToItsParts(@ForAll("text") String user, @ForAll("text") String password,
            @ForAll("host") String host, @IntRange(min = 1, max = 65535) @ForAll int port,
            @ForAll("text") String database) {
        requireReserved("password", password);
        requireReserved("database", database);
        String url = "postgresql://" + encode(user) + ":" + encode(password) + "@" + host + ":" + port + "/"
                + encode(database);
        PostgresUrl parsed = PostgresUrl.parse(url);
        assertThat(parsed.user()).isEqualTo(user);
        assertThat(parsed.password()).isEqualTo(password);
        String prefix = "jdbc:postgresql://" + host + ":" + port + "/";
        assertThat(parsed.jdbcUrl()).startsWith(prefix);
        assertThat(URLDecoder.decode(parsed.jdbcUrl().substring(prefix.length()), StandardCharsets.UTF_8))
                .isEqualTo(database);
    }

    @Property
    void theUserAndPasswordAsQueryParametersParseTheSameWay(@ForAll("text") String user,
            @ForAll("text") String password, @ForAll("host") String host) {
        PostgresUrl parsed = PostgresUrl.parse("postgres://" + host + "/db?user=" + encode(user)
                + "&password=" + encode(password) + "&sslmode=require");
        assertThat(parsed.user()).isEqualTo(user);
        assertThat(parsed.password()).isEqualTo(password);
        assertThat(parsed.jdbcUrl()).isEqualTo("jdbc:postgresql://" + host + ":5432/db?sslmode=require");
    }

    @Property
    void aJdbcUrlGivesBackItsEncodedUserAndPassword(@ForAll("text") String user, @ForAll("text") String password,
            @ForAll("host") String host) {
        PostgresUrl parsed = PostgresUrl.parse("jdbc:postgresql://" + host + "/db?user=" + encode(user)
                + "&password=" + encode(password) + "&ssl=true");
        assertThat(parsed.user()).isEqualTo(user);
        assertThat(parsed.password()).isEqualTo(password);
        assertThat(parsed.jdbcUrl()).isEqualTo("jdbc:postgresql://" + host + "/db?ssl=true");
    }

    @Property
    void maskReplacesExactlyThePassword(@ForAll("text") String user, @ForAll("text") String password,
            @ForAll("host") String host, @ForAll("text") String database) {
        String tail = "@" + host + ":5432/" + encode(database) + "?sslmode=require";
        String url = "postgresql://" + encode(user) + ":" + encode(password) + tail;
        assertThat(PostgresUrl.mask(url)).isEqualTo("postgresql://" + encode(user) + ":***" + tail);
    }

    @Property
    void maskHidesAPasswordGivenAsAQueryParameterInEveryForm(@ForAll("text") String password,
            @ForAll("host") String host, @ForAll("scheme") String scheme) {
        String url = scheme + host + "/db?user=u&password=" + encode(password) + "&sslmode=require";
        assertThat(PostgresUrl.mask(url)).isEqualTo(scheme + host + "/db?user=u&password=***&sslmode=require");
    }

    @Provide
    Arbitrary<String> scheme() {
        return Arbitraries.of("postgresql://", "postgres://", "postgresql+asyncpg://", "jdbc:postgresql://");
    }

    @Property
    void theParsedUrlNeverShowsThePassword(@ForAll("userOrNone") String user, @ForAll("text") String password,
            @ForAll("host") String host, @ForAll("credentialForm") String form) {
        String secret = "S3cr" + password;
        Assume.that(!(user + host).contains(secret));
        Statistics.label("form").collect(form);
        Statistics.label("user").collect(user.isEmpty() ? "none" : "some");
        Statistics.label("user").coverage(coverage -> coverage.check("none").percentage(p -> p >= 10));
        String url = switch (form) {
            case "user info" -> "postgresql://" + encode(user) + ":" + encode(secret) + "@" + host + "/db";
            case "query" -> "postgresql://" + host + "/db?user=" + encode(user) + "&password=" + encode(secret);
            case "jdbc user info" -> "jdbc:postgresql://" + encode(user) + ":" + encode(secret) + "@" + host + "/db";
            case "jdbc query" -> "jdbc:postgresql://" + host + "/db?user=" + encode(user) + "&password=" + encode(secret);
            default -> throw new IllegalArgumentException(form);
        };
        PostgresUrl parsed = PostgresUrl.parse(url);
        assertThat(parsed.password()).isEqualTo(secret);
        assertThat(parsed.user()).isEqualTo(user.isEmpty() ? null : user);
        assertThat(parsed.toString()).doesNotContain(secret).doesNotContain(encode(secret));
        assertThat(parsed.display()).doesNotContain(secret).doesNotContain(encode(secret));
        assertThat(parsed.jdbcUrl()).doesNotContain(secret).doesNotContain(encode(secret));
    }

    @Provide
    Arbitrary<String> credentialForm() {
        return Arbitraries.of("user info", "query", "jdbc user info", "jdbc query");
    }
}
