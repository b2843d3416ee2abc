package dev.dbadapter.adapter.supabase.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dbadapter.adapter.DatabaseException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Sends PostgREST requests under a project's {@code /rest/v1} with the API key's headers, a user
 * agent of its own (Supabase refuses secret keys from browsers), a timeout per request, and a bounded
 * number of retries of a {@code 503} (and of a {@code 504} for reads, which cannot have written
 * anything twice). Blocking: callers run on the adapter's virtual threads.
 */
public final class RestClient implements AutoCloseable {
    /** The user agent of every request. */
    public static final String USER_AGENT = "db-adapter-java/0.1.0";
    private static final Set<String> READS = Set.of("GET", "HEAD");

    private final HttpClient http;
    private final URI base;
    private final String displayUrl;
    private final ApiKey key;
    private final Duration requestTimeout;
    private final int retries;
    private final Duration retryDelay;

    /**
     * One request.
     *
     * @param method the HTTP method
     * @param path the part after {@code /rest/v1/}, already percent-encoded ({@code "products"}, {@code ""})
     * @param query the query parameters
     * @param headers request headers besides the key's
     * @param body the JSON body, or {@code null}
     */
    public record Request(String method, String path, List<QueryParam> query, Map<String, String> headers, byte[] body) {
    }

    /**
     * One answer with a 2xx status.
     *
     * @param status the status
     * @param contentRange the {@code Content-Range} header, or {@code null}
     * @param body the body
     */
    public record Response(int status, String contentRange, byte[] body) {
        /** Returns the body as JSON ({@code null} when empty). */
        public JsonNode json() {
            try {
                return body.length == 0 ? null : RestValues.JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("PostgREST answered with a body that is not JSON", e);
            }
        }

        /** Returns the total of {@code Content-Range: 0-9/total}, when the server counted. */
        public OptionalLong total() {
            if (contentRange == null || contentRange.endsWith("/*")) {
                return OptionalLong.empty();
            }
            return OptionalLong.of(Long.parseLong(contentRange.substring(contentRange.indexOf('/') + 1).strip()));
        }
    }

    /**
     * Creates the client.
     *
     * @param projectUrl {@code https://<ref>.supabase.co} or another base serving {@code /rest/v1}
     */
    public RestClient(URI projectUrl, ApiKey key, Duration connectTimeout, Duration requestTimeout, int retries,
            Duration retryDelay) {
        String url = projectUrl.toString().replaceAll("/+$", "");
        this.base = URI.create(url + "/rest/v1/");
        this.displayUrl = url;
        this.key = key;
        this.requestTimeout = requestTimeout;
        this.retries = retries;
        this.retryDelay = retryDelay;
        this.http = HttpClient.newBuilder()
                // HTTP/2 where TLS offers it; plain http stays on 1.1 (no h2c upgrade dance with a local stack)
                .version("https".equalsIgnoreCase(projectUrl.getScheme()) ? HttpClient.Version.HTTP_2
                        : HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .build();
    }

    /** Returns the project URL, for messages (it holds no secret). */
    public String displayUrl() {
        return displayUrl;
    }

    /** Returns the key the requests carry. */
    public ApiKey key() {
        return key;
    }

    /**
     * Sends {@code request} and returns its 2xx answer.
     *
     * @param where what the request is for, for messages ({@code "select from products"})
     * @throws DatabaseException for any other status, a timeout or a broken connection
     * @throws InterruptedException when the thread is interrupted while waiting
     */
    public Response send(Request request, String where) throws InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(request.path() + QueryParam.queryString(request.query())))
                .timeout(requestTimeout)
                .header("User-Agent", USER_AGENT)
                .header("X-Client-Info", USER_AGENT)
                .header("Accept", "application/json");
        key.headers().forEach(builder::header);
        request.headers().forEach(builder::setHeader);
        if (request.body() != null) {
            builder.header("Content-Type", "application/json");
        }
        builder.method(request.method(), request.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(request.body()));
        HttpRequest built = builder.build();
        for (int attempt = 0;; attempt++) {
            HttpResponse<byte[]> response;
            try {
                response = http.send(built, HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                throw RestErrors.transport(e, where, displayUrl, requestTimeout);
            }
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return new Response(status, response.headers().firstValue("Content-Range").orElse(null), response.body());
            }
            boolean retryable = status == 503 || (status == 504 && READS.contains(request.method()));
            if (!retryable || attempt >= retries) {
                DatabaseException error = RestErrors.fromResponse(status, response.body(), where, key);
                if (retryable && attempt > 0) {
                    throw error.withMessage(error.getMessage() + " (after " + (attempt + 1) + " attempts)");
                }
                throw error;
            }
            Thread.sleep(retryDelay.multipliedBy(1L << attempt));
        }
    }

    /** Closes the HTTP client, waiting for requests in flight. */
    @Override
    public void close() {
        http.close();
    }
}
