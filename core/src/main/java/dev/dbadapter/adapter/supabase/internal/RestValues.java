package dev.dbadapter.adapter.supabase.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Converts between the Java values of the {@code Map} API and PostgREST's JSON. Read values take the
 * natural Java type of their column's SQL type (as the PostgreSQL adapter returns them: {@link UUID},
 * {@code java.time}, {@code byte[]}, {@link BigDecimal}, lists for arrays, parsed json); a column whose
 * type is unknown keeps JSON's own types. Written values go as PostgreSQL reads them from JSON:
 * {@code bytea} as {@code \x} hex, dates and times as ISO text, a {@code String} for a json column as the
 * JSON it holds.
 */
public final class RestValues {
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    /** The mapper for request and response bodies: decimals stay exact, trailing zeros included. */
    public static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .nodeFactory(NODES)
            .build();
    private static final HexFormat HEX = HexFormat.of();

    private RestValues() {
    }

    /** Returns {@code value} as the text a PostgREST filter compares with. */
    public static String text(Object value) {
        return switch (value) {
            case String string -> string;
            case byte[] bytes -> "\\x" + HEX.formatHex(bytes);
            case BigDecimal decimal -> decimal.toPlainString();
            case Collection<?> items -> node(items, null).toString();
            case Map<?, ?> object -> node(object, null).toString();
            default -> String.valueOf(value);
        };
    }

    /** Returns {@code row} as a JSON object for a request body; {@code types} maps a column to its SQL type. */
    public static ObjectNode row(Map<String, ?> row, Map<String, String> types) {
        ObjectNode node = NODES.objectNode();
        row.forEach((column, value) -> node.set(column, node(value, types.get(column))));
        return node;
    }

    /** Returns {@code value} as JSON, for a column of SQL type {@code type} ({@code null} when unknown). */
    public static JsonNode node(Object value, String type) {
        return switch (value) {
            case null -> NODES.nullNode();
            case String text when type != null && isJson(type) -> parsedOrText(text);
            case String text -> NODES.textNode(text);
            case Boolean flag -> NODES.booleanNode(flag);
            case Integer number -> NODES.numberNode(number);
            case Long number -> NODES.numberNode(number);
            case Short number -> NODES.numberNode(number);
            case BigDecimal number -> NODES.numberNode(number);
            case java.math.BigInteger number -> NODES.numberNode(number);
            case Double number when number.isNaN() || number.isInfinite() -> NODES.textNode(pgFloat(number));
            case Float number when number.isNaN() || number.isInfinite() -> NODES.textNode(pgFloat(number));
            case Double number -> NODES.numberNode(number);
            case Float number -> NODES.numberNode(number);
            case byte[] bytes -> NODES.textNode(text(bytes));
            case Map<?, ?> object -> {
                ObjectNode node = NODES.objectNode();
                object.forEach((key, item) -> node.set(String.valueOf(key), node(item, null)));
                yield node;
            }
            case Collection<?> items -> {
                ArrayNode array = NODES.arrayNode();
                String itemType = type != null && type.endsWith("[]") ? type.substring(0, type.length() - 2) : null;
                items.forEach(item -> array.add(node(item, itemType)));
                yield array;
            }
            case Object[] items -> node(List.of(items), type);
            default -> NODES.textNode(value.toString());
        };
    }

    /** Returns a JSON value read for a column of SQL type {@code type} as its Java value. */
    public static Object value(JsonNode node, String type) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (type != null && type.endsWith("[]") && node.isArray()) {
            String itemType = type.substring(0, type.length() - 2);
            List<Object> items = new ArrayList<>(node.size());
            node.forEach(item -> items.add(value(item, itemType)));
            return items;
        }
        if (type != null && node.isTextual()) {
            Object typed = typedText(node.asText(), type);
            if (typed != null) {
                return typed;
            }
        }
        if (type != null && node.isNumber()) {
            switch (type) {
                case "integer", "smallint" -> {
                    return node.intValue();
                }
                case "bigint" -> {
                    return node.longValue();
                }
                case "double precision" -> {
                    return node.doubleValue();
                }
                case "real" -> {
                    return node.floatValue();
                }
                default -> {
                    // numeric and the rest: as JSON holds it
                }
            }
        }
        return plain(node);
    }

    /** Returns a JSON value as maps, lists and scalars (integers as Integer or Long, decimals exact). */
    public static Object plain(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isObject()) {
            Map<String, Object> object = new LinkedHashMap<>();
            node.properties().forEach(field -> object.put(field.getKey(), plain(field.getValue())));
            return object;
        }
        if (node.isArray()) {
            List<Object> items = new ArrayList<>(node.size());
            node.forEach(item -> items.add(plain(item)));
            return items;
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToInt() ? (Object) node.intValue() : node.canConvertToLong() ? node.longValue()
                    : node.bigIntegerValue();
        }
        if (node.isNumber()) {
            return node.decimalValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return node.asText();
    }

    /** Returns text of a column of SQL type {@code type} as its Java value, or {@code null} to keep the text. */
    private static Object typedText(String text, String type) {
        try {
            return switch (type) {
                case "uuid" -> UUID.fromString(text);
                case "date" -> LocalDate.parse(text);
                case "timestamp without time zone" -> LocalDateTime.parse(text);
                case "timestamp with time zone" -> OffsetDateTime.parse(text);
                case "time without time zone" -> LocalTime.parse(text);
                case "bytea" -> text.startsWith("\\x") ? HEX.parseHex(text, 2, text.length()) : null;
                case "double precision" -> Double.valueOf(text); // NaN, Infinity
                case "real" -> Float.valueOf(text);
                default -> null;
            };
        } catch (DateTimeParseException | IllegalArgumentException unusual) {
            return null; // infinity, a year beyond 9999, ...: the server's text
        }
    }

    private static boolean isJson(String type) {
        return type.equals("json") || type.equals("jsonb");
    }

    private static JsonNode parsedOrText(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException notJson) {
            return NODES.textNode(text);
        }
    }

    private static String pgFloat(double value) {
        return Double.isNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity";
    }
}
