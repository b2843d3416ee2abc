package dev.dbadapter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Box-drawn tables stay aligned whatever the cells hold. */
class OutputWidthTest {
    @Test
    void wideCharactersTakeTwoColumnsSoBordersStayAligned() {
        String table = Output.renderTable(null, List.of("Name"), List.of(List.of("東京"), List.of("abcd")), false);
        assertThat(table).isEqualTo("""
                ┏━━━━━━┓
                ┃ Name ┃
                ┡━━━━━━┩
                │ 東京 │
                │ abcd │
                └──────┘
                """);
    }

    @Test
    void combiningMarksTakeNoColumn() {
        String table = Output.renderTable(null, List.of("Name"), List.of(List.of("e\u0301x"), List.of("Zoë")), false);
        assertThat(table).isEqualTo("""
                ┏━━━━━━┓
                ┃ Name ┃
                ┡━━━━━━┩
                │ e\u0301x   │
                │ Zoë  │
                └──────┘
                """);
    }

    @Test
    void emojiTakeTwoColumnsAndTitlesAreCentredByWidth() {
        String table = Output.renderTable("数据", List.of("A", "B"), List.of(List.of("🚀", "x")), false);
        assertThat(table).isEqualTo("""
                   数据
                ┏━━━━┳━━━┓
                ┃ A  ┃ B ┃
                ┡━━━━╇━━━┩
                │ 🚀 │ x │
                └────┴───┘
                """);
    }

    @Test
    void profilesWithUnicodeDescriptionsRenderEveryRowAtTheSameWidth() {
        String table = Output.renderTable("Profiles", List.of("", "Profile", "Description"), List.of(
                List.of("*", "tokyo", "東京の本番データベース"), List.of("", "paris", "Données de prod"),
                List.of("", "plain", "x")), false);
        List<Integer> widths = table.lines().skip(1).map(Output::width).distinct().toList();
        assertThat(widths).hasSize(1);
        assertThat(table.lines().filter(l -> l.contains("paris")).findFirst().orElseThrow())
                .isEqualTo("│   │ paris   │ Données de prod        │");
    }
}
