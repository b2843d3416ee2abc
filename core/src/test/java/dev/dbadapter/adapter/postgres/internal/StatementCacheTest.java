package dev.dbadapter.adapter.postgres.internal;

import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dbadapter.internal.Filter;
import dev.dbadapter.testing.Maps;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The statement cache belongs to one adapter: what one built, another never serves. */
class StatementCacheTest {
    private static final StatementCache.Key KEY = new StatementCache.Key("select", "t", "*", null, "");

    @Test
    void aCacheBuildsOnceAndThenServesWhatItBuilt() {
        StatementCache cache = new StatementCache();
        AtomicInteger builds = new AtomicInteger();

        assertThat(cache.get(KEY, () -> "SELECT " + builds.incrementAndGet())).isEqualTo("SELECT 1");
        assertThat(cache.get(KEY, () -> "SELECT " + builds.incrementAndGet())).isEqualTo("SELECT 1");
        assertThat(builds).hasValue(1);
    }

    @Test
    void twoCachesShareNothing() {
        StatementCache first = new StatementCache();
        StatementCache second = new StatementCache();
        first.get(KEY, () -> "SELECT * FROM \"t\"");

        assertThat(second.get(KEY, () -> "built by the second")).isEqualTo("built by the second");
    }

    @Test
    void pastTheBoundNewShapesAreBuiltButNotKept() {
        StatementCache cache = new StatementCache();
        for (int i = 0; i < StatementCache.MAX_ENTRIES; i++) {
            String sql = "SELECT " + i;
            cache.get(new StatementCache.Key("select", "t" + i, "*", null, ""), () -> sql);
        }
        AtomicInteger builds = new AtomicInteger();
        cache.get(KEY, () -> "SELECT " + builds.incrementAndGet());
        cache.get(KEY, () -> "SELECT " + builds.incrementAndGet());

        assertThat(builds).hasValue(2);
    }

    private static Map<String, Object> filters(Object... keysAndValues) {
        return Maps.ordered(keysAndValues);
    }

    @Test
    void aCachedFilterClauseGivesWhatRenderingTheFilterGives() {
        StatementCache cache = new StatementCache();
        List<Map<String, Object>> maps = List.of(
                filters("id", 7),
                filters("id", 8),
                filters("id", null),
                filters("id", List.of(1, 2)),
                filters("id", Arrays.asList(3, null), "Name", "x", "\"Mixed Case\"", null),
                filters("id", Set.of(), "Name", "y", "\"Mixed Case\"", "z"),
                filters("name", "x", "id", 1),
                filters());
        for (int round = 0; round < 2; round++) {
            for (Map<String, Object> map : maps) {
                assertThat(cache.where(map)).as("%s, round %d", map, round).isEqualTo(FilterSql.where(Filter.of(map)));
            }
        }
        assertThat(cache.where(null)).isEqualTo(FilterSql.where(Filter.NONE));
    }

    @Test
    void aFilterNameRefusedOnceIsRefusedAgain() {
        StatementCache cache = new StatementCache();
        for (int round = 0; round < 2; round++) {
            assertThatThrownBy(() -> cache.where(filters("ok", 1, "bad name", 2)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad name");
        }
    }
}
