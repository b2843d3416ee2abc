package dev.dbadapter.backup.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import dev.dbadapter.adapter.postgres.internal.ValueCodec;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * Streams a backup file (plain or gzipped) once, token by token, and hands each table's rows to a
 * {@link Visitor} as text values per column of a {@link RowLayout}. Only one row is in memory at a
 * time.
 */
public final class BackupFileReader {
    /** Also reads the bare {@code NaN}, {@code Infinity} and {@code -Infinity} that Python's {@code json} writes. */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(Integer.MAX_VALUE).maxNumberLength(100_000).build())
            .build();

    /** Receives what the reader finds, in file order. */
    public interface Visitor {
        /** The {@code metadata} value (any JSON value). */
        void metadata(JsonNode metadata);

        /**
         * A top-level key whose value is an array; returns the layout to read its rows with, or
         * {@code null} to skip it. Each started table is ended by {@link #tableEnd} unless reading fails.
         */
        RowLayout tableStart(String key) throws IOException;

        /** A top-level key (other than {@code metadata}) whose value is not an array; it is skipped, never started. */
        void tableNotArray(String key);

        /**
         * One row of the current table. {@code values[i]} is the text of column {@code i} (null for a
         * JSON null), {@code present[i]} says whether the row had that key. Both arrays are reused.
         */
        void row(long index, String[] values, boolean[] present) throws IOException;

        /** A field of a row that the layout does not hold (it is skipped). */
        default void unknownField(String name) {
        }

        /** A row that is not an object (it is skipped). */
        void nonObjectRow(long index);

        /** The end of the current table's array. */
        void tableEnd(long rows) throws IOException;
    }

    /** Base64 as the MIME decoder reads it: its alphabet, padding and line breaks, nothing else. */
    private static final Pattern BASE64_TEXT = Pattern.compile("[A-Za-z0-9+/=\\r\\n]*");

    private BackupFileReader() {
    }

    /** Opens {@code file} for reading, un-gzipping it when it starts with the gzip magic bytes. */
    public static InputStream open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        in.mark(2);
        int first = in.read();
        int second = in.read();
        in.reset();
        if (first == 0x1f && second == 0x8b) {
            return new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
        }
        return in;
    }

    /**
     * Reads {@code file} to its end.
     *
     * @throws EOFException when the file is empty
     * @throws IOException when it cannot be read or is not JSON (a
     *     {@link com.fasterxml.jackson.core.JsonProcessingException} then says where)
     * @throws IllegalStateException when the top level is not an object
     */
    public static void read(Path file, Visitor visitor) throws IOException {
        try (InputStream in = open(file); JsonParser parser = topLevelObject(in)) {
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                JsonToken value = parser.nextToken();
                if (key.equals("metadata")) {
                    visitor.metadata(parser.readValueAsTree());
                    continue;
                }
                if (value != JsonToken.START_ARRAY) {
                    // never started, so a sink opens nothing (a COPY) that no rows would end
                    parser.skipChildren();
                    visitor.tableNotArray(key);
                    continue;
                }
                RowLayout layout = visitor.tableStart(key);
                if (layout == null) {
                    parser.skipChildren();
                } else {
                    readRows(parser, key, layout, visitor);
                }
            }
            if (parser.nextToken() != null) {
                throw new IllegalStateException("there is more after the top-level object");
            }
        }
    }

    /**
     * Reads only the {@code metadata} value of {@code file}, skipping (without keeping) whatever
     * comes before it, and stops there.
     *
     * @return the metadata, or {@code null} when the file has none
     * @throws IOException when it cannot be read or is not JSON
     * @throws IllegalStateException when the top level is not an object
     */
    public static JsonNode metadata(Path file) throws IOException {
        try (InputStream in = open(file); JsonParser parser = topLevelObject(in)) {
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                parser.nextToken();
                if (key.equals("metadata")) {
                    return parser.readValueAsTree();
                }
                parser.skipChildren();
            }
            return null;
        }
    }

    /**
     * Returns a parser over {@code in} that has read the start of the top-level object.
     *
     * @throws EOFException when there is nothing to read
     * @throws IllegalStateException when the top level is not an object
     */
    private static JsonParser topLevelObject(InputStream in) throws IOException {
        JsonParser parser = FACTORY.createParser(in);
        parser.setCodec(ValueCodec.JSON);
        JsonToken first = parser.nextToken();
        if (first != JsonToken.START_OBJECT) {
            parser.close();
            if (first == null) {
                throw new EOFException("the file is empty");
            }
            throw new IllegalStateException("the top level is not a JSON object");
        }
        return parser;
    }

    private static void readRows(JsonParser parser, String table, RowLayout layout, Visitor visitor) throws IOException {
        String[] values = new String[layout.size()];
        boolean[] present = new boolean[layout.size()];
        long index = 0;
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token != JsonToken.START_OBJECT) {
                parser.skipChildren();
                visitor.nonObjectRow(index++);
                continue;
            }
            Arrays.fill(values, null);
            Arrays.fill(present, false);
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                int column = layout.indexOf(parser.currentName());
                JsonToken valueToken = parser.nextToken();
                if (column < 0) {
                    visitor.unknownField(parser.currentName());
                    parser.skipChildren();
                    continue;
                }
                present[column] = true;
                try {
                    if (valueToken == JsonToken.VALUE_NULL) {
                        values[column] = null;
                    } else if (layout.wanted(column)) {
                        values[column] = text(parser, valueToken, layout.kind(column));
                    } else {
                        check(parser, valueToken, layout.kind(column));
                    }
                } catch (IllegalArgumentException unreadable) {
                    throw new IOException(table + "[" + index + "]." + layout.names().get(column) + ": "
                            + unreadable.getMessage(), unreadable);
                }
            }
            visitor.row(index++, values, present);
        }
        visitor.tableEnd(index);
    }

    private static String text(JsonParser parser, JsonToken token, ValueKind kind) throws IOException {
        if (kind == ValueKind.JSON) {
            return json(parser);
        }
        if (kind.isArray() && token == JsonToken.START_ARRAY) {
            StringBuilder literal = new StringBuilder();
            arrayLiteral(parser, literal, kind);
            return literal.toString();
        }
        if (kind == ValueKind.BYTEA && token == JsonToken.VALUE_STRING) {
            return bytea(parser.getText());
        }
        if (kind == ValueKind.INTERVAL && token == JsonToken.VALUE_STRING) {
            return PythonText.interval(parser.getText());
        }
        return switch (token) {
            case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parser.getText();
            case VALUE_TRUE -> "true";
            case VALUE_FALSE -> "false";
            default -> json(parser);
        };
    }

    /**
     * Reads a value as {@link #text} would, failing on the same values, without building its text.
     *
     * @throws IllegalArgumentException where {@link #text} throws it
     */
    private static void check(JsonParser parser, JsonToken token, ValueKind kind) throws IOException {
        if (kind == ValueKind.BYTEA_ARRAY || (kind == ValueKind.BYTEA || kind == ValueKind.INTERVAL)
                && token == JsonToken.VALUE_STRING) {
            text(parser, token, kind);
        } else if (kind == ValueKind.JSON || token == JsonToken.START_OBJECT
                || token == JsonToken.START_ARRAY && !kind.isArray()) {
            checkJson(parser);
        } else if (token == JsonToken.START_ARRAY) {
            checkArray(parser, kind);
        }
    }

    /** Walks the elements of an array value as {@link #arrayLiteral} reads them. */
    private static void checkArray(JsonParser parser, ValueKind kind) throws IOException {
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (kind == ValueKind.JSON_ARRAY || token == JsonToken.START_OBJECT) {
                checkJson(parser);
            } else if (token == JsonToken.START_ARRAY) {
                checkArray(parser, kind);
            }
        }
    }

    /** Walks the current value as {@link #copyExact} copies it, failing on the same numbers. */
    private static void checkJson(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
            int depth = 1;
            while (depth > 0) {
                token = parser.nextToken();
                if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                    depth++;
                } else if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
                    depth--;
                } else {
                    rejectNaN(parser);
                }
            }
        } else {
            rejectNaN(parser);
        }
    }

    /**
     * Throws for a bare {@code NaN} or infinity, which JSON cannot hold.
     *
     * @throws IllegalArgumentException when the current token is one
     */
    private static void rejectNaN(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        if ((token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) && parser.isNaN()) {
            throw new IllegalArgumentException(parser.getText() + " is not a JSON value, so a json column cannot hold it");
        }
    }

    /**
     * Returns the {@code \x} hex form of a bytea value: base64 (this library's and the Python
     * library's format), Python's {@code str(bytes)} text ({@code b'\x00'}), or {@code \x} hex as is;
     * other text is left for PostgreSQL to read.
     *
     * @throws IllegalArgumentException when Python bytes text is malformed
     */
    private static String bytea(String text) {
        if (text.startsWith("\\x")) {
            return text;
        }
        if (PythonText.isBytes(text)) {
            return PythonText.bytesToHex(text);
        }
        if (!BASE64_TEXT.matcher(text).matches()) {
            // the MIME decoder skips what is not base64, so such text would turn into other bytes
            return text;
        }
        try {
            return "\\x" + HexFormat.of().formatHex(Base64.getMimeDecoder().decode(text));
        } catch (IllegalArgumentException notBase64) {
            return text;
        }
    }

    private static String json(JsonParser parser) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator generator = FACTORY.createGenerator(out)) {
            copyExact(parser, generator);
        }
        return out.toString();
    }

    /**
     * Copies the current value, numbers as their exact text (so {@code 1.10} stays {@code 1.10}).
     *
     * @throws IllegalArgumentException for a bare {@code NaN} or infinity, which JSON cannot hold
     */
    private static void copyExact(JsonParser parser, JsonGenerator generator) throws IOException {
        switch (parser.currentToken()) {
            case START_OBJECT -> {
                generator.writeStartObject();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    generator.writeFieldName(parser.currentName());
                    parser.nextToken();
                    copyExact(parser, generator);
                }
                generator.writeEndObject();
            }
            case START_ARRAY -> {
                generator.writeStartArray();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    copyExact(parser, generator);
                }
                generator.writeEndArray();
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                rejectNaN(parser);
                generator.writeNumber(parser.getText());
            }
            default -> generator.copyCurrentEvent(parser);
        }
    }

    private static void arrayLiteral(JsonParser parser, StringBuilder literal, ValueKind kind) throws IOException {
        literal.append('{');
        boolean first = true;
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (!first) {
                literal.append(',');
            }
            first = false;
            if (token == JsonToken.VALUE_NULL) {
                literal.append("NULL");
            } else if (kind == ValueKind.JSON_ARRAY) {
                // every element of a json[] is a JSON value, arrays included (one dimension)
                quoteElement(json(parser), literal);
            } else if (token == JsonToken.START_ARRAY) {
                arrayLiteral(parser, literal, kind);
            } else {
                element(parser, token, kind, literal);
            }
        }
        literal.append('}');
    }

    private static void element(JsonParser parser, JsonToken token, ValueKind kind, StringBuilder literal) throws IOException {
        switch (token) {
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE -> literal.append(parser.getText());
            case VALUE_STRING -> quoteElement(kind == ValueKind.BYTEA_ARRAY ? bytea(parser.getText()) : parser.getText(), literal);
            default -> quoteElement(json(parser), literal);
        }
    }

    private static void quoteElement(String text, StringBuilder literal) {
        literal.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                literal.append('\\');
            }
            literal.append(c);
        }
        literal.append('"');
    }
}
