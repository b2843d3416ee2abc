package dev.dbadapter.backup.internal;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * A set of primary-key values given as text. Integer keys are kept as primitive longs in an
 * open-addressing table (8 bytes a key), others as strings.
 */
public final class IdSet {
    private static final long EMPTY = Long.MIN_VALUE;
    private long[] slots = newSlots(1024);
    private int longs;
    private boolean hasEmptyMarker;
    private final Set<String> others = new HashSet<>();

    /** Adds {@code id}. */
    public void add(String id) {
        Long number = asLong(id);
        if (number == null) {
            others.add(id);
        } else if (number == EMPTY) {
            hasEmptyMarker = true;
        } else {
            if ((longs + 1) * 2 > slots.length) {
                grow();
            }
            if (insert(slots, number)) {
                longs++;
            }
        }
    }

    /** Returns whether {@code id} was added. */
    public boolean contains(String id) {
        Long number = asLong(id);
        if (number == null) {
            return others.contains(id);
        }
        if (number == EMPTY) {
            return hasEmptyMarker;
        }
        int mask = slots.length - 1;
        for (int i = hash(number) & mask; slots[i] != EMPTY; i = (i + 1) & mask) {
            if (slots[i] == number) {
                return true;
            }
        }
        return false;
    }

    private static Long asLong(String id) {
        int length = id.length();
        if (length == 0 || length > 19) {
            return null;
        }
        for (int i = 0; i < length; i++) {
            char c = id.charAt(i);
            if ((c < '0' || c > '9') && !(i == 0 && c == '-' && length > 1)) {
                return null;
            }
        }
        if (length > 1 && (id.charAt(0) == '0' || id.startsWith("-0"))) {
            return null;
        }
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException tooBig) {
            return null;
        }
    }

    private static boolean insert(long[] table, long value) {
        int mask = table.length - 1;
        int i = hash(value) & mask;
        while (table[i] != EMPTY) {
            if (table[i] == value) {
                return false;
            }
            i = (i + 1) & mask;
        }
        table[i] = value;
        return true;
    }

    private void grow() {
        long[] bigger = newSlots(slots.length * 2);
        for (long value : slots) {
            if (value != EMPTY) {
                insert(bigger, value);
            }
        }
        slots = bigger;
    }

    private static long[] newSlots(int size) {
        long[] table = new long[size];
        Arrays.fill(table, EMPTY);
        return table;
    }

    private static int hash(long value) {
        long h = value * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }
}
