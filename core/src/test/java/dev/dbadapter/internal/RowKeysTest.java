package dev.dbadapter.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dbadapter.testing.Maps;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RowKeysTest {
    private static Map<String, Object> row(Object... keysAndValues) {
        return Maps.ordered(keysAndValues);
    }

    @Test
    void underscoreKeysAreDroppedAndTheRestKeptInOrderAsGiven() {
        assertThat(RowKeys.insertable(row("Name", 1, "_meta", 2, "slug", 3, "_", 4))).containsExactly("Name", "slug");
        assertThat(RowKeys.insertable(row("_only", 1))).isEmpty();
        assertThat(RowKeys.insertable(row("a_b", 1))).containsExactly("a_b");
    }

    @Test
    void nullDataOrANullKeyOrABadNameIsRefused() {
        assertThatThrownBy(() -> RowKeys.insertable(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Row data must not be null");
        Map<String, Object> nullKey = new HashMap<>();
        nullKey.put(null, 1);
        assertThatThrownBy(() -> RowKeys.insertable(nullKey)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Column name must not be null");
        assertThatThrownBy(() -> RowKeys.insertable(row("ok", 1, "a;drop", 2))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rowsWithTheSameKeysInAnyOrderShareTheFirstRowsOrder() {
        assertThat(RowKeys.common("t", List.of(row("a", 1, "b", 2), row("b", 3, "a", 4, "_x", 5))))
                .containsExactly("a", "b");
        assertThat(RowKeys.common("t", List.of(row("a", 1)))).containsExactly("a");
    }

    @Test
    void rowsWithOtherKeysOrNoColumnAreRefusedNamingTheTable() {
        assertThatThrownBy(() -> RowKeys.common("items", List.of(row("a", 1, "b", 2), row("a", 1, "c", 2))))
                .hasMessage("Every row inserted into items must have the same columns: expected [a, b] but got [a, c]");
        assertThatThrownBy(() -> RowKeys.common("items", List.of(row("a", 1, "b", 2), row("a", 1))))
                .hasMessage("Every row inserted into items must have the same columns: expected [a, b] but got [a]");
        assertThatThrownBy(() -> RowKeys.common("items", List.of(row("a", 1), row("a", 1, "b", 2))))
                .hasMessage("Every row inserted into items must have the same columns: expected [a] but got [a, b]");
        assertThatThrownBy(() -> RowKeys.common("items", List.of(row("_x", 1))))
                .hasMessage("Nothing to insert into items: no column given");
    }

    @Test
    void laterRowsAreCheckedAsTheFirstIsWhateverTheirKeySet() {
        assertThat(RowKeys.common("t", List.of(row("a", 1, "_x", 2), row("_x", 3, "a", 4), row("a", 5))))
                .containsExactly("a");
        java.util.List<java.util.Map<String, Object>> withNull = new java.util.ArrayList<>();
        withNull.add(row("a", 1));
        withNull.add(null);
        assertThatThrownBy(() -> RowKeys.common("t", withNull)).hasMessage("Row data must not be null");
        assertThatThrownBy(() -> RowKeys.common("t", List.of(row("a", 1, "b", 2), row("a", 1, "b;x", 2))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("b;x");
        java.util.Map<String, Object> nullKey = new java.util.HashMap<>();
        nullKey.put("a", 1);
        nullKey.put(null, 2);
        assertThatThrownBy(() -> RowKeys.common("t", List.of(row("a", 1, "b", 2), nullKey)))
                .hasMessage("Column name must not be null");
    }

    @Test
    void valuesComeInTheFirstRowsKeyOrderAndNoKeyIsSilentlyDropped() {
        RowKeys.Values values = RowKeys.values("t", List.of(row("a", 1, "b", null), row("b", 2, "a", null),
                row("_m", 0, "a", 3, "b", 4)));

        assertThat(values.keys()).containsExactly("a", "b");
        assertThat(values.rows()).containsExactly(new Object[] {1, null}, new Object[] {null, 2}, new Object[] {3, 4});
        // as many keys as the first row, but one of them in place of its metadata key
        assertThatThrownBy(() -> RowKeys.values("t", List.of(row("a", 1, "_m", 2), row("a", 1, "x", 2))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected [a] but got [a, x]");
        // a key with a null value in place of another key
        assertThatThrownBy(() -> RowKeys.values("t", List.of(row("a", 1, "b", 2), row("a", 1, "c", null))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected [a, b] but got [a, c]");
    }
}
