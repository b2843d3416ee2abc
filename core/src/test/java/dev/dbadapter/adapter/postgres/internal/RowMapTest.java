package dev.dbadapter.adapter.postgres.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A row of a result behaves as the LinkedHashMap it stands for, before and after its keys change. */
class RowMapTest {
    private static RowMap row(String[] labels, Object... columnValues) {
        RowMap.Columns columns = new RowMap.Columns(labels);
        Object[] values = new Object[columns.size()];
        for (int i = 0; i < labels.length; i++) {
            values[columns.slot(i)] = columnValues[i];
        }
        return new RowMap(columns, values);
    }

    private static LinkedHashMap<String, Object> expected(String[] labels, Object... columnValues) {
        LinkedHashMap<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < labels.length; i++) {
            map.put(labels[i], columnValues[i]);
        }
        return map;
    }

    private static void assertSame(Map<String, Object> actual, Map<String, Object> expected) {
        assertThat(actual).isEqualTo(expected);
        assertThat(expected).isEqualTo(actual);
        assertThat(actual.hashCode()).isEqualTo(expected.hashCode());
        assertThat(actual.toString()).isEqualTo(expected.toString());
        assertThat(List.copyOf(actual.keySet())).isEqualTo(List.copyOf(expected.keySet()));
        assertThat(Arrays.asList(actual.values().toArray())).isEqualTo(Arrays.asList(expected.values().toArray()));
        assertThat(actual.size()).isEqualTo(expected.size());
        expected.forEach((key, value) -> {
            assertThat(actual.containsKey(key)).isTrue();
            assertThat(actual.get(key)).isEqualTo(value);
        });
        assertThat(actual.containsKey("no such column")).isFalse();
        assertThat(actual.get("no such column")).isNull();
        assertThat(actual.get(42)).isNull();
    }

    @Test
    void readsAsALinkedHashMapWithNullsAndColumnOrder() {
        String[] labels = {"id", "slug", "price", "note"};
        assertSame(row(labels, 1, "saw", null, "sharp"), expected(labels, 1, "saw", null, "sharp"));
    }

    @Test
    void aLabelGivenTwiceKeepsItsFirstPlaceAndLastValue() {
        String[] labels = {"id", "name", "id"};
        RowMap row = row(labels, 1, "a", 2);

        assertSame(row, expected(labels, 1, "a", 2));
        assertThat(row).containsExactly(Map.entry("id", 2), Map.entry("name", "a"));
    }

    @Test
    void manyColumnsAreFoundThroughTheirIndex() {
        String[] labels = IntStream.range(0, 40).mapToObj(i -> "c" + i).toArray(String[]::new);
        Object[] values = IntStream.range(0, 40).mapToObj(i -> i % 3 == 0 ? null : (Object) (i * 10)).toArray();
        assertSame(row(labels, values), expected(labels, values));
    }

    @Test
    void changesToValuesAndKeysBehaveAsOnAMap() {
        String[] labels = {"id", "slug", "price"};
        RowMap row = row(labels, 1, "saw", 25);
        LinkedHashMap<String, Object> map = expected(labels, 1, "saw", 25);

        assertThat(row.put("price", 30)).isEqualTo(map.put("price", 30));
        assertSame(row, map);
        row.entrySet().iterator().next().setValue(7);
        map.entrySet().iterator().next().setValue(7);
        assertSame(row, map);
        assertThat(row.put("extra", "x")).isEqualTo(map.put("extra", "x"));
        assertSame(row, map);
        assertThat(row.remove("slug")).isEqualTo(map.remove("slug"));
        assertThat(row.remove("gone")).isEqualTo(map.remove("gone"));
        assertSame(row, map);
        row.clear();
        map.clear();
        assertSame(row, map);
        assertThat(row).isEmpty();
    }

    @Test
    void removingWhileIteratingWorksAsOnAMap() {
        String[] labels = {"a", "b", "c", "d"};
        RowMap row = row(labels, 1, 2, 3, 4);
        Iterator<Map.Entry<String, Object>> entries = row.entrySet().iterator();
        assertThatThrownBy(entries::remove).isInstanceOf(IllegalStateException.class);
        while (entries.hasNext()) {
            Map.Entry<String, Object> entry = entries.next();
            if (entry.getKey().equals("b") || entry.getKey().equals("d")) {
                entries.remove();
            } else {
                entry.setValue((Integer) entry.getValue() * 10);
            }
        }

        assertSame(row, expected(new String[] {"a", "c"}, 10, 30));
        row.keySet().removeIf(key -> key.equals("a"));
        row.values().removeIf(value -> value == null);
        assertSame(row, expected(new String[] {"c"}, 30));
    }

    @Test
    void serializesAsALinkedHashMap() throws Exception {
        String[] labels = {"id", "slug"};
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(row(labels, 1, "saw"));
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            Object read = in.readObject();
            assertThat(read).isInstanceOf(LinkedHashMap.class).isEqualTo(expected(labels, 1, "saw"));
        }
    }
}
