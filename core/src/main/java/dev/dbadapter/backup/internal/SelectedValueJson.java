package dev.dbadapter.backup.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.Map;

/**
 * Writes the Java values a {@code DatabaseClient} select returns as the JSON that the COPY path
 * ({@link CopyTextToJson}) writes for the same column, so both kinds of backup give equal files:
 * floats in PostgreSQL's shortest text ({@code 1e+20}, {@code 100}), their {@code NaN} and
 * infinities as Python's bare tokens, {@code numeric} values as strings of their exact text, timestamps as ISO text (with a time zone, at the offset of the JVM's zone, which pgjdbc
 * makes the session's), times and {@code timetz} as PostgreSQL prints them, {@code bytea} as base64,
 * parsed {@code json} nested, lists as arrays, and anything else as its text.
 */
final class SelectedValueJson {
    /** Where PostgreSQL's float output switches to exponent notation, by decimal exponent. */
    private static final int DOUBLE_PLAIN_BELOW = 15;
    private static final int FLOAT_PLAIN_BELOW = 6;

    private SelectedValueJson() {
    }

    /** How a column's numbers are written, by its SQL type. */
    enum Style {
        /** {@code numeric}: numbers as strings of their exact text. */
        DECIMAL,
        /** {@code double precision}: as PostgreSQL prints it; non-finite values as bare tokens. */
        DOUBLE,
        /** {@code real}: as {@link #DOUBLE}, with a float's digits. */
        REAL,
        /** Any other type: by the Java value's class alone. */
        OTHER;

        /** Picks the style for a column type as {@link dev.dbadapter.adapter.ColumnInfo#type} spells it. */
        static Style of(String type) {
            String base = type.endsWith("[]") ? type.substring(0, type.length() - 2) : type;
            return switch (base) {
                case "numeric" -> DECIMAL;
                case "double precision" -> DOUBLE;
                case "real" -> REAL;
                default -> OTHER;
            };
        }
    }

    /**
     * Writes one row as a JSON object, its columns in the row's order; {@code styles} gives the style
     * of a column by name (a column it lacks is written as {@link Style#OTHER}).
     */
    static void writeRow(JsonGenerator json, Map<String, Object> row, Map<String, Style> styles) throws IOException {
        json.writeStartObject();
        for (Map.Entry<String, Object> column : row.entrySet()) {
            json.writeFieldName(column.getKey());
            write(json, column.getValue(), styles.getOrDefault(column.getKey(), Style.OTHER));
        }
        json.writeEndObject();
    }

    /** Writes one value of a column of {@code style}. */
    static void write(JsonGenerator json, Object value, Style style) throws IOException {
        switch (style) {
            case DECIMAL -> {
                if (value instanceof Number number) {
                    json.writeString(number instanceof BigDecimal decimal ? decimal.toPlainString() : number.toString());
                    return;
                }
            }
            case DOUBLE, REAL -> {
                if (value instanceof String text && (text.equals("NaN") || text.endsWith("Infinity"))) {
                    json.writeRawValue(text);
                    return;
                }
                if (value instanceof BigDecimal || value instanceof Long || value instanceof Integer) {
                    double number = ((Number) value).doubleValue();
                    if (style == Style.REAL) {
                        writeFloat(json, number, Float.toString((float) number), FLOAT_PLAIN_BELOW);
                    } else {
                        writeFloat(json, number, Double.toString(number), DOUBLE_PLAIN_BELOW);
                    }
                    return;
                }
            }
            case OTHER -> {
            }
        }
        writeByClass(json, value, style);
    }

    /** Writes {@code value} by its class; the items of a collection in {@code style}. */
    private static void writeByClass(JsonGenerator json, Object value, Style style) throws IOException {
        switch (value) {
            case null -> json.writeNull();
            case String text -> json.writeString(text);
            case Boolean flag -> json.writeBoolean(flag);
            case BigDecimal number -> json.writeNumber(number);
            case Double number -> writeFloat(json, number, Double.toString(number), DOUBLE_PLAIN_BELOW);
            case Float number -> writeFloat(json, number, Float.toString(number), FLOAT_PLAIN_BELOW);
            case Number number -> json.writeNumber(number.toString());
            case byte[] bytes -> json.writeBinary(bytes);
            case LocalDateTime time when time.equals(LocalDateTime.MAX) -> json.writeString("infinity");
            case LocalDateTime time when time.equals(LocalDateTime.MIN) -> json.writeString("-infinity");
            case LocalDateTime time -> json.writeString(time.format(DateTimeFormatter.ISO_LOCAL_DATE_TIME));
            case OffsetDateTime time when time.equals(OffsetDateTime.MAX) -> json.writeString("infinity");
            case OffsetDateTime time when time.equals(OffsetDateTime.MIN) -> json.writeString("-infinity");
            case OffsetDateTime time -> json.writeString(time.atZoneSameInstant(ZoneId.systemDefault())
                    .toOffsetDateTime().format(BackupFormat.OFFSET_DATE_TIME));
            case LocalDate day when day.equals(LocalDate.MAX) -> json.writeString("infinity");
            case LocalDate day when day.equals(LocalDate.MIN) -> json.writeString("-infinity");
            case LocalTime time -> json.writeString(time.format(DateTimeFormatter.ISO_LOCAL_TIME));
            case OffsetTime time -> json.writeString(time.toLocalTime().format(DateTimeFormatter.ISO_LOCAL_TIME)
                    + offset(time.getOffset()));
            case Map<?, ?> object -> {
                json.writeStartObject();
                for (Map.Entry<?, ?> field : object.entrySet()) {
                    json.writeFieldName(String.valueOf(field.getKey()));
                    write(json, field.getValue(), Style.OTHER);
                }
                json.writeEndObject();
            }
            case Collection<?> items -> {
                json.writeStartArray();
                for (Object item : items) {
                    write(json, item, style);
                }
                json.writeEndArray();
            }
            default -> json.writeString(value.toString());
        }
    }

    /**
     * Writes a float as PostgreSQL prints it: the shortest digits that read back exactly (which
     * {@code shortest}, Java's text of the value, holds), plain when the decimal exponent is in
     * {@code [-4, plainBelow)}, else as {@code d.ddde+XX}.
     */
    private static void writeFloat(JsonGenerator json, double value, String shortest, int plainBelow) throws IOException {
        if (Double.isNaN(value)) {
            json.writeRawValue("NaN");
        } else if (Double.isInfinite(value)) {
            json.writeRawValue(value > 0 ? "Infinity" : "-Infinity");
        } else if (value == 0) {
            json.writeNumber(Double.doubleToRawLongBits(value) < 0 ? "-0" : "0");
        } else {
            BigDecimal decimal = new BigDecimal(shortest).stripTrailingZeros();
            String digits = decimal.unscaledValue().abs().toString();
            int exponent = digits.length() - 1 - decimal.scale();
            if (exponent >= -4 && exponent < plainBelow) {
                json.writeNumber(decimal.toPlainString());
                return;
            }
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            int magnitude = Math.abs(exponent);
            json.writeNumber((decimal.signum() < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? '-' : '+')
                    + (magnitude < 10 ? "0" : "") + magnitude);
        }
    }

    /** An offset as PostgreSQL prints it: {@code +02}, {@code +05:30}, {@code -03:00:15}. */
    private static String offset(ZoneOffset offset) {
        int seconds = Math.abs(offset.getTotalSeconds());
        StringBuilder text = new StringBuilder(offset.getTotalSeconds() < 0 ? "-" : "+")
                .append(String.format("%02d", seconds / 3600));
        if (seconds % 3600 != 0) {
            text.append(String.format(":%02d", seconds / 60 % 60));
        }
        if (seconds % 60 != 0) {
            text.append(String.format(":%02d", seconds % 60));
        }
        return text.toString();
    }
}
