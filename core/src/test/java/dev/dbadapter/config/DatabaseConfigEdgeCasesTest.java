package dev.dbadapter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dbadapter.adapter.Provider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** db.toml beyond the plain layout: TOML syntax variants, every wrong type, expansion corners, odd files. */
class DatabaseConfigEdgeCasesTest {
    private static final Path FILE = Path.of("db.toml");

    private static DatabaseConfig parse(String toml) {
        return DatabaseConfig.parse(FILE, toml, Map.of());
    }

    private static DatabaseConfig parse(String toml, Map<String, String> env) {
        return DatabaseConfig.parse(FILE, toml, env);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', textBlock = """
            profiles.p.description   | 1          | a string                | number
            profiles.p.provider      | true       | a string                | boolean
            profiles.p.db_password   | [1, 2]     | a string                | array
            profiles.p.protected     | 1          | true or false           | number
            schema.file              | false      | a string                | boolean
            schema.validate_on_connect | "no"     | true or false           | string
            schema.column_defs       | {a = 1}    | a string                | object
            schema.backup_schema     | 2.5        | a string                | number
            defaults.user_id_env     | 7          | a string                | number
            sync.tables              | {a = "b"}  | an array of strings     | object
            """)
    void everyKeyWithTheWrongTypeIsAnErrorNamingKeyTypeAndLine(String key, String value, String expected,
            String actual) {
        int dot = key.lastIndexOf('.');
        String assignment = key.substring(dot + 1) + " = " + value + "\n";
        // a profile key on line 5 of its own table; any other key on line 6, below a table of its own
        String toml = key.startsWith("profiles.p.")
                ? "[profiles.p]\nurl = \"postgresql://h/db\"\n# comment\n\n" + assignment
                : "[profiles.p]\nurl = \"postgresql://h/db\"\n\n[" + key.substring(0, dot) + "]\n# comment\n" + assignment;
        int line = key.startsWith("profiles.p.") ? 5 : 6;
        assertThatThrownBy(() -> parse(toml))
                .isInstanceOf(ConfigException.class)
                .hasMessage("db.toml:" + line + ": " + key + " must be " + expected + ", not " + actual);
    }

    @Test
    void aTopLevelTableGivenAsAValueIsAnError() {
        assertThatThrownBy(() -> parse("schema = \"schema.sql\"\n")).hasMessage("db.toml:1: 'schema' must be a table");
        assertThatThrownBy(() -> parse("sync = [\"a\"]\n")).hasMessage("db.toml:1: 'sync' must be a table");
        assertThatThrownBy(() -> parse("defaults = 1\n")).hasMessage("db.toml:1: 'defaults' must be a table");
        assertThatThrownBy(() -> parse("[profiles]\nlocal = \"postgresql://h/db\"\n"))
                .hasMessage("db.toml:2: 'profiles.local' must be a table");
    }

    @Test
    void anArrayOfMixedTypesIsRefusedForSyncTables() {
        assertThatThrownBy(() -> parse("[sync]\n\ntables = [\"categories\", 1, true]\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("db.toml:3: sync.tables must be an array of strings, not array");
        assertThatThrownBy(() -> parse("[sync]\ntables = [[\"a\"], \"b\"]\n"))
                .hasMessageContaining("sync.tables must be an array of strings");
    }

    @Test
    void anEmptyTablesArrayMeansNoTables() {
        assertThat(parse("[sync]\ntables = []\n").sync().tables()).isEmpty();
        assertThat(parse("[sync]\ntables = [\n  \"a\",\n  \"b\",\n]\n").sync().tables()).containsExactly("a", "b");
    }

    @Test
    void quotedProfileNamesMayHoldSpacesAndDots() {
        DatabaseConfig config = parse("""
                [profiles."my prod"]
                url = "postgresql://prod/db"

                [profiles.'eu.west']
                url = "postgresql://eu/db"
                """);
        assertThat(config.profiles().keySet()).containsExactly("my prod", "eu.west");
        assertThat(config.profile("my prod").url()).isEqualTo("postgresql://prod/db");
        assertThat(config.profile("eu.west").name()).isEqualTo("eu.west");
    }

    @Test
    void aQuotedProfileWithoutUrlIsReportedAtItsHeader() {
        assertThatThrownBy(() -> parse("""
                [profiles.ok]
                url = "postgresql://h/db"

                [profiles."my prod"]
                description = "no url"
                """))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("db.toml:4: profile 'my prod' has no url");
    }

    @Test
    void inlineTablesAreProfilesToo() {
        DatabaseConfig config = parse("""
                [profiles]
                local = { url = "postgresql://h/local", description = "inline", protected = true }
                other = { url = "postgresql://h/other" }
                """);
        assertThat(config.profile("local").description()).isEqualTo("inline");
        assertThat(config.profile("local").isProtected()).isTrue();
        assertThat(config.profile("other").url()).isEqualTo("postgresql://h/other");
    }

    @Test
    void anInlineProfileWithAWrongTypeIsReportedOnItsLine() {
        assertThatThrownBy(() -> parse("""
                [profiles]
                local = { url = "postgresql://h/local" }
                bad = { url = "postgresql://h/bad", protected = "yes" }
                """))
                .hasMessage("db.toml:3: profiles.bad.protected must be true or false, not string");
    }

    @Test
    void dottedKeysAreTheSameAsTables() {
        DatabaseConfig config = parse("""
                profiles.local.url = "postgresql://h/db"
                profiles.local.description = "dotted"
                schema.file = "db/schema.sql"
                sync.tables = ["a"]
                defaults.user_id_env = "UID"
                """);
        assertThat(config.profile("local").description()).isEqualTo("dotted");
        assertThat(config.schema().file()).isEqualTo("db/schema.sql");
        assertThat(config.sync().tables()).containsExactly("a");
        assertThat(config.defaults().userIdEnv()).isEqualTo("UID");
    }

    @Test
    void aDottedKeyWithAWrongTypeIsReportedOnItsLine() {
        assertThatThrownBy(() -> parse("""
                profiles.local.url = "postgresql://h/db"
                schema.validate_on_connect = "maybe"
                """))
                .hasMessage("db.toml:2: schema.validate_on_connect must be true or false, not string");
    }

    @Test
    void everyUnknownKeyIsWarnedInFileOrder() {
        DatabaseConfig config = parse("""
                colour = "blue"
                [profiles.a]
                url = "postgresql://h/a"
                urll = "typo"
                [profiles.b]
                url = "postgresql://h/b"
                descriptoin = "typo"
                [sync]
                table = ["x"]
                [defaults]
                user_id = "X"
                """);
        assertThat(config.warnings()).hasSize(5);
        assertThat(config.warnings()).extracting(w -> w.substring(0, w.indexOf(": ")))
                .containsExactlyInAnyOrder("db.toml:4", "db.toml:7", "db.toml:9", "db.toml:11", "db.toml:1");
        assertThat(config.warnings()).anySatisfy(w -> assertThat(w).contains("'table' in [sync]").contains("tables"));
        assertThat(config.warnings()).anySatisfy(w -> assertThat(w).contains("'user_id' in [defaults]")
                .contains("user_id_env"));
        assertThat(config.profiles()).containsOnlyKeys("a", "b");
    }

    @Test
    void aFileWithOnlyAWarningStillLoads() {
        DatabaseConfig config = parse("""
                [profiles.a]
                url = "postgresql://h/a"
                colour = "blue"
                """);
        assertThat(config.warnings()).containsExactly(
                "db.toml:3: unknown key 'colour' in [profiles.a] (ignored; known keys: api_key, db_password, description, protected, provider, url)");
        assertThat(config.profile("a").url()).isEqualTo("postgresql://h/a");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            rul          | url
            ulr          | url
            URL          | url
            ur           | url
            xurl         | url
            uxl          | url
            urlxx        | ''
            uxx          | ''
            provdr       | provider
            prvdr        | ''
            protectd     | protected
            descriptoin  | description
            db_pasword   | db_password
            """)
    void aKeyOneEditAwayOrTwoForSixCharactersIsTakenForAMisspelling(String key, String meant) {
        DatabaseConfig config = parse("[profiles.a]\nurl = \"postgresql://h/a\"\n" + key + " = 1\n");
        assertThat(config.warnings()).containsExactly("db.toml:3: unknown key '" + key + "' in [profiles.a] (ignored; "
                + (meant.isEmpty() ? "" : "did you mean `" + meant + "`? ")
                + "known keys: api_key, db_password, description, protected, provider, url)");
    }

    @Test
    void aMisspeltKeyIsWarnedWithTheKeyItLikelyMeant() {
        DatabaseConfig config = parse("""
                [profiles.a]
                url = "postgresql://h/a"
                protect = true
                urll = "x"
                """);
        assertThat(config.warnings().get(0)).contains("unknown key 'protect' in [profiles.a]")
                .contains("did you mean `protected`?");
        assertThat(config.warnings().get(1)).contains("unknown key 'urll'").contains("did you mean `url`?");
        assertThat(config.profile("a").isProtected()).isFalse();
    }

    @Test
    void variablesAreExpandedInEveryStringKey() {
        Map<String, String> env = Map.of("V", "x-v", "PW", "s3cret", "DIR", "db", "UID_VAR", "MY_UID", "T", "things",
                "PROVIDER", "supabase");
        DatabaseConfig config = parse("""
                [profiles.p]
                url = "postgresql://h/${V}"
                description = "about ${V}"
                db_password = "${PW}"
                provider = "${PROVIDER}"
                [schema]
                file = "${DIR}/schema.sql"
                column_defs = "${DIR}/column-defs.json"
                backup_schema = "${DIR}/backup-schema.json"
                [sync]
                tables = ["${T}", "plain", "${MISSING:-fallback}"]
                [defaults]
                user_id_env = "${UID_VAR}"
                """, env);
        DatabaseProfile profile = config.profile("p");
        assertThat(profile.url()).isEqualTo("postgresql://h/x-v");
        assertThat(profile.description()).isEqualTo("about x-v");
        assertThat(profile.dbPassword()).isEqualTo("s3cret");
        assertThat(profile.provider()).isEqualTo(Provider.SUPABASE);
        assertThat(config.schema()).isEqualTo(new SchemaSettings("db/schema.sql", true, "db/column-defs.json",
                "db/backup-schema.json"));
        assertThat(config.sync().tables()).containsExactly("things", "plain", "fallback");
        assertThat(config.defaults().userIdEnv()).isEqualTo("MY_UID");
    }

    @Test
    void aReferenceLeftOpenAtTheEndOfAValueIsAnErrorNamingTheKeyAndLine() {
        assertThatThrownBy(() -> parse("[profiles.p]\n# db\nurl = \"postgresql://h/${DB\"\n", Map.of("DB", "shop")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("db.toml:3: profiles.p.url: the reference to DB is not closed: write ${DB} or ${DB:-default}");
    }

    @Test
    void anUnsetVariableInSyncTablesNamesTheKeyAndLine() {
        assertThatThrownBy(() -> parse("[sync]\n# tables\ntables = [\"${NOPE}\"]\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("db.toml:3")
                .hasMessageContaining("sync.tables")
                .hasMessageContaining("environment variable NOPE is not set");
    }

    @Test
    void anEmptyDefaultExpandsToNothing() {
        DatabaseConfig config = parse("""
                [profiles.p]
                url = "postgresql://h/db${SUFFIX:-}"
                description = "${UNSET:-}"
                """);
        assertThat(config.profile("p").url()).isEqualTo("postgresql://h/db");
        assertThat(config.profile("p").description()).isEmpty();
    }

    @Test
    void aVariableSetToEmptyIsUsedWithoutDefaultAndReplacedWithOne() {
        DatabaseConfig config = parse("""
                [profiles.p]
                url = "postgresql://h/db"
                description = "[${EMPTY}]"
                db_password = "${EMPTY:-dflt}"
                """, Map.of("EMPTY", ""));
        assertThat(config.profile("p").description()).isEqualTo("[]");
        assertThat(config.profile("p").dbPassword()).isEqualTo("dflt");
    }

    @Test
    void dollarSignsThatAreNotReferencesStayAsTheyAre() {
        DatabaseConfig config = parse("""
                [profiles.p]
                url = "postgresql://u:pa$$word@h/db"
                description = "$HOME costs $5, ${ unclosed, ${1BAD}, $, ${}"
                """, Map.of("HOME", "/root"));
        assertThat(config.profile("p").url()).isEqualTo("postgresql://u:pa$$word@h/db");
        assertThat(config.profile("p").description()).isEqualTo("$HOME costs $5, ${ unclosed, ${1BAD}, $, ${}");
    }

    @Test
    void adjacentReferencesAreEachExpanded() {
        DatabaseConfig config = parse("""
                [profiles.p]
                url = "postgresql://${U}${P:-}@${H}${PORT:-:5432}/${U}${U}"
                """, Map.of("U", "ab", "H", "host"));
        assertThat(config.profile("p").url()).isEqualTo("postgresql://ab@host:5432/abab");
    }

    @Test
    void aReferenceInsideADefaultIsExpanded() {
        DatabaseConfig config = parse("""
                [profiles.p]
                url = "postgresql://h/${DB_NAME:-${FALLBACK_DB}}"
                description = "${A:-${B:-${C:-deep}}}!"
                """, Map.of("FALLBACK_DB", "shop"));
        assertThat(config.profile("p").url()).isEqualTo("postgresql://h/shop");
        assertThat(config.profile("p").description()).isEqualTo("deep!");
        assertThat(parse("[profiles.p]\nurl = \"postgresql://h/${DB_NAME:-${FALLBACK_DB}}\"\n",
                Map.of("DB_NAME", "main", "FALLBACK_DB", "shop")).profile("p").url())
                .isEqualTo("postgresql://h/main");
    }

    @Test
    void anExpandedValueIsNotExpandedAgain() {
        DatabaseConfig config = parse("[profiles.p]\nurl = \"postgresql://h/db\"\ndescription = \"${A}\"\n",
                Map.of("A", "${B}", "B", "no"));
        assertThat(config.profile("p").description()).isEqualTo("${B}");
    }

    @Test
    void unicodeValuesAndNamesAreKept() {
        DatabaseConfig config = parse("""
                [profiles."prød-東京"]
                url = "postgresql://üser:pässwörd@h/dätabase"
                description = "Données de production 🚀 \\u00e9"
                """);
        DatabaseProfile profile = config.profile("prød-東京");
        assertThat(profile.url()).isEqualTo("postgresql://üser:pässwörd@h/dätabase");
        assertThat(profile.description()).isEqualTo("Données de production 🚀 é");
    }

    @Test
    void crlfLineEndingsParseAndErrorsKeepTheirLine() {
        DatabaseConfig config = parse("[profiles.a]\r\nurl = \"postgresql://h/a\"\r\nextra = 1\r\n");
        assertThat(config.profile("a").url()).isEqualTo("postgresql://h/a");
        assertThat(config.warnings()).singleElement().asString().startsWith("db.toml:3:");
        assertThatThrownBy(() -> parse("[profiles.a]\r\nurl = \"postgresql://h/a\"\r\n\r\nprotected = 1\r\n"))
                .hasMessageStartingWith("db.toml:4:");
    }

    @Test
    void aByteOrderMarkAtTheStartIsIgnored(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("db.toml");
        byte[] body = "[profiles.a]\nurl = \"postgresql://h/a\"\nprotected = \"x\"\n".getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[body.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(body, 0, withBom, 3, body.length);
        Files.write(file, withBom);
        assertThatThrownBy(() -> DatabaseConfig.load(file, Map.of()))
                .hasMessage(file + ":3: profiles.a.protected must be true or false, not string");
        Files.write(file, java.util.Arrays.copyOf(withBom, withBom.length - "protected = \"x\"\n".length()));
        assertThat(DatabaseConfig.load(file, Map.of()).profile("a").url()).isEqualTo("postgresql://h/a");
    }

    @Test
    void aVeryLargeFileLoadsEveryProfile(@TempDir Path dir) throws Exception {
        StringBuilder toml = new StringBuilder("# generated\n");
        for (int i = 0; i < 5000; i++) {
            toml.append("[profiles.p").append(i).append("]\nurl = \"postgresql://h/db").append(i)
                    .append("\"\ndescription = \"").append("x".repeat(100)).append("\"\n\n");
        }
        toml.append("[profiles.last]\ndescription = \"no url\"\n");
        Path file = dir.resolve("db.toml");
        Files.writeString(file, toml);
        assertThatThrownBy(() -> DatabaseConfig.load(file, Map.of()))
                .hasMessageStartingWith(file + ":" + (2 + 5000 * 4) + ": profile 'last' has no url");
        Files.writeString(file, toml.substring(0, toml.lastIndexOf("[profiles.last]")));
        DatabaseConfig config = DatabaseConfig.load(file, Map.of());
        assertThat(config.profiles()).hasSize(5000);
        assertThat(config.profile("p4999").url()).isEqualTo("postgresql://h/db4999");
        assertThat(config.profiles().keySet()).first().isEqualTo("p0");
    }

    @Test
    void aDuplicateKeyIsBadToml() {
        // Jackson places the error just after the duplicate's line, so only the kind is asserted
        assertThatThrownBy(() -> parse("[profiles.a]\nurl = \"postgresql://h/a\"\nurl = \"postgresql://h/b\"\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageMatching("db\\.toml:[34]: invalid TOML: Duplicate key.*");
    }

    @Test
    void aDirectoryInsteadOfAFileIsAClearError(@TempDir Path dir) {
        assertThatThrownBy(() -> DatabaseConfig.load(dir, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(dir + ": ")
                .hasMessageContaining("directory");
    }

    @Test
    void aBlankUrlIsTheSameAsAMissingOne() {
        assertThatThrownBy(() -> parse("[profiles.a]\nurl = \"   \"\n"))
                .hasMessageStartingWith("db.toml:1: profile 'a' has no url");
        assertThatThrownBy(() -> parse("[profiles.a]\nurl = \"${EMPTY:-}\"\n"))
                .hasMessageStartingWith("db.toml:1: profile 'a' has no url");
    }

    @Test
    void literalAndMultiLineStringsAreRead() {
        DatabaseConfig config = parse("""
                [profiles.a]
                url = 'postgresql://u:p\\w@h/db'
                description = \"\"\"
                first line
                second line\"\"\"
                """);
        assertThat(config.profile("a").url()).isEqualTo("postgresql://u:p\\w@h/db");
        assertThat(config.profile("a").description()).isEqualTo("first line\nsecond line");
    }
}
