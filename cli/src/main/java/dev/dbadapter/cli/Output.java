package dev.dbadapter.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.EnumFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How commands print: box-drawn tables, ✓ / ✗ lines (coloured only on a terminal), warnings and
 * errors on stderr, and JSON documents in {@code --json} mode.
 *
 * <p>Every JSON document goes through one mapper: the library's result records as they are, or a
 * small record per command where a document combines several. Dates are ISO text, paths their plain
 * text, enums their lower-case names (as the command line spells them).
 */
final class Output {
    private static final String GREEN = "\u001b[32m";
    private static final String RED = "\u001b[31m";
    private static final String YELLOW = "\u001b[33m";
    private static final String BOLD = "\u001b[1m";
    private static final String RESET = "\u001b[0m";

    /** The mapper, built on first use: a run without JSON output does not load its serializers. */
    private static final class Mapper {
        static final ObjectMapper JSON = JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .addModule(new SimpleModule("paths").addSerializer(Path.class, ToStringSerializer.instance))
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(EnumFeature.WRITE_ENUMS_TO_LOWERCASE)
                .enable(SerializationFeature.INDENT_OUTPUT)
                .build();
    }

    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean colour;
    private final boolean json;
    private final boolean quiet;
    private final JsonEnvelope envelope;

    Output(PrintWriter out, PrintWriter err, boolean colour, boolean json) {
        this(out, err, colour, json, false, null);
    }

    /**
     * With {@code quiet} ({@code --quiet}), only errors, failures, tables and JSON documents are printed.
     * With {@code json}, results, warnings and errors go into {@code envelope}, which the root command
     * prints once when the run ends; without an envelope, {@link #print} writes its document at once.
     */
    Output(PrintWriter out, PrintWriter err, boolean colour, boolean json, boolean quiet, JsonEnvelope envelope) {
        this.out = out;
        this.err = err;
        this.colour = colour;
        this.json = json;
        this.quiet = quiet;
        this.envelope = json ? envelope : null;
    }

    /** Returns whether {@code --quiet} was given: no progress, notes, success lines or warnings. */
    boolean quiet() {
        return quiet;
    }

    /** Returns whether {@code --json} was given: commands then print one JSON document only. */
    boolean json() {
        return json;
    }

    /** Returns the standard output writer. */
    PrintWriter out() {
        return out;
    }

    /** Prints a plain line (nothing in JSON or quiet mode). */
    void line(String text) {
        if (!json && !quiet) {
            out.println(text);
        }
    }

    /** Prints {@code ✓ text} in green (nothing in JSON or quiet mode). */
    void success(String text) {
        line(paint(GREEN, "✓") + " " + text);
    }

    /** Prints {@code ✗ text} in red (nothing in JSON mode; quiet mode keeps it). */
    void failure(String text) {
        if (!json) {
            out.println(paint(RED, "✗") + " " + text);
        }
    }

    /** Prints a warning line to stderr (nothing in quiet mode); in JSON mode it is listed in the envelope too. */
    void warning(String text) {
        if (envelope != null) {
            envelope.warning(text);
        }
        if (!quiet) {
            err.println(paint(YELLOW, "Warning:") + " " + text);
        }
    }

    /**
     * Lists warnings that a command's text output prints with its result (a restore's, a fix's) in the
     * JSON envelope; nothing outside JSON mode, where the command prints them itself.
     */
    void resultWarnings(List<String> texts) {
        if (envelope != null) {
            texts.forEach(envelope::warning);
        }
    }

    /**
     * Records why a command that tells its own failure failed (the text output has printed it already):
     * in JSON mode, the envelope's error; nothing otherwise.
     */
    void failed(JsonEnvelope.Error error) {
        if (envelope != null) {
            envelope.error(error);
        }
    }

    /** Prints a note about what a command chose to stderr, so it never mixes with results (nothing in quiet mode). */
    void note(String text) {
        if (!quiet) {
            err.println(text);
        }
    }

    /**
     * Prints an error (and a hint) as one line each to stderr; in JSON mode it becomes the envelope's
     * error, under {@code code} (an {@code ErrorCode} name).
     */
    void error(String code, String message, String hint) {
        if (json) {
            JsonEnvelope.Error error = new JsonEnvelope.Error(code, message, hint, null);
            if (envelope != null) {
                envelope.error(error);
            } else {
                write(out, error);
            }
            return;
        }
        err.println(paint(RED, "Error:") + " " + message);
        if (hint != null) {
            err.println("Hint: " + hint);
        }
    }

    /**
     * Gives {@code value}, a record, as the command's JSON result: into the envelope, or without one
     * printed at once as an indented JSON document.
     */
    void print(Object value) {
        if (envelope != null) {
            envelope.result(value);
        } else {
            write(out, value);
        }
    }

    /** Writes {@code value} to {@code writer} as one indented JSON document. */
    static void write(PrintWriter writer, Object value) {
        try {
            writer.println(Mapper.JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write JSON output: " + e.getOriginalMessage(), e);
        }
    }

    /** Prints a box-drawn table with a title (nothing in JSON mode). */
    void table(String title, List<String> headers, List<List<String>> rows) {
        if (json) {
            return;
        }
        out.print(Output.renderTable(title, headers, rows, colour));
    }

    /** Renders a box-drawn table; numbers in a column are right-aligned. */
    static String renderTable(String title, List<String> headers, List<List<String>> rows, boolean colour) {
        int columns = headers.size();
        int[] widths = new int[columns];
        boolean[] numeric = new boolean[columns];
        for (int c = 0; c < columns; c++) {
            widths[c] = width(headers.get(c));
            numeric[c] = !rows.isEmpty();
        }
        for (List<String> row : rows) {
            for (int c = 0; c < columns; c++) {
                String cell = c < row.size() && row.get(c) != null ? row.get(c) : "";
                widths[c] = Math.max(widths[c], width(cell));
                numeric[c] &= cell.matches("-?[0-9][0-9,.]*");
            }
        }
        StringBuilder text = new StringBuilder();
        int inner = 0;
        for (int width : widths) {
            inner += width + 3;
        }
        inner -= 1;
        if (title != null) {
            String heading = width(title) > inner ? title : center(title, inner);
            text.append(colour ? BOLD + heading.strip() + RESET : heading.stripTrailing()).append('\n');
        }
        text.append(border('┏', '┳', '┓', '━', widths));
        text.append(cells(headers, widths, new boolean[columns], '┃'));
        text.append(border('┡', '╇', '┩', '━', widths));
        for (List<String> row : rows) {
            text.append(cells(row, widths, numeric, '│'));
        }
        text.append(border('└', '┴', '┘', '─', widths));
        return text.toString();
    }

    private static String border(char left, char middle, char right, char fill, int[] widths) {
        StringBuilder line = new StringBuilder().append(left);
        for (int c = 0; c < widths.length; c++) {
            line.append(String.valueOf(fill).repeat(widths[c] + 2)).append(c + 1 < widths.length ? middle : right);
        }
        return line.append('\n').toString();
    }

    private static String cells(List<String> row, int[] widths, boolean[] rightAligned, char bar) {
        List<String> padded = new ArrayList<>();
        for (int c = 0; c < widths.length; c++) {
            String cell = c < row.size() && row.get(c) != null ? row.get(c) : "";
            String fill = " ".repeat(widths[c] - width(cell));
            padded.add(" " + (rightAligned[c] ? fill + cell : cell + fill) + " ");
        }
        return bar + String.join(String.valueOf(bar), padded) + bar + "\n";
    }

    private static String center(String text, int width) {
        int left = Math.max(0, (width + 2 - width(text)) / 2);
        return " ".repeat(left) + text;
    }

    /**
     * Returns how many terminal columns {@code text} takes: combining marks and zero-width
     * characters none, East Asian wide characters and emoji two, everything else one.
     */
    static int width(String text) {
        return text.codePoints().map(Output::width).sum();
    }

    private static int width(int codePoint) {
        int type = Character.getType(codePoint);
        if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || type == Character.FORMAT
                || (codePoint >= 0xFE00 && codePoint <= 0xFE0F)) {
            return 0;
        }
        boolean wide = codePoint >= 0x1100 && codePoint <= 0x115F
                || codePoint >= 0x2E80 && codePoint <= 0xA4CF && codePoint != 0x303F
                || codePoint >= 0xAC00 && codePoint <= 0xD7A3
                || codePoint >= 0xF900 && codePoint <= 0xFAFF
                || codePoint >= 0xFE30 && codePoint <= 0xFE4F
                || codePoint >= 0xFF00 && codePoint <= 0xFF60
                || codePoint >= 0xFFE0 && codePoint <= 0xFFE6
                || codePoint >= 0x1F300 && codePoint <= 0x1F6FF
                || codePoint >= 0x1F900 && codePoint <= 0x1FAFF
                || codePoint >= 0x20000 && codePoint <= 0x3FFFD;
        return wide ? 2 : 1;
    }

    private String paint(String code, String text) {
        return colour ? code + text + RESET : text;
    }
}
