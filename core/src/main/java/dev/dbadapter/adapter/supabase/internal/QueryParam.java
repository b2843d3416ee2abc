package dev.dbadapter.adapter.supabase.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One query-string parameter of a PostgREST request, as PostgREST reads it (before percent-encoding).
 *
 * @param name the parameter name: a quoted column name for a filter, or {@code select}, {@code order}, ...
 * @param value its value
 */
public record QueryParam(String name, String value) {

    /** Renders {@code params} as a query string ({@code ""} when empty), every name and value percent-encoded. */
    public static String queryString(List<QueryParam> params) {
        StringBuilder query = new StringBuilder();
        for (QueryParam param : params) {
            query.append(query.isEmpty() ? '?' : '&').append(encode(param.name())).append('=').append(encode(param.value()));
        }
        return query.toString();
    }

    /** Percent-encodes {@code text} for a URL path segment or query part (a space as {@code %20}). */
    public static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
