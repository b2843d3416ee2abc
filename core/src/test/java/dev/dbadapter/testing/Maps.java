package dev.dbadapter.testing;

import java.util.LinkedHashMap;
import java.util.Map;

/** Row and filter maps for tests, written inline. */
public final class Maps {
    private Maps() {
    }

    /**
     * Returns a mutable map of {@code keysAndValues} (key, value, key, value, …) in that order; values
     * may be null.
     */
    public static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
