package dev.dbadapter.adapter.postgres;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PostgreSQL connection URL converted to pgjdbc's form. Accepts {@code postgres://},
 * {@code postgresql://}, {@code postgresql+asyncpg://} (libpq style) and {@code jdbc:postgresql://}.
 * The user and password travel outside the JDBC URL so that it can be shown safely.
 *
 * @param jdbcUrl the {@code jdbc:postgresql://} URL, without user or password
 * @param user the user, or {@code null} for the driver's default
 * @param password the password, or {@code null}
 */
public record PostgresUrl(String jdbcUrl, String user, String password) {

    private static final Pattern SCHEME = Pattern.compile("(?i)^(postgres|postgresql|postgresql\\+\\w+)://");
    private static final Pattern PASSWORD_IN_USERINFO = Pattern.compile("^([a-zA-Z][\\w+.-]*://[^:/@?#]*):([^@]*)@");
    private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)([?&;]password=)[^&;]*");
    private static final Map<String, String> TARGET_SESSION_ATTRS = Map.of(
            "any", "any", "read-write", "primary", "primary", "primary",
            "read-only", "secondary", "standby", "secondary", "prefer-standby", "preferSecondary");

    /**
     * Parses {@code url} in any accepted form.
     *
     * @throws IllegalArgumentException when the URL is blank, has another scheme or a bad port; the
     *     message shows the URL masked
     */
    public static PostgresUrl parse(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("Database URL is empty");
        }
        String trimmed = url.strip();
        if (trimmed.regionMatches(true, 0, "jdbc:postgresql:", 0, 16)) {
            return parseJdbc(trimmed);
        }
        Matcher scheme = SCHEME.matcher(trimmed);
        if (!scheme.find()) {
            throw new IllegalArgumentException("Unsupported database URL '" + mask(trimmed)
                    + "': expected postgresql://, postgres://, postgresql+asyncpg:// or jdbc:postgresql://");
        }
        String rest = trimmed.substring(scheme.end());
        int fragment = rest.indexOf('#');
        if (fragment >= 0) {
            rest = rest.substring(0, fragment);
        }
        String query = "";
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String database = slash < 0 ? "" : decode(rest.substring(slash + 1));
        String user = null;
        String password = null;
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = authority.substring(0, at);
            authority = authority.substring(at + 1);
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (Map.Entry<String, String> param : parseQuery(query).entrySet()) {
            String key = param.getKey();
            String value = param.getValue();
            switch (key) {
                case "user" -> user = value;
                case "password" -> password = value;
                case "dbname" -> database = value;
                case "host", "port" -> {
                    if (authority.isEmpty()) {
                        authority = key.equals("host") ? value : ":" + value;
                    }
                }
                case "application_name" -> params.put("ApplicationName", value);
                case "connect_timeout" -> params.put("connectTimeout", value);
                case "target_session_attrs" -> params.put("targetServerType",
                        TARGET_SESSION_ATTRS.getOrDefault(value.toLowerCase(Locale.ROOT), value));
                case "ssl" -> {
                    if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("require")) {
                        params.put("sslmode", "require");
                    } else {
                        params.put("sslmode", value.toLowerCase(Locale.ROOT));
                    }
                }
                case "prepared_statement_cache_size", "command_timeout", "server_settings" -> {
                    // asyncpg-only settings; pgjdbc has no equivalent
                }
                default -> params.put(key, value);
            }
        }
        StringBuilder jdbc = new StringBuilder("jdbc:postgresql://");
        jdbc.append(String.join(",", hosts(authority, url)));
        jdbc.append('/').append(encode(database));
        String separator = "?";
        for (Map.Entry<String, String> param : params.entrySet()) {
            jdbc.append(separator).append(param.getKey()).append('=').append(encode(param.getValue()));
            separator = "&";
        }
        return new PostgresUrl(jdbc.toString(), emptyToNull(user), password);
    }

    /**
     * Returns {@code url} with its password replaced by {@code ***}, for display. Works on every
     * accepted form; anything unrecognised is returned with any {@code password=} value masked.
     */
    public static String mask(String url) {
        if (url == null) {
            return null;
        }
        String masked = PASSWORD_IN_USERINFO.matcher(url).replaceFirst("$1:***@");
        return PASSWORD_PARAM.matcher(masked).replaceAll("$1***");
    }

    /** Returns the JDBC URL with the user shown, for display; never contains the password. */
    public String display() {
        return user == null ? jdbcUrl : jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + "user=" + user;
    }

    @Override
    public String toString() {
        return "PostgresUrl[" + display() + (password == null ? "" : ", password=***") + "]";
    }

    private static PostgresUrl parseJdbc(String url) {
        String user = null;
        String password = null;
        StringBuilder kept = new StringBuilder();
        int q = url.indexOf('?');
        if (q < 0) {
            return new PostgresUrl(url, null, null);
        }
        String separator = "?";
        for (String pair : url.substring(q + 1).split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (key.equals("user")) {
                user = value;
            } else if (key.equals("password")) {
                password = value;
            } else {
                kept.append(separator).append(pair);
                separator = "&";
            }
        }
        return new PostgresUrl(url.substring(0, q) + kept, emptyToNull(user), password);
    }

    private static List<String> hosts(String authority, String url) {
        List<String> hosts = new ArrayList<>();
        if (authority.isEmpty()) {
            hosts.add("localhost:5432");
            return hosts;
        }
        for (String spec : authority.split(",")) {
            String host;
            String port = "5432";
            if (spec.startsWith("[")) {
                int close = spec.indexOf(']');
                if (close < 0) {
                    throw new IllegalArgumentException("Bad IPv6 host in database URL '" + mask(url) + "'");
                }
                host = spec.substring(0, close + 1);
                String after = spec.substring(close + 1);
                if (after.startsWith(":") && after.length() > 1) {
                    port = after.substring(1);
                }
            } else {
                int colon = spec.lastIndexOf(':');
                host = colon < 0 ? spec : spec.substring(0, colon);
                if (colon >= 0 && colon + 1 < spec.length()) {
                    port = spec.substring(colon + 1);
                }
            }
            if (!port.chars().allMatch(Character::isDigit) || port.length() > 5
                    || Integer.parseInt(port) > 65535) {
                throw new IllegalArgumentException("Bad port '" + port + "' in database URL '" + mask(url) + "'");
            }
            hosts.add((host.isEmpty() ? "localhost" : host) + ":" + port);
        }
        return hosts;
    }

    private static Map<String, String> parseQuery(String query) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            params.put(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
        return params;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String emptyToNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }
}
