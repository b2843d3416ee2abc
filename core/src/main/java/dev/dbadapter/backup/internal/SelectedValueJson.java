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
 * floats in PostgreSQL's shortest text ({@code 1e+20}, {@code 100}), {@code NaN} and infinities as
 * strings, timestamps as ISO text (with a time zone, at the offset of the JVM's zone, which pgjdbc
 * makes the session's), times and {@code timetz} as PostgreSQL prints them, {@code bytea} as base64,
 * parsed {@code json} nested, lists as arrays, and anything else as its text.
 */
final class SelectedValueJson {
    /** Where PostgreSQL's float output switches to exponent notation, by decimal exponent. */
    private static final int DOUBLE_PLAIN_BELOW = 15;
    private static final int FLOAT_PLAIN_BELOW = 6;

    private SelectedValueJson() {
    }

    /** Writes one row as a JSON object, its columns in the row's order. */
    static void writeRow(JsonGenerator json, Map<String, Object> row) throws IOException {
        json.writeStartObject();
        for (Map.Entry<String, Object> column : row.entrySet()) {
            json.writeFieldName(column.getKey());
            write(json, column.getValue());
        }
        json.writeEndObject();
    }

    /** Writes one value. */
    static void write(JsonGenerator json, Object value) throws IOException {
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
                    write(json, field.getValue());
                }
                json.writeEndObject();
            }
            case Collection<?> items -> {
                json.writeStartArray();
                for (Object item : items) {
                    write(json, item);
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
            json.writeString("NaN");
        } else if (Double.isInfinite(value)) {
            json.writeString(value > 0 ? "Infinity" : "-Infinity");
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
