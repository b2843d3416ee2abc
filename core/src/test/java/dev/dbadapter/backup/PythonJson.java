package dev.dbadapter.backup;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Reads a backup file the way the Python library's {@code json.load} does: integers exact, every
 * other number a double, and the bare tokens {@code NaN}, {@code Infinity} and {@code -Infinity}
 * accepted as doubles.
 */
final class PythonJson {
    private static final ObjectMapper PYTHON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private PythonJson() {
    }

    /** Returns the file as Python's {@code json.load} would see it: maps, lists, strings, longs or big integers, doubles. */
    static Map<String, Object> load(Path file) throws IOException {
        try (InputStream in = open(file)) {
            return PYTHON.readValue(in, new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { });
        }
    }

    /**
     * Returns every non-integer number token of the file that a double cannot carry, as
     * {@code path: text}: more than 17 significant digits (a double keeps 17 at most), or a value
     * beyond a double's range. A Python reader would change those values.
     */
    static List<String> numbersADoubleWouldChange(Path file) throws IOException {
        List<String> changed = new ArrayList<>();
        try (InputStream in = open(file); JsonParser parser = PYTHON.createParser(in)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token != JsonToken.VALUE_NUMBER_FLOAT || parser.isNaN()) {
                    continue;
                }
                String text = parser.getText();
                BigDecimal written = new BigDecimal(text);
                double read = Double.parseDouble(text);
                boolean outOfRange = Double.isInfinite(read) || (read == 0 && written.signum() != 0);
                if (written.stripTrailingZeros().precision() > 17 || outOfRange) {
                    changed.add(parser.getParsingContext().pathAsPointer() + ": " + text);
                }
            }
        }
        return changed;
    }

    private static InputStream open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        return file.toString().endsWith(".gz") ? new GZIPInputStream(in) : in;
    }
}
