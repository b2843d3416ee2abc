package dev.dbadapter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BackupProgressBarsTest {

    @Test
    void largeTablesGetOneBarEachAndSmallOnesNone() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (BackupSupport.Bars bars = new BackupSupport.Bars(new PrintStream(bytes, true, StandardCharsets.UTF_8), "Restoring")) {
            bars.update("categories", 1_000, 1_000);
            bars.update("products", 10_000, 20_000);
            bars.update("products", 20_000, 20_000);
            bars.update("categories", 1_000, 1_000);
            bars.update("products", 20_000, 20_000);
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("Restoring products").doesNotContain("categories").contains("20000/20000");
    }

    @Test
    void withoutATerminalNothingIsPrinted() {
        BackupSupport.Bars bars = new BackupSupport.Bars(null, "Backing up");
        bars.update("products", 50_000, 100_000);
        bars.close();
    }
}
