package dev.dbadapter.factory;

import dev.dbadapter.DbAdapterException;
import dev.dbadapter.adapter.DatabaseClient;
import dev.dbadapter.adapter.Provider;
import dev.dbadapter.adapter.postgres.PostgresAdapter;
import dev.dbadapter.adapter.postgres.PostgresUrl;
import dev.dbadapter.adapter.supabase.SupabaseAdapter;
import dev.dbadapter.config.ConfigException;
import dev.dbadapter.config.DatabaseConfig;
import dev.dbadapter.config.DatabaseProfile;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Turns configuration into adapters: resolves which profile is current ({@code {prefix}DB_PROFILE},
 * then the {@code .db-profile} lock file), fills in passwords and builds the {@link DatabaseClient} of
 * the profile's provider (a {@link PostgresAdapter} for {@code postgres}, a {@link SupabaseAdapter} for
 * {@code supabase}).
 *
 * <pre>{@code
 * AdapterFactory factory = AdapterFactory.create(Workspace.current());
 * try (DatabaseClient db = factory.getAdapter(AdapterRequest.current())) { ... }
 * }</pre>
 */
public final class AdapterFactory {
    /** The environment variable (after the prefix) naming the current profile. */
    public static final String PROFILE_VARIABLE = "DB_PROFILE";

    private final Workspace workspace;
    private final Path configFile;
    private DatabaseConfig config;

    private AdapterFactory(Workspace workspace, Path configFile) {
        this.workspace = workspace;
        this.configFile = configFile;
    }

    /** Creates a factory reading {@code db.toml} from the workspace's directory. */
    public static AdapterFactory create(Workspace workspace) {
        return new AdapterFactory(workspace, workspace.configFile());
    }

    /** Creates a factory reading the given configuration file instead of {@code db.toml}. */
    public static AdapterFactory create(Workspace workspace, Path configFile) {
        return new AdapterFactory(workspace, workspace.directory().resolve(configFile));
    }

    /** Returns the workspace. */
    public Workspace workspace() {
        return workspace;
    }

    /** Returns the lock file of the workspace. */
    public LockFile lockFile() {
        return new LockFile(workspace.lockFile());
    }

    /**
     * Returns the configuration, loading it on first use.
     *
     * @throws ConfigException when the file is missing or invalid
     */
    public synchronized DatabaseConfig config() {
        if (config == null) {
            config = DatabaseConfig.load(configFile, workspace.environment());
        }
        return config;
    }

    /**
     * Resolves the current profile: {@code {envPrefix}DB_PROFILE}, then the lock file.
     *
     * @param envPrefix prefix of the environment variable, or {@code null} / {@code ""} for none
     * @throws ConfigException when neither names a profile, with a hint
     *     on how to pick one
     * @throws dev.dbadapter.config.ProfileNotFoundException when the named profile is not configured
     */
    public ResolvedProfile resolveProfile(String envPrefix) {
        String variable = (envPrefix == null ? "" : envPrefix) + PROFILE_VARIABLE;
        String fromEnv = workspace.environment().get(variable);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return new ResolvedProfile(config().profile(fromEnv.strip()), ProfileSource.ENVIRONMENT, "env " + variable);
        }
        Optional<String> locked = lockFile().read();
        if (locked.isPresent()) {
            return new ResolvedProfile(config().profile(locked.get()), ProfileSource.LOCK_FILE,
                    ".db-profile");
        }
        throw new ConfigException("No database profile selected",
                "run 'db-adapter use <profile>' (or connect), pass -p <profile>, or set " + variable
                        + "; profiles: " + String.join(", ", config().profiles().keySet()), null);
    }

    /**
     * Returns the profile for {@code name}, or the current one when {@code name} is {@code null}.
     *
     * @throws dev.dbadapter.config.ProfileNotFoundException when {@code name} is not configured
     */
    public ResolvedProfile resolveProfile(String name, String envPrefix) {
        if (name != null) {
            return new ResolvedProfile(config().profile(name), ProfileSource.EXPLICIT, "argument");
        }
        return resolveProfile(envPrefix);
    }

    /**
     * Returns the profile's URL with {@code [YOUR-PASSWORD]} replaced by its URL-encoded
     * {@code db_password}.
     *
     * @throws ConfigException when the URL has the placeholder but the profile no {@code db_password},
     *     or the URL cannot be read (the message names the profile, never the password)
     */
    public static String resolveUrl(DatabaseProfile profile) {
        String url = profile.url();
        if (!url.contains(DatabaseProfile.PASSWORD_PLACEHOLDER)) {
            return checked(profile, url);
        }
        if (profile.dbPassword() == null || profile.dbPassword().isEmpty()) {
            throw new ConfigException(null, 0, "Profile '" + profile.name() + "' has " + DatabaseProfile.PASSWORD_PLACEHOLDER
                    + " in its url but no db_password", "add db_password = \"${DB_PASSWORD}\" to [profiles."
                    + profile.name() + "]", null);
        }
        String encoded = URLEncoder.encode(profile.dbPassword(), StandardCharsets.UTF_8).replace("+", "%20");
        return checked(profile, url.replace(DatabaseProfile.PASSWORD_PLACEHOLDER, encoded));
    }

    private static String checked(DatabaseProfile profile, String url) {
        if (profile.provider() != Provider.POSTGRES) {
            return url;
        }
        try {
            PostgresUrl.parse(url);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(null, 0, "Profile '" + profile.name() + "': " + e.getMessage(), null, e);
        }
        return url;
    }

    /**
     * Builds a client for {@code request}: its URL (a PostgreSQL one) wins over its profile name, which
     * wins over environment / lock-file resolution.
     *
     * @throws DbAdapterException when no profile can be resolved or the URL is invalid
     */
    public DatabaseClient getAdapter(AdapterRequest request) {
        if (request.url() != null) {
            return build(request.url(), request);
        }
        ResolvedProfile resolved = resolveProfile(request.profile(), request.envPrefix());
        return getAdapter(resolved.profile(), request);
    }

    /**
     * Builds the client of {@code profile}'s provider: a {@link PostgresAdapter} with the json columns
     * and pool settings of {@code options} (its URL and profile name are ignored), or a
     * {@link SupabaseAdapter} over the project URL and {@code api_key}.
     *
     * @throws ConfigException when the profile's URL is invalid or lacks its password, or a Supabase
     *     profile's URL or key cannot be used
     */
    public DatabaseClient getAdapter(DatabaseProfile profile, AdapterRequest options) {
        return switch (profile.provider()) {
            case POSTGRES -> build(resolveUrl(profile), options);
            case SUPABASE -> {
                if (profile.apiKey() == null || profile.apiKey().isBlank()) {
                    throw new ConfigException(null, 0, "Profile '" + profile.name() + "' has provider \"supabase\" but no"
                            + " api_key", "add api_key = \"${SUPABASE_KEY}\" to [profiles." + profile.name() + "] and set"
                            + " SUPABASE_KEY to the project's secret key (sb_secret_…) or service_role key", null);
                }
                try {
                    yield SupabaseAdapter.connect(profile.url(), profile.apiKey());
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(null, 0, "Profile '" + profile.name() + "': " + e.getMessage(), null, e);
                }
            }
        };
    }

    private static PostgresAdapter build(String url, AdapterRequest options) {
        PostgresAdapter.Builder builder = PostgresAdapter.builder(url).jsonbColumns(options.jsonbColumns())
                .pool(options.pool());
        return (options.pooled() ? builder : builder.unpooled()).build();
    }
}
