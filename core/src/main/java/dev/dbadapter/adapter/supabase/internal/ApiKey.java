package dev.dbadapter.adapter.supabase.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Supabase API key and how it travels. A legacy key is an HS256 JWT carrying a role ({@code anon},
 * {@code service_role}) and goes in both {@code apikey} and {@code Authorization: Bearer}; a current
 * key ({@code sb_publishable_…}, {@code sb_secret_…}) is not a JWT and goes in {@code apikey} only,
 * the gateway mapping it to a role. {@link #toString()} and {@link #description()} never show the key.
 *
 * @param value the key itself
 * @param kind what kind of key it is
 * @param role the role a legacy JWT carries, or {@code null}
 */
public record ApiKey(String value, Kind kind, String role) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The kinds of Supabase API keys. */
    public enum Kind {
        /** {@code sb_publishable_…}: safe in a browser, the {@code anon} role. */
        PUBLISHABLE,
        /** {@code sb_secret_…}: server-side only, the {@code service_role} role. */
        SECRET,
        /** A legacy JWT key ({@code anon} or {@code service_role}). */
        LEGACY_JWT,
        /** Anything else, sent in {@code apikey} only. */
        UNKNOWN
    }

    /**
     * Recognises the kind of {@code value}.
     *
     * @throws IllegalArgumentException when the key is missing or blank
     */
    public static ApiKey of(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("The Supabase API key is empty: set api_key (for example"
                    + " api_key = \"${SUPABASE_KEY}\") to the project's secret or service_role key");
        }
        String key = value.strip();
        if (key.startsWith("sb_publishable_")) {
            return new ApiKey(key, Kind.PUBLISHABLE, null);
        }
        if (key.startsWith("sb_secret_")) {
            return new ApiKey(key, Kind.SECRET, null);
        }
        String role = jwtRole(key);
        return role == null ? new ApiKey(key, Kind.UNKNOWN, null) : new ApiKey(key, Kind.LEGACY_JWT, role);
    }

    /** Returns the headers that carry the key, as Supabase's own clients send this kind. */
    public Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("apikey", value);
        if (kind == Kind.LEGACY_JWT) {
            headers.put("Authorization", "Bearer " + value);
        }
        return headers;
    }

    /** Says which key was used without showing it: {@code "the secret key (sb_secret_…)"}. */
    public String description() {
        return switch (kind) {
            case PUBLISHABLE -> "the publishable key (sb_publishable_…)";
            case SECRET -> "the secret key (sb_secret_…)";
            case LEGACY_JWT -> "the legacy JWT key of role " + role;
            case UNKNOWN -> "an API key that is neither an sb_ key nor a JWT";
        };
    }

    /** Returns the key masked for display: its kind's prefix and {@code ***} ({@code sb_secret_***}). */
    public String masked() {
        return switch (kind) {
            case PUBLISHABLE -> "sb_publishable_***";
            case SECRET -> "sb_secret_***";
            case LEGACY_JWT -> "*** (legacy JWT, role " + role + ")";
            case UNKNOWN -> "***";
        };
    }

    @Override
    public String toString() {
        return "ApiKey[" + description() + "]";
    }

    /** Returns the {@code role} claim of a JWT, or {@code null} when {@code key} is not one. */
    private static String jwtRole(String key) {
        String[] parts = key.split("\\.", -1);
        if (parts.length != 3) {
            return null;
        }
        try {
            JsonNode claims = JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            JsonNode role = claims == null ? null : claims.get("role");
            return role != null && role.isTextual() ? role.asText() : "unknown";
        } catch (IllegalArgumentException | IOException notAJwt) {
            return null;
        }
    }
}
