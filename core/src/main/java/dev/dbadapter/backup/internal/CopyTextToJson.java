package dev.dbadapter.backup.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Turns the rows of {@code COPY … TO STDOUT} (text format) into JSON objects, column by column,
 * following each column's PostgreSQL type, in the conventions the Python library reads and writes:
 * integers and floats are JSON numbers with their exact text, {@code numeric} a string of its exact
 * text (a JSON reader that makes numbers doubles would lose digits), non-finite floats the bare
 * tokens {@code NaN}, {@code Infinity} and {@code -Infinity}, booleans
 * booleans, timestamps ISO strings with a {@code T}, {@code bytea} base64, {@code json}/{@code jsonb}
 * nested JSON, arrays JSON arrays; anything else a string.
 */
final class CopyTextToJson {
    /** How one column's text becomes JSON. */
    enum Kind {
        INTEGER, FLOAT, BOOLEAN, TIMESTAMP, TIMESTAMPTZ, BYTEA, JSON, STRING;

        static Kind of(String type) {
            return switch (type) {
                case "int2", "int4", "int8", "oid", "serial", "bigserial", "smallserial" -> INTEGER;
                case "float4", "float8" -> FLOAT;
                case "bool" -> BOOLEAN;
                case "timestamp" -> TIMESTAMP;
                case "timestamptz" -> TIMESTAMPTZ;
                case "bytea" -> BYTEA;
                case "json", "jsonb" -> JSON;
                default -> STRING;
            };
        }
    }

    private final String[] names;
    private final Kind[] kinds;
    private final boolean[] arrays;
    private byte[] scratch = new byte[256];

    /**
     * Creates a converter for columns {@code names} whose type names (as
     * {@link java.sql.ResultSetMetaData#getColumnTypeName} gives them; arrays start with {@code _}) are
     * {@code types}.
     */
    CopyTextToJson(String[] names, String[] types) {
        this.names = names.clone();
        this.kinds = new Kind[types.length];
        this.arrays = new boolean[types.length];
        for (int i = 0; i < types.length; i++) {
            arrays[i] = types[i].startsWith("_");
            kinds[i] = Kind.of(arrays[i] ? types[i].substring(1) : types[i]);
        }
    }

    /** Writes one COPY text row ({@code row[0..length)}, without or with its trailing newline) as a JSON object. */
    void write(byte[] row, int length, JsonGenerator json) throws IOException {
        if (length > 0 && row[length - 1] == '\n') {
            length--;
        }
        json.writeStartObject();
        int start = 0;
        for (int column = 0; column < names.length; column++) {
            int end = start;
            while (end < length && row[end] != '\t') {
                end++;
            }
            json.writeFieldName(names[column]);
            if (end - start == 2 && row[start] == '\\' && row[start + 1] == 'N') {
                json.writeNull();
            } else {
                String text = decode(row, start, end);
                if (arrays[column]) {
                    writeArray(text, kinds[column], json);
                } else {
                    writeScalar(text, kinds[column], json);
                }
            }
            start = end + 1;
        }
        json.writeEndObject();
    }

    /** Decodes one field, undoing COPY's backslash escapes. */
    private String decode(byte[] row, int start, int end) {
        int escape = -1;
        for (int i = start; i < end; i++) {
            if (row[i] == '\\') {
                escape = i;
                break;
            }
        }
        if (escape < 0) {
            return new String(row, start, end - start, StandardCharsets.UTF_8);
        }
        if (scratch.length < end - start) {
            scratch = new byte[Math.max(end - start, scratch.length * 2)];
        }
        int length = 0;
        for (int i = start; i < end; i++) {
            byte b = row[i];
            if (b != '\\' || i + 1 >= end) {
                scratch[length++] = b;
                continue;
            }
            byte next = row[++i];
            scratch[length++] = switch (next) {
                case 'n' -> '\n';
                case 'r' -> '\r';
                case 't' -> '\t';
                case 'b' -> '\b';
                case 'f' -> '\f';
                case 'v' -> 0x0b;
                default -> next;
            };
        }
        return new String(scratch, 0, length, StandardCharsets.UTF_8);
    }

    private static void writeScalar(String text, Kind kind, JsonGenerator json) throws IOException {
        switch (kind) {
            case INTEGER -> json.writeNumber(text);
            case FLOAT -> BackupFormat.writeFloatText(text, json);
            case BOOLEAN -> json.writeBoolean(text.equals("t") || text.equals("true"));
            case TIMESTAMP -> json.writeString(isoDateTime(text));
            case TIMESTAMPTZ -> json.writeString(isoOffset(isoDateTime(text)));
            case BYTEA -> {
                if (text.startsWith("\\x")) {
                    json.writeBinary(HexFormat.of().parseHex(text, 2, text.length()));
                } else {
                    json.writeString(text);
                }
            }
            case JSON -> json.writeRawValue(text);
            case STRING -> json.writeString(text);
        }
    }

    /** {@code 2026-11-24 12:00:00} → {@code 2026-11-24T12:00:00}. */
    private static String isoDateTime(String text) {
        if (text.length() > 10 && text.charAt(10) == ' ') {
            return text.substring(0, 10) + 'T' + text.substring(11);
        }
        return text;
    }

    /** A {@code +HH} offset becomes {@code +HH:00}, as ISO 8601 (and Python's isoformat) write it. */
    private static String isoOffset(String text) {
        int sign = Math.max(text.lastIndexOf('+'), text.lastIndexOf('-'));
        if (sign > 10 && text.length() - sign == 3) {
            return text + ":00";
        }
        return text;
    }

    /** Writes a PostgreSQL array literal ({@code {1,NULL,"a b"}}, nested braces for more dimensions). */
    private static void writeArray(String literal, Kind kind, JsonGenerator json) throws IOException {
        int start = 0;
        if (literal.startsWith("[")) {
            start = literal.indexOf('=') + 1;
        }
        new ArrayParser(literal, start, kind, json).parse();
    }

    /** A recursive-descent reader of one array literal. */
    private static final class ArrayParser {
        private final String text;
        private final Kind kind;
        private final JsonGenerator json;
        private int position;

        ArrayParser(String text, int position, Kind kind, JsonGenerator json) {
            this.text = text;
            this.position = position;
            this.kind = kind;
            this.json = json;
        }

        void parse() throws IOException {
            if (position >= text.length() || text.charAt(position) != '{') {
                json.writeString(text);
                return;
            }
            array();
        }

        private void array() throws IOException {
            position++;
            json.writeStartArray();
            if (text.charAt(position) == '}') {
                position++;
                json.writeEndArray();
                return;
            }
            while (true) {
                char c = text.charAt(position);
                if (c == '{') {
                    array();
                } else if (c == '"') {
                    writeScalar(quoted(), kind, json);
                } else {
                    int end = position;
                    while (text.charAt(end) != ',' && text.charAt(end) != '}') {
                        end++;
                    }
                    String element = text.substring(position, end);
                    position = end;
                    if (element.equalsIgnoreCase("NULL")) {
                        json.writeNull();
                    } else {
                        writeScalar(element, kind, json);
                    }
                }
                char separator = text.charAt(position++);
                if (separator == '}') {
                    json.writeEndArray();
                    return;
                }
            }
        }

        private String quoted() {
            StringBuilder element = new StringBuilder();
            position++;
            while (true) {
                char c = text.charAt(position++);
                if (c == '"') {
                    return element.toString();
                }
                if (c == '\\') {
                    c = text.charAt(position++);
                }
                element.append(c);
            }
        }
    }
}
