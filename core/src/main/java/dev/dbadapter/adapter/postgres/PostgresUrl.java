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
 * The user and password travel outside the JDBC URL so that it can be shown safely. A URL whose port
 * is 6543, Supabase's transaction-mode pooler, gets {@code prepareThreshold=0}.
 *
 * @param jdbcUrl the {@code jdbc:postgresql://} URL, without user or password
 * @param user the user, or {@code null} for the driver's default
 * @param password the password, or {@code null}
 */
public record PostgresUrl(String jdbcUrl, String user, String password) {

    private static final Pattern SCHEME = Pattern.compile("(?i)^(postgres|postgresql|postgresql\\+\\w+)://");
    private static final Pattern SCHEME_PREFIX = Pattern.compile("[A-Za-z][A-Za-z0-9+.:-]*:/+");
    private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)([?&;](?:password|apikey|api_key)=)[^&;]*");
    private static final Pattern PARAM_NAME = Pattern.compile("[A-Za-z0-9_.-]+");
    /**
     * The port of Supabase's transaction-mode pooler (Supavisor), which hands each transaction another
     * server connection, so pgjdbc's server-side prepared statements would be missing: a URL with it
     * gets {@code prepareThreshold=0} unless it sets one, as Supabase advises for JDBC.
     */
    private static final String TRANSACTION_POOLER_PORT = "6543";
    private static final Pattern JDBC_POOLER = Pattern.compile("(?i)^jdbc:postgresql://[^/?]*:" + TRANSACTION_POOLER_PORT
            + "(?:[,/?]|$)");
    private static final String AT_AFTER_PATH = "an '@' follows the '/' that starts the database name";
    private static final String ENCODE_HINT = "; a password holding @ : / ? # [ ] or % must be percent-encoded"
            + " (@ is %40, / is %2F, ? is %3F, # is %23, % is %25), or put it in db_password and write"
            + " [YOUR-PASSWORD] in the url";
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
            if (rest.indexOf('@', fragment) >= 0) {
                throw unreadable(trimmed, "an '@' follows a '#'");
            }
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
        if (slash >= 0 && rest.indexOf('@', slash) >= 0) {
            throw unreadable(trimmed, AT_AFTER_PATH);
        }
        String database = slash < 0 ? "" : decode(rest.substring(slash + 1), trimmed);
        String user = null;
        String password = null;
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = authority.substring(0, at);
            authority = authority.substring(at + 1);
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon), trimmed);
            password = colon < 0 ? null : decode(userInfo.substring(colon + 1), trimmed);
        }
        Map<String, String> params = new LinkedHashMap<>();
        String queryHost = null;
        String queryPort = null;
        for (Map.Entry<String, String> param : parseQuery(query, trimmed).entrySet()) {
            String key = param.getKey();
            String value = param.getValue();
            switch (key) {
                case "user" -> user = value;
                case "password" -> password = value;
                case "dbname" -> database = value;
                case "host" -> queryHost = value;
                case "port" -> queryPort = value;
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
        if (authority.isEmpty() && (queryHost != null || queryPort != null)) {
            authority = queryAuthority(queryHost, queryPort);
        }
        List<String> hostList = hosts(authority, url, at >= 0);
        if (hostList.stream().anyMatch(host -> host.endsWith(":" + TRANSACTION_POOLER_PORT))) {
            params.putIfAbsent("prepareThreshold", "0");
        }
        StringBuilder jdbc = new StringBuilder("jdbc:postgresql://");
        jdbc.append(String.join(",", hostList));
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
     * accepted form; anything unrecognised (a Supabase project URL) is returned with any
     * {@code password=}, {@code apikey=} or {@code api_key=} value masked.
     */
    public static String mask(String url) {
        if (url == null) {
            return null;
        }
        return PASSWORD_PARAM.matcher(maskUserInfo(url)).replaceAll("$1***");
    }

    /**
     * Masks the password of a {@code scheme://user:password@host} URL. Errs on the side of hiding:
     * the mask runs from the first {@code :} to the last {@code @} of the whole URL, so a password
     * holding an unencoded {@code @ / ? #} never shows in part; only {@code host:port/path?...@...},
     * where the {@code @} is plainly inside the query, is left as it is.
     */
    private static String maskUserInfo(String url) {
        Matcher scheme = SCHEME_PREFIX.matcher(url);
        int start = url.indexOf("://");
        start = start >= 0 ? start + 3 : scheme.lookingAt() ? scheme.end() : 0;
        int hostEnd = start;
        while (hostEnd < url.length() && "/?#".indexOf(url.charAt(hostEnd)) < 0) {
            hostEnd++;
        }
        int firstAt = url.indexOf('@', start);
        int lastAt = url.lastIndexOf('@');
        int lastAtInHost = hostEnd == 0 ? -1 : url.lastIndexOf('@', hostEnd - 1);
        int colon = url.indexOf(':', start);
        // an '@' after a '#' may end the user info ("u:pass#word@host"): hidden, as the parser refuses it
        int hash = url.indexOf('#', start);
        boolean atAfterHash = hash >= 0 && lastAt > hash;
        if (firstAt < 0 || colon < 0 || colon > lastAt
                || (firstAt < hostEnd && colon > lastAtInHost && !atAfterHash)) {
            // no '@', or a user without a password ("user@host:5432")
            return url;
        }
        if (firstAt > hostEnd && hostEnd < url.length() && url.charAt(hostEnd) == '/' && colon < hostEnd
                && url.substring(colon + 1, hostEnd).chars().allMatch(Character::isDigit)) {
            int query = url.indexOf('?', hostEnd);
            if (query >= 0 && query < firstAt) {
                // "host:5432/db?application_name=a@b": a port, a path, and the '@' inside the query
                return url;
            }
        }
        return url.substring(0, colon + 1) + "***" + url.substring(lastAt);
    }

    private static IllegalArgumentException unreadable(String url, String why) {
        // the URL is not echoed, even masked: where it cannot be read, no mask can be sure of the password
        int scheme = url.indexOf("://");
        return new IllegalArgumentException("Cannot read the database URL ("
                + url.substring(0, scheme >= 0 ? scheme : url.indexOf(':')) + "://...): " + why + ENCODE_HINT);
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
        int q = url.indexOf('?');
        String base = q < 0 ? url : url.substring(0, q);
        // pgjdbc reads no user info, so "jdbc:postgresql://user:password@host/db" would only fail to
        // connect, and show its password wherever the URL is shown: it is taken out as in the other forms
        int hosts = base.indexOf("//");
        int slash = hosts < 0 ? -1 : base.indexOf('/', hosts + 2);
        if (slash >= 0 && base.indexOf('@', slash) >= 0) {
            throw unreadable(url, AT_AFTER_PATH);
        }
        int fragment = base.indexOf('#');
        if (fragment >= 0 && base.indexOf('@', fragment) >= 0) {
            throw unreadable(url, "an '@' follows a '#'");
        }
        int at = base.lastIndexOf('@');
        if (hosts >= 0 && at > hosts) {
            String userInfo = base.substring(hosts + 2, at);
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon), url);
            password = colon < 0 ? null : decode(userInfo.substring(colon + 1), url);
            base = base.substring(0, hosts + 2) + base.substring(at + 1);
        }
        StringBuilder kept = new StringBuilder(base);
        String separator = "?";
        for (String pair : q < 0 ? new String[0] : url.substring(q + 1).split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = credentialKey(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1), url);
            if (key.equals("user")) {
                user = value;
            } else if (key.equals("password")) {
                password = value;
            } else {
                kept.append(separator).append(pair);
                separator = "&";
            }
        }
        if (JDBC_POOLER.matcher(url).find() && (q < 0 || !url.substring(q).contains("prepareThreshold="))) {
            kept.append(separator).append("prepareThreshold=0");
        }
        return new PostgresUrl(kept.toString(), emptyToNull(user), password);
    }

    /**
     * Returns {@code user} or {@code password} for those names in any case, else {@code key}: a
     * {@code PASSWORD=} parameter is taken out like {@code password=}, never kept in the shown URL.
     */
    private static String credentialKey(String key) {
        return key.equalsIgnoreCase("user") || key.equalsIgnoreCase("password") ? key.toLowerCase(Locale.ROOT) : key;
    }

    /** Builds {@code host:port,...} from libpq's {@code host} and {@code port} query parameters (lists allowed). */
    private static String queryAuthority(String hostList, String portList) {
        String[] hosts = (hostList == null ? "" : hostList).split(",", -1);
        String[] ports = portList == null || portList.isEmpty() ? new String[0] : portList.split(",", -1);
        List<String> specs = new ArrayList<>();
        for (int i = 0; i < hosts.length; i++) {
            String host = hosts[i].strip();
            if (host.contains(":") && !host.startsWith("[")) {
                host = "[" + host + "]";
            }
            String port = ports.length == 0 ? "" : ports[ports.length == 1 ? 0 : Math.min(i, ports.length - 1)].strip();
            specs.add(port.isEmpty() ? host : host + ":" + port);
        }
        return String.join(",", specs);
    }

    /** @param afterUserInfo whether an {@code @} ended a user info, so a bad port cannot be part of a password */
    private static List<String> hosts(String authority, String url, boolean afterUserInfo) {
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
                if (afterUserInfo) {
                    throw new IllegalArgumentException("Bad port '" + port + "' in database URL '" + mask(url) + "'");
                }
                // with no user info, the "port" may be the start of a password holding a '/', '?' or '#'
                throw unreadable(url, "a port is not a number from 0 to 65535");
            }
            hosts.add((host.isEmpty() ? "localhost" : host) + ":" + port);
        }
        return hosts;
    }

    private static Map<String, String> parseQuery(String query, String url) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = credentialKey(decode(eq < 0 ? pair : pair.substring(0, eq), url));
            if (!PARAM_NAME.matcher(key).matches()) {
                // "u:123?x@host/db": the rest of a password read as a parameter
                throw unreadable(url, "a query parameter name holds other characters than letters, digits, _ . -");
            }
            params.put(key, eq < 0 ? "" : decode(pair.substring(eq + 1), url));
        }
        return params;
    }

    /** Percent-decodes a part of {@code url}; a bad escape is reported without echoing the part (a password). */
    private static String decode(String text, String url) {
        try {
            return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw unreadable(url, "a '%' is not followed by two hex digits");
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String emptyToNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }
}
