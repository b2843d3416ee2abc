package dev.dbadapter.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** A plain text table with right-aligned columns, for benchmark output. */
final class TextTable {
    private final List<String[]> rows = new ArrayList<>();

    TextTable(String... header) {
        rows.add(header);
    }

    /** Adds a row; cells are shown as given. */
    void add(String... cells) {
        rows.add(cells);
    }

    /** Prints the table with a rule under the header. */
    void print(PrintStream out) {
        int columns = rows.getFirst().length;
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int c = 0; c < columns; c++) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        for (int r = 0; r < rows.size(); r++) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < columns; c++) {
                line.append(c == 0 ? "" : " | ");
                String cell = rows.get(r)[c];
                line.append(c == 0 ? pad(cell, widths[c], false) : pad(cell, widths[c], true));
            }
            out.println(line);
            if (r == 0) {
                StringBuilder rule = new StringBuilder();
                for (int c = 0; c < columns; c++) {
                    rule.append(c == 0 ? "" : "-+-").append("-".repeat(widths[c]));
                }
                out.println(rule);
            }
        }
    }

    private static String pad(String text, int width, boolean right) {
        String space = " ".repeat(width - text.length());
        return right ? space + text : text + space;
    }
}
