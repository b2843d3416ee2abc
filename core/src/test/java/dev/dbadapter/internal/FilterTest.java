package dev.dbadapter.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The backend-neutral filter model built from a caller's map, without a database. */
class FilterTest {

    @Test
    void eachValueKindBecomesItsConditionInTheMapsOrder() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("slug", "saw");
        map.put("category", null);
        map.put("price", List.of(5, 10));

        assertThat(Filter.of(map).conditions()).containsExactly(
                new Filter.Equals("slug", "saw"),
                new Filter.IsNull("category"),
                new Filter.AnyOf("price", List.of(5, 10)));
    }

    @Test
    void namesAreStoredAsPostgresqlStoresThem() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("Price", 1);
        map.put("\"DisplayName\"", "Ann");
        map.put("\"odd\"\"name\"", 2);

        assertThat(Filter.of(map).conditions()).extracting(Filter.Condition::column)
                .containsExactly("price", "DisplayName", "odd\"name");
    }

    @Test
    void noMapAndAnEmptyMapAreTheEmptyFilter() {
        assertThat(Filter.of(null)).isSameAs(Filter.NONE);
        assertThat(Filter.of(Map.of())).isSameAs(Filter.NONE);
        assertThat(Filter.NONE.isEmpty()).isTrue();
        assertThat(Filter.of(Map.of("a", 1)).isEmpty()).isFalse();
    }

    @Test
    void aCollectionIsCopiedKeepingItsOrderAndItsNulls() {
        List<Object> items = new ArrayList<>(Arrays.asList(3, null, 1));
        Filter filter = Filter.of(Map.of("n", items));
        items.clear();

        assertThat(((Filter.AnyOf) filter.conditions().getFirst()).values()).containsExactly(3, null, 1);
        assertThat(((Filter.AnyOf) Filter.of(Map.of("n", new LinkedHashSet<>(List.of("b", "a")))).conditions()
                .getFirst()).values()).containsExactly("b", "a");
        assertThat(((Filter.AnyOf) Filter.of(Map.of("n", List.of())).conditions().getFirst()).values()).isEmpty();
    }

    @Test
    void badNamesAreRefusedWithTheIdentifierMessage() {
        assertThatThrownBy(() -> Filter.of(Map.of("id) OR (1=1", 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Invalid column name 'id) OR (1=1'");
        assertThatThrownBy(() -> Filter.of(Map.of("", 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("it is empty");
        Map<String, Object> nullKey = new HashMap<>();
        nullKey.put(null, 1);
        assertThatThrownBy(() -> Filter.of(nullKey))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("column name must not be null");
    }
}
