package dev.dbadapter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressBarsTest {

    @Test
    void largeTablesGetOneBarEachAndSmallOnesNone() {
        StringWriter written = new StringWriter();
        try (ProgressBars bars = new ProgressBars(new PrintWriter(written), "Restoring")) {
            bars.update("categories", 1_000, 1_000);
            bars.update("products", 10_000, 20_000);
            bars.update("products", 20_000, 20_000);
            bars.update("categories", 1_000, 1_000);
            bars.update("products", 20_000, 20_000);
        }
        String text = written.toString();
        assertThat(text).contains("Restoring products").doesNotContain("categories").contains("20000/20000");
    }

    @Test
    void aBarStartsWhenItsTableStartsAndShowsItsTotalRateAndEta() throws Exception {
        StringWriter written = new StringWriter();
        try (ProgressBars bars = new ProgressBars(new PrintWriter(written), "Backing up")) {
            bars.update("products", 0, 20_000);
            Thread.sleep(1_100);
            bars.update("products", 10_000, 20_000);
            Thread.sleep(1_100);
            bars.update("products", 20_000, 20_000);
        }
        String last = written.toString().substring(written.toString().lastIndexOf('\r') + 1);
        assertThat(last).contains("20000/20000").doesNotContain("?/s").containsPattern("\\(0:00:0[2-9] / 0:00:00\\)");
    }

    @Test
    void aLateBarForAnUnknownTotalCountsTheTimeBeforeIt() throws Exception {
        StringWriter written = new StringWriter();
        try (ProgressBars bars = new ProgressBars(new PrintWriter(written), "Backing up")) {
            bars.update("products", 0, -1);
            Thread.sleep(1_100);
            bars.update("products", 10_000, -1);
        }
        assertThat(written.toString()).contains("Backing up products").containsPattern("0:00:01");
    }

    @Test
    void withoutATerminalNothingIsPrinted() {
        // with no writer, not even the process's own streams (the progress library's default) get a bar
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = System.out;
        PrintStream err = System.err;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try (ProgressBars bars = new ProgressBars(null, "Backing up")) {
            bars.update("products", 0, 100_000);
            bars.update("products", 50_000, 100_000);
            bars.update("products", 100_000, 100_000);
            bars.update("notes", 20_000, -1);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        assertThat(printed.toString(StandardCharsets.UTF_8)).isEmpty();
    }
}
