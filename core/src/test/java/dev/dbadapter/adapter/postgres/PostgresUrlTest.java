package dev.dbadapter.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Conversion of every accepted URL form to pgjdbc's, and masking of passwords. */
class PostgresUrlTest {

    @Test
    void aPlainUrlBecomesJdbcWithUserAndPasswordOutside() {
        PostgresUrl url = PostgresUrl.parse("postgresql://app:pw@db.example.com:6543/shop");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.com:6543/shop?prepareThreshold=0");
        assertThat(url.user()).isEqualTo("app");
        assertThat(url.password()).isEqualTo("pw");
    }

    @Test
    void aPercentEncodedPasswordIsDecoded() {
        PostgresUrl url = PostgresUrl.parse("postgresql://app:p%40ss%3Aw%2Frd%25+x@host/db");

        assertThat(url.password()).isEqualTo("p@ss:w/rd%+x");
        assertThat(url.user()).isEqualTo("app");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://host:5432/db");
    }

    @Test
    void aPercentEncodedUserAndDatabaseAreDecoded() {
        PostgresUrl url = PostgresUrl.parse("postgresql://me%40corp@host/my%20db");

        assertThat(url.user()).isEqualTo("me@corp");
        assertThat(url.password()).isNull();
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://host:5432/my%20db");
    }

    @Test
    void ipv6HostsKeepTheirBrackets() {
        assertThat(PostgresUrl.parse("postgresql://u@[::1]:5433/db").jdbcUrl())
                .isEqualTo("jdbc:postgresql://[::1]:5433/db");
        assertThat(PostgresUrl.parse("postgresql://u@[2001:db8::7]/db").jdbcUrl())
                .isEqualTo("jdbc:postgresql://[2001:db8::7]:5432/db");
    }

    @Test
    void severalHostsEachGetAPort() {
        assertThat(PostgresUrl.parse("postgresql://u:p@primary:5432,standby,[::1]:6000/db").jdbcUrl())
                .isEqualTo("jdbc:postgresql://primary:5432,standby:5432,[::1]:6000/db");
    }

    @Test
    void aMissingPortIsTheDefault() {
        assertThat(PostgresUrl.parse("postgresql://u@host/db").jdbcUrl()).isEqualTo("jdbc:postgresql://host:5432/db");
        assertThat(PostgresUrl.parse("postgresql://u@host:/db").jdbcUrl()).isEqualTo("jdbc:postgresql://host:5432/db");
    }

    @Test
    void aMissingDatabaseIsLeftToTheServerDefault() {
        PostgresUrl url = PostgresUrl.parse("postgresql://u@host:5432");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://host:5432/");
        assertThat(PostgresUrl.parse("postgresql://u@host:5432/").jdbcUrl()).isEqualTo("jdbc:postgresql://host:5432/");
    }

    @Test
    void aMissingHostIsLocalhost() {
        assertThat(PostgresUrl.parse("postgresql:///db").jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5432/db");
        assertThat(PostgresUrl.parse("postgresql://?host=dbhost&port=5999&dbname=x").jdbcUrl())
                .isEqualTo("jdbc:postgresql://dbhost:5999/x");
    }

    @Test
    void sslSettingsPassThrough() {
        PostgresUrl url = PostgresUrl.parse(
                "postgresql://u@host/db?sslmode=verify-full&sslrootcert=/etc/ssl/root.crt&sslcert=a.crt");

        assertThat(url.jdbcUrl()).isEqualTo(
                "jdbc:postgresql://host:5432/db?sslmode=verify-full&sslrootcert=%2Fetc%2Fssl%2Froot.crt&sslcert=a.crt");
    }

    @Test
    void libpqParameterNamesAreTranslated() {
        PostgresUrl url = PostgresUrl.parse("postgresql://u@host/db?application_name=my%20app&connect_timeout=7"
                + "&target_session_attrs=read-write&options=-c%20search_path%3Dshop");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://host:5432/db?ApplicationName=my%20app"
                + "&connectTimeout=7&targetServerType=primary&options=-c%20search_path%3Dshop");
    }

    @ParameterizedTest
    @CsvSource({"any,any", "read-write,primary", "primary,primary", "read-only,secondary", "standby,secondary",
            "prefer-standby,preferSecondary"})
    void targetSessionAttrsMapToTargetServerType(String libpq, String jdbc) {
        assertThat(PostgresUrl.parse("postgresql://h/db?target_session_attrs=" + libpq).jdbcUrl())
                .endsWith("?targetServerType=" + jdbc);
    }

    @Test
    void userAndPasswordQueryParametersAreTakenOut() {
        PostgresUrl url = PostgresUrl.parse("postgresql://host/db?user=qu&password=q%26p&sslmode=require");

        assertThat(url.user()).isEqualTo("qu");
        assertThat(url.password()).isEqualTo("q&p");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://host:5432/db?sslmode=require");
    }

    @Test
    void asyncpgAndPostgresSchemesAreAccepted() {
        assertThat(PostgresUrl.parse("postgresql+asyncpg://u:p@h:5432/db?ssl=require"))
                .isEqualTo(new PostgresUrl("jdbc:postgresql://h:5432/db?sslmode=require", "u", "p"));
        assertThat(PostgresUrl.parse("postgres://u:p@h/db"))
                .isEqualTo(new PostgresUrl("jdbc:postgresql://h:5432/db", "u", "p"));
        assertThat(PostgresUrl.parse("POSTGRESQL://u@h/db").jdbcUrl()).isEqualTo("jdbc:postgresql://h:5432/db");
    }

    @Test
    void asyncpgOnlyParametersAreDropped() {
        assertThat(PostgresUrl.parse("postgresql+asyncpg://h/db?prepared_statement_cache_size=0&command_timeout=5")
                .jdbcUrl()).isEqualTo("jdbc:postgresql://h:5432/db");
    }

    @Test
    void jdbcUrlsPassThroughWithCredentialsTakenOut() {
        PostgresUrl url = PostgresUrl.parse("jdbc:postgresql://h1:5432,h2:5433/db?user=app&ssl=true&password=pw&loginTimeout=3");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://h1:5432,h2:5433/db?ssl=true&loginTimeout=3");
        assertThat(url.user()).isEqualTo("app");
        assertThat(url.password()).isEqualTo("pw");
        assertThat(PostgresUrl.parse("jdbc:postgresql://h/db")).isEqualTo(new PostgresUrl("jdbc:postgresql://h/db", null, null));
        assertThat(PostgresUrl.parse("jdbc:postgresql://h/db?password=p%40ss").password()).isEqualTo("p@ss");
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql://u:secret@host:abc/db", "postgresql://u:secret@host:99999/db",
            "postgresql://u:secret@host:-1/db", "postgresql://u:secret@[::1:5432/db"})
    void aBadPortOrHostIsRefusedWithTheUrlMasked(String bad) {
        assertThatThrownBy(() -> PostgresUrl.parse(bad)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("database URL").hasMessageContaining("***").hasMessageNotContaining("secret");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mysql://u:secret@host/db", "http://u:secret@host/db", "host:5432/db?password=secret",
            "jdbc:mysql://host/db?password=secret", "postgresql:/u:secret@host/db"})
    void anUnsupportedSchemeIsRefusedWithTheUrlMasked(String bad) {
        assertThatThrownBy(() -> PostgresUrl.parse(bad)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unsupported database URL").hasMessageNotContaining("secret");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void anEmptyUrlIsRefused(String empty) {
        assertThatThrownBy(() -> PostgresUrl.parse(empty)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> PostgresUrl.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "postgresql://u:secret@h:5432/db|postgresql://u:***@h:5432/db",
            "postgres://u:secret@h/db|postgres://u:***@h/db",
            "postgresql+asyncpg://u:secret@h/db?ssl=true|postgresql+asyncpg://u:***@h/db?ssl=true",
            "postgresql://u:p%40secret@h/db|postgresql://u:***@h/db",
            "postgresql://u:se@cr@et@h/db|postgresql://u:***@h/db",
            "postgresql://u:sec/ret@h/db|postgresql://u:***@h/db",
            "postgresql://u:sec?ret@h/db|postgresql://u:***@h/db",
            "postgresql://u:@h/db|postgresql://u:***@h/db",
            "postgresql://h/db?user=u&password=secret&sslmode=require|postgresql://h/db?user=u&password=***&sslmode=require",
            "jdbc:postgresql://h/db?user=u&password=secret|jdbc:postgresql://h/db?user=u&password=***",
            "jdbc:postgresql://h/db?PASSWORD=secret&ssl=true|jdbc:postgresql://h/db?PASSWORD=***&ssl=true",
            "jdbc:postgresql://u:secret@h/db|jdbc:postgresql://u:***@h/db",
            "mysql://u:secret@h/db|mysql://u:***@h/db",
            "postgresql://u@h/db|postgresql://u@h/db",
            "postgresql://h:5432/db?application_name=a@b|postgresql://h:5432/db?application_name=a@b",
            "postgresql://u@[::1]:5432/db|postgresql://u@[::1]:5432/db",
            "postgresql://postgres:p@ss:/?#[]%SECRET@host/db|postgresql://postgres:***@host/db",
            "postgresql://postgres:p@ss:/?#[]%SECRET@host|postgresql://postgres:***@host",
            "postgresql://u:123?x@host/db|postgresql://u:***@host/db",
            "postgresql://u:2024/x@host/db|postgresql://u:***@host/db",
            "postgresql://u:a#b@host/db|postgresql://u:***@host/db",
            "postgresql://u:p@ss@host/db?application_name=a@b|postgresql://u:***@b",
            "postgresql://u@h:5432/db?application_name=a@b|postgresql://u@h:5432/db?application_name=a@b"})
    void maskHidesThePasswordInEveryForm(String url, String masked) {
        assertThat(PostgresUrl.mask(url)).isEqualTo(masked);
    }

    @Test
    void maskOfNullIsNull() {
        assertThat(PostgresUrl.mask(null)).isNull();
    }

    @Test
    void toStringAndDisplayNeverShowThePassword() {
        PostgresUrl url = PostgresUrl.parse("postgresql://app:s3cr3t!@host/db?sslmode=require");

        assertThat(url.toString()).doesNotContain("s3cr3t!").contains("password=***").contains("user=app");
        assertThat(url.display()).isEqualTo("jdbc:postgresql://host:5432/db?sslmode=require&user=app");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "postgresql://postgres:p@ss:/?#[]%SECRET@host/db",
            "postgresql://u:p/SECRET@host/db",
            "postgresql://u:123?SECRET@host/db",
            "postgresql://u:pa#SECRET@host/db",
            "postgresql://u:ab%SECRET@host/db",
            "postgresql://u:SECRET/x@host:5432/db"})
    void aPasswordWithUnencodedReservedCharactersIsRefusedWithoutShowingAnyOfIt(String url) {
        assertThatThrownBy(() -> PostgresUrl.parse(url)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("percent-encoded").hasMessageContaining("db_password")
                .hasMessageNotContaining("SECRET").hasMessageNotContaining("ss:").hasMessageNotContaining("SE");
    }

    @Test
    void anEncodedPasswordWithEveryReservedCharacterIsRead() {
        PostgresUrl url = PostgresUrl.parse("postgresql://postgres:p%40ss%3A%2F%3F%23%5B%5D%25SECRET@host/db");
        assertThat(url.password()).isEqualTo("p@ss:/?#[]%SECRET");
        assertThat(url.user()).isEqualTo("postgres");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://host:5432/db");
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql://:secret@h/db", "postgresql://:secret@h/db?user=", "postgres://:secret@h",
            "jdbc:postgresql://h/db?user=&password=secret", "jdbc:postgresql://:secret@h/db",
            "postgresql://h/db?PASSWORD=secret", "jdbc:postgresql://h/db?Password=secret&ssl=true"})
    void aPasswordWithoutAUserIsNeverShown(String text) {
        PostgresUrl url = PostgresUrl.parse(text);

        assertThat(url.user()).isNull();
        assertThat(url.password()).isEqualTo("secret");
        assertThat(url.jdbcUrl()).doesNotContain("secret").doesNotContainIgnoringCase("password");
        assertThat(url.display()).isEqualTo(url.jdbcUrl());
        assertThat(url.toString()).isEqualTo("PostgresUrl[" + url.jdbcUrl() + ", password=***]");
    }

    @Test
    void userInfoInAJdbcUrlIsTakenOutLikeInTheOtherForms() {
        assertThat(PostgresUrl.parse("jdbc:postgresql://app:p%40ss@h1:5432,h2/db?ssl=true"))
                .isEqualTo(new PostgresUrl("jdbc:postgresql://h1:5432,h2/db?ssl=true", "app", "p@ss"));
        assertThat(PostgresUrl.parse("jdbc:postgresql://app@h/db"))
                .isEqualTo(new PostgresUrl("jdbc:postgresql://h/db", "app", null));
        assertThat(PostgresUrl.parse("jdbc:postgresql://app:pw@h/db?user=other"))
                .isEqualTo(new PostgresUrl("jdbc:postgresql://h/db", "other", "pw"));
        assertThat(PostgresUrl.parse("jdbc:postgresql:db?USER=app&&x=1"))
                .isEqualTo(new PostgresUrl("jdbc:postgresql:db?x=1", "app", null));
        assertThat(PostgresUrl.parse("  JDBC:PostgreSQL://h/db?flag  ").jdbcUrl()).isEqualTo("JDBC:PostgreSQL://h/db?flag");
    }

    @Test
    void aUserWithoutAPasswordIsShownAndNoPasswordIsClaimed() {
        PostgresUrl url = PostgresUrl.parse("postgresql://app@h/db");

        assertThat(url.password()).isNull();
        assertThat(url.toString()).isEqualTo("PostgresUrl[jdbc:postgresql://h:5432/db?user=app]");
        assertThat(PostgresUrl.parse("postgresql://app:@h/db").password()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            ssl=true          | sslmode=require
            ssl=TRUE          | sslmode=require
            ssl=require       | sslmode=require
            ssl=Require       | sslmode=require
            ssl=disable       | sslmode=disable
            ssl=Verify-Full   | sslmode=verify-full
            sslmode=prefer    | sslmode=prefer
            """)
    void asyncpgSslBecomesSslmode(String given, String expected) {
        assertThat(PostgresUrl.parse("postgresql+asyncpg://u@h/db?" + given).jdbcUrl())
                .isEqualTo("jdbc:postgresql://h:5432/db?" + expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            postgresql://u:pw@h/db#section             | jdbc:postgresql://h:5432/db
            postgresql://u:pw@h/db?sslmode=require#x   | jdbc:postgresql://h:5432/db?sslmode=require
            postgresql://u:pw@h:6000#x?port=1          | jdbc:postgresql://h:6000/
            postgresql://h/db#                         | jdbc:postgresql://h:5432/db
            """)
    void aFragmentIsDropped(String given, String jdbc) {
        assertThat(PostgresUrl.parse(given).jdbcUrl()).isEqualTo(jdbc);
    }

    @Test
    void anAtAfterAFragmentIsRefusedWithoutShowingTheUrl() {
        assertThatThrownBy(() -> PostgresUrl.parse("postgresql://u:pa#SECRET@host/db"))
                .hasMessageStartingWith("Cannot read the database URL (postgresql://...): an '@' follows a '#'")
                .hasMessageNotContaining("SECRET");
        assertThatThrownBy(() -> PostgresUrl.parse("postgresql://u:pa/SECRET@host/db"))
                .hasMessageStartingWith("Cannot read the database URL (postgresql://...): an '@' follows the '/'");
        // the JDBC form alike, and the mask hides what could be a password there
        assertThatThrownBy(() -> PostgresUrl.parse("jdbc:postgresql://u:pa#SECRET@host/db"))
                .hasMessageStartingWith("Cannot read the database URL (jdbc:postgresql://...): an '@' follows a '#'")
                .hasMessageNotContaining("SECRET");
        assertThat(PostgresUrl.mask("jdbc:postgresql://@:aaa#@")).doesNotContain("aaa");
        assertThat(PostgresUrl.mask("postgresql://u@host:5432/db#pa:SECRET@x")).doesNotContain("SECRET");
    }

    @Test
    void aJdbcUrlWithAnAtAfterItsPathIsRefusedAsTheOtherFormIsNotReadAsAUserWithNoHost() {
        assertThatThrownBy(() -> PostgresUrl.parse("jdbc:postgresql://@:SECRET/@"))
                .hasMessageStartingWith("Cannot read the database URL (jdbc:postgresql://...): an '@' follows the '/'")
                .hasMessageNotContaining("SECRET");
        assertThatThrownBy(() -> PostgresUrl.parse("jdbc:postgresql://u:pa/SECRET@host/db"))
                .hasMessageStartingWith("Cannot read the database URL (jdbc:postgresql://...): an '@' follows the '/'")
                .hasMessageNotContaining("SECRET");
        assertThat(PostgresUrl.parse("jdbc:postgresql://u:p%2Fw@host/db?application_name=a@b"))
                .isEqualTo(new PostgresUrl("jdbc:postgresql://host/db?application_name=a@b", "u", "p/w"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            host=a,b&port=1,2          | a:1,b:2
            host=a,b,c&port=7          | a:7,b:7,c:7
            host=a,b,c&port=1,2        | a:1,b:2,c:2
            host=a, b &port=1, 2       | a:1,b:2
            host=a,b                   | a:5432,b:5432
            host=a,b&port=             | a:5432,b:5432
            port=6000                  | localhost:6000
            host=::1&port=5433         | [::1]:5433
            host=[::1],h2&port=1,2     | [::1]:1,h2:2
            host=a,&port=1,2           | a:1,localhost:2
            """)
    void hostAndPortListsInTheQueryPairUp(String query, String hosts) {
        assertThat(PostgresUrl.parse("postgresql:///db?" + query).jdbcUrl()).isEqualTo("jdbc:postgresql://" + hosts + "/db");
    }

    @Test
    void queryHostsDoNotReplaceHostsInTheAuthority() {
        assertThat(PostgresUrl.parse("postgresql://main:6000/db?host=other&port=1").jdbcUrl())
                .isEqualTo("jdbc:postgresql://main:6000/db");
    }

    @Test
    void aDbnameParameterReplacesThePathAndIsEncoded() {
        assertThat(PostgresUrl.parse("postgresql://h/ignored?dbname=my%20db&application_name=a+b").jdbcUrl())
                .isEqualTo("jdbc:postgresql://h:5432/my%20db?ApplicationName=a%2Bb");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            postgresql://h:65535/db  | jdbc:postgresql://h:65535/db
            postgresql://h:0/db      | jdbc:postgresql://h:0/db
            postgresql://[::1]/db    | jdbc:postgresql://[::1]:5432/db
            postgresql://[::1]:/db   | jdbc:postgresql://[::1]:5432/db
            postgresql://:7/db       | jdbc:postgresql://localhost:7/db
            """)
    void portsAtTheEdgesAreRead(String given, String jdbc) {
        assertThat(PostgresUrl.parse(given).jdbcUrl()).isEqualTo(jdbc);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            postgresql://u:pw@h:65536/db  | Bad port '65536' in database URL 'postgresql://u:***@h:65536/db'
            postgresql://u:pw@h:123456/db | Bad port '123456' in database URL 'postgresql://u:***@h:123456/db'
            postgresql://u:pw@h:5x/db     | Bad port '5x' in database URL 'postgresql://u:***@h:5x/db'
            postgresql://u:pw@[::1/db     | Bad IPv6 host in database URL 'postgresql://u:***@[::1/db'
            """)
    void aBadPortIsNamed(String given, String message) {
        assertThatThrownBy(() -> PostgresUrl.parse(given)).hasMessage(message);
    }

    @Test
    void aBadPortWithoutUserInfoMayBePartOfAPasswordAndIsNotShown() {
        assertThatThrownBy(() -> PostgresUrl.parse("postgresql://h:SECRET/db"))
                .hasMessageStartingWith("Cannot read the database URL (postgresql://...): a port is not a number")
                .hasMessageNotContaining("SECRET");
    }

    @Test
    void aBadEscapeOrParameterNameIsRefusedWithoutShowingTheUrl() {
        assertThatThrownBy(() -> PostgresUrl.parse("postgresql://u:%zzSECRET@h/db"))
                .hasMessageStartingWith("Cannot read the database URL (postgresql://...): a '%' is not followed by two hex digits")
                .hasMessageNotContaining("SECRET");
        assertThatThrownBy(() -> PostgresUrl.parse("postgresql://h/db?a b=1"))
                .hasMessageStartingWith("Cannot read the database URL (postgresql://...): a query parameter name holds");
        assertThatThrownBy(() -> PostgresUrl.parse("ftp://h/db"))
                .hasMessage("Unsupported database URL 'ftp://h/db': expected postgresql://, postgres://, postgresql+asyncpg://"
                        + " or jdbc:postgresql://");
    }

    @Test
    void emptyQueryPairsAndValuelessParametersAreKept() {
        assertThat(PostgresUrl.parse("postgresql://h/db?&&tcpKeepAlive&x=1&").jdbcUrl())
                .isEqualTo("jdbc:postgresql://h:5432/db?tcpKeepAlive=&x=1");
    }

    @Test
    void anEmptyUserInfoOrAuthorityIsRead() {
        assertThat(PostgresUrl.parse("postgresql://@h/db")).isEqualTo(new PostgresUrl("jdbc:postgresql://h:5432/db", null, null));
        assertThat(PostgresUrl.parse("postgresql://#x").jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5432/");
        assertThatThrownBy(() -> PostgresUrl.parse("postgresql://@h:x/db"))
                .hasMessage("Bad port 'x' in database URL 'postgresql://@h:x/db'");
        assertThatThrownBy(() -> PostgresUrl.parse("postgresql:///u@h"))
                .hasMessageStartingWith("Cannot read the database URL (postgresql://...): an '@' follows the '/'");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            postgresql://u:secret@h           | postgresql://u:***@h
            postgresql://aaaa:aaaa@           | postgresql://aaaa:***@
            postgresql:/u:secret@host/db      | postgresql:/u:***@host/db
            ://u:secret@h                     | ://u:***@h
            :secret@h                         | :***@h
            u:secret@h:5432                   | u:***@h:5432
            postgresql://@:secret@h           | postgresql://@:***@h
            postgresql://a@b:secret@h:5432/db | postgresql://a@b:***@h:5432/db
            postgresql://u@h:5432/db          | postgresql://u@h:5432/db
            """)
    void maskHidesThePasswordOfUnusualShapesToo(String url, String masked) {
        assertThat(PostgresUrl.mask(url)).isEqualTo(masked);
    }
}
