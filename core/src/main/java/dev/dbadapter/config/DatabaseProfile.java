package dev.dbadapter.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.dbadapter.adapter.Provider;
import dev.dbadapter.adapter.postgres.PostgresUrl;
import dev.dbadapter.adapter.supabase.internal.ApiKey;

/**
 * One named database in {@code db.toml}.
 *
 * @param name the profile's name ({@code [profiles.NAME]})
 * @param url the connection URL, possibly holding {@code [YOUR-PASSWORD]}
 * @param description free text, or {@code null}
 * @param provider the backend: {@link Provider#POSTGRES} (the default) or {@link Provider#SUPABASE};
 *     printed and serialised as its lower-case name
 * @param dbPassword replaces {@code [YOUR-PASSWORD]} in the URL, or {@code null}
 * @param isProtected whether commands that write to this profile refuse unless explicitly allowed
 * @param apiKey the Supabase API key ({@code api_key}, provider {@code supabase} only), or {@code null};
 *     shown only masked
 */
public record DatabaseProfile(String name, @JsonIgnore String url, String description, Provider provider,
        @JsonIgnore String dbPassword, @JsonProperty("protected") boolean isProtected, @JsonIgnore String apiKey) {

    /** The password placeholder that {@code db_password} replaces. */
    public static final String PASSWORD_PLACEHOLDER = "[YOUR-PASSWORD]";

    /** Creates a profile without an API key (a PostgreSQL one). */
    public DatabaseProfile(String name, String url, String description, Provider provider, String dbPassword,
            boolean isProtected) {
        this(name, url, description, provider, dbPassword, isProtected, null);
    }

    /**
     * Returns the API key masked for display ({@code sb_secret_***}), or {@code null} when the profile
     * has none.
     */
    @JsonProperty("api_key")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public String maskedApiKey() {
        return apiKey == null || apiKey.isBlank() ? null : ApiKey.of(apiKey).masked();
    }

    /** Returns the URL with any password masked, for display. */
    @JsonProperty("url")
    public String maskedUrl() {
        return PostgresUrl.mask(url);
    }

    /**
     * Refuses a write to a protected profile unless {@code allowProtected}.
     *
     * @throws ProtectedProfileException when the profile is protected and
     *     the write was not explicitly allowed
     */
    public void checkWritable(boolean allowProtected) {
        if (isProtected && !allowProtected) {
            throw new ProtectedProfileException(name);
        }
    }

    @Override
    public String toString() {
        return "DatabaseProfile[name=" + name + ", url=" + maskedUrl() + ", description=" + description
                + ", provider=" + provider + (apiKey == null ? "" : ", api_key=" + maskedApiKey())
                + ", protected=" + isProtected + "]";
    }
}
