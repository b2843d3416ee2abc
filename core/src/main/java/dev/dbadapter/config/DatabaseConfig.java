package dev.dbadapter.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.dbadapter.adapter.Provider;
import dev.dbadapter.config.internal.EnvExpander;
import dev.dbadapter.config.internal.TomlLines;
import dev.dbadapter.internal.Identifiers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The contents of a {@code db.toml}: named profiles plus the {@code [schema]}, {@code [sync]} and
 * {@code [defaults]} tables. Unknown keys are kept as {@link #warnings()}.
 *
 * @param source the file it was read from, or {@code null}
 * @param profiles the profiles by name, in file order
 * @param schema the {@code [schema]} settings
 * @param sync the {@code [sync]} settings
 * @param defaults the {@code [defaults]} settings
 * @param warnings unknown keys and other things that look like mistakes
 * @param unusable profiles that cannot be used here because a value names an environment variable
 *     that is not set, with the error {@link #profile} throws for them; the other profiles stay usable
 */
public record DatabaseConfig(Path source, Map<String, DatabaseProfile> profiles, SchemaSettings schema,
        SyncSettings sync, Defaults defaults, List<String> warnings, Map<String, ConfigException> unusable) {

    /** The file name read from the working directory. */
    public static final String FILE_NAME = "db.toml";

    private static final Set<String> PROFILE_KEYS = Set.of("url", "description", "provider", "db_password", "protected", "api_key");
    private static final Set<String> SCHEMA_KEYS = Set.of("file", "validate_on_connect", "column_defs", "backup_schema");

    /** Copies the collections. */
    public DatabaseConfig {
        profiles = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(profiles));
        warnings = List.copyOf(warnings);
        unusable = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(unusable));
    }

    /** A configuration whose profiles are all usable. */
    public DatabaseConfig(Path source, Map<String, DatabaseProfile> profiles, SchemaSettings schema, SyncSettings sync,
            Defaults defaults, List<String> warnings) {
        this(source, profiles, schema, sync, defaults, warnings, Map.of());
    }

    /**
     * Returns the profile called {@code name}.
     *
     * @throws ProfileNotFoundException listing the defined profiles when there is none by that name
     * @throws ConfigException naming the file, line and variable when the profile names an unset
     *     environment variable
     */
    public DatabaseProfile profile(String name) {
        DatabaseProfile profile = profiles.get(name);
        if (profile == null && unusable.containsKey(name)) {
            throw unusable.get(name);
        }
        if (profile == null) {
            List<String> names = new java.util.ArrayList<>(profiles.keySet());
            names.addAll(unusable.keySet());
            throw new ProfileNotFoundException(name, names);
        }
        return profile;
    }

    /**
     * Reads {@code file}, expanding {@code ${VAR}} references from {@code environment}.
     *
     * @throws ConfigException when the file is missing or unreadable, is not valid TOML, lacks a
     *     required key, has a value of the wrong type or references an unset variable outside a
     *     profile (a profile that does is only {@linkplain #unusable() unusable}); the message names
     *     the file and line
     */
    public static DatabaseConfig load(Path file, Map<String, String> environment) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file, 0, "configuration file not found",
                    "create " + FILE_NAME + " with a [profiles.NAME] table holding url = \"postgresql://...\", or pass --config FILE", e);
        } catch (IOException e) {
            throw new ConfigException(file, 0, "cannot read configuration file: " + e.getMessage(), null, e);
        }
        return parse(file, text, environment);
    }

    /** Parses TOML {@code text} as if read from {@code file}; see {@link #load(Path, Map)}. */
    public static DatabaseConfig parse(Path file, String text, Map<String, String> environment) {
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1); // a byte order mark some Windows editors write
        }
        JsonNode root;
        try {
            root = new TomlMapper().readTree(text);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new ConfigException(file, line, "invalid TOML: " + e.getOriginalMessage(), null, e);
        }
        return new Reader(file, new TomlLines(text), environment).read(root == null ? TomlMapper.builder().build().createObjectNode() : root);
    }

    /** Walks the parsed tree, checking types and collecting warnings. */
    private static final class Reader {
        private final Path file;
        private final TomlLines lines;
        private final Map<String, String> environment;
        private final List<String> warnings = new ArrayList<>();

        Reader(Path file, TomlLines lines, Map<String, String> environment) {
            this.file = file;
            this.lines = lines;
            this.environment = environment;
        }

        DatabaseConfig read(JsonNode root) {
            Map<String, DatabaseProfile> profiles = new LinkedHashMap<>();
            Map<String, ConfigException> unusable = new LinkedHashMap<>();
            JsonNode profilesNode = root.path("profiles");
            if (!profilesNode.isMissingNode()) {
                requireTable(profilesNode, "profiles");
                for (Iterator<Map.Entry<String, JsonNode>> it = profilesNode.fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> entry = it.next();
                    try {
                        profiles.put(entry.getKey(), profile(entry.getKey(), entry.getValue()));
                    } catch (UnsetInProfile e) {
                        unusable.put(entry.getKey(), e.error);
                    }
                }
            }
            SchemaSettings schema = SchemaSettings.DEFAULTS;
            JsonNode schemaNode = root.path("schema");
            if (!schemaNode.isMissingNode()) {
                requireTable(schemaNode, "schema");
                warnUnknown(schemaNode, "schema", SCHEMA_KEYS);
                schema = new SchemaSettings(
                        string(schemaNode, "schema", "file", SchemaSettings.DEFAULTS.file()),
                        bool(schemaNode, "schema", "validate_on_connect", true),
                        string(schemaNode, "schema", "column_defs", null),
                        string(schemaNode, "schema", "backup_schema", null));
            }
            SyncSettings sync = SyncSettings.DEFAULTS;
            JsonNode syncNode = root.path("sync");
            if (!syncNode.isMissingNode()) {
                requireTable(syncNode, "sync");
                warnUnknown(syncNode, "sync", Set.of("tables"));
                List<String> tables = stringList(syncNode, "sync", "tables");
                for (String table : tables) {
                    try {
                        Identifiers.tableParts(table);
                    } catch (IllegalArgumentException e) {
                        throw new ConfigException(file, lines.lineOf("sync.tables"), "sync.tables: " + e.getMessage(),
                                null, null);
                    }
                }
                sync = new SyncSettings(tables);
            }
            Defaults defaults = Defaults.DEFAULTS;
            JsonNode defaultsNode = root.path("defaults");
            if (!defaultsNode.isMissingNode()) {
                requireTable(defaultsNode, "defaults");
                warnUnknown(defaultsNode, "defaults", Set.of("user_id_env"));
                defaults = new Defaults(string(defaultsNode, "defaults", "user_id_env", null));
            }
            for (Iterator<String> it = root.fieldNames(); it.hasNext();) {
                String key = it.next();
                if (!Set.of("profiles", "schema", "sync", "defaults").contains(key)) {
                    warn(key, "unknown key '" + key + "' (ignored)");
                }
            }
            return new DatabaseConfig(file, profiles, schema, sync, defaults, warnings, unusable);
        }

        private DatabaseProfile profile(String name, JsonNode node) {
            String path = "profiles." + name;
            requireTable(node, path);
            warnUnknown(node, path, PROFILE_KEYS);
            String url = string(node, path, "url", null);
            if (url == null || url.isBlank()) {
                throw new ConfigException(file, lines.lineOf(path), "profile '" + name + "' has no url",
                        "add url = \"postgresql://user:pass@host:5432/db\" under [" + path + "]", null);
            }
            String providerName = string(node, path, "provider", Provider.POSTGRES.id());
            Provider provider = Provider.parse(providerName)
                    .orElseThrow(() -> unknownProvider(path, name, providerName));
            String apiKey = string(node, path, "api_key", null);
            if (provider != Provider.SUPABASE && apiKey != null) {
                warn(path + ".api_key", "api_key in [" + path + "] is used only with provider = \"supabase\" (ignored)");
            }
            return new DatabaseProfile(name, url, string(node, path, "description", null), provider,
                    string(node, path, "db_password", null), bool(node, path, "protected", false),
                    provider == Provider.SUPABASE ? apiKey : null);
        }

        /** Carries a profile's unset-variable error out of its parsing, so only that profile is unusable. */
        private static final class UnsetInProfile extends RuntimeException {
            private static final long serialVersionUID = 1L;
            private final transient ConfigException error;

            UnsetInProfile(ConfigException error) {
                super(error.getMessage(), null, false, false);
                this.error = error;
            }
        }

        private ConfigException unknownProvider(String path, String name, String providerName) {
            List<String> known = Arrays.stream(Provider.values()).map(provider -> "\"" + provider.id() + "\"").toList();
            return new ConfigException(file, lines.lineOf(path + ".provider"), "profile '" + name
                    + "' has unknown provider '" + providerName + "'", "use " + String.join(" or ", known), null);
        }

        private void requireTable(JsonNode node, String path) {
            if (!node.isObject()) {
                throw new ConfigException(file, lines.lineOf(path), "'" + path + "' must be a table", null, null);
            }
        }

        private void warnUnknown(JsonNode node, String path, Set<String> known) {
            for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
                String key = it.next();
                if (!known.contains(key)) {
                    List<String> near = known.stream().filter(candidate -> nearMiss(key, candidate)).sorted().toList();
                    warn(path + "." + key, "unknown key '" + key + "' in [" + path + "] (ignored; "
                            + (near.isEmpty() ? "" : "did you mean `" + String.join("` or `", near) + "`? ")
                            + "known keys: " + String.join(", ", known.stream().sorted().toList()) + ")");
                }
            }
        }

        /**
         * Returns whether unknown key {@code key} is likely a misspelling of {@code known}: at most one
         * edit apart (a character inserted, deleted or replaced, or two neighbours swapped), two for keys
         * of six characters or more ({@code protect} for {@code protected}).
         */
        private static boolean nearMiss(String key, String known) {
            int allowed = Math.min(key.length(), known.length()) >= 6 ? 2 : 1;
            return editDistance(key.toLowerCase(java.util.Locale.ROOT), known) <= allowed;
        }

        /** The optimal-string-alignment distance: insertions, deletions, replacements, neighbour swaps. */
        private static int editDistance(String a, String b) {
            int[][] d = new int[a.length() + 1][b.length() + 1];
            for (int i = 0; i <= a.length(); i++) {
                for (int j = 0; j <= b.length(); j++) {
                    if (i == 0 || j == 0) {
                        d[i][j] = i + j;
                        continue;
                    }
                    int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                    d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                    if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                    }
                }
            }
            return d[a.length()][b.length()];
        }

        private void warn(String path, String message) {
            int line = lines.lineOf(path);
            warnings.add((file == null ? "" : file + (line > 0 ? ":" + line : "") + ": ") + message);
        }

        private String string(JsonNode node, String path, String key, String fallback) {
            JsonNode value = node.get(key);
            if (value == null || value.isNull()) {
                return fallback;
            }
            if (!value.isTextual()) {
                throw wrongType(path, key, "a string", value);
            }
            return expand(path, key, value.asText());
        }

        private String expand(String path, String key, String text) {
            try {
                return EnvExpander.expand(text, environment);
            } catch (IllegalArgumentException e) {
                ConfigException error = new ConfigException(file, lines.lineOf(path + "." + key),
                        path + "." + key + ": " + e.getMessage(), null, null);
                if (e instanceof EnvExpander.UnsetVariableException && path.startsWith("profiles.")) {
                    throw new UnsetInProfile(error);
                }
                throw error;
            }
        }

        private boolean bool(JsonNode node, String path, String key, boolean fallback) {
            JsonNode value = node.get(key);
            if (value == null || value.isNull()) {
                return fallback;
            }
            if (!value.isBoolean()) {
                throw wrongType(path, key, "true or false", value);
            }
            return value.asBoolean();
        }

        private List<String> stringList(JsonNode node, String path, String key) {
            JsonNode value = node.get(key);
            if (value == null || value.isNull()) {
                return List.of();
            }
            if (!value.isArray()) {
                throw wrongType(path, key, "an array of strings", value);
            }
            List<String> items = new ArrayList<>();
            for (JsonNode item : value) {
                if (!item.isTextual()) {
                    throw wrongType(path, key, "an array of strings", value);
                }
                items.add(expand(path, key, item.asText()));
            }
            return items;
        }

        private ConfigException wrongType(String path, String key, String expected, JsonNode actual) {
            return new ConfigException(file, lines.lineOf(path + "." + key), path + "." + key + " must be "
                    + expected + ", not " + actual.getNodeType().name().toLowerCase(java.util.Locale.ROOT), null, null);
        }
    }
}
