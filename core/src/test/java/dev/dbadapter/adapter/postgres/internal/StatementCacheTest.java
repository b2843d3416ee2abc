package dev.dbadapter.adapter.postgres.internal;

import static org.assertj.core.api.Assertions.assertThat;

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
}
