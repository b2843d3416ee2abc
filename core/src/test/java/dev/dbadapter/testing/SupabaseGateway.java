package dev.dbadapter.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A stand-in for Supabase's API gateway in front of a PostgREST: serves it under {@code /rest/v1},
 * refuses a request without an {@code apikey} header or with an unknown key (401, with the gateway's
 * words), refuses a secret key sent from a browser, and maps an {@code sb_} key to a role by forwarding
 * the JWT of that role, as Supabase does. A legacy JWT key travels on unchanged. It records every request
 * it forwards, so a test can count round trips.
 */
public final class SupabaseGateway implements AutoCloseable {
    /** A request the gateway forwarded: its method, path below {@code /rest/v1} and decoded query. */
    public record Recorded(String method, String path, String query) {
    }

    private static final List<String> FORWARDED = List.of("Accept", "Content-Type", "Prefer", "Range", "Range-Unit",
            "Accept-Profile", "Content-Profile", "Authorization");

    private final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI upstream;
    private final Map<String, String> jwtByKey;
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();

    /**
     * Starts the gateway on a free port of 127.0.0.1.
     *
     * @param upstream the PostgREST's base URL
     * @param jwtByKey every accepted key mapped to the JWT forwarded for it (a legacy key to itself)
     */
    public SupabaseGateway(URI upstream, Map<String, String> jwtByKey) throws IOException {
        this.upstream = upstream;
        this.jwtByKey = Map.copyOf(jwtByKey);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    /** Returns the project URL clients use ({@code http://127.0.0.1:<port>}). */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Returns the requests forwarded so far, oldest first. */
    public List<Recorded> requests() {
        return List.copyOf(requests);
    }

    /** Forgets the requests recorded so far. */
    public void clearRequests() {
        requests.clear();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            if (!path.startsWith("/rest/v1/")) {
                reply(exchange, 404, "{\"message\":\"no Route matched with those values\"}");
                return;
            }
            String key = exchange.getRequestHeaders().getFirst("apikey");
            if (key == null) {
                reply(exchange, 401, "{\"message\":\"No API key found in request\","
                        + "\"hint\":\"No `apikey` request header or url param was found.\"}");
                return;
            }
            String jwt = jwtByKey.get(key);
            if (jwt == null) {
                reply(exchange, 401, "{\"message\":\"Invalid API key\","
                        + "\"hint\":\"Double check your Supabase `anon` or `service_role` API key.\"}");
                return;
            }
            String agent = exchange.getRequestHeaders().getFirst("User-Agent");
            if (key.startsWith("sb_secret_") && agent != null && agent.contains("Mozilla")) {
                reply(exchange, 401, "{\"message\":\"Forbidden use of secret API key in browser\"}");
                return;
            }
            forward(exchange, path.substring("/rest/v1".length()), key, jwt);
        }
    }

    private void forward(HttpExchange exchange, String path, String key, String jwt) throws IOException {
        URI uri = exchange.getRequestURI();
        requests.add(new Recorded(exchange.getRequestMethod(), path, uri.getQuery()));
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(upstream + path
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())));
        for (String header : FORWARDED) {
            String value = exchange.getRequestHeaders().getFirst(header);
            if (value != null) {
                request.header(header, value);
            }
        }
        if (key.startsWith("sb_") && exchange.getRequestHeaders().getFirst("Authorization") == null) {
            request.header("Authorization", "Bearer " + jwt);
        }
        request.method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body));
        HttpResponse<byte[]> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        for (String header : List.of("Content-Type", "Content-Range", "Location", "Preference-Applied")) {
            response.headers().firstValue(header).ifPresent(value -> exchange.getResponseHeaders().set(header, value));
        }
        send(exchange, response.statusCode(), response.body());
    }

    private static void reply(HttpExchange exchange, int status, String json) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        send(exchange, status, json.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        boolean empty = body.length == 0 || exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, empty ? -1 : body.length);
        if (!empty) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** Stops the gateway at once. */
    @Override
    public void close() {
        server.stop(0);
        client.close();
    }
}
