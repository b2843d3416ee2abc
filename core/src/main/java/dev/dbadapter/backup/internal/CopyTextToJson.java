package dev.dbadapter.backup.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Turns the rows of {@code COPY … TO STDOUT} (text format) into JSON objects, column by column,
 * following each column's PostgreSQL type, in the conventions the Python library reads and writes:
 * integers and floats are JSON numbers with their exact text, {@code numeric} a string of its exact
 * text (a JSON reader that makes numbers doubles would lose digits), non-finite floats the bare
 * tokens {@code NaN}, {@code Infinity} and {@code -Infinity}, booleans
 * booleans, timestamps ISO strings with a {@code T}, {@code bytea} base64, {@code json}/{@code jsonb}
 * nested JSON, arrays JSON arrays; anything else a string.
 *
 * <p>Rows are converted byte to byte into an output buffer ({@link #append}), with the escaping
 * Jackson's generator applies to the same text; a row the byte path does not cover (text that is
 * not well-formed UTF-8, a temporal value with non-ASCII text, an array literal of another shape)
 * goes through a {@link JsonGenerator} instead ({@link #write}), so both give the same bytes.
 */
final class CopyTextToJson {
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL = bytes("null");
    private static final byte[] TRUE = bytes("true");
    private static final byte[] FALSE = bytes("false");
    /** Written rows are passed on once the buffer holds this many bytes. */
    private static final int FLUSH_AT = 1 << 16;

    /** How one column's text becomes JSON. */
    enum Kind {
        INTEGER, FLOAT, BOOLEAN, TIMESTAMP, TIMESTAMPTZ, BYTEA, JSON, STRING;

        static Kind of(String type) {
            return switch (type) {
                case "int2", "int4", "int8", "oid" -> INTEGER;
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
    /** Per column, {@code "name":} as Jackson writes it, after {@code &#123;} or {@code ,}. */
    private final byte[][] fieldNames;
    private final int rowOverhead;
    private byte[] scratch = new byte[256];
    /** One quoted array element, unquoted. */
    private byte[] element = new byte[256];
    private byte[] buffer = new byte[FLUSH_AT + 4096];
    private int position;
    private OutputStream sink;
    private boolean firstRow;
    private final ByteArrayOutputStream fallback = new ByteArrayOutputStream();
    private long generatorRows;

    /**
     * Creates a converter for columns {@code names} whose type names (as
     * {@link dev.dbadapter.adapter.postgres.internal.ValueCodec#typeName} gives them; arrays start with
     * {@code _}) are {@code types}.
     */
    CopyTextToJson(String[] names, String[] types) {
        this.names = names.clone();
        this.kinds = new Kind[types.length];
        this.arrays = new boolean[types.length];
        for (int i = 0; i < types.length; i++) {
            arrays[i] = types[i].startsWith("_");
            kinds[i] = Kind.of(arrays[i] ? types[i].substring(1) : types[i]);
        }
        this.fieldNames = new byte[names.length][];
        int overhead = 2;
        for (int i = 0; i < names.length; i++) {
            fieldNames[i] = fieldName(names[i]);
            overhead += fieldNames[i].length + 8;
        }
        this.rowOverhead = overhead;
    }

    private static byte[] fieldName(String name) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.writeString(name);
        } catch (IOException e) {
            throw new IllegalStateException("Writing to memory failed", e);
        }
        byte[] quoted = out.toByteArray();
        byte[] field = Arrays.copyOf(quoted, quoted.length + 1);
        field[quoted.length] = ':';
        return field;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** Starts a JSON array's rows, to be passed on to {@code out} (the caller writes the brackets). */
    void start(OutputStream out) {
        sink = out;
        firstRow = true;
        position = 0;
    }

    /**
     * Appends one COPY text row ({@code row[0..length)}, without or with its trailing newline) as a
     * JSON object, after a comma unless it is the first row since {@link #start}.
     */
    void append(byte[] row, int rowLength) throws IOException {
        int length = rowLength > 0 && row[rowLength - 1] == '\n' ? rowLength - 1 : rowLength;
        int need = position + rowOverhead + 6 * length + 1;
        if (need > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(need, buffer.length * 2));
        }
        int rowStart = position;
        if (!firstRow) {
            buffer[position++] = ',';
        }
        if (!appendObject(row, length)) {
            position = rowStart;
            appendWithGenerator(row, rowLength);
        }
        firstRow = false;
        if (position >= FLUSH_AT) {
            flush();
        }
    }

    /** Passes the rows appended so far on to the output stream. */
    void flush() throws IOException {
        sink.write(buffer, 0, position);
        position = 0;
    }

    /** How many appended rows went through the generator. */
    long generatorRows() {
        return generatorRows;
    }

    private void appendWithGenerator(byte[] row, int length) throws IOException {
        generatorRows++;
        fallback.reset();
        if (!firstRow) {
            fallback.write(',');
        }
        try (JsonGenerator json = FACTORY.createGenerator(fallback)) {
            write(row, length, json);
        }
        int need = position + fallback.size();
        if (need > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(need, buffer.length * 2));
        }
        byte[] bytes = fallback.toByteArray();
        System.arraycopy(bytes, 0, buffer, position, bytes.length);
        position += bytes.length;
    }

    /** Writes the row as a JSON object into the buffer; false when the row needs the generator. */
    private boolean appendObject(byte[] row, int length) {
        buffer[position++] = '{';
        int start = 0;
        for (int column = 0; column < names.length; column++) {
            if (start > length) {
                return false;
            }
            int end = start;
            while (end < length && row[end] != '\t') {
                end++;
            }
            if (column > 0) {
                buffer[position++] = ',';
            }
            byte[] name = fieldNames[column];
            System.arraycopy(name, 0, buffer, position, name.length);
            position += name.length;
            if (end - start == 2 && row[start] == '\\' && row[start + 1] == 'N') {
                put(NULL);
            } else {
                int decoded = unescape(row, start, end);
                if (!wellFormed(scratch, 0, decoded)) {
                    return false;
                }
                boolean written = arrays[column] ? appendArray(decoded, kinds[column])
                        : appendScalar(scratch, 0, decoded, kinds[column]);
                if (!written) {
                    return false;
                }
            }
            start = end + 1;
        }
        buffer[position++] = '}';
        return true;
    }

    private void put(byte[] bytes) {
        System.arraycopy(bytes, 0, buffer, position, bytes.length);
        position += bytes.length;
    }

    /** Undoes COPY's backslash escapes of {@code row[start..end)} into {@link #scratch}; returns the length. */
    private int unescape(byte[] row, int start, int end) {
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
            scratch[length++] = unescaped(row[++i]);
        }
        return length;
    }

    private static byte unescaped(byte next) {
        return switch (next) {
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'v' -> 0x0b;
            default -> next;
        };
    }

    /**
     * Whether {@code text[start..end)} is well-formed UTF-8 (no overlong forms, surrogates or code
     * points past U+10FFFF), which Java decodes without replacing anything.
     */
    static boolean wellFormed(byte[] text, int start, int end) {
        int i = start;
        while (i < end) {
            int b = text[i];
            if (b >= 0) {
                i++;
                continue;
            }
            b &= 0xff;
            int more;
            int low = 0x80;
            int high = 0xbf;
            if (b >= 0xc2 && b <= 0xdf) {
                more = 1;
            } else if (b >= 0xe0 && b <= 0xef) {
                more = 2;
                low = b == 0xe0 ? 0xa0 : 0x80;
                high = b == 0xed ? 0x9f : 0xbf;
            } else if (b >= 0xf0 && b <= 0xf4) {
                more = 3;
                low = b == 0xf0 ? 0x90 : 0x80;
                high = b == 0xf4 ? 0x8f : 0xbf;
            } else {
                return false;
            }
            if (i + more >= end) {
                return false;
            }
            int second = text[i + 1] & 0xff;
            if (second < low || second > high) {
                return false;
            }
            for (int k = 2; k <= more; k++) {
                int next = text[i + k] & 0xff;
                if (next < 0x80 || next > 0xbf) {
                    return false;
                }
            }
            i += more + 1;
        }
        return true;
    }

    /** Writes one value given as text in {@code text[start..end)}; false when it needs the generator. */
    private boolean appendScalar(byte[] text, int start, int end, Kind kind) {
        switch (kind) {
            case INTEGER, FLOAT, JSON -> {
                System.arraycopy(text, start, buffer, position, end - start);
                position += end - start;
            }
            case BOOLEAN -> put(isTrue(text, start, end) ? TRUE : FALSE);
            case TIMESTAMP, TIMESTAMPTZ -> {
                return appendTimestamp(text, start, end, kind == Kind.TIMESTAMPTZ);
            }
            case BYTEA -> {
                return appendBytea(text, start, end);
            }
            case STRING -> appendString(text, start, end);
        }
        return true;
    }

    private static boolean isTrue(byte[] text, int start, int end) {
        int length = end - start;
        return length == 1 && text[start] == 't'
                || length == 4 && text[start] == 't' && text[start + 1] == 'r' && text[start + 2] == 'u'
                        && text[start + 3] == 'e';
    }

    /**
     * As {@link #isoDateTime} and {@link #isoOffset} do on the text (ASCII text only; {@code text}
     * is changed in place).
     */
    private boolean appendTimestamp(byte[] text, int start, int end, boolean offset) {
        int length = end - start;
        for (int i = start; i < end; i++) {
            if (text[i] < 0) {
                return false;
            }
        }
        if (length > 10 && text[start + 10] == ' ') {
            text[start + 10] = 'T';
        }
        appendString(text, start, end);
        if (offset) {
            int sign = -1;
            for (int i = end - 1; i >= start; i--) {
                if (text[i] == '+' || text[i] == '-') {
                    sign = i - start;
                    break;
                }
            }
            if (sign > 10 && length - sign == 3) {
                position--;
                buffer[position++] = ':';
                buffer[position++] = '0';
                buffer[position++] = '0';
                buffer[position++] = '"';
            }
        }
        return true;
    }

    /** {@code \x…} hex as base64 (Jackson's default variant: standard alphabet, padded, one line). */
    private boolean appendBytea(byte[] text, int start, int end) {
        if (end - start < 2 || text[start] != '\\' || text[start + 1] != 'x') {
            appendString(text, start, end);
            return true;
        }
        int digits = end - start - 2;
        if (digits % 2 != 0) {
            return false;
        }
        byte[] value = new byte[digits / 2];
        for (int i = 0; i < value.length; i++) {
            int high = Character.digit(text[start + 2 + 2 * i], 16);
            int low = Character.digit(text[start + 3 + 2 * i], 16);
            if (high < 0 || low < 0) {
                return false;
            }
            value[i] = (byte) (high << 4 | low);
        }
        buffer[position++] = '"';
        put(Base64.getEncoder().encode(value));
        buffer[position++] = '"';
        return true;
    }

    /**
     * A JSON string as Jackson writes it: {@code "} and {@code \} escaped, control characters as
     * {@code \b \t \n \f \r} or a backslash, {@code u} and four upper-case hex digits, a character
     * beyond the BMP as two such escapes of its surrogates, everything else (UTF-8 included) as it is.
     */
    private void appendString(byte[] text, int start, int end) {
        byte[] out = buffer;
        int at = position;
        out[at++] = '"';
        for (int i = start; i < end; i++) {
            byte b = text[i];
            if (b >= 0x20 && b != '"' && b != '\\' || b < 0 && (b & 0xf8) != 0xf0) {
                out[at++] = b;
                continue;
            }
            if (b < 0) {
                int codePoint = (b & 0x07) << 18 | (text[i + 1] & 0x3f) << 12 | (text[i + 2] & 0x3f) << 6
                        | text[i + 3] & 0x3f;
                i += 3;
                at = unicodeEscape(out, at, Character.highSurrogate(codePoint));
                at = unicodeEscape(out, at, Character.lowSurrogate(codePoint));
                continue;
            }
            out[at++] = '\\';
            switch (b) {
                case '"', '\\' -> out[at++] = b;
                case '\b' -> out[at++] = 'b';
                case '\t' -> out[at++] = 't';
                case '\n' -> out[at++] = 'n';
                case '\f' -> out[at++] = 'f';
                case '\r' -> out[at++] = 'r';
                default -> at = unicodeEscape(out, at - 1, (char) b);
            }
        }
        out[at++] = '"';
        position = at;
    }

    private static int unicodeEscape(byte[] out, int at, char c) {
        out[at++] = '\\';
        out[at++] = 'u';
        out[at++] = HEX[c >> 12 & 0xf];
        out[at++] = HEX[c >> 8 & 0xf];
        out[at++] = HEX[c >> 4 & 0xf];
        out[at++] = HEX[c & 0xf];
        return at;
    }

    /**
     * Writes the array literal in {@code scratch[0..length)} as {@link ArrayParser} does; false when
     * it is not a literal that parser reads to its end.
     */
    private boolean appendArray(int length, Kind kind) {
        byte[] text = scratch;
        int at = 0;
        if (length > 0 && text[0] == '[') {
            at = -1;
            for (int i = 0; i < length; i++) {
                if (text[i] == '=') {
                    at = i;
                    break;
                }
            }
            at++;
        }
        if (at >= length || text[at] != '{') {
            appendString(text, 0, length);
            return true;
        }
        if (element.length < length) {
            element = new byte[Math.max(length, element.length * 2)];
        }
        return appendArray(text, at, length, kind, element) > 0;
    }

    /** Writes the array starting at {@code text[at] == '{'}; returns the position after its brace, or -1. */
    private int appendArray(byte[] text, int at, int length, Kind kind, byte[] element) {
        at++;
        buffer[position++] = '[';
        if (at >= length) {
            return -1;
        }
        if (text[at] == '}') {
            buffer[position++] = ']';
            return at + 1;
        }
        boolean first = true;
        while (true) {
            if (!first) {
                buffer[position++] = ',';
            }
            first = false;
            byte c = text[at];
            if (c == '{') {
                at = appendArray(text, at, length, kind, element);
                if (at < 0) {
                    return -1;
                }
            } else if (c == '"') {
                int size = 0;
                at++;
                while (true) {
                    if (at >= length) {
                        return -1;
                    }
                    byte b = text[at++];
                    if (b == '"') {
                        break;
                    }
                    if (b == '\\') {
                        if (at >= length) {
                            return -1;
                        }
                        b = text[at++];
                    }
                    element[size++] = b;
                }
                if (!appendScalar(element, 0, size, kind)) {
                    return -1;
                }
            } else {
                int end = at;
                while (end < length && text[end] != ',' && text[end] != '}') {
                    end++;
                }
                if (end >= length) {
                    return -1;
                }
                if (end - at == 4 && (text[at] | 0x20) == 'n' && (text[at + 1] | 0x20) == 'u'
                        && (text[at + 2] | 0x20) == 'l' && (text[at + 3] | 0x20) == 'l') {
                    put(NULL);
                } else if (!appendScalar(text, at, end, kind)) {
                    return -1;
                }
                at = end;
            }
            if (at >= length) {
                return -1;
            }
            if (text[at++] == '}') {
                buffer[position++] = ']';
                return at;
            }
        }
    }

    /**
     * Writes one COPY text row ({@code row[0..length)}, without or with its trailing newline) as a
     * JSON object through a generator: the reference for {@link #append}, and its way for the rows
     * that the byte path leaves.
     */
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
        int length = unescape(row, start, end);
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
