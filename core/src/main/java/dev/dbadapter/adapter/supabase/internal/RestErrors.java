package dev.dbadapter.adapter.supabase.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dbadapter.ErrorCode;
import dev.dbadapter.adapter.DatabaseException;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Turns a failed PostgREST exchange into a {@link DatabaseException}: the SQLSTATE or {@code PGRST}
 * code, message, details and hint of PostgREST's error body kept; a 401 / 403 naming the kind of key
 * used (never the key); a body that is not PostgREST's JSON, a timeout or a broken connection as a
 * connection error.
 */
public final class RestErrors {
    private static final int SHOWN_BODY = 200;

    private RestErrors() {
    }

    /**
     * Returns the error for a response with status {@code status} and body {@code body}.
     *
     * @param where what the request was for ({@code "insert into products"})
     */
    public static DatabaseException fromResponse(int status, byte[] body, String where, ApiKey key) {
        JsonNode error = parse(body);
        boolean auth = status == 401 || status == 403;
        String keyNote = auth ? "; the request used " + key.description() : "";
        if (error == null || !error.isObject() || !error.hasNonNull("message")) {
            String text = new String(body, StandardCharsets.UTF_8).strip();
            String shown = text.length() > SHOWN_BODY ? text.substring(0, SHOWN_BODY) + "…" : text;
            return new DatabaseException(ErrorCode.CONNECTION, "Supabase answered HTTP " + status + " (" + where + ")"
                    + (shown.isEmpty() ? " with an empty body" : " with a body that is not PostgREST's JSON: " + shown)
                    + keyNote, null, null, null, statusHint(status, auth), null, null);
        }
        String code = textOrNull(error, "code");
        String message = error.get("message").asText();
        String details = textOrNull(error, "details");
        String hint = textOrNull(error, "hint");
        boolean sqlRejected = code != null && !code.startsWith("PGRST") && !code.startsWith("08")
                && !code.matches("57P0[123]");
        ErrorCode kind = sqlRejected || (code != null && code.matches("PGRST[12]\\d\\d") && !auth)
                ? ErrorCode.SQL : ErrorCode.CONNECTION;
        String text = (kind == ErrorCode.SQL ? "Database error" : "Supabase refused the request")
                + (code == null ? " [HTTP " + status + "]" : " [" + code + ", HTTP " + status + "]")
                + " (" + where + "): " + message + (details == null ? "" : " — " + details) + keyNote;
        String ours = statusHint(status, auth);
        return new DatabaseException(kind, text, code, message, details,
                hint == null ? ours : auth ? hint + "; " + ours : hint, null, null);
    }

    /** Returns the error for a request that got no answer: a timeout, a refused or broken connection. */
    public static DatabaseException transport(IOException error, String where, String url, Duration timeout) {
        String message = error instanceof HttpTimeoutException
                ? "Supabase did not answer within " + timeout.toMillis() + " ms (" + where + ")"
                : "Cannot reach Supabase at " + url + " (" + where + "): " + reason(error);
        return new DatabaseException(ErrorCode.CONNECTION, message, null, null, null,
                "check the project URL and that the project is running (a paused project does not answer)", null, error);
    }

    /** Says why a connection failed; {@code HttpClient} leaves the message of a refused connection empty. */
    private static String reason(IOException error) {
        if (error.getMessage() != null && !error.getMessage().isBlank()) {
            return error.getMessage();
        }
        return switch (error) {
            case java.net.ConnectException refused -> "connection refused";
            case java.nio.channels.ClosedChannelException closed -> "the connection was closed";
            default -> error.getClass().getSimpleName();
        };
    }

    private static String statusHint(int status, boolean auth) {
        if (auth) {
            return "check api_key: a secret or service_role key sees every row; a publishable or anon key only"
                    + " what row-level security allows";
        }
        return status >= 500 ? "Supabase or its database is unavailable; try again later" : null;
    }

    private static JsonNode parse(byte[] body) {
        try {
            return body.length == 0 ? null : RestValues.JSON.readTree(body);
        } catch (IOException notJson) {
            return null;
        }
    }

    private static String textOrNull(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
