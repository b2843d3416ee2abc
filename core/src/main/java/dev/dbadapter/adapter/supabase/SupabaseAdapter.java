package dev.dbadapter.adapter.supabase;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.dbadapter.ErrorCode;
import dev.dbadapter.InternalException;
import dev.dbadapter.adapter.ClientClosedException;
import dev.dbadapter.adapter.ColumnInfo;
import dev.dbadapter.adapter.DatabaseClient;
import dev.dbadapter.adapter.DatabaseException;
import dev.dbadapter.adapter.NoRowsException;
import dev.dbadapter.adapter.Page;
import dev.dbadapter.adapter.Provider;
import dev.dbadapter.adapter.UnsupportedOperationForBackendException;
import dev.dbadapter.adapter.supabase.internal.ApiKey;
import dev.dbadapter.adapter.supabase.internal.ApiSchema;
import dev.dbadapter.adapter.supabase.internal.FilterQuery;
import dev.dbadapter.adapter.supabase.internal.QueryParam;
import dev.dbadapter.adapter.supabase.internal.RestClient;
import dev.dbadapter.adapter.supabase.internal.RestValues;
import dev.dbadapter.internal.AsyncCalls;
import dev.dbadapter.internal.Filter;
import dev.dbadapter.internal.Identifiers;
import dev.dbadapter.internal.RowKeys;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The Supabase {@link DatabaseClient}: a project's REST API (PostgREST under {@code /rest/v1}) over
 * {@link java.net.http.HttpClient}, for callers who hold a project URL and an API key rather than a
 * database password. Each call runs on a virtual thread; build one with {@link #connect(String, String)}
 * or {@link #builder(String, String)} and close it to release its HTTP client.
 *
 * <p>Both kinds of key work: a current {@code sb_secret_…} / {@code sb_publishable_…} key, sent in
 * {@code apikey}, and a legacy JWT key ({@code service_role} / {@code anon}), sent in {@code apikey}
 * and {@code Authorization}. A secret or service_role key sees every row; a publishable or anon key
 * only what row-level security allows.
 *
 * <p>Reads page past the server's row cap ({@code db-max-rows}, 1000 on Supabase), so a select returns
 * every matching row; pages are separate requests, not one snapshot. Writes are one request per batch
 * of {@value #DEFAULT_BATCH_ROWS} rows, each atomic on its own; there are no transactions:
 * {@link #execute} and {@link #transaction} fail with {@link UnsupportedOperationForBackendException}
 * and need a direct PostgreSQL URL. Names follow the PostgreSQL adapter's rules and are checked before
 * any request.
 *
 * <pre>{@code
 * try (SupabaseAdapter db = SupabaseAdapter.connect("https://abcd.supabase.co", System.getenv("SUPABASE_KEY"))) {
 *     List<Map<String, Object>> rows = db.select("products", Map.of("user_id", "u1")).join();
 * }
 * }</pre>
 */
public final class SupabaseAdapter implements DatabaseClient {
    /** Rows one {@code insertMany} request carries. */
    public static final int DEFAULT_BATCH_ROWS = 1000;

    private static final Duration SCHEMA_REFRESH = Duration.ofSeconds(2);
    private static final String SQL_HINT = "use a profile with provider = \"postgres\" and the project's direct"
            + " connection string (Project Settings → Database; port 5432, or the session pooler)";

    private final RestClient rest;
    private final AsyncCalls calls;
    private final int batchRows;
    private final Map<String, Described> described = new ConcurrentHashMap<>();
    /** The most rows the server returns for one request, once seen; 0 while unknown. */
    private volatile int maxRows;
    /** The most rows one request has returned in full, so smaller pages need no count. */
    private volatile int largestFullPage;

    /** The OpenAPI description of one exposed schema, or why the API refused it, and when it was asked. */
    private record Described(ApiSchema schema, DatabaseException refusal, long readAt) {
        boolean fresh() {
            return System.nanoTime() - readAt < SCHEMA_REFRESH.toNanos();
        }
    }

    /** A table as PostgREST addresses it: a path, and the schema header when it is qualified. */
    private record Target(String name, String schema) {
        String path() {
            return QueryParam.encode(name);
        }

        Map<String, String> headers(boolean write) {
            return schema == null ? Map.of() : Map.of(write ? "Content-Profile" : "Accept-Profile", schema);
        }
    }

    private SupabaseAdapter(Builder builder) {
        this.calls = new AsyncCalls("db-adapter-supabase", this::closedError);
        // the HTTP client keeps its own threads: the adapter stops taking calls at close() while
        // requests in flight still need them
        this.rest = new RestClient(builder.projectUrl, builder.key, builder.connectTimeout, builder.requestTimeout,
                builder.retries, builder.retryDelay);
        this.batchRows = builder.batchRows;
    }

    /**
     * Creates an adapter with default settings; nothing is sent until the first call.
     *
     * @param projectUrl {@code https://<ref>.supabase.co}, or {@code http://127.0.0.1:54321} for the local stack
     * @param apiKey a secret, publishable or legacy JWT key
     * @throws IllegalArgumentException when the URL is not an http(s) URL or the key is blank
     */
    public static SupabaseAdapter connect(String projectUrl, String apiKey) {
        return builder(projectUrl, apiKey).build();
    }

    /** Starts building an adapter; see {@link #connect(String, String)}. */
    public static Builder builder(String projectUrl, String apiKey) {
        return new Builder(projectUrl, apiKey);
    }

    @Override
    public CompletableFuture<List<Map<String, Object>>> select(String table, String columns, Map<String, ?> filters,
            String orderBy) {
        Target target = target(table);
        List<QueryParam> params = new ArrayList<>();
        params.add(selectParam(columns));
        params.addAll(FilterQuery.params(Filter.of(filters)));
        List<Identifiers.OrderTerm> order = Identifiers.orderTerms(orderBy);
        return run("select from " + table, () -> selectAll(target, params, order));
    }

    @Override
    public CompletableFuture<List<Map<String, Object>>> selectPage(String table, String columns, Map<String, ?> filters,
            Page page) {
        Target target = target(table);
        String key = Identifiers.normalize(page.key(), "column");
        List<QueryParam> params = new ArrayList<>();
        params.add(selectParam(columns));
        params.addAll(FilterQuery.params(Filter.of(filters)));
        params.add(new QueryParam("order", FilterQuery.name(key) + ".asc"));
        return run("select from " + table, () -> {
            Map<String, String> types = types(target);
            List<Map<String, Object>> rows = new ArrayList<>();
            Object after = page.after();
            while (rows.size() < page.size()) {
                List<QueryParam> query = new ArrayList<>(params);
                if (after != null) {
                    query.add(FilterQuery.greaterThan(key, after));
                }
                Chunk chunk = get(target, query, page.size() - rows.size(), -1, types);
                rows.addAll(chunk.rows());
                if (!chunk.capped() || chunk.rows().isEmpty()) {
                    break;
                }
                after = chunk.rows().getLast().get(key);
            }
            return rows;
        });
    }

    @Override
    public CompletableFuture<List<ColumnInfo>> columns(String table) {
        Target target = target(table);
        return run("columns of " + table, () -> {
            ApiSchema.Table described = describe(target);
            return described == null ? List.<ColumnInfo>of() : described.columns();
        });
    }

    /**
     * Lists the tables and views of the exposed schema that the key's role can see, as PostgREST's
     * OpenAPI root describes them, sorted by name.
     *
     * @return a future of the names; it fails with {@link DatabaseException} when the API cannot be reached
     */
    public CompletableFuture<List<String>> tables() {
        return run("list tables", () -> {
            ApiSchema schema = readSchema(null);
            described.put("", new Described(schema, null, System.nanoTime()));
            return schema.tables().keySet().stream().sorted().toList();
        });
    }

    @Override
    public CompletableFuture<Long> count(String table, Map<String, ?> filters) {
        Target target = target(table);
        List<QueryParam> params = FilterQuery.params(Filter.of(filters));
        return run("count " + table, () -> {
            // GET with limit=0 rather than HEAD: an error's answer then has its body, PostgREST's code and message
            List<QueryParam> query = new ArrayList<>(params);
            query.add(new QueryParam("limit", "0"));
            RestClient.Response response = rest.send(new RestClient.Request("GET", target.path(), query,
                    with(target.headers(false), "Prefer", "count=exact"), null), "count " + table);
            return response.total().orElseThrow(() -> new InternalException(
                    "PostgREST sent no row count for " + table + " (Content-Range: " + response.contentRange() + ")", null));
        });
    }

    @Override
    public CompletableFuture<Map<String, Object>> insert(String table, Map<String, ?> data) {
        return insertMany(table, List.of(data)).thenApply(List::getFirst);
    }

    /**
     * Inserts the rows in requests of up to {@value #DEFAULT_BATCH_ROWS} rows (or the builder's batch
     * size) and returns them as stored, in input order. Each request is atomic; the requests together
     * are not: when one fails, the batches before it stay.
     */
    @Override
    public CompletableFuture<List<Map<String, Object>>> insertMany(String table, List<? extends Map<String, ?>> rows) {
        Target target = target(table);
        if (rows.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        List<String> keys = RowKeys.common(table, rows);
        List<String> columns = keys.stream().map(key -> Identifiers.normalize(key, "column")).toList();
        QueryParam columnList = new QueryParam("columns", String.join(",", columns.stream().map(FilterQuery::name).toList()));
        return run("insert into " + table, () -> {
            Map<String, String> types = types(target);
            List<Map<String, Object>> created = new ArrayList<>(rows.size());
            for (int start = 0; start < rows.size(); start += batchRows) {
                ArrayNode body = RestValues.JSON.createArrayNode();
                for (Map<String, ?> row : rows.subList(start, Math.min(rows.size(), start + batchRows))) {
                    body.add(RestValues.row(storedKeys(row, keys, columns), types));
                }
                RestClient.Response response = rest.send(new RestClient.Request("POST", target.path(), List.of(columnList),
                        with(target.headers(true), "Prefer", "return=representation"), bytes(body)), "insert into " + table);
                created.addAll(rows(response.json(), types));
            }
            return created;
        });
    }

    @Override
    public CompletableFuture<Map<String, Object>> update(String table, Map<String, ?> data, Map<String, ?> filters) {
        Target target = target(table);
        List<String> keys = RowKeys.insertable(data);
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("Nothing to update in " + table + ": no column given");
        }
        List<String> columns = keys.stream().map(key -> Identifiers.normalize(key, "column")).toList();
        List<QueryParam> params = FilterQuery.params(Filter.required(filters));
        return run("update " + table, () -> {
            Map<String, String> types = types(target);
            RestClient.Response response = rest.send(new RestClient.Request("PATCH", target.path(), params,
                    with(target.headers(true), "Prefer", "return=representation"),
                    bytes(RestValues.row(storedKeys(data, keys, columns), types))), "update " + table);
            List<Map<String, Object>> updated = rows(response.json(), types);
            if (updated.isEmpty()) {
                throw new NoRowsException(table, filters);
            }
            return updated.getFirst();
        });
    }

    @Override
    public CompletableFuture<Integer> delete(String table, Map<String, ?> filters) {
        Target target = target(table);
        List<QueryParam> params = FilterQuery.params(Filter.required(filters));
        return run("delete from " + table, () -> {
            RestClient.Response response = rest.send(new RestClient.Request("DELETE", target.path(), params,
                    with(target.headers(true), "Prefer", "return=minimal, count=exact"), null), "delete from " + table);
            return (int) response.total().orElseThrow(() -> new InternalException(
                    "PostgREST sent no count of deleted rows for " + table, null));
        });
    }

    /** Fails: the REST API runs no raw SQL. */
    @Override
    public CompletableFuture<List<Map<String, Object>>> execute(String sql, Map<String, ?> params) {
        return CompletableFuture.failedFuture(unsupported("raw SQL"));
    }

    /** Fails: each REST request is its own transaction. */
    @Override
    public <T> CompletableFuture<T> transaction(Function<DatabaseClient, ? extends CompletionStage<T>> work) {
        Objects.requireNonNull(work, "work");
        return CompletableFuture.failedFuture(unsupported("transaction"));
    }

    /** Returns {@link Provider#SUPABASE}. */
    @Override
    public Provider provider() {
        return Provider.SUPABASE;
    }

    /** Returns the project URL, for messages; the key is never part of it. */
    public String displayUrl() {
        return rest.displayUrl();
    }

    /** Returns which kind of key this adapter sends, without the key: {@code "the secret key (sb_secret_…)"}. */
    public String keyDescription() {
        return rest.key().description();
    }

    /** Returns whether {@link #close()} has been called. */
    public boolean isClosed() {
        return calls.isClosed();
    }

    /**
     * Refuses new calls, waits for running ones and closes the HTTP client. Idempotent; called from a
     * callback on one of its own threads, it returns at once and releases the client afterwards.
     */
    @Override
    public void close() {
        calls.close(rest::close);
    }

    @Override
    public String toString() {
        return "SupabaseAdapter[" + displayUrl() + ", " + keyDescription() + "]";
    }

    /** Rows of one request and whether the server's cap cut them short, so more may follow. */
    private record Chunk(List<Map<String, Object>> rows, boolean capped) {
    }

    /**
     * Reads every row: one request, counted, when the server's cap holds them all; else pages of the
     * cap's size by offset, ordered by {@code order} and then the primary key so no row is read twice.
     */
    private List<Map<String, Object>> selectAll(Target target, List<QueryParam> params, List<Identifiers.OrderTerm> order)
            throws InterruptedException {
        Map<String, String> types = types(target);
        List<QueryParam> ordered = new ArrayList<>(params);
        if (!order.isEmpty()) {
            ordered.add(orderParam(order));
        }
        Chunk first = get(target, ordered, -1, 0, types);
        if (!first.capped()) {
            return first.rows();
        }
        List<Identifiers.OrderTerm> stable = new ArrayList<>(order);
        ApiSchema.Table table = describe(target);
        for (String key : table == null ? List.<String>of() : table.primaryKey()) {
            if (order.stream().noneMatch(term -> term.column().equals(key))) {
                stable.add(new Identifiers.OrderTerm(key, ""));
            }
        }
        List<QueryParam> paged = new ArrayList<>(params);
        if (!stable.isEmpty()) {
            paged.add(orderParam(stable));
        }
        // the first request's rows were in no stable order: read again from the start in one
        List<Map<String, Object>> rows = new ArrayList<>();
        while (true) {
            Chunk chunk = get(target, paged, -1, rows.size(), types);
            rows.addAll(chunk.rows());
            if (!chunk.capped() || chunk.rows().isEmpty()) {
                return rows;
            }
        }
    }

    /**
     * Sends one read of up to {@code limit} rows ({@code -1}: as many as the server gives) from
     * {@code offset} on ({@code -1}: none). While the server's cap is unknown, the request is counted, so
     * a short answer tells a cut from the end of the rows; the cap learnt is kept.
     */
    private Chunk get(Target target, List<QueryParam> params, int limit, int offset, Map<String, String> types)
            throws InterruptedException {
        List<QueryParam> query = new ArrayList<>(params);
        if (limit > 0) {
            query.add(new QueryParam("limit", Integer.toString(limit)));
        }
        if (offset > 0) {
            query.add(new QueryParam("offset", Integer.toString(offset)));
        }
        int cap = maxRows;
        boolean counted = cap == 0 && (limit < 0 || limit > largestFullPage);
        RestClient.Response response = rest.send(new RestClient.Request("GET", target.path(), query,
                counted ? with(target.headers(false), "Prefer", "count=exact") : target.headers(false), null),
                "select from " + target.name());
        List<Map<String, Object>> rows = rows(response.json(), types);
        int wanted = limit < 0 ? Integer.MAX_VALUE : limit;
        if (rows.size() >= wanted) {
            largestFullPage = Math.max(largestFullPage, rows.size());
            return new Chunk(rows, false);
        }
        if (counted) {
            OptionalLong total = response.total();
            boolean cut = total.isPresent() && total.getAsLong() > Math.max(0, offset) + rows.size();
            if (cut && !rows.isEmpty()) {
                maxRows = rows.size();
            }
            return new Chunk(rows, cut);
        }
        return new Chunk(rows, cap > 0 && rows.size() >= cap);
    }

    /**
     * Returns the column types of {@code target} for converting values; empty when the API does not
     * describe it, or refuses to (a project may keep its description from publishable keys): values then
     * keep JSON's types.
     */
    private Map<String, String> types(Target target) throws InterruptedException {
        ApiSchema.Table table;
        try {
            table = describe(target);
        } catch (DatabaseException refused) {
            if (refused.getCause() != null) {
                throw refused; // no answer at all: the request itself would fail the same way
            }
            return Map.of();
        }
        return table == null ? Map.of() : table.types();
    }

    /**
     * Returns {@code target} as the OpenAPI root describes it, read once and again when a table is missing
     * from a description older than {@link #SCHEMA_REFRESH} (created since); {@code null} when the key's
     * role sees no such table. A refusal to describe is remembered as long.
     *
     * @throws DatabaseException when the API cannot be reached or refuses its description
     */
    private ApiSchema.Table describe(Target target) throws InterruptedException {
        String schemaKey = target.schema() == null ? "" : target.schema();
        Described known = described.get(schemaKey);
        if (known != null && known.refusal() != null && known.fresh()) {
            throw known.refusal().withMessage(known.refusal().getMessage());
        }
        if (known != null && known.refusal() == null && (known.schema().table(target.name()) != null || known.fresh())) {
            return known.schema().table(target.name());
        }
        ApiSchema schema;
        try {
            schema = readSchema(target.schema());
        } catch (DatabaseException refused) {
            if (refused.getCause() == null) {
                described.put(schemaKey, new Described(null, refused, System.nanoTime()));
            }
            throw refused;
        }
        described.put(schemaKey, new Described(schema, null, System.nanoTime()));
        return schema.table(target.name());
    }

    private ApiSchema readSchema(String schema) throws InterruptedException {
        Map<String, String> headers = schema == null ? Map.of() : Map.of("Accept-Profile", schema);
        RestClient.Response response = rest.send(new RestClient.Request("GET", "", List.of(),
                with(headers, "Accept", "application/openapi+json"), null), "read the API description");
        JsonNode document = response.json();
        return document == null ? new ApiSchema(Map.of()) : ApiSchema.read(document);
    }

    private static List<Map<String, Object>> rows(JsonNode body, Map<String, String> types) {
        if (body == null || !body.isArray()) {
            return new ArrayList<>();
        }
        List<Map<String, Object>> rows = new ArrayList<>(body.size());
        for (JsonNode node : body) {
            Map<String, Object> row = new LinkedHashMap<>();
            node.properties().forEach(field -> row.put(field.getKey(), RestValues.value(field.getValue(),
                    types.get(field.getKey()))));
            rows.add(row);
        }
        return rows;
    }

    /** Returns {@code row}'s values under the stored column names. */
    private static Map<String, Object> storedKeys(Map<String, ?> row, List<String> keys, List<String> columns) {
        Map<String, Object> stored = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            stored.put(columns.get(i), row.get(keys.get(i)));
        }
        return stored;
    }

    private static Target target(String table) {
        List<String> parts = Identifiers.tableParts(table);
        Target target = parts.size() == 1 ? new Target(parts.getFirst(), null) : new Target(parts.get(1), parts.getFirst());
        FilterQuery.name(target.name());
        return target;
    }

    private static QueryParam selectParam(String columns) {
        List<String> names = Identifiers.selectColumns(columns);
        return new QueryParam("select", names.isEmpty() ? "*" : String.join(",", names.stream().map(FilterQuery::name).toList()));
    }

    private static QueryParam orderParam(List<Identifiers.OrderTerm> terms) {
        List<String> rendered = new ArrayList<>();
        for (Identifiers.OrderTerm term : terms) {
            String nulls = term.nulls();
            rendered.add(FilterQuery.name(term.column()) + (term.descending() ? ".desc" : ".asc")
                    + (nulls == null ? "" : ".nulls" + nulls.toLowerCase(java.util.Locale.ROOT)));
        }
        return new QueryParam("order", String.join(",", rendered));
    }

    private static Map<String, String> with(Map<String, String> headers, String name, String value) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put(name, value);
        return Collections.unmodifiableMap(all);
    }

    private static byte[] bytes(JsonNode body) {
        try {
            return RestValues.JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("A value cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static UnsupportedOperationForBackendException unsupported(String operation) {
        return new UnsupportedOperationForBackendException(operation, Provider.SUPABASE, "A " + operation
                + " needs a direct PostgreSQL connection; the Supabase REST API runs each request on its own", SQL_HINT);
    }

    /** Runs {@code work} on a virtual thread of this adapter; every call goes through here. */
    private <T> CompletableFuture<T> run(String where, Callable<T> work) {
        return calls.submit(work, error -> {
            if (error instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                return new DatabaseException(ErrorCode.CONNECTION, "Interrupted while waiting for Supabase (" + where + ")",
                        null, null, null, null, null, error);
            }
            return error;
        });
    }

    private ClientClosedException closedError() {
        return new ClientClosedException("This SupabaseAdapter (" + displayUrl() + ") is closed",
                "create a new adapter; close() releases its HTTP client for good");
    }

    /** Builds a {@link SupabaseAdapter} with non-default timeouts, retries or batch size. */
    public static final class Builder {
        private final URI projectUrl;
        private final ApiKey key;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(60);
        private int retries = 3;
        private Duration retryDelay = Duration.ofMillis(250);
        private int batchRows = DEFAULT_BATCH_ROWS;

        private Builder(String projectUrl, String apiKey) {
            this.projectUrl = projectUri(projectUrl);
            this.key = ApiKey.of(apiKey);
        }

        /** Sets how long opening a connection may take (default 10 s). */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /** Sets how long one request may wait for its answer (default 60 s). */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive(timeout, "requestTimeout");
            return this;
        }

        /**
         * Sets how often a request answered {@code 503} (or a read answered {@code 504}) is sent again
         * (default 3), and the first wait, doubled at each retry (default 250 ms).
         */
        public Builder retries(int retries, Duration firstDelay) {
            if (retries < 0) {
                throw new IllegalArgumentException("retries must not be negative, not " + retries);
            }
            this.retries = retries;
            this.retryDelay = Objects.requireNonNull(firstDelay, "firstDelay");
            return this;
        }

        /** Sets how many rows one {@code insertMany} request carries (default {@value #DEFAULT_BATCH_ROWS}). */
        public Builder batchRows(int rows) {
            if (rows < 1) {
                throw new IllegalArgumentException("batchRows must be at least 1, not " + rows);
            }
            this.batchRows = rows;
            return this;
        }

        /** Creates the adapter; nothing is sent yet. */
        public SupabaseAdapter build() {
            return new SupabaseAdapter(this);
        }

        private static Duration positive(Duration duration, String what) {
            if (duration == null || duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, not " + duration);
            }
            return duration;
        }

        private static URI projectUri(String url) {
            if (url == null || url.isBlank()) {
                throw new IllegalArgumentException("The Supabase project URL is empty");
            }
            String trimmed = url.strip().replaceAll("/+$", "").replaceAll("/rest/v1$", "");
            URI uri;
            try {
                uri = URI.create(trimmed);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Invalid Supabase project URL '" + trimmed + "': " + e.getMessage(), e);
            }
            if (uri.getScheme() == null || !uri.getScheme().matches("(?i)https?") || uri.getHost() == null
                    || uri.getUserInfo() != null || uri.getQuery() != null) {
                throw new IllegalArgumentException("Invalid Supabase project URL '" + trimmed + "': expected"
                        + " https://<project-ref>.supabase.co (or http://127.0.0.1:54321 for the local stack)");
            }
            return uri;
        }
    }
}
