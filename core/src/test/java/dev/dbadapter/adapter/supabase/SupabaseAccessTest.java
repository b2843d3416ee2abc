package dev.dbadapter.adapter.supabase;

import static dev.dbadapter.adapter.postgres.Async.await;
import static dev.dbadapter.adapter.postgres.Async.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dbadapter.ErrorCode;
import dev.dbadapter.adapter.ClientClosedException;
import dev.dbadapter.adapter.DatabaseException;
import dev.dbadapter.adapter.UnsupportedOperationForBackendException;
import dev.dbadapter.adapter.supabase.internal.RestClient;
import dev.dbadapter.testing.PgDatabaseExtension;
import dev.dbadapter.testing.PostgrestExtension;
import dev.dbadapter.testing.PostgrestExtension.Key;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Keys, row-level security and the errors of a real PostgREST: what each kind of key may see, each
 * error status kept with its code and message, and the calls the REST API cannot do.
 */
class SupabaseAccessTest {
    @RegisterExtension
    static final PgDatabaseExtension db = new PgDatabaseExtension();
    @RegisterExtension
    static final PostgrestExtension rest = new PostgrestExtension(db);

    @BeforeAll
    static void schema() {
        db.sql("""
                CREATE TABLE notes (id serial PRIMARY KEY, slug text UNIQUE NOT NULL, public boolean NOT NULL DEFAULT false,
                    amount integer CHECK (amount >= 0));
                ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
                CREATE POLICY anyone_reads_public ON notes FOR SELECT TO anon USING (public);
                CREATE TABLE secrets (id serial PRIMARY KEY, body text);
                """);
        rest.url(); // grants as Supabase does, then takes one back
        rest.sql("REVOKE ALL ON secrets FROM anon, service_role");
    }

    @BeforeEach
    void rows() {
        db.sql("""
                TRUNCATE notes RESTART IDENTITY;
                INSERT INTO notes (slug, public) VALUES ('open', true), ('hidden', false), ('also-hidden', false);
                """);
    }

    @ParameterizedTest
    @EnumSource(value = Key.class, names = {"PUBLISHABLE", "ANON_JWT"})
    void anAnonKeySeesOnlyWhatThePolicyShows(Key key) {
        SupabaseAdapter anon = rest.adapter(key);
        assertThat(await(anon.select("notes", "slug", Map.of(), null))).containsExactly(Map.of("slug", "open"));
        assertThat(await(anon.count("notes", Map.of()))).isEqualTo(1L);
        assertThat(await(anon.delete("notes", Map.of("slug", "hidden")))).isZero();
        assertThat(db.scalar("SELECT count(*) FROM notes")).isEqualTo(3L);
    }

    @ParameterizedTest
    @EnumSource(value = Key.class, names = {"SECRET", "SERVICE_ROLE_JWT"})
    void aServiceKeySeesEveryRow(Key key) {
        assertThat(await(rest.adapter(key).count("notes", Map.of()))).isEqualTo(3L);
    }

    @Test
    void anInsertThePolicyForbidsNamesTheKeyUsedButNotTheKey() {
        DatabaseException error = (DatabaseException) failure(rest.adapter(Key.PUBLISHABLE)
                .insert("notes", Map.of("slug", "mine")));
        assertThat(error.sqlState()).isEqualTo("42501");
        assertThat(error.serverMessage()).contains("row-level security");
        assertThat(error.getMessage()).contains("HTTP 401").contains("the publishable key (sb_publishable_…)")
                .doesNotContain(rest.key(Key.PUBLISHABLE));
        DatabaseException legacy = (DatabaseException) failure(rest.adapter(Key.ANON_JWT).select("secrets"));
        assertThat(legacy.sqlState()).isEqualTo("42501");
        assertThat(legacy.getMessage()).contains("permission denied for table secrets")
                .contains("the legacy JWT key of role anon").doesNotContain(rest.key(Key.ANON_JWT));
    }

    @Test
    void aRoleOtherThanAnonWithoutAPrivilegeIsA403NamingTheKey() {
        DatabaseException error = (DatabaseException) failure(rest.adapter(Key.SECRET).select("secrets"));
        assertThat(error.sqlState()).isEqualTo("42501");
        assertThat(error.code()).isEqualTo(ErrorCode.SQL);
        assertThat(error.getMessage()).contains("HTTP 403").contains("permission denied for table secrets")
                .contains("the secret key (sb_secret_…)").doesNotContain(rest.key(Key.SECRET));
        assertThat(error.hint()).contains("api_key");
    }

    @Test
    void aWrongKeyIsRefusedByTheGatewaySayingWhichKindWasUsed() {
        SupabaseAdapter wrong = SupabaseAdapter.connect(rest.url(), "sb_secret_not-the-real-one");
        try (wrong) {
            DatabaseException error = (DatabaseException) failure(wrong.select("notes"));
            assertThat(error.code()).isEqualTo(ErrorCode.CONNECTION);
            assertThat(error.getMessage()).contains("HTTP 401").contains("Invalid API key")
                    .contains("the secret key (sb_secret_…)").doesNotContain("not-the-real-one");
            assertThat(error.hint()).contains("api_key");
        }
        String foreignJwt = rest.jwt("service_role").replaceFirst("\\.[^.]+$", ".c2lnbmF0dXJl");
        try (SupabaseAdapter forged = SupabaseAdapter.connect(rest.url(), foreignJwt)) {
            assertThat(failure(forged.count("notes", Map.of()))).hasMessageContaining("HTTP 401")
                    .hasMessageContaining("legacy JWT key of role service_role");
        }
    }

    @Test
    void postgrestErrorsKeepTheirCodeMessageAndDetails() {
        SupabaseAdapter secret = rest.adapter(Key.SECRET);
        DatabaseException duplicate = (DatabaseException) failure(secret.insert("notes", Map.of("slug", "open")));
        assertThat(duplicate.code()).isEqualTo(ErrorCode.SQL);
        assertThat(duplicate.isUniqueViolation()).isTrue();
        assertThat(duplicate.detail()).isEqualTo("Key (slug)=(open) already exists.");
        assertThat(duplicate.getMessage()).contains("[23505, HTTP 409]").contains("insert into notes");

        DatabaseException check = (DatabaseException) failure(secret.insert("notes", Map.of("slug", "x", "amount", -1)));
        assertThat(check.sqlState()).isEqualTo("23514");

        DatabaseException missingTable = (DatabaseException) failure(secret.select("no_such_table"));
        assertThat(missingTable.sqlState()).isEqualTo("42P01");
        assertThat(missingTable.getMessage()).contains("HTTP 404");
        assertThat(((DatabaseException) failure(secret.count("no_such_table", Map.of()))).sqlState()).isEqualTo("42P01");

        DatabaseException missingColumn = (DatabaseException) failure(secret.select("notes", "nope", Map.of(), null));
        assertThat(missingColumn.sqlState()).isEqualTo("42703");

        DatabaseException badValue = (DatabaseException) failure(secret.select("notes", Map.of("id", "abc")));
        assertThat(badValue.sqlState()).isEqualTo("22P02");
        assertThat(badValue.code()).isEqualTo(ErrorCode.SQL);
    }

    @Test
    void theGatewayRefusesARequestWithoutAnApiKey() throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(rest.url() + "/rest/v1/notes"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.body()).contains("No API key found in request");
            HttpResponse<String> browser = http.send(HttpRequest.newBuilder(URI.create(rest.url() + "/rest/v1/notes"))
                    .header("apikey", rest.key(Key.SECRET)).header("User-Agent", "Mozilla/5.0").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(browser.statusCode()).isEqualTo(401);
        }
        assertThat(RestClient.USER_AGENT).doesNotContain("Mozilla");
        assertThat(await(rest.adapter(Key.SECRET).count("notes", Map.of()))).isEqualTo(3L);
    }

    @Test
    void rawSqlAndTransactionsNeedADirectPostgresUrl() {
        SupabaseAdapter secret = rest.adapter(Key.SECRET);
        assertThat(failure(secret.execute("SELECT 1")))
                .isInstanceOfSatisfying(UnsupportedOperationForBackendException.class, error -> {
                    assertThat(error.code().exitCode()).isEqualTo(2);
                    assertThat(error.getMessage()).contains("direct PostgreSQL connection");
                    assertThat(error.hint()).contains("provider = \"postgres\"");
                });
        assertThat(failure(secret.transaction(tx -> tx.select("notes"))))
                .isInstanceOf(UnsupportedOperationForBackendException.class);
    }

    @Test
    void concurrentFirstCallsShareOneAdapterAndAClosedAdapterFailsFast() {
        SupabaseAdapter fresh = SupabaseAdapter.connect(rest.url(), rest.key(Key.SECRET));
        List<CompletableFuture<Long>> counts = IntStream.range(0, 20)
                .mapToObj(i -> fresh.count("notes", Map.of())).toList();
        counts.forEach(count -> assertThat(await(count)).isEqualTo(3L));
        List<CompletableFuture<List<Map<String, Object>>>> selects = IntStream.range(0, 10)
                .mapToObj(i -> fresh.select("notes")).toList();
        selects.forEach(select -> assertThat(await(select)).hasSize(3));
        fresh.close();
        fresh.close();
        assertThat(fresh.isClosed()).isTrue();
        assertThat(failure(fresh.select("notes"))).isInstanceOf(ClientClosedException.class)
                .hasMessageContaining("is closed");
    }

    @Test
    void aBadProjectUrlOrEmptyKeyIsRefusedAtOnce() {
        assertThatThrownBy(() -> SupabaseAdapter.connect("ftp://x", "sb_secret_x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("supabase.co");
        assertThatThrownBy(() -> SupabaseAdapter.connect("https://x.supabase.co", " "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("api_key");
        try (SupabaseAdapter trailing = SupabaseAdapter.connect(rest.url() + "/rest/v1/", rest.key(Key.SECRET))) {
            assertThat(await(trailing.count("notes", Map.of()))).isEqualTo(3L);
        }
    }

    @Test
    void anUnreachableProjectIsAConnectionError() {
        try (SupabaseAdapter nowhere = SupabaseAdapter.connect("http://127.0.0.1:1", rest.key(Key.SECRET))) {
            DatabaseException error = (DatabaseException) failure(nowhere.select("notes"));
            assertThat(error.code()).isEqualTo(ErrorCode.CONNECTION);
            assertThat(error.getMessage()).contains("Cannot reach Supabase at http://127.0.0.1:1").endsWith(": connection refused");
        }
    }
}
