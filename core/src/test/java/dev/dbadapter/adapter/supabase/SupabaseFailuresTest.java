package dev.dbadapter.adapter.supabase;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.dbadapter.adapter.postgres.Async.await;
import static dev.dbadapter.adapter.postgres.Async.failure;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.dbadapter.ErrorCode;
import dev.dbadapter.adapter.DatabaseException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a real PostgREST cannot be made to answer, from WireMock: a gateway's 503 and 504 (retried a
 * bounded number of times; a write's 504 is not, as it may have been applied), a body that is not JSON,
 * an answer that never comes; and the headers each kind of key travels in.
 */
class SupabaseFailuresTest {
    static final String SECRET = "sb_secret_0123456789abcdef";
    static final String LEGACY_ANON = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJyb2xlIjoiYW5vbiJ9.c2lnbmF0dXJl";

    static WireMockServer server;

    @BeforeAll
    static void start() {
        server = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @BeforeEach
    void reset() {
        server.resetAll();
    }

    private static SupabaseAdapter adapter(String key) {
        return adapter(key, Duration.ofSeconds(10));
    }

    private static SupabaseAdapter adapter(String key, Duration timeout) {
        return SupabaseAdapter.builder(server.baseUrl(), key).retries(2, Duration.ofMillis(5)).requestTimeout(timeout)
                .build();
    }

    @Test
    void a503IsRetriedUntilTheAnswerComes() {
        server.stubFor(get(urlPathEqualTo("/rest/v1/notes")).inScenario("busy").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("still busy"));
        server.stubFor(get(urlPathEqualTo("/rest/v1/notes")).inScenario("busy").whenScenarioStateIs("still busy")
                .willReturn(aResponse().withStatus(503)).willSetStateTo("up"));
        server.stubFor(get(urlPathEqualTo("/rest/v1/notes")).inScenario("busy").whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Range", "0-4/5")));
        try (SupabaseAdapter adapter = adapter(SECRET)) {
            assertThat(await(adapter.count("notes", Map.of()))).isEqualTo(5L);
        }
        server.verify(3, getRequestedFor(urlPathEqualTo("/rest/v1/notes")));
    }

    @Test
    void retriesAreBoundedAndTheLastAnswerIsReported() {
        server.stubFor(get(urlPathEqualTo("/rest/v1/notes")).willReturn(aResponse().withStatus(504)
                .withHeader("Content-Type", "application/json").withBody("{\"message\":\"upstream timed out\"}")));
        try (SupabaseAdapter adapter = adapter(SECRET)) {
            DatabaseException error = (DatabaseException) failure(adapter.count("notes", Map.of()));
            assertThat(error.code()).isEqualTo(ErrorCode.CONNECTION);
            assertThat(error.getMessage()).contains("HTTP 504").contains("upstream timed out").contains("after 3 attempts");
        }
        server.verify(3, getRequestedFor(urlPathEqualTo("/rest/v1/notes")));
    }

    @Test
    void aWritesGatewayTimeoutIsNotRetriedForItMayHaveBeenApplied() {
        server.stubFor(post(urlPathEqualTo("/rest/v1/notes")).willReturn(aResponse().withStatus(504)));
        server.stubFor(any(urlPathEqualTo("/rest/v1/")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/openapi+json").withBody("{\"definitions\": {}}")));
        try (SupabaseAdapter adapter = adapter(SECRET)) {
            DatabaseException error = (DatabaseException) failure(adapter.insert("notes", Map.of("body", "x")));
            assertThat(error.getMessage()).contains("HTTP 504").contains("with an empty body");
        }
        server.verify(1, postRequestedFor(urlPathEqualTo("/rest/v1/notes")));
    }

    @Test
    void aBodyThatIsNotJsonIsAConnectionErrorShowingItsStart() {
        server.stubFor(get(urlPathEqualTo("/rest/v1/notes")).willReturn(aResponse().withStatus(502)
                .withHeader("Content-Type", "text/html").withBody("<html><body>Bad Gateway</body></html>")));
        server.stubFor(any(urlPathEqualTo("/rest/v1/")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/html").withBody("<html>maintenance</html>")));
        try (SupabaseAdapter adapter = adapter(SECRET)) {
            DatabaseException error = (DatabaseException) failure(adapter.count("notes", Map.of()));
            assertThat(error.code()).isEqualTo(ErrorCode.CONNECTION);
            assertThat(error.getMessage()).contains("HTTP 502").contains("not PostgREST's JSON: <html><body>Bad Gateway");
            assertThat(failure(adapter.columns("notes"))).hasMessageContaining("not JSON");
        }
    }

    @Test
    void anAnswerThatNeverComesTimesOut() {
        server.stubFor(get(urlPathEqualTo("/rest/v1/notes")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Range", "*/1").withFixedDelay(3_000)));
        try (SupabaseAdapter adapter = adapter(SECRET, Duration.ofMillis(500))) {
            DatabaseException error = (DatabaseException) failure(adapter.count("notes", Map.of()));
            assertThat(error.code()).isEqualTo(ErrorCode.CONNECTION);
            assertThat(error.getMessage()).contains("did not answer within 500 ms").contains("count notes");
        }
    }

    @Test
    void aPostgrestErrorWithoutADatabaseIsAConnectionErrorKeepingItsCode() {
        server.stubFor(get(urlPathEqualTo("/rest/v1/notes")).willReturn(aResponse().withStatus(500)
                .withHeader("Content-Type", "application/json").withBody("{\"code\":\"PGRST000\",\"details\":"
                        + "\"connection refused\",\"hint\":null,\"message\":\"Database connection error\"}")));
        try (SupabaseAdapter adapter = adapter(SECRET)) {
            DatabaseException error = (DatabaseException) failure(adapter.count("notes", Map.of()));
            assertThat(error.code()).isEqualTo(ErrorCode.CONNECTION);
            assertThat(error.sqlState()).isEqualTo("PGRST000");
            assertThat(error.detail()).isEqualTo("connection refused");
            assertThat(error.hint()).contains("try again later");
        }
    }

    @Test
    void aProjectThatKeepsItsDescriptionFromTheKeyStillAnswersSelects() {
        server.stubFor(get(urlPathEqualTo("/rest/v1/")).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json").withBody("{\"message\":\"Access to schema is forbidden\"}")));
        server.stubFor(get(urlPathEqualTo("/rest/v1/notes")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withHeader("Content-Range", "0-0/1")
                .withBody("[{\"id\": 1, \"uid\": \"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11\"}]")));
        try (SupabaseAdapter adapter = adapter("sb_publishable_abc")) {
            assertThat(await(adapter.select("notes"))).containsExactly(
                    Map.of("id", 1, "uid", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"));
            assertThat(failure(adapter.columns("notes"))).hasMessageContaining("HTTP 401")
                    .hasMessageContaining("the publishable key");
        }
    }

    @Test
    void eachKindOfKeyTravelsAsSupabasesClientsSendIt() {
        server.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(200).withHeader("Content-Range", "*/0")
                .withBody("[]")));
        try (SupabaseAdapter secret = adapter(SECRET); SupabaseAdapter legacy = adapter(LEGACY_ANON)) {
            await(secret.count("notes", Map.of()));
            await(legacy.count("notes", Map.of()));
        }
        LoggedRequest fromSecret = server.findAll(anyRequestedFor(anyUrl())).get(0);
        LoggedRequest fromLegacy = server.findAll(anyRequestedFor(anyUrl())).get(1);
        assertThat(fromSecret.getHeader("apikey")).isEqualTo(SECRET);
        assertThat(fromSecret.containsHeader("Authorization")).isFalse();
        assertThat(fromLegacy.getHeader("apikey")).isEqualTo(LEGACY_ANON);
        assertThat(fromLegacy.getHeader("Authorization")).isEqualTo("Bearer " + LEGACY_ANON);
        assertThat(fromSecret.getHeader("User-Agent")).startsWith("db-adapter-java/").doesNotContain("Mozilla");
        assertThat(fromSecret.getHeader("Prefer")).isEqualTo("count=exact");
    }
}
