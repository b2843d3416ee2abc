package dev.dbadapter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutputTest {
    @Test
    void rendersABoxDrawnTableWithNumbersRightAligned() {
        String table = Output.renderTable("Tables", List.of("Table", "Rows"),
                List.of(List.of("categories", "2"), List.of("products", "1,234")), false);
        assertThat(table).isEqualTo("""
                        Tables
                ┏━━━━━━━━━━━━┳━━━━━━━┓
                ┃ Table      ┃ Rows  ┃
                ┡━━━━━━━━━━━━╇━━━━━━━┩
                │ categories │     2 │
                │ products   │ 1,234 │
                └────────────┴───────┘
                """);
    }

    @Test
    void emptyTableStillHasItsHeader() {
        String table = Output.renderTable(null, List.of("A", "B"), List.of(), false);
        assertThat(table).isEqualTo("""
                ┏━━━┳━━━┓
                ┃ A ┃ B ┃
                ┡━━━╇━━━┩
                └───┴───┘
                """);
    }

    @Test
    void colourOnlyWhenEnabled() {
        StringWriter plain = new StringWriter();
        new Output(new PrintWriter(plain, true), new PrintWriter(new StringWriter()), false, false).success("done");
        assertThat(plain.toString()).isEqualTo("✓ done" + System.lineSeparator());
        StringWriter coloured = new StringWriter();
        new Output(new PrintWriter(coloured, true), new PrintWriter(new StringWriter()), true, false).failure("broken");
        assertThat(coloured.toString()).contains("\u001b[31m✗\u001b[0m broken");
    }

    @Test
    void jsonModePrintsOnlyTheDocument() {
        StringWriter out = new StringWriter();
        Output output = new Output(new PrintWriter(out, true), new PrintWriter(new StringWriter()), false, true);
        output.line("not shown");
        output.success("not shown");
        output.table("t", List.of("a"), List.of(List.of("1")));
        output.print(Map.of("ok", true));
        assertThat(out.toString()).doesNotContain("not shown").contains("\"ok\" : true");
    }

    @Test
    void errorsAreOneLinePlusHintOnStderr() {
        StringWriter err = new StringWriter();
        new Output(new PrintWriter(new StringWriter()), new PrintWriter(err, true), false, false)
                .error("PROFILE_NOT_FOUND", "Profile 'x' not found", "pick another");
        assertThat(err.toString().lines()).containsExactly("Error: Profile 'x' not found", "Hint: pick another");
    }
}
