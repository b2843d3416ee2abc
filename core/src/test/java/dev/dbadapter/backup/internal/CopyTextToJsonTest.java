package dev.dbadapter.backup.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The byte path of {@link CopyTextToJson} ({@code append}) against its generator path ({@code write},
 * the conversion as it was written first): the same bytes for every row, and the same failure where
 * the generator path fails.
 */
class CopyTextToJsonTest {
    private static final String[] TYPES = {"int4", "float8", "numeric", "bool", "timestamp", "timestamptz", "bytea",
        "jsonb", "text", "_text", "_int4", "_bool", "_timestamptz", "_bytea", "_float8", "_jsonb", "varchar"};
    private static final String[] NAMES = {"id", "price", "amount", "active", "at", "at_tz", "data", "attrs", "name",
        "tags", "numbers", "flags", "times", "blobs", "floats", "documents", "quoted \"name\"\n"};
    private static final String[] PIECES = {"a", "b", " ", ",", "{", "}", "\"", "\\", "\n", "\t", "\r", "\b", "\f",
        "\u000b", "\u0001", "\u001f", "\u007f", "é", "€", "𝄞", "NULL", "null", "t", "x", "=", "[1:2]", "0", "9"};

    private final CopyTextToJson converter = new CopyTextToJson(NAMES, TYPES);
    private final Random random = new Random(12);

    @Test
    void typicalRowsGiveTheSameBytesAsTheGenerator() throws IOException {
        assertSameOutput(row("42", "1e+20", "12.50", "t", "2026-11-24 12:00:00", "2026-11-24 12:00:00+01",
                "\\\\x0102ff", "{\"a\": [1, \"x\\\\ty\"]}", "Caf\u00e9 \"Ü\" \t tab", "{a,\"b c\",NULL,\"q\\\\\"x\"}",
                "{{1,2},{3,NULL}}", "{t,f}", "{\"2026-01-01 00:00:00+05:30\",\"2026-01-01 00:00:00-02\"}",
                "{\"\\\\\\\\x00ff\",NULL}", "{NaN,Infinity,-Infinity,1.5}", "{\"{\\\\\"k\\\\\": 1}\"}", "\\N"));
        assertSameOutput(row("-7", "NaN", "\\N", "f", "infinity", "-infinity", "plain", "null", "", "{}", "[0:1]={5,6}",
                "{}", "{}", "{}", "{}", "{}", ""));
        assertSameOutput(row("0", "-Infinity", "0", "true", "0001-01-01 00:00:00 BC", "2026-01-01 00:00:00+00 BC",
                "\\\\x", "[]", "\\\\N", "{\"\"}", "{}", "{NULL}", "{infinity}", "{}", "{0}", "{}", "x"));
        assertThat(converter.generatorRows()).isZero();
    }

    @Test
    void randomRowsGiveTheSameBytesAsTheGenerator() throws IOException {
        for (int i = 0; i < 20_000; i++) {
            String[] fields = new String[TYPES.length];
            for (int column = 0; column < fields.length; column++) {
                fields[column] = random.nextInt(8) == 0 ? "\\N" : copyEscaped(randomText(column));
            }
            assertSameOutput(row(fields));
        }
        assertThat(converter.generatorRows()).as("rows the byte path left").isLessThan(20_000 / 2);
    }

    @Test
    void textThatIsNotUtf8GivesTheSameBytesAsTheGenerator() throws IOException {
        byte[][] bad = {{(byte) 0xff}, {(byte) 0xc3}, {(byte) 0xc0, (byte) 0x80}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
            {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xe2, (byte) 0x82}, {'a', (byte) 0x80, 'b'}};
        for (byte[] text : bad) {
            for (int column = 0; column < TYPES.length; column++) {
                ByteArrayOutputStream row = new ByteArrayOutputStream();
                for (int other = 0; other < TYPES.length; other++) {
                    if (other > 0) {
                        row.write('\t');
                    }
                    row.writeBytes(other == column ? text : "\\N".getBytes(StandardCharsets.US_ASCII));
                }
                row.write('\n');
                assertSameOutput(row.toByteArray());
            }
        }
        assertThat(converter.generatorRows()).isEqualTo((long) bad.length * TYPES.length);
    }

    @Test
    void malformedArraysAndShortRowsFailOrPassAsWithTheGenerator() throws IOException {
        String[] literals = {"{a", "{\"a", "{\"a\\\\", "{{1}x{2}}", "{\"a\"x,\"b\"}", "[1:2]", "[1:2]=", "{", "x{a}",
            "{a}trailing", "{{}", "{,}"};
        for (String literal : literals) {
            String[] fields = new String[TYPES.length];
            java.util.Arrays.fill(fields, "\\N");
            fields[9] = literal;
            assertSameOutput(row(fields));
        }
        assertSameOutput("1\t2".getBytes(StandardCharsets.UTF_8));
        assertSameOutput(new byte[0]);
    }

    @Test
    void rowsAreSeparatedByCommasAndPassedOnInOrder() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CopyTextToJson twoColumns = new CopyTextToJson(new String[] {"id", "name"}, new String[] {"int4", "text"});
        twoColumns.start(out);
        for (int i = 0; i < 10_000; i++) {
            byte[] row = (i + "\tname " + i + "\n").getBytes(StandardCharsets.UTF_8);
            twoColumns.append(row, row.length);
        }
        twoColumns.flush();
        String json = out.toString(StandardCharsets.UTF_8);
        assertThat(json).startsWith("{\"id\":0,\"name\":\"name 0\"},{\"id\":1,");
        assertThat(json).endsWith(",{\"id\":9999,\"name\":\"name 9999\"}");
        assertThat(json.split("\\},\\{")).hasSize(10_000);
    }

    private String randomText(int column) {
        String type = TYPES[column];
        if (type.startsWith("_") && random.nextInt(20) > 0) {
            return randomArray(2);
        }
        // mostly what the byte path covers: ASCII timestamps, valid hex; now and then what it leaves
        boolean wild = random.nextInt(20) == 0;
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(14);
        for (int i = 0; i < length; i++) {
            String piece = PIECES[random.nextInt(PIECES.length)];
            text.append(!wild && type.contains("timestamp") && piece.charAt(0) > 0x7f ? "_" : piece);
        }
        if (type.startsWith("timestamp") && random.nextBoolean()) {
            return "2026-02-03 04:05:06" + (random.nextBoolean() ? "+0" + random.nextInt(10) : "-03:30") + text;
        }
        if (type.equals("bytea") && random.nextBoolean()) {
            return "\\x" + "0a1B".repeat(random.nextInt(4)) + (wild ? "g" : "");
        }
        return text.toString();
    }

    private String randomArray(int depth) {
        List<String> elements = new ArrayList<>();
        int count = random.nextInt(4);
        for (int i = 0; i < count; i++) {
            int choice = random.nextInt(depth > 0 ? 5 : 4);
            elements.add(switch (choice) {
                case 0 -> "NULL";
                case 1 -> List.of("a", "1", "t", "2026-01-01 00:00:00+01", "1e-05", "x y").get(random.nextInt(6));
                case 2, 3 -> "\"" + randomText(8).replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
                default -> randomArray(depth - 1);
            });
        }
        return "{" + String.join(",", elements) + "}";
    }

    /** A value as COPY's text format writes it. */
    private String copyEscaped(String text) {
        StringBuilder escaped = new StringBuilder();
        for (char c : text.toCharArray()) {
            escaped.append(switch (c) {
                case '\\' -> "\\\\";
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\t' -> "\\t";
                case '\b' -> random.nextBoolean() ? "\\b" : "\b";
                case '\f' -> random.nextBoolean() ? "\\f" : "\f";
                case '\u000b' -> random.nextBoolean() ? "\\v" : "\u000b";
                default -> String.valueOf(c);
            });
        }
        return escaped.toString();
    }

    private static byte[] row(String... fields) {
        return (String.join("\t", fields) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private void assertSameOutput(byte[] row) throws IOException {
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        Class<?> expectedFailure = null;
        try (JsonGenerator json = new JsonFactory().createGenerator(expected)) {
            converter.write(row, row.length, json);
        } catch (RuntimeException e) {
            expectedFailure = e.getClass();
        }
        ByteArrayOutputStream actual = new ByteArrayOutputStream();
        converter.start(actual);
        Class<?> actualFailure = null;
        try {
            converter.append(row, row.length);
            converter.flush();
        } catch (RuntimeException e) {
            actualFailure = e.getClass();
        }
        String shown = new String(row, StandardCharsets.UTF_8);
        assertThat(actualFailure).as("failure for %s", shown).isEqualTo(expectedFailure);
        if (expectedFailure == null) {
            assertThat(actual.toByteArray()).as("JSON of %s", shown).isEqualTo(expected.toByteArray());
        }
    }
}
